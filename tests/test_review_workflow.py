"""Writers submit their drafts for review; editors are told, publish them or send them back with a
note that reaches the writer."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.admin_forms import article_form_data
from tests.factories import ArticleFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"
REVIEW_LIST = "/admin/articles/article/?state=review"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def test_writer_submits_a_new_draft_for_review_and_the_editors_are_mailed(client, writer, editor):
    other_editor = UserFactory(group="Editors", email="night.desk@newsroom.invalid")
    client.force_login(writer)
    response = client.post(ADD_URL, article_form_data(SectionFactory(), headline="Harbour dredging starts",
                                                      _submit_for_review="Submit for review"))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.REVIEW
    assert article.submitted_by == writer
    assert sorted(message.to[0] for message in mail.outbox) == sorted([editor.email, other_editor.email])
    notice = mail.outbox[0]
    assert "Harbour dredging starts" in notice.subject
    assert f"/admin/articles/article/{article.pk}/change/" in notice.body
    assert writer.email not in [message.to[0] for message in mail.outbox]


def test_writer_can_choose_ready_for_review_as_the_status(client, writer, editor):
    draft = ArticleFactory(status=Article.Status.DRAFT, slug="draft")
    client.force_login(writer)
    client.post(change_url(draft), article_form_data(draft.section, slug="draft", status="review"))
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW
    assert [message.to for message in mail.outbox] == [[editor.email]]


def test_submit_action_submits_only_drafts(client, writer, editor):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    client.force_login(writer)
    response = client.post("/admin/articles/article/", {
        "action": "submit_selected_for_review", "_selected_action": [draft.pk],
    }, follow=True)
    assert "Submitted 1 article(s) for review." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW


def test_editor_sees_what_waits_for_review_first_on_the_admin_index(client, editor):
    ArticleFactory(status=Article.Status.REVIEW, headline="Ferry timetable changes")
    ArticleFactory(status=Article.Status.REVIEW, headline="Library extends hours")
    client.force_login(editor)
    page = client.get("/admin/").content.decode()
    assert "Waiting for review (2)" in page
    assert page.index("Waiting for review (2)") < page.index('id="content-main"')
    assert "Ferry timetable changes" in page


def test_editor_sends_a_draft_back_with_a_note_the_writer_reads(client, writer, editor):
    article = ArticleFactory(status=Article.Status.REVIEW, headline="Council budget", submitted_by=writer)
    send_back = f'href="/admin/articles/article/{article.pk}/send-back/"'
    client.force_login(writer)
    assert send_back not in client.get(change_url(article)).content.decode()
    client.force_login(editor)
    assert send_back in client.get(change_url(article)).content.decode()
    form = client.get(f"/admin/articles/article/{article.pk}/send-back/")
    assert "Note to the writer" in form.content.decode()
    empty = client.post(f"/admin/articles/article/{article.pk}/send-back/", {"note": ""})
    assert "This field is required" in empty.content.decode()
    response = client.post(f"/admin/articles/article/{article.pk}/send-back/",
                           {"note": "Please add the treasurer's answer."})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert [message.to for message in mail.outbox] == [[writer.email]]
    assert "Please add the treasurer's answer." in mail.outbox[0].body
    client.force_login(writer)
    assert "Please add the treasurer&#x27;s answer." in client.get(change_url(article)).content.decode()


def test_an_article_waiting_for_review_is_not_public(client):
    article = ArticleFactory(status=Article.Status.REVIEW, headline="Not yet")
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Not yet" not in client.get("/").content.decode()


def _review_list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(REVIEW_LIST)
    assert response.status_code == 200
    return response.content.decode(), queries


def test_review_list_runs_the_same_queries_whatever_the_archive_size(client, editor):
    section = SectionFactory()

    def add_waiting(count):
        for _ in range(count):
            ArticleFactory(status=Article.Status.REVIEW, section=section, submitted_by=editor)
        ArticleFactory.create_batch(count, section=section)  # the published archive grows too

    add_waiting(3)
    client.force_login(editor)
    client.get(REVIEW_LIST)  # the session and content types, once
    page, few = _review_list_queries(client)
    assert "3 articles" in page
    add_waiting(40)
    page, many = _review_list_queries(client)
    assert "43 articles" in page
    assert len(many) == len(few) <= 14, "\n".join(query["sql"] for query in many)
