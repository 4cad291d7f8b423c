"""Feeds of approved comments: the whole site's, and one article's.

A comment in a feed shows what its page shows: the commenter's name and the comment. The e-mail
address is never read from the database here, so it cannot leak into a feed.
"""

from django.conf import settings
from django.http import Http404

from articles.models import Article
from comments.models import Comment
from website.feeds import FEED_LENGTH, SiteFeed
from website.metadata import absolute_url

PUBLIC_FIELDS = ["id", "author_name", "body_html", "created_at", "article__headline", "article__slug",
                 "article__publish_at"]


class LatestCommentsFeed(SiteFeed):
    """The newest approved comments on published articles."""

    def title(self):
        return f"Comments | {settings.NEWSROOM_SITE_NAME}"

    def link(self):
        return absolute_url("/")

    def description(self):
        return f"The latest readers' comments on {settings.NEWSROOM_SITE_NAME}."

    def comments(self, obj):
        return Comment.objects.approved().filter(article__in=Article.objects.published())

    def items(self, obj):
        return (
            self.comments(obj).select_related("article").only(*PUBLIC_FIELDS)
            .order_by("-created_at", "-id")[:FEED_LENGTH]
        )

    def item_title(self, comment):
        return f"{comment.author_name} on “{comment.article.headline}”"

    def item_description(self, comment):
        return comment.body_html

    def item_author_name(self, comment):
        return comment.author_name

    def item_pubdate(self, comment):
        return comment.created_at

    def item_updateddate(self, comment):
        # Atom requires it; a comment keeps no time of its last edit, so this is when it was posted.
        return comment.created_at


class ArticleCommentsFeed(LatestCommentsFeed):
    """The approved comments of one published article, newest first."""

    def get_object(self, request, article_id):
        article = Article.objects.published().select_related("section").filter(pk=article_id).first()
        if article is None:
            raise Http404("No published article has this number")
        return article

    def title(self, article):
        return f"Comments on “{article.headline}” | {settings.NEWSROOM_SITE_NAME}"

    def link(self, article):
        return absolute_url(f"{article.get_absolute_url()}#comments")

    def description(self, article):
        return f"Readers' comments on “{article.headline}”."

    def comments(self, article):
        return Comment.objects.approved().filter(article=article)
