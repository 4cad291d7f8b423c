"""The article's history page in the admin, with labels that tell revisions apart and a compare
view between any two (articles.revisions). Restoring stays django-reversion's own."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse

from articles.revisions import article_history, compare


class RevisionCompareMixin:
    object_history_template = "admin/articles/article/object_history.html"

    def get_urls(self):
        compare_url = path("<path:object_id>/history/compare/", self.admin_site.admin_view(self.compare_view),
                           name="articles_article_compare")
        return [compare_url, *super().get_urls()]

    def history_view(self, request, object_id, extra_context=None):
        revisions = article_history(unquote(object_id))
        context = {"revisions": revisions,
                   "compare_url": reverse("admin:articles_article_compare", args=[object_id])}
        return super().history_view(request, object_id, {**context, **(extra_context or {})})

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """The restore page says which revision it restores, as the history names it."""
        if request.method == "GET":
            chosen = next((revision for revision in article_history(unquote(object_id))
                           if str(revision.id) == str(version_id)), None)
            if chosen is not None:
                self.message_user(request, f"Restoring revision {chosen.label}.", messages.INFO)
        return super().revision_view(request, object_id, version_id, extra_context)

    def compare_view(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        revisions = {revision.id: revision for revision in article_history(article.pk)}
        try:
            older, newer = (revisions[int(request.GET.get(name, ""))] for name in ("old", "new"))
        except (KeyError, ValueError):
            raise Http404("Choose two revisions of this article to compare.") from None
        if older.saved_at > newer.saved_at:
            older, newer = newer, older
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta, "original": article, "title": f"Compare revisions of “{article}”",
            "older": older, "newer": newer, "changes": compare(older, newer),
            "history_url": reverse("admin:articles_article_history", args=[article.pk]),
            "restore_url": reverse("admin:articles_article_revision", args=[article.pk, older.id]),
        }
        return render(request, "admin/articles/article/compare.html", context)
