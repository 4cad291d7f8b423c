"""Hostile comment input: a corpus of known attacks, and Hypothesis for everything else.

Whatever arrives, the reader gets a page (never a 500), a refused post says why and keeps what
was typed, nothing stored contains a NUL (PostgreSQL refuses them), and what is stored is shown
as text, never as markup.
"""

import json
from contextlib import contextmanager
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, quote_from_bytes

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, comment_post, form_token

pytestmark = pytest.mark.django_db

CORPUS = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "attack_corpus.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]
PUBLISHED_REMARK = "A published remark, so that replies are possible."
TYPED_FIELDS = ["body", "author_name", "author_email", "author_url"]
ANSWERS = {302, 400, 403, 404, 405, 429}
SAFE_LINKS = ("http://", "https://", "mailto:", "/", "#", "?")
UNSAFE_TAGS = {"script", "img", "svg", "iframe", "object", "embed", "style", "link", "meta", "base",
               "math", "form", "input", "textarea"}
# Fast, but enough examples to find what the corpus does not; no example database on disk.
hostile = hypothesis_settings(
    max_examples=50, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def article(article, settings):
    """The shared story, with a published comment to reply to."""
    settings.NEWSROOM_COMMENT_RATE = "off"  # one test client sends hundreds of posts
    CommentFactory(article=article, body=PUBLISHED_REMARK)
    return article


def new_comments():
    return Comment.objects.exclude(body=PUBLISHED_REMARK)


@contextmanager
def rolled_back():
    """One Hypothesis example's database changes, undone before the next (pytest-django wraps
    the whole test in one transaction; each example gets a savepoint of its own)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


class CommentMarkup(HTMLParser):
    """The tags and attributes inside the page's comment list."""

    def __init__(self):
        super().__init__()
        self.open_lists, self.found = 0, []

    def handle_starttag(self, tag, attrs):
        if self.open_lists:
            self.found.append((tag, dict(attrs)))
        if tag == "ol" and (self.open_lists or ("class", "comment-list") in attrs):
            self.open_lists += 1

    def handle_endtag(self, tag):
        if tag == "ol" and self.open_lists:
            self.open_lists -= 1


def assert_shown_as_text(page):
    parser = CommentMarkup()
    parser.feed(page)
    for tag, attrs in parser.found:
        assert tag not in UNSAFE_TAGS, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src") and value:
                assert value.lstrip().lower().startswith(SAFE_LINKS), value


def assert_no_nul_stored():
    """Checked in Python: a NUL in a query is itself refused by PostgreSQL and cut short by SQLite."""
    for comment in Comment.objects.all():
        stored = [comment.body, comment.author_name, comment.author_email, comment.author_url,
                  comment.user_agent]
        assert not any("\x00" in value for value in stored), comment.pk


def post(client, article, **fields):
    return client.post(f"/comments/post/{article.pk}/", comment_post(article, **fields))


def check_answer(client, article, response, typed):
    """What any post must lead to: a page, a clear message and the text kept, or a stored comment
    shown as text."""
    assert response.status_code in ANSWERS, response.status_code
    assert_no_nul_stored()
    if response.status_code == 302:
        assert_shown_as_text(client.get(article.get_absolute_url()).content.decode())
        return
    page = response.content.decode()
    if response.status_code in (400, 429):
        assert 'role="alert"' in page
        for field, value in typed.items():
            if value.strip():
                assert escape(value) in page, f"{field} was not kept"
        assert_shown_as_text(page)


@pytest.mark.parametrize("field", [*TYPED_FIELDS, "token", "parent"])
def test_known_attacks_in_every_field_get_a_page_never_an_error(client, article, field):
    for payload in CORPUS:
        with rolled_back():
            reader = Client()
            response = post(reader, article, **{field: payload}, body=f"Attack in {field}.")\
                if field != "body" else post(reader, article, body=payload)
            typed = {field: payload} if field in TYPED_FIELDS else {}
            check_answer(reader, article, response, typed)


@pytest.mark.parametrize("field", TYPED_FIELDS)
def test_a_megabyte_in_a_field_is_refused_with_a_message(client, article, field):
    response = post(client, article, **{field: "x" * 1_000_000})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not new_comments().exists()


def test_nul_bytes_never_reach_the_database_and_the_reader_is_told(client, article):
    response = post(client, article, body="Before\x00after", author_name="Jo\x00")
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    assert not new_comments().exists()


def test_line_breaks_in_the_name_never_reach_an_email_header(article, editor, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post(Client(), article, author_name="Mallory\r\nBcc: victim@evil.example\r\n\r\nHi")
    comment = new_comments().get()
    assert comment.author_name == "Mallory Bcc: victim@evil.example Hi"
    message = mailoutbox[0].message()
    assert message["Bcc"] is None and "victim" not in message.get("Subject", "")


def test_invalid_utf8_in_a_raw_body_gets_a_page_and_stores_replacement_characters(client, article):
    data = {**comment_post(article), "body": "ignored"}
    body = "&".join(f"{key}={quote(str(value))}" for key, value in data.items() if key != "body")
    body += "&body=" + quote_from_bytes(b"Caf\xe9 \xff\xfe half\xc3 done") + "&author_name=J%C0%AF"
    response = client.generic("POST", f"/comments/post/{article.pk}/", body,
                              content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    comment = new_comments().get()
    assert comment.body == "Caf\ufffd \ufffd\ufffd half\ufffd done"
    assert "\ufffd" in comment.author_name


def test_a_body_that_is_not_a_form_is_refused_with_a_message(client, article):
    response = client.post(f"/comments/post/{article.pk}/", {"body": "x"}, content_type="application/json")
    assert response.status_code == 400
    assert "Please correct the fields marked below." in response.content.decode()


@pytest.mark.parametrize("parent", ["abc", "1e3", "-1", "0x10", "\u0663", "\u00b2", "1; DROP TABLE x",
                                    "99999999999999999999999999", "9223372036854775808", "1.5"])
def test_a_parent_that_is_not_a_comment_number_is_refused_with_a_message(client, article, parent):
    response = post(client, article, parent=parent)
    page = response.content.decode()
    assert response.status_code == 400
    assert "You can only reply to a published comment" in page
    assert "I was there and it was just as described." in page
    assert not new_comments().exists()


@pytest.mark.parametrize("case", ["missing", "huge", "other article", "pending", "spam", "removed",
                                  "too deep"])
def test_a_reply_to_a_comment_that_cannot_take_one_is_refused(client, article, settings, case):
    settings.NEWSROOM_COMMENT_MAX_DEPTH = 2

    def too_deep():
        top = CommentFactory(article=article)
        return CommentFactory(article=article, parent=top).pk

    parents = {
        "too deep": too_deep,
        "missing": lambda: 987654321,
        "huge": lambda: 2**63 - 1,
        "other article": lambda: CommentFactory().pk,
        "pending": lambda: CommentFactory(article=article, status="pending").pk,
        "spam": lambda: CommentFactory(article=article, status="spam").pk,
        "removed": lambda: CommentFactory(article=article, status="removed").pk,
    }
    response = post(client, article, parent=parents[case]())
    assert response.status_code == 400
    assert "You can only reply to a published comment" in response.content.decode()
    assert not Comment.objects.filter(body__startswith="I was there").exists()


@pytest.mark.parametrize("path", ["/comments/post/99999999999999999999999/", "/comments/post/0/",
                                  "/comments/post/9223372036854775808/"])
def test_a_post_to_an_article_that_does_not_exist_is_not_found(client, article, path):
    assert client.post(path, comment_post(article)).status_code == 404


def test_a_post_to_a_scheduled_article_is_not_found(client):
    from datetime import timedelta

    from django.utils import timezone

    scheduled = ArticleFactory(publish_at=timezone.now() + timedelta(days=1))
    assert post(client, scheduled).status_code == 404
    assert not new_comments().exists()


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete", "head", "options"])
def test_any_other_method_is_refused_without_error(client, article, method):
    response = getattr(client, method)(f"/comments/post/{article.pk}/")
    assert response.status_code == 405


def test_a_replayed_form_keeps_the_text_and_offers_a_fresh_form(client, article):
    data = comment_post(article)
    assert client.post(f"/comments/post/{article.pk}/", data).status_code == 302
    response = client.post(f"/comments/post/{article.pk}/", {**data, "body": "And one more thing."})
    page = response.content.decode()
    assert response.status_code == 400
    assert "already been used" in page and "And one more thing." in page
    assert f'name="token" value="{data["token"]}"' not in page


def test_too_many_fields_is_a_bad_request_not_an_error(article):
    data = {**comment_post(article), **{f"extra{i}": "x" for i in range(1200)}}
    response = Client(raise_request_exception=False).post(f"/comments/post/{article.pk}/", data)
    assert response.status_code == 400
    assert not new_comments().exists()


any_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=300)
long_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=6000)
emailish = st.one_of(st.emails(), any_text, st.builds(lambda a, b: f"{a}@{b}", any_text, any_text))
numberish = st.one_of(st.just(""), st.integers().map(str), any_text)


@hostile
@given(body=long_text, name=any_text, email=emailish, url=any_text, parent=numberish, honeypot=st.just(""))
def test_any_input_gets_a_page_and_what_is_stored_shows_as_text(article, body, name, email, url, parent,
                                                               honeypot):
    with rolled_back():
        reader = Client()
        typed = {"body": body, "author_name": name, "author_email": email, "author_url": url}
        response = post(reader, article, parent=parent, homepage=honeypot, **typed)
        check_answer(reader, article, response, typed)


@hostile
@given(fields=st.dictionaries(st.sampled_from([*TYPED_FIELDS, "parent", "token", "homepage", "remember"]),
                              st.binary(max_size=400), max_size=9))
def test_any_raw_bytes_get_a_page(article, fields):
    data = {key: value for key, value in comment_post(article).items() if key not in fields}
    body = "&".join([f"{key}={quote(str(value))}" for key, value in data.items()]
                    + [f"{key}={quote_from_bytes(value)}" for key, value in fields.items()])
    with rolled_back():
        response = Client().generic("POST", f"/comments/post/{article.pk}/", body,
                                    content_type="application/x-www-form-urlencoded")
        assert response.status_code in ANSWERS
        assert_no_nul_stored()


@hostile
@given(reply_to=st.one_of(st.integers(), st.text(max_size=20)))
def test_any_reply_link_gets_the_article_page(client, article, reply_to):
    response = client.get(article.get_absolute_url(), {"replyto": reply_to})
    assert response.status_code == 200


def test_a_token_from_an_old_page_keeps_the_text_and_offers_a_fresh_form(client, article, settings):
    settings.NEWSROOM_COMMENT_TOKEN_MAX_AGE = 60
    response = post(client, article, token=form_token(article, 120))
    page = response.content.decode()
    assert response.status_code == 400
    assert "I was there and it was just as described." in page
    assert 'name="token" value="' in page


def test_known_attacks_in_a_reply_link_get_the_article_page(client, article):
    for payload in CORPUS:
        response = client.get(article.get_absolute_url(), {"replyto": payload})
        assert response.status_code == 200, payload


@pytest.mark.parametrize("forwarded", ["<script>", "1.2.3.4, not-an-address", "999.1.1.1", "\u0663.1.1.1",
                                       "' OR 1=1 --"])
def test_a_forged_forwarded_address_is_not_stored(client, article, settings, forwarded):
    settings.NEWSROOM_TRUST_X_FORWARDED_FOR = True
    response = client.post(f"/comments/post/{article.pk}/", comment_post(article),
                           HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    assert new_comments().get().ip_address == "10.1.2.3"
