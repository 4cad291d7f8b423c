"""Readers report published comments; moderators find them in the desk's Reported queue."""

import pytest
from django.test import Client

from comments.models import Comment, Report
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

DESK = "/admin/comments/comment/desk/"
REASONS = ["spam", "abuse", "off-topic", "illegal", "other"]


def report(comment, reason="abuse", text="", address="192.0.2.1", client=None):
    return (client or Client()).post(f"/comments/report/{comment.pk}/", {"reason": reason, "text": text},
                                     REMOTE_ADDR=address)


def public_page(article):
    return Client().get(article.get_absolute_url()).content.decode()


def test_every_published_comment_has_a_report_link_to_a_form():
    comment = CommentFactory(body="Say what you like")
    page = public_page(comment.article)
    assert f'href="/comments/report/{comment.pk}/"' in page
    form = Client().get(f"/comments/report/{comment.pk}/").content.decode()
    assert "Say what you like" in form
    for label in ["Spam", "Abuse or harassment", "Off-topic", "Illegal content", "Something else"]:
        assert label in form


def test_five_readers_reporting_one_comment_put_it_in_the_reported_queue_with_five_reasons(client, editor):
    comment = CommentFactory(body="Contested remark")
    for number, reason in enumerate(REASONS):
        answer = report(comment, reason, text=f"reader {number} says so", address=f"192.0.2.{number + 1}")
        assert "Thank you: a moderator will look at this comment." in answer.content.decode()
    client.force_login(editor)
    desk = client.get(DESK, {"queue": "reported"}).content.decode()
    assert 'data-count="reported">1<' in desk
    item = desk[desk.index(f'id="desk-{comment.pk}"'):]
    assert "5 reports:" in item
    for number, label in enumerate(["Spam", "Abuse or harassment", "Off-topic", "Illegal content",
                                    "Something else"]):
        assert f"{label}: reader {number} says so" in item


def test_one_reader_reporting_five_times_counts_once(client, editor):
    comment = CommentFactory()
    for reason in REASONS:
        report(comment, reason, address="198.51.100.7")
    assert Report.objects.filter(comment=comment).count() == 1
    client.force_login(editor)
    desk = client.get(DESK, {"queue": "reported"}).content.decode()
    assert "1 report:" in desk


def test_a_report_needs_a_reason_and_keeps_what_the_reader_wrote():
    comment = CommentFactory()
    answer = report(comment, reason="", text="It names my neighbour")
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "Please choose a reason." in page and "It names my neighbour" in page
    assert not Report.objects.exists()


def test_reports_are_rate_limited_per_address(settings):
    settings.NEWSROOM_REPORT_RATE = "2/h"
    comments = CommentFactory.create_batch(3)
    assert [report(c, address="203.0.113.9").status_code for c in comments] == [200, 200, 429]
    assert Report.objects.count() == 2


def test_only_published_comments_can_be_reported():
    held = CommentFactory(status="pending")
    assert Client().get(f"/comments/report/{held.pk}/").status_code == 404
    assert report(held).status_code == 404
    assert not Report.objects.exists()


def test_a_report_from_another_site_is_refused():
    comment = CommentFactory()
    answer = Client().post(f"/comments/report/{comment.pk}/", {"reason": "spam"},
                           HTTP_ORIGIN="https://elsewhere.example", HTTP_SEC_FETCH_SITE="cross-site")
    assert answer.status_code == 403
    assert not Report.objects.exists()


def test_a_comment_is_hidden_pending_review_after_enough_reports(settings, client, editor):
    settings.NEWSROOM_COMMENT_HIDE_AFTER_REPORTS = 3
    article = ArticleFactory()
    comment = CommentFactory(article=article, body="Reported into hiding")
    assert "Reported into hiding" in public_page(article)
    for number in range(2):
        report(comment, address=f"192.0.2.{number + 1}")
    assert "Reported into hiding" in public_page(article)
    report(comment, address="192.0.2.3")
    assert "Reported into hiding" not in public_page(article)
    client.force_login(editor)
    desk = client.get(DESK, {"queue": "reported"}).content.decode()
    assert "hidden after 3 reader reports" in desk and "3 reports:" in desk


def test_a_moderators_decision_settles_the_reports(client, editor):
    comment = CommentFactory(body="Fine after all")
    report(comment)
    client.force_login(editor)
    client.post(f"{DESK}{comment.pk}/feature/?queue=reported")
    desk = client.get(DESK, {"queue": "reported"}).content.decode()
    assert 'data-count="reported">1<' in desk  # featuring is no decision on the report
    client.post(f"{DESK}{comment.pk}/remove/?queue=reported")
    desk = client.get(DESK, {"queue": "reported"}).content.decode()
    assert 'data-count="reported">0<' in desk
    client.post(f"{DESK}undo/?queue=reported")
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.APPROVED
    assert 'data-count="reported">1<' in client.get(DESK).content.decode()


def test_keeping_a_reported_comment_dismisses_its_reports(client, editor):
    comment = CommentFactory(body="Robust but fair")
    report(comment)
    client.force_login(editor)
    desk = client.get(DESK, {"queue": "reported"}).content.decode()
    assert "Keep it (dismiss the reports)" in desk
    client.post(f"{DESK}{comment.pk}/approve/?queue=reported")
    assert 'data-count="reported">0<' in client.get(DESK).content.decode()
    assert "Robust but fair" in public_page(comment.article)


def test_the_report_form_and_an_article_with_picks_pass_the_html_checker(tmp_path):
    import shutil

    from tests.test_html_validity import VNU_JAR, described, run_vnu, unavailable

    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        unavailable("no Java or vnu.jar for the Nu HTML checker")
    article = ArticleFactory()
    picked = CommentFactory(article=article, body="Worth reading")
    picked.feature()
    CommentFactory(article=article, parent=picked, body="A reply")
    pages = {
        "article with picks": public_page(article),
        "report form": Client().get(f"/comments/report/{picked.pk}/").content.decode(),
        "report form with an error": report(picked, reason="").content.decode(),
        "report sent": report(picked).content.decode(),
    }
    assert "Picks" in pages["article with picks"]
    for kind, messages in run_vnu(java, pages, tmp_path).items():
        problems = [m for m in messages if m["type"] != "info" or m.get("subType") == "warning"]
        assert not problems, f"{kind}: the Nu HTML checker found\n{described(problems)}"
