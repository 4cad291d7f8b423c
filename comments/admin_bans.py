"""The admin's part in bans and edits: the list of bans (lift them there), the Ban page a
comment's change page links to, and the history of a comment's edits by its author. Moderators
only, like the rest of comment moderation."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from comments import bans
from comments.models import Ban, Comment


def _is_moderator(request):
    return request.user.has_perm("comments.moderate_comment")


class CommentBansAndEdits:
    """What CommentAdmin gains: a Ban page for each comment, and the comment's edit history."""

    def get_urls(self):
        return [
            path("<int:pk>/ban/", self.admin_site.admin_view(self.ban_view), name="comments_comment_ban"),
            *super().get_urls(),
        ]

    @admin.action(description="Ban the commenters of the selected comments…", permissions=["moderate"])
    def ban_selected(self, request, queryset):
        """Each selected reader's address is banned once; every selected comment becomes spam."""
        comments = [comment for comment in queryset.select_related("article") if bans.may_be_banned(comment)]
        form = bans.BanForm(request.POST if "reason" in request.POST else None)
        del form.fields["ip_range"]  # one range for several commenters would be a guess: ban it from one
        if form.is_bound and form.is_valid():
            banned = set()
            for comment in comments:
                if bans.address_hash(comment.author_email) in banned:
                    comment.mark_spam(by=request.user)
                else:
                    banned.add(form.ban(comment, request.user).address_hash)
            self.message_user(request, f"Banned {len(banned)} commenter(s).", messages.SUCCESS)
            return None
        return render(request, "admin/comments/comment/ban_selected.html", {
            **self.admin_site.each_context(request), "opts": Comment._meta,
            "title": "Ban these commenters?", "comments": comments, "form": form,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        })

    @admin.display(description="edits by its author")
    def edit_history(self, comment):
        edits = list(comment.edits.all())
        if not edits:
            return "—"
        return format_html(
            "<p>Edits by its author (the text before each, oldest first):</p><ol>{}</ol>",
            format_html_join("", "<li><p>{}:</p><blockquote>{}</blockquote></li>", (
                (timezone.localtime(edit.edited_at).strftime("%d %b %Y %H:%M"), edit.previous_body)
                for edit in edits
            )),
        )

    @admin.display(description="ban")
    def ban_link(self, comment):
        if not bans.may_be_banned(comment):
            return "—"
        return format_html('<a class="button" href="{}">Ban this commenter…</a>',
                           reverse("admin:comments_comment_ban", args=[comment.pk]))

    def ban_view(self, request, pk):
        if not _is_moderator(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
        form = bans.BanForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                form.ban(comment, request.user)
            except bans.CannotBan as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
            else:
                self.message_user(request, f"Banned the commenter {comment.author_name}; their comment is "
                                           "marked as spam.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:comments_ban_changelist"))
        return render(request, "admin/comments/comment/ban.html", {
            **self.admin_site.each_context(request), "opts": Comment._meta,
            "title": f"Ban {comment.author_name}", "comment": comment, "form": form,
            "suggested_range": bans.suggested_range(comment.ip_address),
        })


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    list_display = ["__str__", "reason", "ends_at", "created_by", "created_at", "state"]
    list_filter = ["created_at", "ends_at"]
    list_select_related = ["created_by"]
    search_fields = ["reason", "ip_range"]
    search_help_text = "Search by reason or IP range, or type an e-mail address to find its ban."
    fields = ["address_hash", "ip_range", "reason", "ends_at", "created_by", "created_at", "lifted_at",
              "lifted_by"]
    readonly_fields = ["address_hash", "ip_range", "created_by", "created_at", "lifted_at", "lifted_by"]
    actions = ["lift_selected"]

    def has_module_permission(self, request):
        return _is_moderator(request)

    def has_view_permission(self, request, obj=None):
        return _is_moderator(request)

    def has_change_permission(self, request, obj=None):
        return _is_moderator(request)

    def has_delete_permission(self, request, obj=None):
        return False  # lifted, not deleted: the record of who banned whom stays

    def has_add_permission(self, request):
        return False  # bans are made from a comment, in the admin or on the desk

    def get_search_results(self, request, queryset, search_term):
        """An address is found by its hash, as bans hold no address."""
        if "@" in search_term:
            return queryset.filter(address_hash=bans.address_hash(search_term)), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="in force")
    def state(self, ban):
        if ban.lifted_at:
            return "lifted"
        return "yes" if ban.is_active else "ended"

    @admin.action(description="Lift the selected bans")
    def lift_selected(self, request, queryset):
        lifted = 0
        for ban in queryset.filter(lifted_at__isnull=True):
            ban.lift(by=request.user)
            lifted += 1
        self.message_user(request, f"Lifted {lifted} ban(s).", messages.SUCCESS)
