"""A commenter without an account: a verified address, trust that typing a name and address
cannot borrow, the mail they ask for (and can stop in one click), and caps that keep anyone from
using the form to mail-bomb someone else. Mail goes through the durable queue to a real SMTP
server on the loopback (tests/mail_server.py)."""

import re

import pytest
from django.apps import apps
from django.core import serializers
from django.test import Client

from comments.desk.queues import DeskFilter, queue_counts
from comments.models import Comment, Commenter, Subscription
from comments.privacy import erase_personal_data, export_personal_data
from tests.factories import CommentFactory, comment_post, prove_address
from tests.mail_server import body, run_mail_queue

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.mail_queue,
              pytest.mark.confirm_addresses]

A = "ada.reader@example.org"
LINK = re.compile(r"http://\S+/comments/confirm/\S+/")


def post(client, article, **fields):
    fields.setdefault("author_email", A)
    fields.setdefault("author_name", "Ada Reader")
    return client.post(f"/comments/post/{article.pk}/", comment_post(article, **fields),
                       REMOTE_ADDR=fields.pop("ip", "192.0.2.10"))


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def confirmation_path(message):
    return path_of(LINK.search(body(message)).group(0))


def confirm(client, message):
    """Follow the link in a confirmation mail, as its reader does: open it, press the button."""
    page = client.get(confirmation_path(message))
    assert "Confirm my address" in page.content.decode()
    return client.post(confirmation_path(message))


def test_a_first_comment_waits_unconfirmed_out_of_the_moderators_way_and_mails_one_link(
        client, article, smtp_server):
    response = post(client, article, body="My very first remark.")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.UNCONFIRMED
    landing = client.get(response["Location"]).content.decode()
    assert "Please confirm your address" in landing and "My very first remark." in landing
    counts = queue_counts(DeskFilter())
    assert counts["pending"] == 0 and sum(counts.values()) == 0
    assert "My very first remark." not in Client().get(article.get_absolute_url()).content.decode()

    [message] = smtp_server.wait_for(A)
    assert "My very first remark." in body(message)
    assert A not in LINK.search(body(message)).group(0)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_admin_lists_an_unconfirmed_comment_without_an_approve_button(client, article, editor):
    post(client, article, body="Waiting for my address.")
    client.force_login(editor)
    page = client.get("/admin/comments/comment/").content.decode()
    assert "Waiting for my address." in page and "Unconfirmed address" in page
    assert f"/comment/{Comment.objects.get().pk}/moderate/approve/" not in page


def test_following_the_link_sends_the_comment_to_the_moderators_and_proves_this_browser(
        client, article, smtp_server):
    post(client, article, body="My very first remark.")
    [message] = smtp_server.wait_for(A)
    mail_reader = Client()
    response = confirm(mail_reader, message)
    assert "your address is confirmed" in response.content.decode()
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert queue_counts(DeskFilter())["pending"] == 1
    assert Commenter.objects.get().verified_at is not None
    proof = response.cookies["newsroom_address"]
    assert proof["httponly"] and proof["path"] == "/comments/"
    assert A not in proof.value

    again = Client().post(confirmation_path(message))
    assert again.status_code == 410 and "newsroom_address" not in again.cookies


def test_a_confirmation_link_works_once_and_not_after_it_expires(
        client, article, smtp_server, clock, settings):
    post(client, article, body="First remark.")
    post(client, article, body="Second remark.", ip="192.0.2.11")
    run_mail_queue()  # the worker, running all along
    clock.advance(hours=2)
    post(client, article, body="Third remark.", ip="192.0.2.12")
    first, second = smtp_server.wait_for(A, count=2)
    assert "First remark." in body(first) and "Third remark." in body(second)  # one an hour
    assert confirm(Client(), first).status_code == 200
    used = Client().post(confirmation_path(first))
    assert used.status_code == 410 and "already been used" in used.content.decode()
    clock.advance(days=settings.NEWSROOM_CONFIRMATION_DAYS, hours=1)
    expired = Client().post(confirmation_path(second))
    assert expired.status_code == 410 and "expired" in expired.content.decode()
    assert Comment.objects.get(body="Third remark.").status == Comment.Status.UNCONFIRMED


