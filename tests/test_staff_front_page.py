"""The admin index is the newsroom's front page for staff: what waits for review, what goes out
today and tomorrow, what came out today, the comments waiting and the week's busiest stories,
each a link to its list."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def start_of_today():
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def desk_link(page, heading):
    """The address the heading `heading (N)` links to, and N."""
    found = re.search(rf'<a href="([^"]+)">{re.escape(heading)} \((\d+)\)</a>', page)
    assert found, f"no {heading} heading"
    return unescape(found[1]), int(found[2])


def listed_headlines(client, url):
    page = client.get(url).content.decode()
    return set(re.findall(r'<th class="field-title"><a [^>]+>([^<]+)<', page))


@pytest.fixture
def newsroom_day(section):
    """A day at the desk: two stories wait for review, one goes out later today, one tomorrow (held
    by an embargo), one came out this morning, one yesterday, and comments arrive."""
    now = timezone.now()
    start = start_of_today()
    hours_left_today = max((start + timedelta(days=1) - timezone.localtime()).total_seconds() / 3600, 0)
    waiting = Article.Status.REVIEW
    stories = {
        "waiting one": ArticleFactory(section=section, status=waiting, headline="Ferry strike vote"),
        "waiting two": ArticleFactory(section=section, status=waiting, headline="School roof repairs"),
        "tomorrow": ArticleFactory(section=section, headline="Harbour report embargoed",
                                   publish_at=start + timedelta(days=1, hours=9),
                                   embargo_until=start + timedelta(days=1, hours=9)),
        "this morning": ArticleFactory(section=section, headline="Market opens early",
                                       publish_at=max(start, now - timedelta(minutes=5))),
        "yesterday": ArticleFactory(section=section, headline="Old news",
                                    publish_at=start - timedelta(hours=3)),
        "draft": ArticleFactory(section=section, status=Article.Status.DRAFT, headline="Unfinished piece"),
    }
    if hours_left_today > 0.1:
        stories["later today"] = ArticleFactory(section=section, headline="Council vote result",
                                                publish_at=now + timedelta(hours=hours_left_today / 2))
    for _ in range(3):
        CommentFactory(article=stories["yesterday"])
    CommentFactory(article=stories["yesterday"], status="pending")
    CommentFactory(article=stories["this morning"], status="pending")
    return stories


def test_editor_sees_each_part_of_the_newsroom_day_linked_to_its_list(client, editor, newsroom_day):
    client.force_login(editor)
    page = client.get("/admin/").content.decode()

    url, count = desk_link(page, "Waiting for review")
    assert count == 2
    assert listed_headlines(client, url) == {"Ferry strike vote", "School roof repairs"}

    url, count = desk_link(page, "Scheduled today")
    later_today = {"Council vote result"} & {article.headline for article in newsroom_day.values()}
    assert count == len(later_today)
    assert listed_headlines(client, url) == later_today

    url, count = desk_link(page, "Scheduled tomorrow")
    assert count == 1
    assert listed_headlines(client, url) == {"Harbour report embargoed"}
    assert "embargoed until" in page

    url, count = desk_link(page, "Published today")
    assert count == 1
    assert listed_headlines(client, url) == {"Market opens early"}

    url, count = desk_link(page, "Pending comments")
    assert count == 2
    assert "status__exact=pending" in url

    url, count = desk_link(page, "Most commented this week")
    assert count == 1
    assert "Old news</a>" in page and "3 comments" in page
    assert client.get(url).status_code == 200
    article_comments = f"?article__id__exact={newsroom_day['yesterday'].pk}"
    assert article_comments in page
    on_that_story = client.get(f"/admin/comments/comment/{article_comments}").content.decode()
    assert "4 comments" in on_that_story, "its own comments only (5 on the site)"


def test_writer_sees_the_articles_but_not_the_comment_queue(client, writer, newsroom_day):
    client.force_login(writer)
    page = client.get("/admin/").content.decode()
    assert desk_link(page, "Waiting for review")[1] == 2
    assert "Pending comments" not in page


def test_staff_front_page_runs_the_same_queries_whatever_the_archive_size(client, editor, newsroom_day,
                                                                           section):
    client.force_login(editor)
    client.get("/admin/")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/").status_code == 200
        return [query["sql"] for query in captured]

    few = queries()
    for index in range(15):
        ArticleFactory(section=section, status=Article.Status.REVIEW, headline=f"Waiting {index}")
        busy = ArticleFactory(section=section, headline=f"Busy {index}", publish_at=timezone.now())
        CommentFactory.create_batch(2, article=busy)
        CommentFactory(article=busy, status="pending")
    many = queries()
    assert len(many) == len(few) <= 12, "\n".join(many)
