"""Forgetting cached pages when what they show changes: the only module that does it.

It listens to model signals. Articles and comments sit below the public site and must not know
that their pages are cached: this is the decoupled case STYLE.md allows signals for, as Wagtail's
frontend cache purges from publish signals. Every save and delete reaches a receiver here,
whether it comes from a model method, a form, an admin action or a bulk delete in the admin
(a queryset delete collects the rows and sends `post_delete` for each, because receivers are
connected). Writes that send no signal of their own (`bulk_create`, `update()`) are the
importers', and they send `comments.signals.comments_bulk_written`. What an object showed before
a save is read just before it (`pre_save`), so that only what changed is forgotten.

What is forgotten (in website.page_keys' names; `page_cache.forget` also purges them at the edge):
- an article that readers see, or saw until now: its own page, its entries in feeds, the
  sitemaps (they carry its last change). Its card, wherever lists show it, only when what a card
  shows changed (headline, standfirst, picture, section, date, address); search results only when
  its words did; and every list it is or was in (home and the site's feed, its section's, tags',
  authors', archive month and year, search, the comments feed) only when it enters or leaves one
  or moves in it: published, unpublished, deleted, re-dated, moved, made a top story. So a typo
  fixed in a body forgets its page, its feeds' entries, search and the sitemaps, and no list of
  cards;
- a scheduled article: the lists it will enter, so that they are made again with its publish time
  as their deadline, and the schedule itself. A draft forgets nothing;
- an article's tags and bylines: its page, its feeds' entries and the tag's or author's list (a
  byline its card too); its corrections: its page;
- a picture of the media library (its alt text, caption, credit, focal point): the pages of the
  articles that show it, as hero (with their cards) or in the text, and their feeds' entries;
- a section: the navigation (on every page) and every feed's entries when its name, address or
  place changes, or only its own page and feed when its description does; a tag or an author:
  wherever its name shows (its page, articles' tags and bylines, bylines on cards, feeds' entries);
- a comment: its article's page and comment feed, the site's comment feed and the article's cards
  (they show its count of comments), only when what readers see of it changed; and the week's most
  commented, in the rail of every article page and of the home page, only when that list or its
  counts moved. A new comment that is not approved shows only to its author (on their own private
  requests), so it forgets nothing.

What readers could see and no longer can (an article unpublished or deleted, a comment removed,
marked spam, edited or erased, anything deleted) is a removal: no page made before it is served
again, not even while the new one is being made. Anything else may be served as it was for the
moment another request takes to make the page again.
"""

from dataclasses import dataclass, field

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from articles.models import Article, Author, Byline, Correction, Picture, Section, Tag
from comments.models import Comment
from comments.signals import comments_bulk_written
from website import page_keys as keys
from website.front_page import most_commented
from website.page_cache import forget

CARD_FIELDS = ("headline", "slug", "standfirst", "publish_at", "section_id", "hero_picture_id")
SEARCHED_FIELDS = ("headline", "standfirst", "body")
PLACE_FIELDS = ("status", "publish_at", "embargo_until", "section_id", "featured", "top_story_position")
SECTION_NAV_FIELDS = ("name", "slug", "position")
AUTHOR_SHOWN_FIELDS = ("name", "slug", "bio", "photo", "photo_renditions")
PICTURE_SHOWN_FIELDS = ("file", "alt_text", "caption", "credit", "crops")
COMMENT_SHOWN_FIELDS = ("status", "author_name", "author_url", "body_html", "parent_id", "staff_user_id",
                        "created_at", "featured_at", "edited_at")


