"""Forgetting cached pages when what they show changes: the only module that does it.

It listens to model signals. Articles and comments sit below the public site and must not know
that their pages are cached: this is the decoupled case STYLE.md allows signals for, as Wagtail's
frontend cache purges from publish signals. Every save and delete reaches a receiver here,
whether it comes from a model method, a form, an admin action or a bulk delete in the admin
(a queryset delete collects the rows and sends `post_delete` for each, because receivers are
connected). Writes that send no signal of their own (`bulk_create`, `update()`) are the
importers', and they send `comments.signals.comments_bulk_written`.

What is forgotten (see website.page_cache for the versions):
- an article, section, author, tag, byline or correction changed → every page, because lists of
  articles (home, section navigation, related stories, feeds, sitemaps) are on every page;
- a comment changed → its article's page only. A new comment that is not approved shows only to
  its author, whose pages never come from the shared cache, so it forgets nothing.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.urls import get_script_prefix

from articles.models import Article, Author, Byline, Correction, Section, Tag
from comments.models import Comment
from comments.signals import comments_bulk_written
from website.page_cache import ARTICLES_TAG, bump, path_tag

PAGE_CONTENT = (Article, Section, Author, Tag, Byline, Correction)


def forget_every_page():
    bump(ARTICLES_TAG)


def forget_article_page(article):
    path = article.get_absolute_url()[len(get_script_prefix()) - 1 :]
    bump(path_tag(path))


def _content_changed(sender, **kwargs):
    forget_every_page()


for model in PAGE_CONTENT:
    post_save.connect(_content_changed, sender=model, dispatch_uid=f"forget-pages-save-{model.__name__}")
    post_delete.connect(_content_changed, sender=model, dispatch_uid=f"forget-pages-delete-{model.__name__}")


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="forget-pages-article-tags")
def _article_tags_changed(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        forget_every_page()


@receiver(post_save, sender=Comment, dispatch_uid="forget-pages-comment-save")
def _comment_saved(sender, instance, created, **kwargs):
    if created and instance.status != Comment.Status.APPROVED:
        return
    forget_article_page(instance.article)


@receiver(post_delete, sender=Comment, dispatch_uid="forget-pages-comment-delete")
def _comment_deleted(sender, instance, **kwargs):
    article = Article.objects.filter(pk=instance.article_id).first()
    if article is not None:  # deleted with its article, which forgot every page itself
        forget_article_page(article)


@receiver(comments_bulk_written, dispatch_uid="forget-pages-comments-bulk")
def _comments_bulk_written(sender, article, **kwargs):
    forget_article_page(article)
