import json
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator

from articles.admin import ArticleAdmin
from articles.models import Article
from comments import moderation
from comments.admin_bans import CommentBansAndEdits
from comments.desk import actions, notice
from comments.desk import views as desk
from comments.models import Comment
from comments.privacy import erase_personal_data, export_personal_data

ROW_ACTIONS = {
    "approve": ("Approve", Comment.approve),
    "spam": ("Spam", Comment.mark_spam),
    "remove": ("Remove", Comment.remove),
    "restore": ("Restore", Comment.restore),
}
# Which one-click buttons a comment of each status offers.
BUTTONS_FOR_STATUS = {
    Comment.Status.PENDING: ["approve", "spam", "remove"],
    Comment.Status.APPROVED: ["spam", "remove"],
    Comment.Status.SPAM: ["approve", "remove"],
    Comment.Status.REMOVED: ["restore"],
    Comment.Status.UNCONFIRMED: ["spam", "remove"],  # not approved before its author confirms
}


class ReplyForm(forms.Form):
    body = forms.CharField(label="Your reply", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)


@admin.register(Comment)
class CommentAdmin(CommentBansAndEdits, admin.ModelAdmin):
    list_display = ["excerpt", "article_link", "author_name", "author_email", "status", "created_at",
                    "ip_address", "row_buttons"]
    list_filter = ["status", "article__section", "created_at"]
    search_fields = ["author_name", "author_email", "body", "ip_address"]
    list_select_related = ["article"]
    list_per_page = 50
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    date_hierarchy = "created_at"
    actions = ["approve_selected", "spam_selected", "remove_selected", "restore_selected",
               "ban_selected", "export_selected", "erase_selected"]
    fields = ["article", "parent", "author_name", "author_email", "author_url", "body", "status",
              "reasons", "created_at", "ip_address", "user_agent", "moderated_by", "moderated_at",
              "staff_user", "edit_history", "ban_link"]
    readonly_fields = ["article", "parent", "status", "reasons", "created_at", "ip_address", "user_agent",
                       "moderated_by", "moderated_at", "staff_user", "edit_history", "ban_link"]

    def get_ordering(self, request):
        pending_first = Case(When(status=Comment.Status.PENDING, then=Value(0)), default=Value(1),
                             output_field=IntegerField())
        return [pending_first.asc(), "-created_at"]

    def has_add_permission(self, request):
        return False  # comments come from readers, or as replies from the moderation screen

    def has_moderate_permission(self, request, obj=None):
        return request.user.has_perm("comments.moderate_comment")

    def has_change_permission(self, request, obj=None):
        return self.has_moderate_permission(request) and super().has_change_permission(request, obj)

    def get_urls(self):
        own = [
            path("<int:pk>/moderate/<str:action>/", self.admin_site.admin_view(self.moderate_view),
                 name="comments_comment_moderate"),
            path("<int:pk>/reply/", self.admin_site.admin_view(self.reply_view),
                 name="comments_comment_reply"),
            path("desk/", self.admin_site.admin_view(partial(desk.desk, admin_site=self.admin_site)),
                 name="comments_comment_desk"),
            # No admin login: the signed link is the moderator's word (comments.notice_links).
            path("notice/<str:token>/", partial(notice.notice_decision, admin_site=self.admin_site),
                 name="comments_comment_notice"),
            path("desk/undo/", self.admin_site.admin_view(desk.undo), name="comments_comment_desk_undo"),
            path("desk/<int:pk>/<str:action>/", self.admin_site.admin_view(desk.decide),
                 name="comments_comment_desk_decide"),
        ]
        return own + super().get_urls()

    @admin.display(description="comment")
    def excerpt(self, comment):
        return Truncator(comment.body).chars(80)

    @admin.display(description="article", ordering="article__headline")
    def article_link(self, comment):
        return format_html('<a href="{}">{}</a>', comment.get_absolute_url(),
                           Truncator(comment.article.headline).chars(50))

    @admin.display(description="why it was held or flagged")
    def reasons(self, comment):
        return "; ".join(comment.moderation_reasons) or "—"

    @admin.display(description="moderate")
    def row_buttons(self, comment):
        buttons = format_html_join(
            " ", '<button type="submit" class="button" formaction="{}" formmethod="post">{}</button>',
            ((reverse("admin:comments_comment_moderate", args=[comment.pk, action]), ROW_ACTIONS[action][0])
             for action in BUTTONS_FOR_STATUS[comment.status]),
        )
        reply = ""
        if moderation.may_reply_to(comment):
            reply = format_html(' <a class="button" href="{}">Reply</a>',
                                reverse("admin:comments_comment_reply", args=[comment.pk]))
        return format_html("{}{}", buttons, reply)

    def _require_moderator(self, request):
        if not self.has_moderate_permission(request):
            raise PermissionDenied

    def moderate_view(self, request, pk, action):
        """One click on a row's button: the same model method as the bulk action."""
        self._require_moderator(request)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if action not in ROW_ACTIONS:
            raise Http404(f"There is no moderation action called {action!r}.")
        comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
        label, method = ROW_ACTIONS[action]
        method(comment, by=request.user)
        self.message_user(request, f"{label}: comment by {comment.author_name}.", messages.SUCCESS)
        return HttpResponseRedirect(self._back_to_list(request))

    def _back_to_list(self, request):
        """The list as the moderator left it (page, filters, search), if the browser says which."""
        referer = request.META.get("HTTP_REFERER", "")
        if url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
            return referer
        return reverse("admin:comments_comment_changelist")

    def reply_view(self, request, pk):
        """A moderator answers a reader: threaded under the comment, published at once."""
        self._require_moderator(request)
        parent = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
        form = ReplyForm(request.POST or None)
        can_reply = moderation.may_reply_to(parent)
        if request.method == "POST" and can_reply and form.is_valid():
            actions.publish_reply(parent, form.cleaned_data["body"], request.user)
            self.message_user(request, "Your reply is published.", messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:comments_comment_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta, "title": f"Reply to {parent.author_name}",
            "parent": parent, "form": form, "can_reply": can_reply,
        }
        return render(request, "admin/comments/comment/reply.html", context)

    def _bulk(self, request, queryset, action):
        label, method = ROW_ACTIONS[action]
        count = 0
        for comment in queryset.select_related("article"):
            method(comment, by=request.user)
            count += 1
        self.message_user(request, f"{label}: {count} comment(s).", messages.SUCCESS)

    @admin.action(description="Approve the selected comments", permissions=["moderate"])
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, "approve")

    @admin.action(description="Mark the selected comments as spam", permissions=["moderate"])
    def spam_selected(self, request, queryset):
        self._bulk(request, queryset, "spam")

    @admin.action(description="Remove the selected comments (kept, hidden)", permissions=["moderate"])
    def remove_selected(self, request, queryset):
        self._bulk(request, queryset, "remove")

    @admin.action(description="Restore the selected comments", permissions=["moderate"])
    def restore_selected(self, request, queryset):
        self._bulk(request, queryset, "restore")

    @admin.action(description="Export personal data of the selected commenters (JSON)",
                  permissions=["moderate"])
    def export_selected(self, request, queryset):
        emails = sorted({email.lower() for email in queryset.values_list("author_email", flat=True)})
        data = [export_personal_data(email) for email in emails]
        response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False),
                                content_type="application/json")
        response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
        return response

    @admin.action(description="Erase personal data of the selected commenters…", permissions=["moderate"])
    def erase_selected(self, request, queryset):
        emails = sorted({email.lower() for email in queryset.values_list("author_email", flat=True)})
        if request.POST.get("confirm") == "yes":
            erased = sum(erase_personal_data(email) for email in emails)
            self.message_user(request, f"Erased the personal data of {erased} comment(s).", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta, "title": "Erase personal data?", "emails": emails,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        }
        return render(request, "admin/comments/comment/erase_confirmation.html", context)



class ArticleWithCommentsAdmin(ArticleAdmin):
    """The articles' list with each article's comment counts: articles know nothing of comments,
    so this app adds the columns to the articles' own admin."""

    list_display = [*ArticleAdmin.list_display, "pending_comments", "approved_comments"]

    def get_changelist_instance(self, request):
        """Comment counts for the rows on this page, in one query."""
        changelist = super().get_changelist_instance(request)
        rows = list(changelist.result_list)
        counts = Comment.objects.counts_by_article([article.pk for article in rows])
        for article in rows:
            article.comment_counts = counts.get(article.pk, (0, 0))
        return changelist

    @admin.display(description="pending")
    def pending_comments(self, article):
        pending = article.comment_counts[0]
        if not pending:
            return 0
        url = reverse("admin:comments_comment_changelist")
        return format_html('<a href="{}?article__id__exact={}&amp;status__exact=pending">{}</a>', url,
                           article.pk, pending)

    @admin.display(description="approved")
    def approved_comments(self, article):
        return article.comment_counts[1]


admin.site.unregister(Article)
admin.site.register(Article, ArticleWithCommentsAdmin)
