"""The anti-spam rules hold on shared, cached pages and against other sites, and write nothing
before a post has earned it."""

import re

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client

from comments.models import Comment
from tests.factories import CommentFactory, comment_post, form_token

pytestmark = pytest.mark.django_db

CONFIRM = "Nearly there: check your comment"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True


def post_url(article):
    return f"/comments/post/{article.pk}/"


def token_on_page(html):
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def test_thirty_honeypot_posts_without_a_token_store_nothing(article):
    bot = Client()
    for _ in range(30):
        response = bot.post(post_url(article), comment_post(article, token="", homepage="http://spam.example"))
        assert response.status_code == 400
    assert not Comment.objects.exists()


def test_a_honeypot_post_over_the_rate_limit_stores_nothing(article, settings):
    settings.NEWSROOM_COMMENT_RATE = "2/10m"
    bot = Client()
    for number in range(5):
        bot.post(post_url(article), comment_post(article, body=f"Buy now {number}", homepage="x"))
    assert Comment.objects.filter(status=Comment.Status.SPAM).count() == 2


def test_the_minimum_time_counts_from_when_the_reader_opened_a_cached_page(article, clock, settings):
    settings.NEWSROOM_COMMENT_MIN_SECONDS = 5
    cached_token = token_on_page(Client().get(article.get_absolute_url()).content.decode())
    clock.advance(minutes=30)  # the page has sat in the cache for half an hour
    reader = Client()
    assert token_on_page(reader.get(article.get_absolute_url()).content.decode()) == cached_token

    confirm = reader.post(post_url(article), comment_post(article, token=cached_token))
    assert confirm.status_code == 200 and not Comment.objects.exists()
    page = confirm.content.decode()
    assert CONFIRM in page and "I was there and it was just as described." in page
    assert set(confirm["Cache-Control"].split(", ")) == {"private", "no-store"}

    own_token = token_on_page(page)
    too_quick = reader.post(post_url(article), comment_post(article, token=own_token))
    assert too_quick.status_code == 400 and "Please take a moment" in too_quick.content.decode()
    clock.advance(seconds=6)
    own_token = token_on_page(too_quick.content.decode())
    sent = reader.post(post_url(article), comment_post(article, token=own_token))
    assert sent.status_code == 302
    assert Comment.objects.count() == 1


def test_the_page_script_gets_a_token_timed_from_now(article, clock, settings):
    settings.NEWSROOM_COMMENT_MIN_SECONDS = 5
    reader = Client()
    reader.get(article.get_absolute_url())
    token = reader.get(f"/comments/reader/{article.pk}/").json()["token"]
    clock.advance(seconds=1)
    assert reader.post(post_url(article), comment_post(article, token=token)).status_code == 400
    clock.advance(seconds=5)
    assert reader.post(post_url(article), comment_post(article, token=token)).status_code == 302


def test_a_reader_without_cookies_can_comment_twice_from_the_same_cached_page(article, clock):
    cached_token = token_on_page(Client().get(article.get_absolute_url()).content.decode())
    for body in ("First thought on the bridge.", "Second thought, a day later."):
        private_window = Client()
        confirm = private_window.post(post_url(article), comment_post(article, token=cached_token, body=body))
        clock.advance(seconds=10)
        response = private_window.post(
            post_url(article), comment_post(article, token=token_on_page(confirm.content.decode()), body=body)
        )
        assert response.status_code == 302, response.content.decode()[:300]
    assert Comment.objects.count() == 2


@pytest.mark.parametrize("headers", [
    {"HTTP_ORIGIN": "https://evil.example"},
    {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"},
    {"HTTP_SEC_FETCH_SITE": "cross-site"},
    {"HTTP_REFERER": "https://evil.example/page.html"},
    {"HTTP_ORIGIN": "null"},
])
def test_another_site_cannot_post_for_a_reader_or_plant_their_details(article, headers):
    response = Client().post(post_url(article), comment_post(article, remember="on"), **headers)
    assert response.status_code == 403
    assert "sent from another website" in response.content.decode()
    assert "newsroom_commenter" not in response.cookies
    assert not Comment.objects.exists()


def test_a_post_from_the_site_itself_is_accepted(article):
    response = Client().post(post_url(article), comment_post(article), HTTP_ORIGIN="http://testserver",
                             HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 302
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("again", [
    "Great  news for the town.",
    "Great news for the town. ",
    "great news\nfor the town.",
    "Great\u00a0news for the town.",
])
def test_a_duplicate_with_other_spacing_or_capitals_is_still_a_duplicate(article, again):
    CommentFactory(article=article, author_email="jo.reader@example.org", body="Great news for the town.")
    response = Client().post(post_url(article), comment_post(article, body=again))
    assert response.status_code == 400
    assert "Duplicate comment detected" in response.content.decode()


def test_page_churn_cannot_evict_the_rate_limit_or_a_used_token(article, settings):
    settings.NEWSROOM_COMMENT_RATE = "1/10m"
    settings.CACHES = {**settings.CACHES, "default": {
        **settings.CACHES["default"], "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "newsroom_cache", "OPTIONS": {"MAX_ENTRIES": 20, "CULL_FREQUENCY": 1},
    }}
    call_command("createcachetable")  # with Redis as the cache (CI's second run) it has no table yet
    token = form_token(article)
    reader = Client()
    assert reader.post(post_url(article), comment_post(article, token=token)).status_code == 302
    assert reader.post(post_url(article), comment_post(article, body="Again")).status_code == 429
    for number in range(60):  # unique addresses fill the page cache past its limit
        Client().get(f"/search/?q=bridge{number}")
    assert reader.post(post_url(article), comment_post(article, body="And again")).status_code == 429
    settings.NEWSROOM_COMMENT_RATE = "off"
    replay = reader.post(post_url(article), comment_post(article, token=token, body="A new thought"))
    assert replay.status_code == 400 and "already been used" in replay.content.decode()
    assert Comment.objects.count() == 1
    assert caches["limits"] is not caches["default"]
