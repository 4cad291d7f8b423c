"""The review workflow in the article admin: "Submit for review", the editor's "Send back to the
writer" with a note, the state filter the staff front page links to, and the preview links for
someone without an account. The decisions are the model's (articles.review)."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from articles import preview_links
from articles.models import Article
from articles.review import can_publish


class PublicationStateFilter(admin.SimpleListFilter):
    """Where an article is on its way to readers; scheduled and embargoed are the model's rules."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("draft", "Draft"), ("review", "Ready for review"), ("scheduled", "Scheduled"),
                ("published", "Published"), ("embargoed", "Under embargo")]

    def queryset(self, request, queryset):
        value = self.value()
        if value in ("draft", "review"):
            return queryset.filter(status=value)
        if value in ("scheduled", "published"):
            return getattr(queryset, value)()
        if value == "embargoed":
            return queryset.filter(embargo_until__gt=timezone.now())
        return queryset


class SendBackForm(forms.Form):
    note = forms.CharField(
        label="Note to the writer", widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What to change before it is submitted again. The writer gets it by mail too.",
    )


class ReviewAdminMixin:
    """For ArticleAdmin: the review workflow's buttons, pages and fields."""

    review_fieldset = ("Review and preview links", {"fields": ["review_state", "guest_preview"]})

    def get_urls(self):
        own = [
            path("<path:object_id>/send-back/", self.admin_site.admin_view(self.send_back_view),
                 name="articles_article_send_back"),
            path("<path:object_id>/withdraw-preview-links/",
                 self.admin_site.admin_view(self.withdraw_preview_links_view),
                 name="articles_article_withdraw_preview_links"),
        ]
        return own + super().get_urls()

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "review_state", "guest_preview"]

    def get_fieldsets(self, request, obj=None):
        return [*super().get_fieldsets(request, obj), self.review_fieldset]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_submit_for_review"] = obj is None or obj.status == Article.Status.DRAFT
        context["can_send_back"] = obj is not None and obj.status == Article.Status.REVIEW and can_publish(
            request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        submitting = "_submit_for_review" in request.POST or (
            obj.status == Article.Status.REVIEW and "status" in form.changed_data)
        if submitting and obj.submit_for_review(by=request.user):
            self.message_user(request, "Submitted for review: the editors are told.", messages.SUCCESS)
            return
        super().save_model(request, obj, form, change)

    @admin.action(description="Submit the selected drafts for review", permissions=["change"])
    def submit_selected_for_review(self, request, queryset):
        submitted = sum(article.submit_for_review(by=request.user)
                        for article in queryset.filter(status=Article.Status.DRAFT))
        self.message_user(request, f"Submitted {submitted} article(s) for review.", messages.SUCCESS)

    def send_back_view(self, request, object_id):
        if not can_publish(request.user):
            raise PermissionDenied
        article = get_object_or_404(Article, pk=object_id)
        if article.status != Article.Status.REVIEW:
            self.message_user(request, f"“{article}” is not waiting for review.", messages.WARNING)
            return redirect("admin:articles_article_change", article.pk)
        form = SendBackForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            article.send_back(form.cleaned_data["note"], by=request.user)
            self.message_user(request, f"“{article}” went back to its writer.", messages.SUCCESS)
            return redirect(f"{reverse('admin:articles_article_changelist')}?state=review")
        return TemplateResponse(request, "admin/articles/article/send_back.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "article": article, "form": form,
            "title": f"Send “{article}” back to its writer",
        })

    def withdraw_preview_links_view(self, request, object_id):
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        if request.method == "POST":
            article.revoke_preview_links()
            self.message_user(request, "Every preview link given so far no longer opens the article.",
                              messages.SUCCESS)
            return redirect("admin:articles_article_change", article.pk)
        return TemplateResponse(request, "admin/articles/article/withdraw_preview_links.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "article": article,
            "title": f"Withdraw the preview links of “{article}”",
        })

    @admin.display(description="review")
    def review_state(self, article):
        if article.status == Article.Status.REVIEW:
            who = article.submitted_by.get_username() if article.submitted_by else "a writer"
            when = timezone.localtime(article.submitted_at) if article.submitted_at else None
            return f"Ready for review, submitted by {who}{f' on {when:%d %B %Y, %H:%M}' if when else ''}."
        if article.status == Article.Status.DRAFT and article.review_note:
            return format_html("Sent back by an editor with this note: <strong>{}</strong>",
                               article.review_note)
        return "—"

    @admin.display(description="preview link for someone without an account")
    def guest_preview(self, article):
        if not article.pk:
            return "Save the article to get a preview link."
        if article.is_published:
            return "The article is public: share its address."
        path = reverse("articles:guest_preview", args=[preview_links.token_for(article)])
        link = f"{settings.NEWSROOM_SITE_URL}{path}"
        return format_html(
            '<a href="{}" class="guest-preview-link">{}</a><br>It opens the article, unlisted and never '
            'indexed, for {} days. <a href="{}">Withdraw every preview link</a>', link, link,
            settings.NEWSROOM_PREVIEW_LINK_DAYS,
            reverse("admin:articles_article_withdraw_preview_links", args=[article.pk]))
