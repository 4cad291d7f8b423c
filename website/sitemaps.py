"""Sitemaps: every published article, section, tag and author, and Google News's recent articles.

The index (/sitemap.xml) lists one sitemap per kind, split into pages of `limit` URLs. A section,
tag or author is listed with the last change to its published articles, and only when it has
some: an empty listing is no page to crawl.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Greatest
from django.utils import timezone

from articles.models import Article, Author, Section, Tag


class SiteSitemap(Sitemap):
    """URLs on NEWSROOM_SITE_URL (see website.metadata), whatever host the request came in on."""

    @property
    def protocol(self):
        return urlsplit(settings.NEWSROOM_SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.NEWSROOM_SITE_URL).netloc


class ArticleSitemap(SiteSitemap):
    def items(self):
        return (
            Article.objects.published().only("slug", "publish_at", "updated_at").order_by("publish_at", "id")
        )

    def lastmod(self, article):
        return article.modified_at

    def get_latest_lastmod(self):
        # The default reads every item; the database knows the answer.
        return Article.objects.published().aggregate(
            latest=Max(Greatest("updated_at", "publish_at"))
        )["latest"]


def last_change(articles):
    """When the newest change among `articles` (filtered on OuterRef) was made."""
    latest = articles.annotate(changed=Greatest("updated_at", "publish_at")).order_by("-changed")
    return Subquery(latest.values("changed")[:1])


class ListingSitemap(SiteSitemap):
    """The pages listing the published articles of one section, tag or author."""

    model = None

    def articles(self):
        raise NotImplementedError

    def items(self):
        return (
            self.model.objects.annotate(last_change=last_change(self.articles()))
            .filter(last_change__isnull=False)
            .order_by("pk")
        )

    def lastmod(self, listing):
        return listing.last_change

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("last_change"))["latest"]


class SectionSitemap(ListingSitemap):
    model = Section

    def articles(self):
        return Article.objects.published().filter(section=OuterRef("pk"))


class TagSitemap(ListingSitemap):
    model = Tag

    def articles(self):
        return Article.objects.published().filter(tags=OuterRef("pk"))


class AuthorSitemap(ListingSitemap):
    model = Author

    def articles(self):
        return Article.objects.published().filter(bylines__author=OuterRef("pk"))


class NewsSitemap(SiteSitemap):
    """Google News: the articles published in the last two days, with the publication's name
    and language (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap)."""

    limit = 1000

    def items(self):
        since = timezone.now() - timedelta(days=2)
        return Article.objects.published().filter(publish_at__gte=since).only(
            "headline", "slug", "publish_at", "updated_at"
        ).newest_first()

    def lastmod(self, article):
        return article.modified_at

    def get_urls(self, *args, **kwargs):
        publication = {"name": settings.NEWSROOM_SITE_NAME, "language": news_language(settings.LANGUAGE_CODE)}
        return [{**url, "publication": publication} for url in super().get_urls(*args, **kwargs)]


def news_language(language_code):
    """Google News wants an ISO 639 code ("en", not "en-gb"); Chinese is zh-cn or zh-tw."""
    code = language_code.lower()
    if code in {"zh-hans", "zh-cn"}:
        return "zh-cn"
    if code in {"zh-hant", "zh-tw"}:
        return "zh-tw"
    return code.split("-")[0]


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
