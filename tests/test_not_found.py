"""The production "not found" page: the site's own header, with its sections and search."""

import lxml.html
import pytest
from django.db import OperationalError, connection
from django.http import Http404
from django.test import RequestFactory

from newsroom.errors import page_not_found
from tests.factories import SectionFactory

pytestmark = pytest.mark.django_db


def header(page):
    html = lxml.html.fromstring(page.content.decode())
    return {
        "sections": [link.text_content() for link in html.xpath("//header//nav[@aria-label='Sections']//a")],
        "search": html.xpath("//header//form[@role='search']/@action"),
    }


def test_not_found_page_has_the_section_navigation_and_search_of_every_page(client):
    SectionFactory(name="Politics", slug="politics")
    SectionFactory(name="Sport", slug="sport")
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert header(response) == header(client.get("/")) == {
        "sections": ["Politics", "Sport"], "search": ["/search/"]}


def test_a_missing_article_shows_the_same_header(client):
    SectionFactory(name="Politics", slug="politics")
    response = client.get("/2024/5/1/no-such-story/")
    assert response.status_code == 404
    assert header(response)["sections"] == ["Politics"]


def test_not_found_page_is_never_served_from_the_page_cache(client, settings):
    settings.NEWSROOM_PAGE_CACHE = True
    SectionFactory(name="Politics", slug="politics")
    assert header(client.get("/no/such/page/"))["sections"] == ["Politics"]
    SectionFactory(name="Science", slug="science")
    again = client.get("/no/such/page/")
    assert header(again)["sections"] == ["Politics", "Science"]
    assert "ETag" not in again


def test_not_found_page_without_a_database_is_a_plain_page_with_search():
    def broken(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    with pytest.MonkeyPatch.context() as database_down:  # up again before the test's cache is cleared
        database_down.setattr(connection, "cursor", broken)
        database_down.setattr(connection, "chunked_cursor", broken)
        response = page_not_found(RequestFactory().get("/no/such/page/"), Http404())
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert header(response) == {"sections": [], "search": ["/search/"]}
