"""A reader reports an error in a story: the form under the article keeps the comment form's
defences, the report waits in the editors' "Error reports" list, and one step turns it into a
published correction, of which the reader (if they left an address) is told by mail."""

import json
import re

import lxml.html
import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Correction, ErrorReport
from tests.factories import ArticleFactory, form_token

pytestmark = pytest.mark.django_db

READER_TEXT = "The bridge reopened on Tuesday, not Monday: I was on the first crossing."
ADDRESS = "pat.reader@example.org"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True


def report_url(article):
    return f"/report-an-error/{article.pk}/"


def report_post(article, **overrides):
    data = {"text": READER_TEXT, "reader_email": ADDRESS, "report_token": form_token(article), "homepage": ""}
    data.update(overrides)
    return data


def shown(response):
    return " ".join(lxml.html.fromstring(response.content.decode()).text_content().split())


def report_token_on_page(html):
    return re.search(r'name="report_token" value="([^"]+)"', html).group(1)


def test_a_readers_report_reaches_the_editors_and_nothing_of_it_is_public(client, article):
    response = Client().post(report_url(article), report_post(article))
    assert response.status_code == 200
    assert "Your report has reached the editors" in shown(response)
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}
    report = ErrorReport.objects.get()
    assert (report.article, report.text, report.reader_email) == (article, READER_TEXT, ADDRESS)
    assert report.status == ErrorReport.Status.NEW
    page = Client().get(article.get_absolute_url()).content.decode()
    assert ADDRESS not in page and READER_TEXT not in page


def test_every_reader_gets_the_same_form_and_the_form_works_without_javascript(article):
    first = Client().get(article.get_absolute_url()).content.decode()
    second = Client().get(article.get_absolute_url()).content.decode()
    cached_token = report_token_on_page(first)
    assert cached_token == report_token_on_page(second)

    reader = Client()
    confirm = reader.post(report_url(article), report_post(article, report_token=cached_token))
    assert confirm.status_code == 200 and not ErrorReport.objects.exists()
    assert "Nearly there: check your report" in shown(confirm)
    own_token = report_token_on_page(confirm.content.decode())
    assert own_token != cached_token
    assert READER_TEXT in confirm.content.decode()  # nothing the reader typed is lost


def test_the_script_gets_a_token_of_the_readers_own_from_a_private_address(article, clock):
    answer = Client().get(f"{report_url(article)}token/")
    assert set(answer["Cache-Control"].split(", ")) == {"private", "no-store"}
    clock.advance(seconds=30)
    response = Client().post(report_url(article), report_post(article, report_token=answer.json()["token"]))
    assert response.status_code == 200
    assert ErrorReport.objects.count() == 1


@pytest.mark.parametrize("token, message", [
    ("", "This form could not be verified"),
    ("forged", "This form could not be verified"),
])
def test_a_post_without_a_valid_token_is_refused_and_keeps_the_text(article, token, message):
    response = Client().post(report_url(article), report_post(article, report_token=token))
    assert response.status_code == 400
    assert message in shown(response) and READER_TEXT in response.content.decode()
    assert not ErrorReport.objects.exists()


def test_a_token_of_another_article_is_refused(article):
    other = ArticleFactory()
    response = Client().post(report_url(article), report_post(article, report_token=form_token(other)))
    assert response.status_code == 400 and not ErrorReport.objects.exists()


def test_a_report_sent_faster_than_a_person_types_is_refused(article):
    just_now = form_token(article, age_seconds=0)
    response = Client().post(report_url(article), report_post(article, report_token=just_now))
    assert response.status_code == 400
    assert "That was very quick! Please take a moment, then send your report again." in shown(response)
    assert not ErrorReport.objects.exists()


def test_a_filled_honeypot_is_kept_as_spam_and_the_bot_is_told_nothing(article):
    response = Client().post(report_url(article), report_post(article, homepage="http://spam.example"))
    assert response.status_code == 200 and "Your report has reached the editors" in shown(response)
    assert ErrorReport.objects.get().status == ErrorReport.Status.SPAM
    assert not ErrorReport.objects.waiting().exists()


