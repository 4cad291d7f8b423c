"""Every public page runs a fixed number of SQL queries, however large the archive."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticleFactory, AuthorFactory, CorrectionFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db
CACHE_TABLE = '"newsroom_cache"'

# page name -> the most queries it may run
BUDGET = {
    "home": 5,  # the front page adds "most commented this week"
    "article": 6,  # the side rail: the section's newest and most commented this week
    "section": 3,
    "tag": 3,
    "author": 3,
    "archive_year": 2,
    "archive_month": 2,
    "search": 2,
    "search_page_2": 2,
    "rss": 1,
    "atom": 1,
    "section_rss": 2,
    "tag_rss": 2,
    "author_rss": 2,
    "article_comments_rss": 2,
    "comments_rss": 1,
    # For crawlers, and kept by the page cache: each sitemap counts its own rows for its pages.
    "sitemap_index": 12,
    "sitemap_articles": 2,
    "news_sitemap": 2,
}


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE = False


def build_site(article_count, author_count=3, tag_count=4):
    sections = [SectionFactory() for _ in range(3)]
    authors = [AuthorFactory() for _ in range(author_count)]
    tags = [TagFactory() for _ in range(tag_count)]
    articles = []
    for i in range(article_count):
        articles.append(ArticleFactory(
            section=sections[i % 3],
            headline=f"Harbour story {i}",
            authors=authors[: 1 + i % author_count],
            tags=tags[: 1 + i % tag_count],
        ))
    target = articles[0]
    for _ in range(2 if article_count > 10 else 1):
        CorrectionFactory(article=target)
    return {
        "home": "/",
        "article": target.get_absolute_url(),
        "section": sections[0].get_absolute_url(),
        "tag": tags[0].get_absolute_url(),
        "author": authors[0].get_absolute_url(),
        "archive_year": f"/{target.publish_at.year}/",
        "archive_month": f"/{target.publish_at.year}/{target.publish_at.month}/",
        "search": "/search/?q=harbour",
        "search_page_2": "/search/?q=harbour&page=2" if article_count > 12 else "/search/?q=harbour",
        "rss": "/feeds/rss/",
        "atom": "/feeds/atom/",
        "section_rss": f"{sections[0].get_absolute_url()}rss/",
        "tag_rss": f"{tags[0].get_absolute_url()}rss/",
        "author_rss": f"{authors[0].get_absolute_url()}rss/",
        "article_comments_rss": f"/feeds/comments/{target.pk}/rss/",
        "comments_rss": "/feeds/comments/rss/",
        "sitemap_index": "/sitemap.xml",
        "sitemap_articles": "/sitemap-articles.xml",
        "news_sitemap": "/news-sitemap.xml",
    }


def count_queries(client, url):
    """The page's own queries. Reads of the shared cache (website.page_cache.kept_until_a_change)
    are bookkeeping, counted in test_kept_until_a_change: on Redis they are no SQL at all."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len([query for query in queries if CACHE_TABLE not in query["sql"]])


def test_public_pages_run_the_same_number_of_queries_however_many_articles_tags_and_authors(client):
    small_site = build_site(3)
    small = {page: count_queries(client, url) for page, url in small_site.items()}
    large_site = build_site(60, author_count=12, tag_count=20)
    large = {page: count_queries(client, url) for page, url in large_site.items()}
    assert small == large
    for page, budget in BUDGET.items():
        assert large[page] <= budget, f"{page} ran {large[page]} queries (budget {budget})"


def add_comments(article, count):
    from tests.factories import CommentFactory

    top_level = [CommentFactory(article=article) for _ in range(min(count, 20))]
    for i in range(count - len(top_level)):
        CommentFactory(article=article, parent=top_level[i % len(top_level)] if i % 3 == 0 else None)


def test_article_page_runs_the_same_queries_with_0_10_and_200_comments(client, settings):
    settings.NEWSROOM_COMMENT_THREADS_PER_PAGE = 500  # all of them on one page
    counts, feed_counts = {}, {}
    for comment_count in (0, 10, 200):
        article = ArticleFactory(authors=[AuthorFactory()], tags=[TagFactory()])
        add_comments(article, comment_count)
        counts[comment_count] = count_queries(client, article.get_absolute_url())
        feed_counts[comment_count] = count_queries(client, f"/feeds/comments/{article.pk}/rss/")
        page = client.get(article.get_absolute_url()).content.decode()
        assert page.count('<li id="comment-') == comment_count
    assert counts[0] == counts[10] == counts[200] <= BUDGET["article"]
    assert feed_counts[0] == feed_counts[10] == feed_counts[200] <= BUDGET["article_comments_rss"]


def test_lists_of_articles_never_read_the_bodies_they_do_not_show(client):
    site = build_site(6)
    for page in ("home", "section", "tag", "author", "archive_month", "search"):
        response = client.get(site[page])
        assert "Harbour story" in re.sub(r"</?mark>", "", response.content.decode()), page
        context = response.context
        listed = context["latest"] if page == "home" else context["page"].items
        assert listed, page
        assert all("body" in article.get_deferred_fields() for article in listed), page


def test_related_stories_are_read_without_their_bodies():
    from articles.models import Article

    shared_tag = TagFactory()
    first, *others = [ArticleFactory(tags=[shared_tag]) for _ in range(3)]
    article = Article.objects.with_page_details().get(pk=first.pk)
    related, _ = Article.objects.published().rail_of(article)
    assert set(related) == set(others)
    assert all("body" in story.get_deferred_fields() for story in related)
