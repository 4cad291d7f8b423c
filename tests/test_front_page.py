"""The home page's news judgement: a lead, secondary stories, the rest, each story once."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.admin_forms import article_form_data
from tests.factories import ArticleFactory, CommentFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE = False


def news_listing(html):
    """The home page's stories, in page order, without the "most commented" rail (a ranking of
    stories shown elsewhere on the page, by design)."""
    main = html.split('<main', 1)[1].split('</main>', 1)[0]
    main = re.sub(r'<section class="rail-block most-commented".*?</section>', "", main, flags=re.S)
    return re.findall(r'<h[23][^>]*class="(?:lead-title|card-title)"[^>]*><a href="([^"]+)"', main)


def build_archive(sections=4, per_section=8):
    now = timezone.now()
    articles = []
    for s in range(sections):
        section = SectionFactory()
        for i in range(per_section):
            articles.append(ArticleFactory(section=section, publish_at=now - timedelta(hours=1 + i * 3 + s)))
    return articles


def test_no_story_appears_twice_on_the_home_page(client):
    articles = build_archive()
    articles[5].featured = True  # an older top story that is also among its section's newest
    articles[5].save()
    links = news_listing(client.get("/").content.decode())
    assert len(links) > 20
    assert len(links) == len(set(links)), [link for link in links if links.count(link) > 1]


def test_the_lead_and_the_order_of_top_stories_follow_the_admin(client, editor):
    articles = build_archive(sections=2, per_section=5)
    oldest = articles[-1]
    client.force_login(editor)
    for article, position in [(articles[3], "3"), (oldest, "1"), (articles[7], "2")]:
        data = article_form_data(article.section, headline=article.headline, slug=article.slug,
                                 status="published", featured="on", top_story_position=position,
                                 publish_at_0=timezone.localtime(article.publish_at).strftime("%Y-%m-%d"),
                                 publish_at_1=timezone.localtime(article.publish_at).strftime("%H:%M:%S"))
        response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
        assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    unnumbered = ArticleFactory(section=articles[0].section, featured=True,
                                publish_at=timezone.now() - timedelta(days=30))
    response = client.get("/")
    assert response.context["lead"] == oldest
    assert response.context["secondary"] == [articles[7], articles[3], unnumbered]
    links = news_listing(response.content.decode())
    assert links[:4] == [a.get_absolute_url() for a in (oldest, articles[7], articles[3], unnumbered)]


def test_without_top_stories_the_newest_lead(client):
    articles = build_archive(sections=2, per_section=3)
    newest = sorted(articles, key=lambda a: a.publish_at, reverse=True)
    response = client.get("/")
    assert [response.context["lead"], *response.context["secondary"]] == newest[:4]


def test_cards_show_how_many_approved_comments_a_story_has(client):
    talked_about, quiet = ArticleFactory(headline="Talked about"), ArticleFactory(headline="Quiet")
    for _ in range(3):
        CommentFactory(article=talked_about)
    CommentFactory(article=talked_about, status="pending")
    CommentFactory(article=quiet, status="pending")
    html = client.get("/").content.decode()
    assert f'href="{talked_about.get_absolute_url()}#comments">3 comments</a>' in html
    assert f'href="{quiet.get_absolute_url()}#comments"' not in html


def test_most_commented_this_week_ranks_the_last_seven_days_of_approved_comments(client):
    old_favourite, busy, busier = (ArticleFactory(headline=h) for h in ("Old favourite", "Busy", "Busier"))
    for _ in range(9):
        CommentFactory(article=old_favourite, created_at=timezone.now() - timedelta(days=8))
    for article, count in [(busy, 2), (busier, 4)]:
        for _ in range(count):
            CommentFactory(article=article)
    draft = ArticleFactory(headline="Unpublished", status=Article.Status.DRAFT)
    CommentFactory(article=draft)
    rail = client.get("/").content.decode().split('class="rail-block most-commented"', 1)[1]
    rail = rail.split("</section>", 1)[0]
    assert re.findall(r'<li><a href="[^"]+">([^<]+)</a>', rail) == ["Busier", "Busy"]
    assert "4 comments this week" in rail
