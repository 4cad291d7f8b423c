"""An article's history tells its revisions apart (who, when to the second, what changed) and
compares any two, word by word."""

from datetime import timedelta

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from reversion.models import Version

from articles.revisions import word_diff
from tests.factories import ArticleFactory, AuthorFactory, TagFactory
from tests.test_revisions import change_url, posted_form

pytestmark = pytest.mark.django_db


def save(client, article, **changes):
    page = client.get(change_url(article))
    assert client.post(change_url(article), posted_form(page, **changes)).status_code == 302


@pytest.fixture
def edited_story(client, editor):
    client.force_login(editor)
    article = ArticleFactory(headline="Council vote", slug="council-vote",
                             authors=[AuthorFactory(name="Ada")],
                             publish_at=timezone.now() - timedelta(hours=2),
                             body="<p>The council voted five to three on Tuesday.</p>")
    save(client, article)
    save(client, article, body="<p>The council voted six to three on Tuesday.</p>")
    save(client, article, headline="Council vote passes", tags=str(TagFactory(name="Council").pk))
    return article


def history_url(article):
    return f"/admin/articles/article/{article.pk}/history/"


def opened(client, url):
    return lxml.html.fromstring(client.get(url).content.decode())


def history(client, article):
    return opened(client, history_url(article))


def test_each_revision_says_who_saved_it_when_to_the_second_and_what_changed(client, edited_story):
    rows = history(client, edited_story).xpath("//table[@id='change-history']/tbody/tr")
    labels = [" ".join(row.xpath("./th")[0].text_content().split()) for row in rows]
    assert len(labels) == len(set(labels)) == 3
    assert labels[0].endswith("editor — changed headline, tags")
    assert labels[1].endswith("editor — changed body")
    assert labels[2].endswith("editor — changed everything (first revision)")
    newest = timezone.localtime(Version.objects.get_for_object(edited_story).first().revision.date_created)
    assert labels[0].startswith(newest.strftime("#3, %-d %b %Y, %H:%M:%S"))


def test_comparing_two_revisions_shows_the_words_that_changed(client, edited_story):
    newest, middle, first = Version.objects.get_for_object(edited_story)
    page = opened(client, f"{history_url(edited_story)}compare/?old={first.pk}&new={newest.pk}")
    rows = {row.xpath("./th")[0].text_content(): row
            for row in page.xpath("//table[@class='revision-changes']/tbody/tr")}
    assert set(rows) == {"Headline", "Body", "Tags"}
    assert rows["Body"].xpath(".//del/text()") == ["five"]
    assert rows["Body"].xpath(".//ins/text()") == ["six"]
    assert rows["Headline"].xpath(".//ins/text()") == [" passes"]
    assert rows["Tags"].xpath(".//ins/text()") == ["Council"]
    restore = page.xpath("//a[text()='Restore the older revision']/@href")[0]
    assert restore.endswith(f"/history/{first.pk}/")


def test_the_compare_view_puts_the_older_revision_first_whichever_way_it_is_asked(client, edited_story):
    newest, middle, _ = Version.objects.get_for_object(edited_story)
    page = opened(client, f"{history_url(edited_story)}compare/?old={newest.pk}&new={middle.pk}")
    assert page.xpath("//dl[@class='revision-pair']/dd")[0].text_content().endswith("changed body")


def test_a_revision_of_another_article_cannot_be_compared(client, edited_story):
    other = ArticleFactory()
    save(client, other)
    foreign = Version.objects.get_for_object(other).get()
    mine = Version.objects.get_for_object(edited_story).first()
    url = f"{history_url(edited_story)}compare/?old={foreign.pk}&new={mine.pk}"
    assert client.get(url).status_code == 404


def test_the_history_runs_the_same_queries_however_many_revisions(client, editor):
    client.force_login(editor)
    article = ArticleFactory(tags=[TagFactory()], authors=[AuthorFactory()])
    save(client, article)
    url = history_url(article)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for number in range(8):
        save(client, article, body=f"<p>Edit number {number}.</p>")
    assert count() == few


def test_a_long_unchanged_passage_is_shortened_around_the_change():
    before = "word " * 100 + "five" + " word" * 100
    segments = word_diff(before, before.replace("five", "six"))
    assert [kind for kind, _ in segments] == ["same", "removed", "added", "same"]
    assert all(len(text) < 200 for _, text in segments)


def test_the_restore_page_names_the_revision_it_restores(client, edited_story):
    _, middle, _ = Version.objects.get_for_object(edited_story)
    page = opened(client, f"{history_url(edited_story)}{middle.pk}/")
    messages = " ".join(page.xpath("//ul[@class='messagelist']")[0].text_content().split())
    assert "Restoring revision #2, editor, " in messages and ": changed body." in messages


def test_an_edited_paragraph_shows_its_words_and_a_rewritten_one_shows_whole():
    before = "<p>The council voted five to three.</p><p>Rain is expected.</p><p>Old closing words.</p>"
    after = "<p>The council voted six to three.</p><p>Rain is expected.</p><p>Entirely new ending here.</p>"
    segments = word_diff(before, after)
    assert ("removed", "five") in segments and ("added", "six") in segments
    assert ("removed", "<p>Old closing words.</p>") in segments
    assert ("added", "<p>Entirely new ending here.</p>") in segments
    assert any(kind == "same" and "<p>Rain is expected.</p>" in text for kind, text in segments)