@dataclass(frozen=True)
class ArticleShown:
    """What readers see of an article, and in which lists."""

    pk: int
    public: bool = False
    scheduled: bool = False
    fields: dict = field(default_factory=dict)
    section: str = ""
    tags: tuple = ()
    authors: tuple = ()

    @classmethod
    def of(cls, article, tags=None, authors=None):
        return cls(
            pk=article.pk, public=article.is_published, scheduled=article.is_scheduled,
            fields={name: _value(article, name) for name in {*CARD_FIELDS, *SEARCHED_FIELDS, *PLACE_FIELDS}},
            section=article.section.slug,
            tags=tuple(tag["slug"] for tag in article.tag_list) if tags is None else tags,
            authors=tuple(byline["slug"] for byline in article.byline_list) if authors is None else authors,
        )

    def differs(self, other, names):
        return any(self.fields.get(name) != other.fields.get(name) for name in names)

    def listings(self):
        """The lists that have a feed: the whole site's, its section's, tags' and authors'."""
        return {keys.HOME, keys.section_list(self.section), *map(keys.tag_list, self.tags),
                *map(keys.author_list, self.authors)}

    def lists(self):
        """Every list it is in, or will enter when its publish time comes."""
        if not (self.public or self.scheduled):
            return set()
        moment = self.fields["publish_at"]
        return {*self.listings(), keys.archive(moment), keys.archive(moment, month=False), keys.SEARCH,
                keys.COMMENT_LIST}

    def feed_entries(self):
        return {keys.feed_entries(listing) for listing in self.listings()} if self.public else set()


def _value(instance, name):
    value = getattr(instance, name)
    return value.name if hasattr(value, "name") and hasattr(value, "storage") else value


def _shown(pk):
    """What readers see of article `pk` now (one query), or None when there is no such article."""
    article = Article.objects.with_page_details().filter(pk=pk).first()
    return None if article is None else ArticleShown.of(article)


def _remember(instance, before):
    vars(instance)["_shown_before_save"] = before


def _recall(instance):
    return vars(instance).pop("_shown_before_save", None)


def _forget_article_change(before, after):
    forgotten = set()
    if before.scheduled or after.scheduled:
        forgotten |= {keys.SCHEDULE, *after.lists()}
    if before.public or after.public:
        forgotten |= {keys.article(after.pk), keys.SITEMAPS, *before.feed_entries(), *after.feed_entries()}
        if before.public != after.public or before.differs(after, CARD_FIELDS):
            forgotten |= {keys.card(after.pk), keys.COMMENT_LIST}
        if before.differs(after, SEARCHED_FIELDS):
            forgotten.add(keys.SEARCH)
        if before.public != after.public or before.differs(after, PLACE_FIELDS):
            forgotten |= before.lists() | after.lists()
        if after.public and not before.public and after.pk in dict(_week_ranking()):
            forgotten.add(keys.MOST_COMMENTED)  # back with the comments it had (leaving, its card goes)
    forget(forgotten, removal=before.public and not after.public)


def _week_ranking():
    """The week's most commented stories and their counts, as the rail shows them."""
    return [(story.pk, story.comment_count) for story in most_commented()]


def _deleted_with_its_article(origin):
    """A row deleted because its article was: the article's own delete forgot its pages."""
    return isinstance(origin, Article) or getattr(origin, "model", None) is Article


@receiver(pre_save, sender=Article, dispatch_uid="forget-pages-article-before-save")
def _article_about_to_be_saved(sender, instance, **kwargs):
    _remember(instance, _shown(instance.pk) if instance.pk else None)


@receiver(post_save, sender=Article, dispatch_uid="forget-pages-article-save")
def _article_saved(sender, instance, **kwargs):
    before = _recall(instance) or ArticleShown(instance.pk)
    _forget_article_change(before, ArticleShown.of(instance, tags=before.tags, authors=before.authors))


