"""Sitemaps and robots.txt: what search engines are told to crawl."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline, Section
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory
from tests.schemas import NAMESPACES, locations, valid_sitemap, valid_sitemap_index
from website.sitemaps import ArticleSitemap

pytestmark = pytest.mark.django_db

SITE = "https://news.example.org"


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.NEWSROOM_SITE_URL = SITE


def all_sitemap_urls(client):
    """Every sitemap the index names, each checked against the schema: {sitemap URL: [page URLs]}."""
    index = valid_sitemap_index(client.get("/sitemap.xml"))
    pages = {}
    for sitemap_url in locations(index):
        path = sitemap_url.split("://", 1)[1].split("/", 1)[1]
        pages[sitemap_url] = locations(valid_sitemap(client.get(f"/{path}")))
    return pages


def test_the_index_names_a_sitemap_for_articles_sections_tags_and_authors(client):
    ArticleFactory(authors=[AuthorFactory()], tags=[TagFactory()])
    index = valid_sitemap_index(client.get("/sitemap.xml"))
    names = [url.rsplit("/", 1)[1] for url in locations(index)]
    assert names == [
        "sitemap-articles.xml", "sitemap-sections.xml", "sitemap-tags.xml", "sitemap-authors.xml",
    ]
    assert all(lastmod.text for lastmod in index.iterfind(".//sm:lastmod", NAMESPACES))


def test_every_public_page_kind_is_listed_once_on_the_public_address(client):
    section = SectionFactory(slug="local")
    author = AuthorFactory(slug="ann-other")
    tag = TagFactory(slug="harbour")
    article = ArticleFactory(section=section, authors=[author], tags=[tag])
    listed = [url for urls in all_sitemap_urls(client).values() for url in urls]
    assert sorted(listed) == sorted([
        SITE + article.get_absolute_url(), SITE + "/section/local/", SITE + "/tag/harbour/",
        SITE + "/author/ann-other/",
    ])


def test_an_article_lastmod_is_its_last_change(client):
    article = ArticleFactory(publish_at=timezone.now() - timedelta(days=3))
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - timedelta(hours=5))
    article.refresh_from_db()
    document = valid_sitemap(client.get("/sitemap-articles.xml"))
    [lastmod] = [element.text for element in document.iterfind(".//sm:lastmod", NAMESPACES)]
    assert lastmod == timezone.localtime(article.updated_at).isoformat()


def test_drafts_and_scheduled_articles_are_in_no_sitemap(client):
    live = ArticleFactory(tags=[TagFactory(slug="live-tag")], authors=[AuthorFactory(slug="live-author")])
    hidden_section = SectionFactory(slug="hidden-section")
    ArticleFactory(status=Article.Status.DRAFT, slug="a-draft", section=hidden_section,
                   tags=[TagFactory(slug="draft-tag")], authors=[AuthorFactory(slug="draft-author")])
    ArticleFactory(publish_at=timezone.now() + timedelta(days=1), slug="scheduled", section=hidden_section,
                   tags=[TagFactory(slug="scheduled-tag")])
    listed = " ".join(url for urls in all_sitemap_urls(client).values() for url in urls)
    news = " ".join(locations(valid_sitemap(client.get("/news-sitemap.xml"))))
    assert SITE + live.get_absolute_url() in listed
    for hidden in ("a-draft", "scheduled", "hidden-section", "draft-tag", "draft-author", "scheduled-tag"):
        assert hidden not in listed
        assert hidden not in news


def test_the_news_sitemap_lists_the_last_two_days_with_name_language_date_and_title(client, settings):
    settings.NEWSROOM_SITE_NAME = "The Harbour Gazette"
    settings.LANGUAGE_CODE = "en-gb"
    fresh = ArticleFactory(
        headline="Ferry & harbour <reopen>", publish_at=timezone.now() - timedelta(hours=30)
    )
    ArticleFactory(headline="Old news", publish_at=timezone.now() - timedelta(days=3))
    document = valid_sitemap(client.get("/news-sitemap.xml"))
    assert locations(document) == [SITE + fresh.get_absolute_url()]
    news = document.find(".//news:news", NAMESPACES)
    assert news.findtext("news:publication/news:name", namespaces=NAMESPACES) == "The Harbour Gazette"
    assert news.findtext("news:publication/news:language", namespaces=NAMESPACES) == "en"
    assert news.findtext("news:title", namespaces=NAMESPACES) == "Ferry & harbour <reopen>"
    published = news.findtext("news:publication_date", namespaces=NAMESPACES)
    assert published == timezone.localtime(fresh.publish_at).isoformat()


def test_a_site_of_30_articles_is_split_into_sitemap_pages(client, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 12)
    articles = [ArticleFactory(publish_at=timezone.now() - timedelta(hours=i)) for i in range(30)]
    pages = all_sitemap_urls(client)
    article_pages = {url: urls for url, urls in pages.items() if "sitemap-articles" in url}
    first_page = f"{SITE}/sitemap-articles.xml"
    assert sorted(article_pages) == [first_page, f"{first_page}?p=2", f"{first_page}?p=3"]
    assert [len(urls) for urls in article_pages.values()] == [12, 12, 6]
    listed = [url for urls in article_pages.values() for url in urls]
    assert sorted(listed) == sorted(SITE + article.get_absolute_url() for article in articles)
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404


def test_a_large_archive_built_in_bulk_is_paginated(client, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 500)
    section = Section.objects.create(name="Archive", slug="archive")
    start = timezone.now() - timedelta(days=2000)
    Article.objects.bulk_create(
        Article(headline=f"Archived story {i}", slug=f"archived-{i}", section=section,
                status=Article.Status.PUBLISHED, publish_at=start + timedelta(hours=i))
        for i in range(2200)
    )
    index = valid_sitemap_index(client.get("/sitemap.xml"))
    article_sitemaps = [url for url in locations(index) if "sitemap-articles" in url]
    assert len(article_sitemaps) == 5
    last_page = valid_sitemap(client.get("/sitemap-articles.xml?p=5"))
    assert len(locations(last_page)) == 200


def test_unknown_sitemap_is_not_found(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_names_the_sitemaps_and_keeps_crawlers_out_of_private_and_endless_pages(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert f"Disallow: {reverse('admin:index')}" in lines
    assert "Disallow: /preview/" in lines
    assert "Disallow: /search/" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert f"Sitemap: {SITE}/news-sitemap.xml" in lines


def test_robots_txt_does_not_reveal_a_custom_admin_path(client, settings):
    settings.NEWSROOM_ADMIN_PATH = "newsdesk-7f3a/"
    robots = client.get("/robots.txt").content.decode()
    assert "admin" not in robots and "newsdesk" not in robots


def test_bylines_without_published_articles_leave_the_author_out(client):
    author = AuthorFactory(slug="only-drafts")
    draft = ArticleFactory(status=Article.Status.DRAFT)
    Byline.objects.create(article=draft, author=author)
    ArticleFactory(authors=[AuthorFactory(slug="published-writer")])
    urls = locations(valid_sitemap(client.get("/sitemap-authors.xml")))
    assert urls == [f"{SITE}/author/published-writer/"]
