"""An embargoed article shows nowhere in public until its embargo ends, whatever its status, and
cannot be scheduled before it."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from tests.admin_forms import article_form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HEADLINE = "Minister resigns over harbour deal"


@pytest.fixture
def embargoed(article):
    """Published an hour ago, but under embargo for two more hours; it shares `article`'s section and tag."""
    return ArticleFactory(headline=HEADLINE, section=article.section, tags=article.tags.all(),
                          standfirst="A resignation letter seen by the newsroom.",
                          embargo_until=timezone.now() + timedelta(hours=2))


def public_places(article, embargoed):
    """Every public place an article may show: pages, lists, feeds, sitemaps, search."""
    return {
        "its page": embargoed.get_absolute_url(),
        "home": "/",
        "section": article.section.get_absolute_url(),
        "tag": f"/tag/{article.tag_list[0]['slug']}/",
        "archive": f"/{embargoed.publish_at.year}/",
        "rss": "/feeds/rss/",
        "atom": "/feeds/atom/",
        "section feed": f"{article.section.get_absolute_url()}rss/",
        "sitemap": "/sitemap-articles.xml",
        "news sitemap": "/news-sitemap.xml",
        "search": "/search/?q=minister+resigns",
        "another article's page and JSON-LD": article.get_absolute_url(),
    }


def json_ld(html):
    return [json.loads(block) for block in
            re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)]


def test_embargoed_article_is_nowhere_in_public_until_the_embargo_ends(article, embargoed, clock):
    places = public_places(article, embargoed)
    for name, url in places.items():
        response = Client().get(url)
        assert HEADLINE not in response.content.decode(), name
        assert embargoed.slug not in response.content.decode(), name
    assert Client().get(embargoed.get_absolute_url()).status_code == 404

    clock.advance(hours=2, seconds=1)
    for name, url in places.items():
        if name != "another article's page and JSON-LD":  # the rail may prefer other stories
            assert embargoed.slug in Client().get(url).content.decode(), name
    page = Client().get(embargoed.get_absolute_url()).content.decode()
    assert {"@type": "NewsArticle", "headline": HEADLINE}.items() <= json_ld(page)[0].items()


def test_embargo_ends_on_cached_pages_without_any_job(settings, article, embargoed, clock):
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 24 * 3600  # the embargo's end, not the entry's age, ends it
    urls = ["/", article.section.get_absolute_url(), "/feeds/rss/"]
    for url in urls:
        assert HEADLINE not in Client().get(url).content.decode()
        assert Client().get(url)["X-Page-Cache"] == "hit", "kept until the embargo ends"
    clock.advance(hours=2, seconds=1)
    for url in urls:
        assert HEADLINE in Client().get(url).content.decode(), url


def test_an_embargo_set_on_a_public_article_takes_it_down_at_once(settings, article, clock):
    settings.NEWSROOM_PAGE_CACHE = True
    url = article.get_absolute_url()
    assert Client().get(url).status_code == 200
    assert "Bridge reopens" in Client().get("/").content.decode()
    article.embargo_until = timezone.now() + timedelta(hours=1)
    article.save()
    assert Client().get(url).status_code == 404
    assert "Bridge reopens" not in Client().get("/").content.decode()


def test_scheduling_before_the_embargo_is_refused_and_nothing_typed_is_lost(client, editor, section):
    client.force_login(editor)
    embargo = timezone.localtime() + timedelta(days=1)
    data = article_form_data(section, headline="Budget leaks", slug="budget-leaks", status="published",
                             standfirst="Words the editor typed",
                             embargo_until_0=embargo.strftime("%Y-%m-%d"),
                             embargo_until_1=embargo.strftime("%H:%M:%S"))
    response = client.post("/admin/articles/article/add/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The embargo runs until" in page
    assert "schedule the article for then or later" in page
    assert "Words the editor typed" in page and 'value="Budget leaks"' in page
    assert not Article.objects.exists()

    later = embargo + timedelta(minutes=30)
    data.update(publish_at_0=later.strftime("%Y-%m-%d"), publish_at_1=later.strftime("%H:%M:%S"))
    assert client.post("/admin/articles/article/add/", data).status_code == 302
    assert Article.objects.get().is_scheduled


def test_publishing_an_embargoed_draft_schedules_it_for_the_embargo_end(section):
    end = timezone.now() + timedelta(hours=3)
    draft = ArticleFactory(section=section, status=Article.Status.DRAFT, embargo_until=end)
    draft.publish()
    assert draft.publish_at == end
    assert draft.is_scheduled and not draft.is_published
    assert list(Article.objects.next_publish_times(5)) == [end]
