import pytest
from django.utils import timezone

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_article_url_carries_its_publication_date_and_slug():
    article = ArticleFactory(slug="bridge-reopens")
    local = timezone.localtime(article.publish_at)
    assert article.get_absolute_url() == f"/{local.year}/{local.month}/{local.day}/bridge-reopens/"


def test_changed_slug_redirects_permanently_from_the_old_address(client):
    article = ArticleFactory(slug="first-slug", headline="Bridge reopens")
    old_url = article.get_absolute_url()
    article.slug = "better-slug"
    article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert "Bridge reopens" in client.get(response["Location"]).content.decode()


def test_slug_changed_back_serves_the_article_rather_than_a_redirect_loop(client):
    article = ArticleFactory(slug="one")
    article.slug = "two"
    article.save()
    article.slug = "one"
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_wrong_date_in_the_url_redirects_to_the_right_one(client):
    article = ArticleFactory(slug="dated-story")
    response = client.get("/2001/1/1/dated-story/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_page_past_the_end_of_a_listing_is_not_found(client):
    article = ArticleFactory()
    section_url = article.section.get_absolute_url()
    assert client.get(section_url).status_code == 200
    assert client.get(section_url, {"page": 2}).status_code == 404
    assert client.get(section_url, {"page": "abc"}).status_code == 404


def test_unknown_address_shows_the_styled_not_found_page(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("path", ["/search/?q=bridge&", "/section/harbour/?", "/tag/floods/?", "/author/jo/?",
                                  "/2024/?", "/2024/5/?"])
@pytest.mark.parametrize("page", ["99999999999999999999", "9223372036854775808", "1000001"])
def test_a_page_number_past_any_archive_is_not_found_rather_than_an_error(client, path, page):
    from tests.factories import AuthorFactory, SectionFactory, TagFactory

    article = ArticleFactory(headline="Bridge reopens", section=SectionFactory(slug="harbour"),
                             authors=[AuthorFactory(slug="jo")], tags=[TagFactory(slug="floods")],
                             publish_at=timezone.make_aware(timezone.datetime(2024, 5, 2, 12)))
    assert article.is_published
    response = client.get(f"{path}page={page}")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode() or "not found" in response.content.decode().lower()
