"""Deciding from the moderators' mail: signed, expiring links that open a confirmation page."""

import re
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from comments.models import Comment
from tests.factories import ArticleFactory, comment_post

pytestmark = pytest.mark.django_db

LINK = re.compile(r"  (Approve|Remove|Mark as spam): https?://[^/]+(/\S+)")


def post_held_comment(article, capture, body="Held for a look"):
    with capture(execute=True):
        Client().post(f"/comments/post/{article.pk}/", comment_post(article, body=body))
    return Comment.objects.get(body=body)


def links_in(message):
    return dict(LINK.findall(message.body))


def test_a_held_comment_notice_carries_links_that_only_confirm_on_opening(
        editor, django_capture_on_commit_callbacks):
    article = ArticleFactory()
    comment = post_held_comment(article, django_capture_on_commit_callbacks)
    [notice] = mail.outbox
    links = links_in(notice)
    assert set(links) == {"Approve", "Remove", "Mark as spam"}
    scanner = Client()
    page = scanner.get(links["Approve"]).content.decode()
    assert "Held for a look" in page and 'value="Approve"' in page
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING  # a GET never acts
    done = scanner.post(links["Approve"]).content.decode()
    assert "Approved." in done
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED and comment.moderated_by == editor
    assert "Held for a look" in Client().get(article.get_absolute_url()).content.decode()


def test_a_notice_link_acts_once_whatever_is_clicked_later(editor, django_capture_on_commit_callbacks):
    comment = post_held_comment(ArticleFactory(), django_capture_on_commit_callbacks)
    links = links_in(mail.outbox[0])
    Client().post(links["Mark as spam"])
    page = Client().post(links["Approve"]).content.decode()
    assert "already decided" in page
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.SPAM


def test_notice_links_expire_and_cannot_be_forged(editor, settings, monkeypatch,
                                                  django_capture_on_commit_callbacks):
    settings.NEWSROOM_NOTICE_LINK_HOURS = 24
    comment = post_held_comment(ArticleFactory(), django_capture_on_commit_callbacks)
    approve = links_in(mail.outbox[0])["Approve"]
    forged = approve[:-4] + "abc/"
    assert "not one the newsroom sent" in Client().post(forged).content.decode()
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 25 * 3600)
    answer = Client().post(approve)
    assert answer.status_code == 400 and "expired" in answer.content.decode()
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING


def test_a_link_stops_working_when_its_moderator_may_no_longer_moderate(
        editor, django_capture_on_commit_callbacks):
    comment = post_held_comment(ArticleFactory(), django_capture_on_commit_callbacks)
    approve = links_in(mail.outbox[0])["Approve"]
    editor.groups.clear()
    assert Client().post(approve).status_code == 400
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING


def test_with_the_digest_setting_moderators_get_one_mail_a_day(editor, settings,
                                                               django_capture_on_commit_callbacks):
    settings.NEWSROOM_MODERATION_DIGEST = True
    article = ArticleFactory()
    held = [post_held_comment(article, django_capture_on_commit_callbacks, body=f"Digest item {n}")
            for n in range(3)]
    assert mail.outbox == []
    call_command("send_moderation_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    [digest] = mail.outbox
    assert "3 comments awaiting moderation" in digest.subject
    for comment in held:
        assert comment.body in digest.body
    assert len(LINK.findall(digest.body)) == 9
