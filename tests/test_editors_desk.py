"""What an editor notices around the article form: the admin carries the newsroom's name, a draft's
preview does not claim it is published, and the list shows a headline in full with its byline."""

from datetime import timedelta

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def story_meta(response):
    """The line under the byline that says when the story was (or will be) published."""
    meta = lxml.html.fromstring(response.content.decode()).xpath("//article//header//p[@class='meta']")[0]
    return " ".join(meta.text_content().split())


def test_the_admin_carries_the_newsrooms_name(client, editor, settings):
    client.force_login(editor)
    page = lxml.html.fromstring(client.get("/admin/").content.decode())
    assert page.findtext(".//title").startswith("Newsroom |")
    assert page.get_element_by_id("site-name").text_content().strip() == settings.NEWSROOM_SITE_NAME
    assert "Django administration" not in lxml.html.tostring(page, encoding="unicode")


def test_a_drafts_preview_says_it_is_not_published(client, editor):
    client.force_login(editor)
    draft = ArticleFactory(status="draft", headline="Pier plans")
    assert story_meta(client.get(f"/preview/{draft.pk}/")) == "Draft — not published"


def test_a_scheduled_storys_preview_says_when_it_will_be_published(client, editor):
    client.force_login(editor)
    when = timezone.now() + timedelta(days=2)
    scheduled = ArticleFactory(status="published", publish_at=when)
    meta = story_meta(client.get(f"/preview/{scheduled.pk}/"))
    assert meta == f"Scheduled — not published until {timezone.localtime(when):%-d %B %Y, %H:%M}"


def test_a_published_story_still_says_when_it_was_published(client, article):
    meta = story_meta(client.get(article.get_absolute_url()))
    assert meta.startswith(f"Published {timezone.localtime(article.publish_at):%-d %B %Y, %H:%M}")


def test_the_article_list_shows_each_headline_with_its_section_and_byline(client, editor, section):
    client.force_login(editor)
    ArticleFactory(headline="Ferry timetable doubles", section=section,
                   authors=[AuthorFactory(name="Ada Lovelace")])
    page = lxml.html.fromstring(client.get("/admin/articles/article/").content.decode())
    headline_cell = page.xpath("//*[@id='result_list']//*[contains(@class, 'field-title')]")[0]
    assert headline_cell.xpath(".//a/text()")[0] == "Ferry timetable doubles"
    byline = headline_cell.xpath(".//*[@class='article-list-byline']")[0]
    assert byline.text_content() == "Harbour · Ada Lovelace"
    headers = [th.text_content().strip() for th in page.xpath("//*[@id='result_list']/thead//th")]
    assert headers[1:4] == ["Headline", "Status", "Publish time"]


def test_the_article_list_runs_the_same_queries_however_many_articles(client, editor, section):
    client.force_login(editor)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/articles/article/").status_code == 200
        return len(queries)

    ArticleFactory(section=section, authors=[AuthorFactory()])
    few = count()
    for _ in range(30):
        ArticleFactory(section=section, authors=[AuthorFactory(), AuthorFactory()])
    assert count() == few
