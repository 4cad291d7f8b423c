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
    assert "Not Found: [email address]/" in written  # decoded, its "/" may be the address's own
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


# One address as the admin's search, a form or a crawler may put it in a URL: "+" for a space,
# percent-encoded once or twice, hex in either case, "&" and "/" in the address itself.
ENCODED_ADDRESSES = [
    "name%2Btag%40example.com",
    "name%2btag%40EXAMPLE%2ecom",
    "name%252Btag%252540example.com",
    "name+tag%40example.com",
    "name%26tag%40example.com",
    "name%2Ftag%40example.com",
    "name%2Ftag%2540example%252Ecom",
    "Name.Tag%40%C3%89xample.com",
]


def access_log_line(raw_uri, referer):
    """What `make serve`'s gunicorn writes for one request."""
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config

    from operations.log_privacy import GunicornLogger

    config = Config()
    config.set("accesslog", "-")
    logger = GunicornLogger(config)
    stream = io.StringIO()
    for handler in logger.access_log.handlers:
        handler.stream = stream
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": raw_uri, "SERVER_PROTOCOL": "HTTP/1.1",
               "REMOTE_ADDR": "127.0.0.1", "HTTP_REFERER": referer, "HTTP_USER_AGENT": "Firefox",
               "PATH_INFO": raw_uri.partition("?")[0], "QUERY_STRING": raw_uri.partition("?")[2]}
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=5))
    return stream.getvalue()


def shows_any_of_the_address(text):
    return any(part in text.lower() for part in ("name", "tag", "xample"))


@pytest.mark.parametrize("address", ENCODED_ADDRESSES)
def test_an_address_searched_for_in_the_admin_is_masked_in_the_access_log(address):
    line = access_log_line(f"/admin/comments/comment/?q={address}&o=2",
                           f"http://127.0.0.1:8000/admin/comments/comment/?q={address}")
    assert '"GET /admin/comments/comment/?q=[email address]&o=2 HTTP/1.1" 200 1234' in line
    assert '"http://127.0.0.1:8000/admin/comments/comment/?q=[email address]"' in line
    assert not shows_any_of_the_address(line)


def test_the_access_log_keeps_the_path_before_an_address_in_it():
    line = access_log_line("/comments/by/name%2Ftag%40example.com/", "-")
    assert '"GET /comments/by/[email address]/ HTTP/1.1"' in line


@pytest.mark.parametrize("address", [*ENCODED_ADDRESSES, "name&tag@example.com", "name/tag@example.com"])
def test_an_address_in_any_encoding_is_masked_in_every_record(log, address):
    logging.getLogger("some.library").warning("fetched https://directory.test/find?who=%s&x=1 for %s",
                                              address, address)
    written = log.getvalue()
    assert "fetched https://directory.test/find?who=[email address]&x=1 for [email address]" in written
    assert not shows_any_of_the_address(written)


def test_masking_a_hostile_line_takes_no_longer_than_reading_it():
    """Every request line is masked: one crafted to make the patterns backtrack must not stall
    a worker (these took minutes each before)."""
    import time

    from operations.log_privacy import mask

    started = time.perf_counter()
    for hostile in ("a" * 50_000 + "://", "%25" * 20_000, "a." * 25_000 + "@", "a" * 50_000 + "@"):
        assert mask(hostile) == mask(hostile, url_encoded=True) == hostile
    assert time.perf_counter() - started < 1