@receiver(pre_delete, sender=Article, dispatch_uid="forget-pages-article-delete")
def _article_deleted(sender, instance, **kwargs):
    before = _shown(instance.pk)
    if before is not None:
        _forget_article_change(before, ArticleShown(instance.pk))


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="forget-pages-article-tags")
def _article_tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if reverse:
        tag_slugs = [instance.slug]
        article_ids = pk_set if action != "pre_clear" else instance.articles.values_list("pk", flat=True)
    else:
        tags = Tag.objects.filter(pk__in=pk_set) if action != "pre_clear" else instance.tags.all()
        tag_slugs, article_ids = list(tags.values_list("slug", flat=True)), [instance.pk]
    changed_lists = set(map(keys.tag_list, tag_slugs))
    for shown in filter(None, map(_shown, article_ids)):
        if shown.public or shown.scheduled:
            entries = {*shown.feed_entries(), *map(keys.feed_entries, changed_lists)} if shown.public else ()
            forget({keys.article(shown.pk), keys.SITEMAPS, *changed_lists, *entries},
                   removal=shown.public and action != "post_add")


@receiver(post_save, sender=Byline, dispatch_uid="forget-pages-byline-save")
@receiver(post_delete, sender=Byline, dispatch_uid="forget-pages-byline-delete")
def _byline_changed(sender, instance, signal, origin=None, **kwargs):
    if _deleted_with_its_article(origin):
        return
    shown = _shown(instance.article_id)
    if shown is None or not (shown.public or shown.scheduled):
        return
    author_list = keys.author_list(Author.objects.values_list("slug", flat=True).get(pk=instance.author_id))
    entries = {*shown.feed_entries(), keys.feed_entries(author_list)} if shown.public else set()
    forget({keys.article(shown.pk), keys.card(shown.pk), keys.SITEMAPS, author_list, *entries},
           removal=shown.public and signal is post_delete)


@receiver(post_save, sender=Correction, dispatch_uid="forget-pages-correction-save")
@receiver(post_delete, sender=Correction, dispatch_uid="forget-pages-correction-delete")
def _correction_changed(sender, instance, signal, origin=None, **kwargs):
    if _deleted_with_its_article(origin):
        return
    shown = _shown(instance.article_id)
    if shown is not None and shown.public:
        forget({keys.article(shown.pk)}, removal=signal is post_delete)


@receiver(pre_save, sender=Picture, dispatch_uid="forget-pages-picture-before-save")
@receiver(pre_save, sender=Section, dispatch_uid="forget-pages-section-before-save")
@receiver(pre_save, sender=Author, dispatch_uid="forget-pages-author-before-save")
@receiver(pre_save, sender=Tag, dispatch_uid="forget-pages-tag-before-save")
def _listing_about_to_be_saved(sender, instance, **kwargs):
    previous = sender.objects.filter(pk=instance.pk).first() if instance.pk else None
    _remember(instance, previous)


@receiver(post_save, sender=Section, dispatch_uid="forget-pages-section-save")
def _section_saved(sender, instance, **kwargs):
    before = _recall(instance)
    if before is None:
        forget({keys.NAV})
    elif any(getattr(before, name) != getattr(instance, name) for name in SECTION_NAV_FIELDS):
        forget({keys.NAV, keys.FEEDS, keys.SITEMAPS, keys.section(before.slug), keys.section(instance.slug)})
    elif before.description != instance.description:
        forget({keys.section(instance.slug)})


@receiver(post_save, sender=Author, dispatch_uid="forget-pages-author-save")
def _author_saved(sender, instance, **kwargs):
    before = _recall(instance)
    if before is None or all(_value(before, name) == _value(instance, name) for name in AUTHOR_SHOWN_FIELDS):
        return
    forgotten = {keys.author(before.slug), keys.author(instance.slug)}
    if (before.name, before.slug) != (instance.name, instance.slug):
        forgotten |= {keys.FEEDS, keys.SITEMAPS}
    forget(forgotten)


@receiver(post_save, sender=Picture, dispatch_uid="forget-pages-picture-save")
def _picture_saved(sender, instance, **kwargs):
    before = _recall(instance)
    if before is None or all(_value(before, name) == _value(instance, name) for name in PICTURE_SHOWN_FIELDS):
        return
    heroes = set(instance.hero_of.values_list("pk", flat=True))
    forgotten = set()
    for shown in filter(None, map(_shown, heroes | set(instance.in_bodies.values_list("pk", flat=True)))):
        if shown.public:
            forgotten |= {keys.article(shown.pk), *shown.feed_entries()}
            if shown.pk in heroes:
                forgotten |= {keys.card(shown.pk), keys.COMMENT_LIST}
    forget(forgotten)


