"""What the logs say: refusals and moderation with their reasons, and never a reader's address
or a secret, whoever writes the record."""

import io
import logging

import pytest

from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, comment_post, form_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(monkeypatch):
    """What the site's configured console handler writes, as text."""
    handler = next(h for h in logging.getLogger().handlers if any(
        type(f).__name__ == "MaskPrivateData" for f in h.filters))
    stream = io.StringIO()
    monkeypatch.setattr(handler, "stream", stream)
    return stream


def test_a_refused_comment_is_logged_with_its_reason_and_without_the_address(client, log):
    article = ArticleFactory()
    client.post(f"/comments/post/{article.pk}/",
                comment_post(article, author_email="jo.reader@example.org", token=form_token(article, 0.1)))
    written = log.getvalue()
    assert f"comment refused on article {article.pk}: token" in written
    assert "jo.reader@example.org" not in written


def test_moderation_is_logged_with_who_did_it(client, log, editor):
    comment = CommentFactory(status=Comment.Status.PENDING, author_email="sam@example.org")
    client.force_login(editor)
    client.post(f"/admin/comments/comment/{comment.pk}/moderate/spam/")
    assert f"comment {comment.pk} on article {comment.article_id} spam by editor" in log.getvalue()
    assert "sam@example.org" not in log.getvalue()


def test_any_record_loses_addresses_even_from_other_code(client, log):
    client.get("/comments/by/jo.reader@example.org/")  # Django logs the path of a 404
    logging.getLogger("some.library").info("sent to %s and <Ann.Other+news@mail.example.co.uk>",
                                           "jo.reader@example.org")
    written = log.getvalue()
    assert "Not Found: /comments/by/[email address]/" in written
    assert "@" not in written.replace("[email address]", "")


def test_tracebacks_lose_addresses_too(log):
    try:
        raise ValueError("no such reader: jo.reader@example.org")
    except ValueError:
        logging.getLogger("newsroom.comments").exception("could not send")
    written = log.getvalue()
    assert "ValueError: no such reader: [email address]" in written
    assert "jo.reader@example.org" not in written


def test_secrets_never_reach_the_log(log, settings):
    logging.getLogger("newsroom").warning("connecting with %s to postgres://news:hunter2secret@db/news",
                                          settings.SECRET_KEY)
    written = log.getvalue()
    assert settings.SECRET_KEY not in written
    assert "hunter2secret" not in written
    assert "postgres://news:[secret]@db/news" in written


def test_a_search_for_an_address_leaves_the_rest_of_the_request_line(log):
    logging.getLogger("gunicorn.access").info('"GET /search/?q=jo.reader@example.org&page=2 HTTP/1.1" 200')
    assert '"GET /search/?q=[email address]&page=2 HTTP/1.1" 200' in log.getvalue()


def test_gunicorn_logs_go_through_the_same_filter():
    from gunicorn.config import Config

    from operations.log_privacy import GunicornLogger, MaskPrivateData

    logger = GunicornLogger(Config())
    assert logger.error_log.handlers
    for log in (logger.access_log, logger.error_log):
        assert all(any(isinstance(f, MaskPrivateData) for f in h.filters) for h in log.handlers)
