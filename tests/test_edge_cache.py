"""What the site tells edge caches (Varnish, a CDN) about its pages, and the purges it sends them."""

import http.server
import re
import threading
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import ArticleFactory, SectionFactory, UserFactory
from website import edge_cache, page_keys

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True


@pytest.fixture
def purges(settings, monkeypatch):
    """An edge cache that records the purges it is sent."""
    received = []

    class Edge(http.server.BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802 (the method's name)
            received.append({name: value for name, value in self.headers.items() if name.startswith("xkey")})
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Edge)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.NEWSROOM_EDGE_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
    settings.NEWSROOM_EDGE_CACHE_SECONDS = 600
    monkeypatch.setattr(edge_cache, "REPEAT_AFTER_SECONDS", 0.01)
    yield received
    server.shutdown()
    server.server_close()


def purged_keys(purge):
    return {name: set(keys.split()) for name, keys in purge.items()}


def test_an_edit_is_purged_softly_and_a_removal_at_once_only_after_the_commit(
        purges, django_capture_on_commit_callbacks):
    article = ArticleFactory()
    purges.clear()
    with django_capture_on_commit_callbacks() as committed:
        article.headline = "Bridge reopens to cyclists"
        article.save()
    assert purges == [], "nothing is purged before the change is committed"
    for callback in committed:
        callback()
    assert page_keys.card(article.pk) in purged_keys(purges[0])["xkey-soft"]
    assert "xkey" not in purges[0]

    threading.Event().wait(0.2)  # the purge is sent again a moment later
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    removal = purged_keys(purges[0])
    assert {page_keys.article(article.pk), page_keys.HOME} <= removal["xkey"]
    assert "xkey-soft" not in removal
    threading.Event().wait(0.2)
    assert purged_keys(purges[-1]) == removal, "sent again, for a copy the edge was fetching meanwhile"


def test_a_purge_that_fails_is_logged_and_the_change_is_saved(
        settings, caplog, monkeypatch, django_capture_on_commit_callbacks):
    settings.NEWSROOM_EDGE_PURGE_URLS = ["http://127.0.0.1:9/"]  # nothing listens there
    settings.NEWSROOM_EDGE_CACHE_SECONDS = 600
    monkeypatch.setattr(edge_cache, "REPEAT_AFTER_SECONDS", 0.01)
    article = ArticleFactory(headline="Bridge reopens")
    Client().get(article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        article.headline = "Bridge reopens to cyclists"
        article.save()
    assert "Bridge reopens to cyclists" in Client().get(article.get_absolute_url()).content.decode()
    threading.Event().wait(0.2)
    assert caplog.text.count("edge purge at http://127.0.0.1:9/ failed") == 2


def test_a_public_page_tells_the_edge_how_long_it_stays_true_and_what_it_shows(settings, purges):
    section = SectionFactory(slug="harbour")
    article = ArticleFactory(section=section)
    ArticleFactory(section=section, publish_at=timezone.now() + timedelta(seconds=90))  # scheduled
    url = article.get_absolute_url()
    for _ in range(2):  # made, then from the cache
        response = Client().get(url)
        assert re.fullmatch(r"public, max-age=0, s-maxage=(\d+)", response["Cache-Control"])
        assert 0 < int(response["Cache-Control"].rsplit("=", 1)[1]) <= 90
        shown = set(response["Surrogate-Key"].split())
        assert {page_keys.article(article.pk), page_keys.comments(article.pk), page_keys.NAV,
                page_keys.section_list("harbour")} <= shown

    settings.NEWSROOM_EDGE_KEY_HEADER = "Cache-Tag"  # Cloudflare's, comma-separated
    tags = Client().get(url)["Cache-Tag"].split(",")
    assert set(tags) == shown


def test_pages_made_for_one_reader_carry_no_keys_and_no_shared_lifetime(purges, client):
    article = ArticleFactory()
    user = UserFactory()
    user.save()
    client.force_login(user)
    response = client.get(article.get_absolute_url())
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert not response.has_header("Surrogate-Key")


def test_without_an_edge_that_is_purged_pages_are_asked_for_again_every_time():
    article = ArticleFactory()
    for _ in range(2):
        response = Client().get(article.get_absolute_url())
        assert response["Cache-Control"] == "no-cache"
        assert not response.has_header("Surrogate-Key")
