import pytest

pytestmark = pytest.mark.django_db


def test_robots_txt_names_the_sitemaps_and_keeps_crawlers_out_of_search_and_previews(client):
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots
    assert "Disallow: /search/" in robots
    assert "Disallow: /preview/" in robots
    assert "Disallow: /admin/" in robots


def test_robots_txt_does_not_reveal_a_custom_admin_path(client, settings):
    settings.NEWSROOM_ADMIN_PATH = "newsdesk-7f3a/"
    robots = client.get("/robots.txt").content.decode()
    assert "admin" not in robots and "newsdesk" not in robots
