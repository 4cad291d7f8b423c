"""The site under faults: a database that is down or locked, a cache out of reach, a crash
half-way through a post. Nothing is lost or half-stored, and readers see a page, not a traceback."""

import json

import pytest
from django.db import OperationalError, connection
from django.test import Client

from comments.models import Comment
from tests.factories import ArticleFactory, comment_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down():
    """Every query fails, as when PostgreSQL is down or SQLite stays locked past its timeout."""
    patches = pytest.MonkeyPatch()  # undone before the test's cache and database are cleaned

    def fail(message="connection to server at \"db\" (10.0.0.5), port 5432 failed: Connection refused"):
        def broken(*args, **kwargs):
            raise OperationalError(message)

        patches.setattr(connection, "cursor", broken)
        patches.setattr(connection, "chunked_cursor", broken)

    yield fail
    patches.undo()


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("message", ["Connection refused", "database is locked"])
def test_a_database_that_is_down_or_locked_gives_a_styled_page_asking_to_come_back(
    browser, database_down, message
):
    article = ArticleFactory()
    database_down(message)
    for path in ["/", article.get_absolute_url(), f"/comments/reader/{article.pk}/"]:
        response = browser.get(path)
        page = response.content.decode()
        assert response.status_code == 503, path
        assert response["Retry-After"] == "30"
        assert "Back in a moment" in page
        assert "css/site.css" in page
        assert "Traceback" not in page and message not in page
        assert "default-src 'self'" in response["Content-Security-Policy"]


def test_a_comment_posted_while_the_database_is_down_asks_to_send_it_again(browser, database_down):
    article = ArticleFactory()
    database_down()
    response = browser.post(f"/comments/post/{article.pk}/", comment_post(article))
    assert response.status_code == 503
    assert "send it again" in response.content.decode()


def test_a_bug_still_gives_the_plain_error_page(browser, monkeypatch):
    def bug(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr("website.views.Article.objects.published", bug)
    response = browser.get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_health_check_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert client.get("/healthz").status_code == 200  # still asked for real, never from a cache


def test_health_check_fails_when_the_database_is_down(client, database_down):
    database_down()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unavailable"


def test_health_check_fails_when_the_cache_is_unreachable(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("cache server went away")

    monkeypatch.setattr("operations.health.cache.set", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable", "database": "ok", "cache": "unavailable"}


@pytest.mark.django_db(transaction=True)
def test_a_crash_after_the_insert_leaves_no_half_stored_comment(browser, monkeypatch):
    article = ArticleFactory()

    def crash(*args, **kwargs):
        raise RuntimeError("the process died half-way")

    monkeypatch.setattr("comments.posting.transaction.on_commit", crash)
    response = browser.post(f"/comments/post/{article.pk}/", comment_post(article))
    assert response.status_code == 500
    assert not Comment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_failure_after_the_comment_is_stored_never_fails_the_post(client, monkeypatch):
    article = ArticleFactory()

    def broken(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("comments.notifications.moderator_addresses", broken)
    response = client.post(f"/comments/post/{article.pk}/", comment_post(article))
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert "just as described" in client.get(response["Location"]).content.decode()
    assert comment.status == Comment.Status.PENDING


def test_health_check_answers_a_probe_that_names_the_server_by_its_address(client):
    response = client.get("/healthz", HTTP_HOST="10.0.0.12:8000")
    assert response.status_code == 200
