"""A 5,000-article archive, built in bulk: every feed and sitemap still parses and validates."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Author, Byline, Picture, Section, Tag
from tests.schemas import locations, valid_feed, valid_sitemap, valid_sitemap_index
from website.sitemaps import ArticleSitemap

pytestmark = pytest.mark.django_db

ARTICLES = 5000
PICTURE = [{"width": 1280, "height": 720, "webp": "articles/x-1280.webp", "fallback": "articles/x-1280.jpg"}]


def build_archive(count):
    """`count` published articles, one an hour up to now, over 5 sections, 10 authors and 20 tags."""
    sections = Section.objects.bulk_create(Section(name=f"Desk {i}", slug=f"section-{i}") for i in range(5))
    authors = Author.objects.bulk_create(Author(name=f"Writer {i}", slug=f"reporter-{i}") for i in range(10))
    tags = Tag.objects.bulk_create(Tag(name=f"Topic {i}", slug=f"topic-{i}") for i in range(20))
    now = timezone.now()
    picture = Picture.objects.create(file="articles/x.jpg", alt_text="A picture", renditions=PICTURE)
    articles = Article.objects.bulk_create(
        Article(
            headline=f"Story {i} & its <follow-up>", slug=f"story-{i}", standfirst=f"Summary of story {i}.",
            body=f"<p>Body of story {i}.</p>", section=sections[i % 5], status=Article.Status.PUBLISHED,
            publish_at=now - timedelta(hours=count - i),
            hero_picture=picture if i % 10 == 0 else None,
        )
        for i in range(count)
    )
    Byline.objects.bulk_create(
        Byline(article=article, author=authors[i % 10]) for i, article in enumerate(articles)
    )
    Article.tags.through.objects.bulk_create(
        Article.tags.through(article=article, tag=tags[(i + shift) % 20])
        for i, article in enumerate(articles) for shift in (0, 7)
    )
    return articles


def test_every_feed_and_sitemap_of_a_5000_article_site_is_valid(client, settings, monkeypatch):
    settings.NEWSROOM_FEED_FULL_CONTENT = True
    monkeypatch.setattr(ArticleSitemap, "limit", 2000)
    build_archive(ARTICLES)

    feeds = ["/feeds/rss/", "/feeds/atom/", "/feeds/comments/rss/", "/feeds/comments/atom/"]
    for kind, slug in (("section", "section-1"), ("tag", "topic-3"), ("author", "reporter-4")):
        feeds += [f"/{kind}/{slug}/rss/", f"/{kind}/{slug}/atom/"]
    for url in feeds:
        entries = valid_feed(client.get(url)).entries
        assert len(entries) == (0 if "comments" in url else 30), url

    index = valid_sitemap_index(client.get("/sitemap.xml"))
    listed = []
    for sitemap_url in locations(index):
        path = "/" + sitemap_url.split("://", 1)[1].split("/", 1)[1]
        listed += locations(valid_sitemap(client.get(path)))
    assert len(listed) == ARTICLES + 5 + 20 + 10
    assert len(set(listed)) == len(listed)
    assert len([url for url in locations(index) if "sitemap-articles" in url]) == 3

    # One an hour: those 1 to 47 hours old (the 48-hour-old one is just past two days by now).
    news = locations(valid_sitemap(client.get("/news-sitemap.xml")))
    assert len(news) == 47
