"""What pages show alike is read once per change, not once a page: the week's most commented
stories (every article page and the home page), and, with the page cache off, an article's rail
of related stories and its section's newest, and its comments as every reader sees them. A
change shows on the next page all the same."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db
CACHE_TABLE = '"newsroom_cache"'


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE = False


def rail_of(client, url):
    page = client.get(url).content.decode()
    rail = re.search(r'<section class="rail-block most-commented".*?</section>', page, re.DOTALL).group()
    return [(headline, int(count)) for headline, count in
            re.findall(r'<li><a href="[^"]+">([^<]+)</a> <span class="meta">(\d+) comment', rail)]


def statements(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries]


def test_a_new_comment_shows_in_the_rail_of_the_next_page_at_once(client):
    busy, quiet = ArticleFactory(headline="Busy"), ArticleFactory(headline="Quiet")
    CommentFactory(article=busy)
    CommentFactory(article=busy)
    CommentFactory(article=quiet)
    assert rail_of(client, quiet.get_absolute_url()) == [("Busy", 2), ("Quiet", 1)]
    for _ in range(2):
        CommentFactory(article=quiet)
    assert rail_of(client, busy.get_absolute_url()) == [("Quiet", 3), ("Busy", 2)]
    assert rail_of(client, "/") == [("Quiet", 3), ("Busy", 2)]


def test_a_new_headline_shows_in_the_rail_at_once(client):
    busy = ArticleFactory(headline="Harbour plans")
    CommentFactory(article=busy)
    assert rail_of(client, busy.get_absolute_url()) == [("Harbour plans", 1)]
    busy.headline = "Harbour plans approved"
    busy.save()
    assert rail_of(client, busy.get_absolute_url()) == [("Harbour plans approved", 1)]


def test_the_weeks_comments_are_counted_once_until_something_changes(client, settings):
    article = ArticleFactory()
    CommentFactory(article=article)
    url = article.get_absolute_url()
    made = statements(client, url)
    served = statements(client, url)
    assert len(weeks_counts(made)) == 1
    assert not weeks_counts(served)
    # The bookkeeping: one read of the shared cache for it, one for the article's own rail, one for
    # its comments and one for the navigation's sections: statements on the embedded default (a
    # table), none on Redis.
    on_the_table = settings.CACHES["default"]["BACKEND"] == "operations.database_cache.DatabaseCache"
    assert len([sql for sql in served if CACHE_TABLE in sql]) == (4 if on_the_table else 0)
    CommentFactory(article=article)
    assert len(weeks_counts(statements(client, url))) == 1


def weeks_counts(sql):
    return [statement for statement in sql if "COUNT(" in statement and '"created_at" >=' in statement]


def test_a_new_story_joins_the_rail_of_its_sections_articles_at_once(client):
    article = ArticleFactory(headline="Bridge reopens")
    url = article.get_absolute_url()
    assert "Ferry timetable changes" not in client.get(url).content.decode()
    ArticleFactory(headline="Ferry timetable changes", section=article.section)
    assert "Ferry timetable changes" in client.get(url).content.decode()


def test_the_rail_of_an_article_is_read_once_until_something_changes(client):
    article = ArticleFactory()
    ArticleFactory(section=article.section)
    url = article.get_absolute_url()
    made, served = statements(client, url), statements(client, url)
    assert len([sql for sql in made if "articles_article" in sql]) > len(
        [sql for sql in served if "articles_article" in sql])


def test_a_comment_approved_featured_or_removed_shows_so_on_the_next_page_at_once(client, editor):
    article = ArticleFactory()
    url = article.get_absolute_url()
    CommentFactory(article=article, body="The first remark.")
    waiting = CommentFactory(article=article, body="A remark held for a moderator.", status="pending")
    assert "A remark held" not in client.get(url).content.decode()
    waiting.approve(by=editor)
    assert "A remark held" in client.get(url).content.decode()
    waiting.feature(by=editor)
    assert "Editor’s pick" in client.get(url).content.decode()
    waiting.remove(by=editor)
    page = client.get(url).content.decode()
    assert "A remark held" not in page and "The first remark." in page


def test_a_readers_own_waiting_comment_is_never_kept_for_others(client):
    article = ArticleFactory()
    CommentFactory(article=article, body="The first remark.")
    own = CommentFactory(article=article, body="My own remark, waiting.", status="pending")
    from website.comment_section import _thread_page

    assert own in _thread_page(article, 1, "oldest", pending_ids=[own.pk])
    assert own not in _thread_page(article, 1, "oldest", pending_ids=())
