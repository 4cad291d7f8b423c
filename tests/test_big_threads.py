"""Threads of any size: an article with 5,000 comments is served a page of threads at a time."""

import gzip
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.archive import thread_as_readers_do
from comments.models import Comment, render_plain_text
from tests.factories import ArticleFactory, comment_post

pytestmark = pytest.mark.django_db

PER_PAGE = 50


@pytest.fixture(autouse=True)
def pages_of_fifty(settings):
    settings.NEWSROOM_COMMENT_THREADS_PER_PAGE = PER_PAGE
    settings.NEWSROOM_PAGE_CACHE = False


def conversation(article, count, threads_every=3):
    """`count` approved comments: every `threads_every`-th one starts a thread, the others answer
    the newest thread (a reply to a reply now and then), oldest first."""
    start = timezone.now() - timedelta(days=2)
    rows = []
    for n in range(count):
        body = f"Remark number {n} on the harbour plans, with a few more words to read."
        fields = {"article": article, "author_name": f"Reader {n}", "author_email": f"r{n}@example.org",
                  "body": body, "body_html": render_plain_text(body), "status": "approved",
                  "created_at": start + timedelta(seconds=n)}
        rows.append(Comment(**fields))
    Comment.objects.bulk_create(rows)
    return thread_as_readers_do(article, threads_every)


def queries_and_page(url):
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT_ENCODING="identity")
    assert response.status_code == 200, url
    return len(queries), response.content.decode()


@pytest.fixture(scope="module")
def big_conversation(django_db_setup, django_db_blocker):
    """Made once for this module (it takes seconds), in a transaction rolled back at its end;
    each test runs inside it and rolls back its own changes."""
    with django_db_blocker.unblock(), transaction.atomic():
        article = ArticleFactory(headline="Harbour plans: your views")
        small = ArticleFactory(headline="A quiet story")
        made = article, conversation(article, 5000), small, conversation(small, 50)
        with connection.cursor() as cursor:  # the planner's statistics, as a site that runs has them
            cursor.execute("ANALYZE")
        yield made
        transaction.set_rollback(True)


@pytest.fixture
def big(big_conversation, db):
    return big_conversation[:2]


@pytest.fixture
def small(big_conversation, db):
    return big_conversation[2]


def test_a_big_conversation_is_served_fifty_threads_a_page_with_a_count_of_all(big):
    article, comments = big
    _, page = queries_and_page(article.get_absolute_url())
    assert "5000 comments" in page
    threads = [c for c in comments if c.parent_id is None]
    shown = re.findall(r'<li id="comment-(\d+)"', page)
    first_threads = {c.pk for c in threads[:PER_PAGE]}
    assert first_threads <= {int(pk) for pk in shown}
    assert str(threads[PER_PAGE].pk) not in shown
    pages = -(-len(threads) // PER_PAGE)
    assert f"Comments page 1 of {pages}" in page and 'href="?page=2#comments"' in page
    _, last = queries_and_page(f"{article.get_absolute_url()}?page={pages}")
    assert f'id="comment-{threads[-1].pk}"' in last and 'href="?page=2#comments"' not in last
    assert Client().get(f"{article.get_absolute_url()}?page={pages + 1}").status_code == 404
    assert Client().get(f"{article.get_absolute_url()}?page=x").status_code == 404


def test_a_big_conversation_costs_the_queries_of_a_small_one_and_stays_light(big, small):
    article, _ = big
    small_queries, _ = queries_and_page(small.get_absolute_url())
    for url in (article.get_absolute_url(), f"{article.get_absolute_url()}?page=17",
                f"{article.get_absolute_url()}?sort=newest", f"{article.get_absolute_url()}?sort=picks"):
        queries, page = queries_and_page(url)
        assert queries == small_queries, url
        assert len(gzip.compress(page.encode())) < 40_000, url


def test_threads_sort_by_oldest_newest_or_picks(big, editor):
    article, comments = big
    threads = [c for c in comments if c.parent_id is None]
    picked = threads[700]
    picked.feature(by=editor)
    _, newest = queries_and_page(f"{article.get_absolute_url()}?sort=newest")
    assert newest.index(f'id="comment-{threads[-1].pk}"') < newest.index(f'id="comment-{threads[-2].pk}"')
    assert f'id="comment-{threads[0].pk}"' not in newest
    _, picks = queries_and_page(f"{article.get_absolute_url()}?sort=picks")
    listed = re.findall(r'<li id="comment-(\d+)"', picks)
    assert listed[0] == str(picked.pk)
    assert 'href="?page=2&amp;sort=picks#comments"' in picks
    assert f'href="?page=1&amp;sort=picks&amp;replyto={picked.pk}#respond"' not in picks
    assert f'href="?sort=picks&amp;replyto={picked.pk}#respond"' in picks


def test_a_comments_own_link_lands_on_the_page_that_shows_it(big):
    article, comments = big
    threads = [c for c in comments if c.parent_id is None]
    on_page_7 = next(c for c in comments if c.parent_id == threads[6 * PER_PAGE + 3].pk)
    response = Client().get(on_page_7.get_absolute_url())
    assert response["Location"] == f"{article.get_absolute_url()}?page=7#comment-{on_page_7.pk}"
    _, page = queries_and_page(response["Location"].split("#")[0])
    assert f'id="comment-{on_page_7.pk}"' in page


def test_a_link_from_a_notice_lands_on_page_7_at_that_comment(big, editor,
                                                              django_capture_on_commit_callbacks):
    article, comments = big
    threads = [c for c in comments if c.parent_id is None]
    parent = threads[6 * PER_PAGE + 10]
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(f"/comments/post/{article.pk}/", comment_post(
            article, parent=str(parent.pk), body="See http://a.example and http://b.example"))
    held = Comment.objects.get(parent=parent, status="pending")
    [notice] = mail.outbox
    approve = re.search(r"Approve: https?://[^/]+(/\S+)", notice.body).group(1)
    confirmation = Client()
    done = confirmation.post(approve).content.decode()
    permalink = re.search(r'<a href="([^"]+)">the article page</a>', done).group(1)
    landing = confirmation.get(permalink)
    assert landing["Location"] == f"{article.get_absolute_url()}?page=7#comment-{held.pk}"
    _, page = queries_and_page(landing["Location"].split("#")[0])
    assert f'id="comment-{held.pk}"' in page and "http://a.example" in page


def test_pages_of_a_big_conversation_pass_the_html_checker(big, tmp_path):
    import shutil

    from tests.test_html_validity import VNU_JAR, described, run_vnu, unavailable

    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        unavailable("no Java or vnu.jar for the Nu HTML checker")
    article, _ = big
    pages = {url: queries_and_page(url)[1] for url in (
        article.get_absolute_url(), f"{article.get_absolute_url()}?page=7&sort=picks")}
    for url, messages in run_vnu(java, pages, tmp_path).items():
        problems = [m for m in messages if m["type"] != "info" or m.get("subType") == "warning"]
        assert not problems, f"{url}: the Nu HTML checker found\n{described(problems)}"
