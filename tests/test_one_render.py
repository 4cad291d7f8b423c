"""Many readers at once of a page that was just forgotten: it is made again once."""

import threading
import time
import urllib.request

import pytest
from django.db import connection

from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db(transaction=True)
READERS = 8


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    if connection.vendor == "sqlite":
        # The test database is SQLite in memory, shared by the live server's threads, whose tables
        # lock each other out (the site's own SQLite file, in WAL mode, does not): a cache in this
        # process stands in for the table. On PostgreSQL, CI's shared cache is Redis.
        settings.CACHES = {**settings.CACHES, "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "one-render"}}


@pytest.fixture
def renders(monkeypatch):
    """Each making of an article page, made slow enough that all the readers overlap it."""
    from website import views

    made = []
    render_article = views.render_article

    def slow_render_article(*args, **kwargs):
        made.append(time.monotonic())
        time.sleep(0.3)
        return render_article(*args, **kwargs)

    monkeypatch.setattr(views, "render_article", slow_render_article)
    return made


def read(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (the live server)
        return response.headers["X-Page-Cache"], response.read().decode()


def read_all_at_once(url):
    start = threading.Barrier(READERS)
    pages = [None] * READERS

    def reader(number):
        start.wait()
        pages[number] = read(url)

    threads = [threading.Thread(target=reader, args=(number,)) for number in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=15)
    return pages


def test_eight_readers_of_a_just_edited_article_make_its_page_once(live_server, renders):
    article = ArticleFactory(body="<p>The council met on Tuesday.</p>")
    url = live_server.url + article.get_absolute_url()
    read(url)
    article.body = "<p>The council met on Wednesday.</p>"
    article.save()
    renders.clear()

    pages = read_all_at_once(url)
    assert len(renders) == 1
    assert sorted(outcome for outcome, _ in pages).count("miss") == 1
    # Meanwhile the others had the page as it was a moment before, or the new one.
    assert all("met on Tuesday" in body or "met on Wednesday" in body for _, body in pages)
    assert "met on Wednesday" in read(url)[1]
    assert len(renders) == 1


def test_no_reader_sees_a_removed_comment_while_the_page_is_made_again(live_server, renders):
    article = ArticleFactory()
    comment = CommentFactory(article=article, status=Comment.Status.APPROVED, body="Rude words.")
    url = live_server.url + article.get_absolute_url()
    assert "Rude words." in read(url)[1]
    comment.remove()
    renders.clear()

    pages = read_all_at_once(url)
    assert [body for _, body in pages if "Rude words." in body] == []
    assert len(renders) == 1
    assert sorted(outcome for outcome, _ in pages).count("miss") == 1