def test_confirming_in_the_browser_that_wrote_them_sends_on_its_other_waiting_comments_too(
        client, article, smtp_server):
    post(client, article, body="First remark.")
    post(client, article, body="Second remark, in the same hour.", ip="192.0.2.11")
    post(Client(), article, body="Someone else, with Ada's address.", ip="198.51.100.7")
    [message] = smtp_server.wait_for(A)
    confirm(client, message)
    statuses = dict(Comment.objects.values_list("body", "status"))
    assert statuses == {"First remark.": "pending", "Second remark, in the same hour.": "pending",
                        "Someone else, with Ada's address.": "unconfirmed"}


def test_someone_typing_a_trusted_readers_name_and_address_is_not_published_but_the_reader_is(
        client, article, smtp_server):
    CommentFactory(article=article, author_name="Ada Reader", author_email=A)
    Commenter.objects.create(email_key=A, verified_at=article.publish_at)
    impostor = Client()
    post(impostor, article, body="Pretending to be Ada.", ip="198.51.100.7")
    assert Comment.objects.get(body="Pretending to be Ada.").status == Comment.Status.UNCONFIRMED

    post(prove_address(client, A), article, body="Really Ada.")
    assert Comment.objects.get(body="Really Ada.").status == Comment.Status.APPROVED
    assert "Really Ada." in Client().get(article.get_absolute_url()).content.decode()


def test_a_recent_rejection_loses_the_trust(client, article, settings, editor):
    settings.NEWSROOM_TRUST_APPROVED = 1
    CommentFactory(article=article, author_email=A)
    CommentFactory(article=article, author_email=A, status="pending").remove(by=editor)
    post(prove_address(client, A), article, body="After a removal.")
    assert Comment.objects.get(body="After a removal.").status == Comment.Status.PENDING


def test_comments_are_accepted_while_the_mail_server_is_down_and_their_mail_leaves_when_it_is_back(
        client, article, smtp_server, clock, settings):
    smtp_server.stop()
    response = post(client, article, body="Posted while the mail server is down.")
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.UNCONFIRMED
    run_mail_queue()  # the attempt fails and is queued again, for later
    smtp_server.start()
    run_mail_queue()
    assert smtp_server.messages == []  # not before its wait is over
    clock.advance(seconds=settings.NEWSROOM_MAIL_RETRY_SECONDS + 1)
    [message] = smtp_server.wait_for(A)
    assert "Posted while the mail server is down." in body(message)


def test_fifty_comments_naming_a_victims_address_mail_them_at_most_once(client, article, smtp_server):
    for number in range(50):
        post(Client(), article, body=f"Spam number {number}", ip=f"203.0.113.{number + 1}")
    assert Comment.objects.filter(status=Comment.Status.UNCONFIRMED).count() == 50
    run_mail_queue()
    assert len(smtp_server.to(A)) == 1


def test_no_address_gets_more_than_the_daily_cap(client, article, smtp_server, clock, settings):
    settings.NEWSROOM_MAIL_DAILY_CAP = 3
    clock.advance(hours=24 - clock_hour(), minutes=1)  # just after midnight: all of it on one day
    for number in range(8):
        post(Client(), article, body=f"Remark {number}", ip=f"203.0.113.{number + 1}")
        run_mail_queue()  # the worker, running all along
        clock.advance(minutes=61)
    assert len(smtp_server.to(A)) == 3


def clock_hour():
    from django.utils import timezone

    now = timezone.localtime()
    return now.hour + now.minute / 60


def reader_with_reply_mail(client, article, smtp_server, editor):
    """Ada comments, asks for replies, confirms, and a moderator approves her comment."""
    post(client, article, body="Ada's remark.", notify_replies="on")
    confirm(client, smtp_server.wait_for(A)[0])
    comment = Comment.objects.get(body="Ada's remark.")
    comment.approve(by=editor)
    return comment


