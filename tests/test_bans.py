"""Moderators ban an address (and an IP range): its comments never appear, the ban outlasts the
address's erasure, and the ban is made from the comment in the admin or on the desk."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments import bans
from comments.models import Ban, Comment, CommentEdit
from comments.privacy import erase_personal_data, export_personal_data
from tests.factories import CommentFactory, UserFactory, comment_post

pytestmark = pytest.mark.django_db

DESK = "/admin/comments/comment/desk/"
BANNED_WORDS = "Buy my miracle pills today."


def post(article, client=None, ip="192.0.2.10", **fields):
    fields.setdefault("body", BANNED_WORDS)
    return (client or Client()).post(f"/comments/post/{article.pk}/", comment_post(article, **fields),
                                     REMOTE_ADDR=ip)


def public_page(article):
    return Client().get(article.get_absolute_url()).content.decode()


def ban_from(comment, **fields):
    form = bans.BanForm({"reason": "sells pills", **fields})
    assert form.is_valid(), form.errors
    return form.ban(comment, by=None)


def test_a_banned_address_s_comment_is_stored_as_spam_and_never_appears(article):
    CommentFactory(article=article, author_email="jo.reader@example.org")  # a returning author
    ban_from(CommentFactory(author_email="JO.Reader@example.org"))
    response = post(article)
    assert response.status_code == 302  # the poster is told nothing
    comment = Comment.objects.get(body=BANNED_WORDS)
    assert comment.status == Comment.Status.SPAM
    assert comment.moderation_reasons == ["banned: sells pills"]
    assert BANNED_WORDS not in public_page(article)
    assert BANNED_WORDS not in Client().get(f"/comments/{comment.pk}/").content.decode()


def test_with_the_refuse_setting_the_poster_is_told_and_loses_nothing(article, settings):
    settings.NEWSROOM_COMMENT_REFUSE_BANNED = True
    ban_from(CommentFactory(author_email="jo.reader@example.org"))
    response = post(article)
    page = response.content.decode()
    assert response.status_code == 403
    assert "A moderator has stopped comments from this address" in page
    assert BANNED_WORDS in page and 'value="Jo Reader"' in page
    assert not Comment.objects.filter(body=BANNED_WORDS).exists()


def test_an_ip_range_ban_catches_any_address_from_that_range(article):
    ban_from(CommentFactory(author_email="someone@example.org"), ip_range="198.51.100.7/24")
    assert Ban.objects.get().ip_range == "198.51.100.0/24"
    post(article, ip="198.51.100.200", author_email="new.face@example.org", body="From inside the range.")
    post(article, ip="192.0.2.10", author_email="other@example.org", body="From elsewhere.")
    assert Comment.objects.get(body="From inside the range.").status == Comment.Status.SPAM
    assert Comment.objects.get(body="From elsewhere.").status == Comment.Status.PENDING


def test_an_ipv6_range_ban_leaves_ipv4_posters_alone(article):
    ban_from(CommentFactory(author_email="someone@example.org"), ip_range="2001:db8::/48")
    post(article, ip="2001:db8::5", author_email="a@example.org", body="Six.")
    post(article, ip="192.0.2.1", author_email="b@example.org", body="Four.")
    assert Comment.objects.get(body="Six.").status == Comment.Status.SPAM
    assert Comment.objects.get(body="Four.").status == Comment.Status.PENDING


def test_a_ban_that_has_ended_no_longer_applies(article, clock):
    ban_from(CommentFactory(author_email="jo.reader@example.org"), ends_on=str(timezone.localdate()))
    post(article, body="Still banned today.")
    clock.advance(days=1, minutes=1)
    post(article, body="Free again tomorrow.")
    assert Comment.objects.get(body="Still banned today.").status == Comment.Status.SPAM
    assert Comment.objects.get(body="Free again tomorrow.").status == Comment.Status.PENDING


def test_a_lifted_ban_no_longer_applies(article, editor):
    ban = ban_from(CommentFactory(author_email="jo.reader@example.org"))
    ban.lift(by=editor)
    post(article)
    assert Comment.objects.get(body=BANNED_WORDS).status == Comment.Status.PENDING


def test_a_ban_holds_no_address(article):
    ban = ban_from(CommentFactory(author_email="jo.reader@example.org"))
    stored = json.dumps(list(Ban.objects.values()), default=str)
    assert "jo.reader" not in stored.lower()
    assert ban.address_hash == bans.address_hash("Jo.Reader@Example.org ")


def test_erasing_the_address_leaves_only_the_ban_s_hash_and_the_ban_still_catches_it(article, client):
    comment = CommentFactory(article=article, author_email="jo.reader@example.org",
                             body="Write to jo.reader@example.org for pills", ip_address="192.0.2.10")
    CommentEdit.objects.create(comment=comment, previous_body="Mail jo.reader@example.org now")
    ban_from(comment)
    exported = export_personal_data("jo.reader@example.org")
    assert exported["bans"][0]["reason"] == "sells pills" and exported["bans"][0]["in_force"] is True
    assert exported["comments"][0]["earlier_texts"] == ["Mail jo.reader@example.org now"]

    erase_personal_data("jo.reader@example.org")

    assert not Comment.objects.by_email("jo.reader@example.org").exists()
    everything = json.dumps([list(model.objects.values()) for model in (Comment, CommentEdit, Ban)],
                            default=str).lower()
    assert "jo.reader" not in everything and "192.0.2.10" not in everything
    assert Ban.objects.get().address_hash == bans.address_hash("jo.reader@example.org")
    post(article, body="Back after my erasure.")
    assert Comment.objects.get(body="Back after my erasure.").status == Comment.Status.SPAM


def test_a_moderator_bans_from_the_comment_s_admin_page_and_finds_the_ban_listed(client, editor, article):
    comment = CommentFactory(article=article, author_email="jo.reader@example.org", ip_address="203.0.113.9")
    client.force_login(editor)
    change_page = client.get(f"/admin/comments/comment/{comment.pk}/change/").content.decode()
    assert f'href="/admin/comments/comment/{comment.pk}/ban/"' in change_page
    form = client.get(f"/admin/comments/comment/{comment.pk}/ban/").content.decode()
    assert "203.0.113.0/24" in form
    response = client.post(f"/admin/comments/comment/{comment.pk}/ban/",
                           {"reason": "spam links", "ends_on": "", "ip_range": ""}, follow=True)
    page = response.content.decode()
    assert "Banned the commenter" in page and "spam links" in page and "editor" in page
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.SPAM
    found = client.get("/admin/comments/ban/", {"q": "JO.READER@example.org"}).content.decode()
    assert "spam links" in found
    assert "spam links" not in client.get("/admin/comments/ban/", {"q": "else@example.org"}).content.decode()


def test_a_ban_without_a_reason_or_with_a_bad_range_is_refused_with_a_message(client, editor):
    comment = CommentFactory()
    client.force_login(editor)
    page = client.post(f"/admin/comments/comment/{comment.pk}/ban/",
                       {"reason": "", "ip_range": "300.1.2.3/8"}).content.decode()
    assert "Please say why" in page and "CIDR form" in page
    assert not Ban.objects.exists()


def test_a_moderator_lifts_a_ban_in_the_admin(client, editor):
    ban = ban_from(CommentFactory())
    client.force_login(editor)
    client.post("/admin/comments/ban/", {"action": "lift_selected", "_selected_action": [ban.pk]})
    ban.refresh_from_db()
    assert ban.lifted_at is not None and ban.lifted_by == editor and not ban.is_active


def test_writers_cannot_see_or_make_bans(client, writer):
    comment = CommentFactory()
    client.force_login(writer)
    assert client.get("/admin/comments/ban/").status_code == 403
    assert client.post(f"/admin/comments/comment/{comment.pk}/ban/", {"reason": "no"}).status_code == 403
    assert not Ban.objects.exists()


def test_the_desk_bans_without_javascript_and_undo_takes_the_ban_back(client, editor, article):
    comment = CommentFactory(article=article, status="pending", author_email="jo.reader@example.org")
    client.force_login(editor)
    desk = client.get(DESK).content.decode()
    assert f'action="/admin/comments/comment/desk/{comment.pk}/ban/' in desk
    assert "<kbd>b</kbd>" in desk
    page = client.post(f"{DESK}{comment.pk}/ban/?queue=spam", {"reason": "pills"}, follow=True)
    page = page.content.decode()
    assert "Banned " in page
    assert "<strong>banned</strong>" in page[page.index(f'id="desk-{comment.pk}"'):]
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.SPAM
    post(article)
    assert Comment.objects.get(body=BANNED_WORDS).status == Comment.Status.SPAM

    client.post(f"{DESK}undo/?queue=spam")
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING
    assert not Ban.objects.exists()


def test_the_desk_bans_in_place_for_its_script(client, editor):
    comment = CommentFactory(status="pending")
    client.force_login(editor)
    data = {"reason": "pills", "ip_range": "192.0.2.0/24"}
    answer = client.post(f"{DESK}{comment.pk}/ban/?queue=pending", data, HTTP_ACCEPT="application/json")
    answer = answer.json()
    assert answer["stays"] is False and answer["counts"]["spam"] == 1
    assert Ban.objects.get().ip_range == "192.0.2.0/24"
    refused = client.post(f"{DESK}{comment.pk}/ban/?queue=spam", {"reason": ""},
                          HTTP_ACCEPT="application/json")
    assert refused.status_code == 400 and "Please say why" in refused.json()["error"]


def test_an_editor_s_reply_cannot_be_banned(client, editor):
    reply = CommentFactory(staff_user=editor)
    client.force_login(editor)
    assert f"{reply.pk}/ban/" not in client.get(f"{DESK}?queue=approved").content.decode()
    answer = client.post(f"{DESK}{reply.pk}/ban/", {"reason": "x"}, HTTP_ACCEPT="application/json")
    assert answer.status_code == 400
    assert not Ban.objects.exists()


def test_the_list_of_bans_runs_a_fixed_number_of_queries(client, editor):
    client.force_login(editor)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/comments/ban/").status_code == 200
        return len(captured)

    ban_from(CommentFactory())
    client.get("/admin/comments/ban/")  # the session and permissions, as for every admin page
    few = queries()
    for n in range(10):
        moderator = UserFactory(username=f"moderator{n}")
        bans.ban(CommentFactory(), "pills", by=moderator, ip_range=f"192.0.2.{n}/32")
    assert queries() == few


def test_a_moderator_bans_the_commenters_of_selected_comments_from_the_list(client, editor, article):
    first = CommentFactory(author_email="jo.reader@example.org")
    again = CommentFactory(author_email="Jo.Reader@example.org")
    other = CommentFactory(author_email="ben@example.org")
    client.force_login(editor)
    selected = {"action": "ban_selected", "_selected_action": [first.pk, again.pk, other.pk]}
    confirm = client.post("/admin/comments/comment/", selected).content.decode()
    assert "Ban these commenters?" in confirm and "Why" in confirm
    refused = client.post("/admin/comments/comment/", {**selected, "reason": ""}).content.decode()
    assert "Please say why" in refused
    done = client.post("/admin/comments/comment/", {**selected, "reason": "a spam ring"}, follow=True)
    assert "Banned 2 commenter(s)." in done.content.decode()
    assert Ban.objects.count() == 2
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.SPAM}
    post(article)
    assert Comment.objects.get(body=BANNED_WORDS).status == Comment.Status.SPAM