def test_one_address_may_send_only_so_many_reports(article, settings):
    settings.NEWSROOM_ERROR_REPORT_RATE = "3/h"
    reader = Client()
    statuses = [reader.post(report_url(article), report_post(article, text=f"Error number {n}")).status_code
                for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert ErrorReport.objects.count() == 3
    refused = reader.post(report_url(article), report_post(article, text="One more"))
    assert "You have sent several reports in a short time" in shown(refused)
    assert "One more" in refused.content.decode()


def test_the_same_form_cannot_send_twice(article):
    data = report_post(article)
    assert Client().post(report_url(article), data).status_code == 200
    again = Client().post(report_url(article), data)
    assert again.status_code == 400 and "already been used to send a report" in shown(again)
    assert ErrorReport.objects.count() == 1


def test_a_report_sent_from_another_site_is_refused(article):
    response = Client().post(report_url(article), report_post(article), HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403 and not ErrorReport.objects.exists()


def test_a_report_needs_words_and_a_valid_address_if_one_is_given(article):
    data = report_post(article, text="  ", reader_email="not an address")
    response = Client().post(report_url(article), data)
    assert response.status_code == 400
    assert "Please tell us what is wrong." in shown(response)
    assert "Please give a valid email address" in shown(response)
    assert Client().post(report_url(article), report_post(article, reader_email="")).status_code == 200


def test_a_draft_takes_no_reports(section):
    draft = ArticleFactory(status="draft")
    assert Client().post(report_url(draft), report_post(draft)).status_code == 404


def publish_from_admin(client, report, text):
    change = f"/admin/articles/errorreport/{report.pk}/change/"
    return client.post(change, {"correction_kind": "correction", "correction_text": text,
                                "_publish_correction": "Publish as a correction"})


def test_an_editor_turns_a_report_into_a_published_correction_and_the_reader_is_told(
        client, editor, article, django_capture_on_commit_callbacks):
    reader = Client()
    assert reader.get(article.get_absolute_url()).status_code == 200  # the page is in the cache
    reader.post(report_url(article), report_post(article))
    report = ErrorReport.objects.get()

    client.force_login(editor)
    form = client.get(f"/admin/articles/errorreport/{report.pk}/change/")
    assert READER_TEXT in form.content.decode() and ADDRESS in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = publish_from_admin(client, report, "An earlier version gave the wrong day of reopening.")
    assert response.status_code == 302

    report.refresh_from_db()
    assert report.status == ErrorReport.Status.CORRECTED and report.handled_by == editor
    assert report.correction == Correction.objects.get(article=article)
    page = shown(reader.get(article.get_absolute_url()))
    assert "An earlier version gave the wrong day of reopening." in page
    assert ADDRESS not in page

    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == [ADDRESS]
    assert "An earlier version gave the wrong day of reopening." in notice.body
    assert article.get_absolute_url() in notice.body


def test_a_reader_who_left_no_address_gets_no_mail(client, editor, article,
                                                   django_capture_on_commit_callbacks):
    report = ErrorReport.objects.create(article=article, text=READER_TEXT)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        publish_from_admin(client, report, "We corrected the day.")
    assert Correction.objects.filter(article=article).count() == 1
    assert mail.outbox == []


def test_publishing_needs_the_words_readers_will_see(client, editor, article):
    report = ErrorReport.objects.create(article=article, text=READER_TEXT)
    client.force_login(editor)
    response = publish_from_admin(client, report, " ")
    assert response.status_code == 200
    assert "Write the correction readers will see under the article." in shown(response)
    assert not Correction.objects.exists()


def test_writers_cannot_see_the_error_reports(client, writer, article):
    report = ErrorReport.objects.create(article=article, text=READER_TEXT, reader_email=ADDRESS)
    client.force_login(writer)
    assert client.get("/admin/articles/errorreport/").status_code == 403
    assert publish_from_admin(client, report, "Sneaky").status_code == 403
    assert not Correction.objects.exists()


def count_list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/articles/errorreport/")
    assert response.status_code == 200
    return len(queries)


def test_the_error_reports_list_runs_the_same_queries_however_many_reports(client, editor):
    client.force_login(editor)
    for number in range(2):
        ErrorReport.objects.create(article=ArticleFactory(), text=f"Report {number}")
    few = count_list_queries(client)
    for number in range(40):
        ErrorReport.objects.create(article=ArticleFactory(), text=f"Report {number}", reader_email=ADDRESS)
    assert count_list_queries(client) == few
    page = client.get("/admin/articles/errorreport/").content.decode()
    assert ADDRESS not in page  # the list says whether an address was left, not which


def test_an_editor_opens_the_article_from_its_report(client, editor, article):
    ErrorReport.objects.create(article=article, text=READER_TEXT)
    client.force_login(editor)
    page = lxml.html.fromstring(client.get("/admin/articles/errorreport/").content.decode())
    link = f"//a[@href='/admin/articles/article/{article.pk}/change/']/text()"
    assert page.xpath(link) == [article.headline]


def test_a_readers_address_is_exported_and_erased_with_their_personal_data(article, tmp_path):
    ErrorReport.objects.create(article=article, text=READER_TEXT, reader_email=ADDRESS)
    output = tmp_path / "pat.json"
    call_command("export_personal_data", ADDRESS.upper(), output=str(output))
    assert [report["report"] for report in json.loads(output.read_text())["error_reports"]] == [READER_TEXT]
    call_command("erase_personal_data", ADDRESS, yes=True)
    assert ErrorReport.objects.get().reader_email == ""


def test_an_editor_dismisses_a_report_that_needs_no_correction(client, editor, article):
    report = ErrorReport.objects.create(article=article, text=READER_TEXT, reader_email=ADDRESS)
    client.force_login(editor)
    response = client.post(f"/admin/articles/errorreport/{report.pk}/change/",
                           {"correction_kind": "correction", "correction_text": READER_TEXT,
                            "_dismiss": "Dismiss: no correction needed"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.handled_by) == (ErrorReport.Status.DISMISSED, editor)
    assert not Correction.objects.exists() and mail.outbox == []
    assert not ErrorReport.objects.waiting().exists()