def test_a_reply_is_mailed_to_who_asked_without_the_replier_s_address_and_one_click_stops_it(
        client, article, smtp_server, editor):
    comment = reader_with_reply_mail(client, article, smtp_server, editor)
    bob = prove_address(Client(), "bob@example.org")
    Commenter.objects.create(email_key="bob@example.org", verified_at=article.publish_at)
    CommentFactory(article=article, author_email="bob@example.org")  # Bob is trusted: published at once
    post(bob, article, author_name="Bob", author_email="bob@example.org", parent=comment.pk,
         body="Bob's answer.", ip="198.51.100.8")
    confirmation, reply = smtp_server.wait_for(A, count=2)
    assert "Bob replied" in reply["Subject"] and "Bob's answer." in body(reply)
    assert "bob@example.org" not in reply.as_string()
    answer = Comment.objects.get(body="Bob's answer.")
    answer.hold(by=editor)  # the desk's Undo, then approved again: no news, no second mail
    answer.approve(by=editor)
    run_mail_queue()
    assert len(smtp_server.to(A)) == 2
    unsubscribe = re.search(r"<(http://[^>]+)>", reply["List-Unsubscribe"]).group(1)
    path = path_of(unsubscribe)
    assert Client().get(path).status_code == 405  # a GET (a mail scanner) never unsubscribes
    assert Client().post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200

    post(bob, article, author_name="Bob", author_email="bob@example.org", parent=comment.pk,
         body="Bob again.", ip="198.51.100.9")
    assert Comment.objects.get(body="Bob again.").status == Comment.Status.APPROVED
    run_mail_queue()
    assert len(smtp_server.to(A)) == 2


def test_approval_and_picks_are_mailed_once_to_who_asked(client, article, smtp_server, editor):
    post(client, article, body="Ada's remark.", notify_approved="on", notify_featured="on")
    confirm(client, smtp_server.wait_for(A)[0])
    comment = Comment.objects.get()
    comment.approve(by=editor)
    comment.hold(by=editor)  # the desk's Undo
    comment.approve(by=editor)
    comment.feature(by=editor)
    comment.remove(by=editor)
    comment.restore(by=editor)
    _, approved, featured = smtp_server.wait_for(A, count=3)
    assert "is published" in approved["Subject"] and "editor's pick" in featured["Subject"]
    run_mail_queue()
    assert len(smtp_server.to(A)) == 3


def test_the_mail_settings_page_shows_and_changes_every_subscription_of_the_address(
        client, article, smtp_server, editor):
    reader_with_reply_mail(client, article, smtp_server, editor)
    post(client, article, body="Another remark.", notify_replies="on", ip="192.0.2.20")
    settings_link = re.search(r"http://\S+/comments/mail/\S+/", body(smtp_server.to(A)[0])).group(0)
    assert A not in settings_link
    path = path_of(settings_link)
    page = Client().get(path)
    assert page["Cache-Control"] in {"private, no-store", "no-store, private"}
    assert page.content.decode().count('name="subscription"') == 2
    keep = Subscription.objects.get(comment__body="Another remark.")
    Client().post(path, {"subscription": [keep.pk], "all_mail": "on"})
    assert list(Subscription.objects.all()) == [keep]
    Client().post(path, {"subscription": [keep.pk]})
    assert Commenter.objects.get(email_key=A).unsubscribed_at is not None


def test_the_proof_cookie_changes_no_shared_page(client, article, smtp_server):
    anonymous = Client().get(article.get_absolute_url())
    proven = prove_address(Client(), A).get(article.get_absolute_url())
    assert proven["X-Page-Cache"] == "hit"
    assert proven.content == anonymous.content


def everything_stored():
    """Every row of every table, as text."""
    return "\n".join(serializers.serialize("json", model.objects.all()) for model in apps.get_models())


def test_erasing_an_address_removes_every_trace_of_it(client, article, smtp_server, editor):
    reader_with_reply_mail(client, article, smtp_server, editor)
    smtp_server.stop()
    post(client, article, body=f"Write to me at {A}.", notify_approved="on", ip="192.0.2.30")
    export = export_personal_data(A)
    assert export["address_verified_at"] and export["subscriptions"] and export["queued_mail"]
    assert A.lower() in everything_stored().lower()

    erase_personal_data(A)
    assert A.lower() not in everything_stored().lower()
    assert "ada.reader" not in everything_stored().lower()


def test_with_confirmation_off_a_new_address_goes_to_the_moderators_and_is_mailed_nothing(
        client, article, smtp_server, settings):
    settings.NEWSROOM_COMMENT_CONFIRM_ADDRESS = False
    post(client, article, body="No link wanted.", notify_replies="on")
    assert Comment.objects.get().status == Comment.Status.PENDING
    run_mail_queue()
    assert smtp_server.to(A) == []