@receiver(post_save, sender=Tag, dispatch_uid="forget-pages-tag-save")
def _tag_saved(sender, instance, **kwargs):
    before = _recall(instance)
    if before is None:
        return
    if (before.name, before.slug) != (instance.name, instance.slug):
        forget({keys.tag(before.slug), keys.tag(instance.slug), keys.FEEDS, keys.SITEMAPS})
    elif before.description != instance.description:
        forget({keys.tag(instance.slug)})


@receiver(post_delete, sender=Section, dispatch_uid="forget-pages-section-delete")
def _section_deleted(sender, instance, **kwargs):
    forget({keys.NAV, keys.FEEDS, keys.SITEMAPS, keys.section(instance.slug),
            keys.section_list(instance.slug)}, removal=True)


@receiver(post_delete, sender=Author, dispatch_uid="forget-pages-author-delete")
def _author_deleted(sender, instance, **kwargs):
    forget({keys.FEEDS, keys.SITEMAPS, keys.author(instance.slug), keys.author_list(instance.slug)},
           removal=True)


@receiver(post_delete, sender=Tag, dispatch_uid="forget-pages-tag-delete")
def _tag_deleted(sender, instance, **kwargs):
    forget({keys.FEEDS, keys.SITEMAPS, keys.tag(instance.slug), keys.tag_list(instance.slug)}, removal=True)


@receiver(pre_save, sender=Comment, dispatch_uid="forget-pages-comment-before-save")
def _comment_about_to_be_saved(sender, instance, **kwargs):
    shown = Comment.objects.filter(pk=instance.pk).values(*COMMENT_SHOWN_FIELDS)
    before = shown.first() if instance.pk else None
    approved = Comment.Status.APPROVED
    counted = instance.status == approved or (before is not None and before["status"] == approved)
    _remember(instance, (before, _week_ranking() if counted else None))


@receiver(post_save, sender=Comment, dispatch_uid="forget-pages-comment-save")
def _comment_saved(sender, instance, **kwargs):
    before, ranking = _recall(instance)
    was_public = before is not None and before["status"] == Comment.Status.APPROVED
    if not was_public and instance.status != Comment.Status.APPROVED:
        return
    if was_public and all(before[name] == getattr(instance, name) for name in COMMENT_SHOWN_FIELDS):
        return
    _forget_comments(instance.article_id, ranking, removal=was_public)


@receiver(pre_delete, sender=Comment, dispatch_uid="forget-pages-comment-before-delete")
def _comment_about_to_be_deleted(sender, instance, origin=None, **kwargs):
    if instance.status == Comment.Status.APPROVED and not _deleted_with_its_article(origin):
        _remember(instance, _week_ranking())


@receiver(post_delete, sender=Comment, dispatch_uid="forget-pages-comment-delete")
def _comment_deleted(sender, instance, **kwargs):
    ranking = _recall(instance)
    if ranking is not None:
        _forget_comments(instance.article_id, ranking, removal=True)


def _forget_comments(article_id, ranking_before, removal):
    """An article's comments changed: its pages, and the week's most commented if that moved."""
    forgotten = {keys.comments(article_id), keys.COMMENT_LIST}
    if ranking_before != _week_ranking():
        forgotten.add(keys.MOST_COMMENTED)
    forget(forgotten, removal=removal)


@receiver(comments_bulk_written, dispatch_uid="forget-pages-comments-bulk")
def _comments_bulk_written(sender, article, **kwargs):
    forget({keys.comments(article.pk), keys.COMMENT_LIST, keys.MOST_COMMENTED}, removal=True)
