import json

import pytest
from django.test import Client

from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/comments/comment/"


def public_page(article):
    return Client().get(article.get_absolute_url()).content.decode()


def test_bulk_approve_publishes_the_selected_comments(client, editor):
    article = ArticleFactory()
    waiting = [CommentFactory(article=article, status="pending", body=f"Waiting {i}") for i in range(3)]
    client.force_login(editor)
    client.post(LIST_URL, {"action": "approve_selected", "_selected_action": [c.pk for c in waiting[:2]]})
    page = public_page(article)
    assert "Waiting 0" in page and "Waiting 1" in page
    assert "Waiting 2" not in page
    assert Comment.objects.get(pk=waiting[0].pk).moderated_by == editor


def test_one_click_row_buttons_moderate_a_single_comment(client, editor):
    article = ArticleFactory()
    comment = CommentFactory(article=article, status="pending", body="Row button remark")
    client.force_login(editor)
    listing = client.get(LIST_URL).content.decode()
    assert f"/admin/comments/comment/{comment.pk}/moderate/approve/" in listing
    client.post(f"/admin/comments/comment/{comment.pk}/moderate/approve/")
    assert "Row button remark" in public_page(article)
    client.post(f"/admin/comments/comment/{comment.pk}/moderate/remove/")
    assert "Row button remark" not in public_page(article)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED  # kept, not deleted
    client.post(f"/admin/comments/comment/{comment.pk}/moderate/restore/")
    assert "Row button remark" in public_page(article)
    client.post(f"/admin/comments/comment/{comment.pk}/moderate/spam/")
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.SPAM


def test_row_button_needs_post(client, editor):
    comment = CommentFactory(status="pending")
    client.force_login(editor)
    assert client.get(f"/admin/comments/comment/{comment.pk}/moderate/approve/").status_code == 405
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING


def test_pending_comments_come_first_in_the_moderation_list(client, editor):
    CommentFactory(status="approved", body="Old approved")
    CommentFactory(status="pending", body="Needs a look")
    CommentFactory(status="approved", body="New approved")
    client.force_login(editor)
    listing = client.get(LIST_URL).content.decode()
    assert listing.index("Needs a look") < listing.index("New approved") < listing.index("Old approved")


def test_writer_cannot_moderate(client, writer):
    comment = CommentFactory(status="pending")
    client.force_login(writer)
    assert client.get(LIST_URL).status_code == 403
    assert client.post(f"/admin/comments/comment/{comment.pk}/moderate/approve/").status_code == 403
    client.post(LIST_URL, {"action": "approve_selected", "_selected_action": [comment.pk]})
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING


def test_moderator_reply_is_threaded_approved_and_badged(client, editor):
    article = ArticleFactory()
    parent = CommentFactory(article=article, body="A reader asks a question.")
    client.force_login(editor)
    response = client.post(f"/admin/comments/comment/{parent.pk}/reply/", {"body": "Thanks, we fixed it."})
    assert response.status_code == 302
    reply = Comment.objects.get(parent=parent)
    assert reply.status == Comment.Status.APPROVED
    assert reply.staff_user == editor
    page = public_page(article)
    assert page.index("A reader asks a question.") < page.index("Thanks, we fixed it.")
    assert '<span class="badge">Editor</span>' in page


def test_admin_index_links_to_pending_comments_with_their_number(client, editor):
    CommentFactory(status="pending")
    CommentFactory(status="pending")
    CommentFactory(status="approved")
    client.force_login(editor)
    assert "Pending comments (2)" in client.get("/admin/").content.decode()


def test_article_list_shows_pending_and_approved_counts(client, editor):
    article = ArticleFactory(headline="Counted story")
    CommentFactory(article=article, status="pending")
    for _ in range(3):
        CommentFactory(article=article, status="approved")
    client.force_login(editor)
    listing = client.get("/admin/articles/article/").content.decode()
    assert f'article__id__exact={article.pk}&amp;status__exact=pending">1</a>' in listing
    assert '<td class="field-approved_comments">3</td>' in listing


def test_editing_a_comment_shows_on_the_public_page(client, editor):
    article = ArticleFactory()
    comment = CommentFactory(article=article, body="Teh typo")
    client.force_login(editor)
    client.post(f"/admin/comments/comment/{comment.pk}/change/", {
        "author_name": comment.author_name, "author_email": comment.author_email, "author_url": "",
        "body": "The typo, fixed",
    })
    assert "The typo, fixed" in public_page(article)


def test_export_action_downloads_every_comment_of_the_selected_address(client, editor):
    mine = [CommentFactory(author_email="me@example.org", body=f"Mine {i}") for i in range(2)]
    CommentFactory(author_email="other@example.org", body="Not mine")
    client.force_login(editor)
    response = client.post(LIST_URL, {"action": "export_selected", "_selected_action": [mine[0].pk]})
    data = json.loads(response.content)
    assert [entry["email"] for entry in data] == ["me@example.org"]
    assert sorted(c["comment"] for c in data[0]["comments"]) == ["Mine 0", "Mine 1"]


def test_erase_action_asks_for_confirmation_then_anonymises(client, editor):
    comment = CommentFactory(author_email="gone@example.org", author_name="Gone Reader")
    client.force_login(editor)
    confirm = client.post(LIST_URL, {"action": "erase_selected", "_selected_action": [comment.pk]})
    assert "Erase personal data?" in confirm.content.decode()
    assert Comment.objects.get(pk=comment.pk).author_email == "gone@example.org"
    client.post(LIST_URL, {"action": "erase_selected", "_selected_action": [comment.pk], "confirm": "yes"})
    comment.refresh_from_db()
    assert comment.author_name == "Anonymous"
    assert not Comment.objects.filter(author_email__icontains="gone@example.org").exists()


def test_row_button_returns_to_the_list_as_it_was_with_a_message(client, editor):
    comment = CommentFactory(status="pending", author_name="Pat Reader")
    client.force_login(editor)
    filtered = f"http://testserver{LIST_URL}?status__exact=pending"
    response = client.post(f"{LIST_URL}{comment.pk}/moderate/approve/", HTTP_REFERER=filtered, follow=True)
    assert response.redirect_chain[-1][0] == filtered
    assert "Approve: comment by Pat Reader." in response.content.decode()


def test_row_button_never_sends_the_moderator_to_another_site(client, editor):
    comment = CommentFactory(status="pending")
    client.force_login(editor)
    response = client.post(f"{LIST_URL}{comment.pk}/moderate/spam/", HTTP_REFERER="https://evil.example/")
    assert response["Location"] == LIST_URL


def test_row_button_refuses_a_forged_post_without_csrf_token(editor):
    comment = CommentFactory(status="pending")
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(f"{LIST_URL}{comment.pk}/moderate/approve/").status_code == 403
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING


def test_writer_can_neither_reply_nor_edit_a_comment(client, writer):
    comment = CommentFactory(body="Original words")
    client.force_login(writer)
    assert client.get(f"{LIST_URL}{comment.pk}/reply/").status_code == 403
    assert client.post(f"{LIST_URL}{comment.pk}/reply/", {"body": "Sneaky"}).status_code == 403
    assert client.post(f"{LIST_URL}{comment.pk}/change/", {
        "author_name": "X", "author_email": "x@example.org", "author_url": "", "body": "Changed",
    }).status_code == 403
    assert list(Comment.objects.values_list("body", flat=True)) == ["Original words"]


def test_change_view_shows_why_a_rule_held_the_comment(client, editor):
    comment = CommentFactory(status="pending", moderation_reasons=["contains 3 links"])
    client.force_login(editor)
    assert "contains 3 links" in client.get(f"{LIST_URL}{comment.pk}/change/").content.decode()


def test_moderators_find_a_commenter_by_address_or_ip(client, editor):
    CommentFactory(author_email="wanted@example.org", body="Wanted remark", ip_address="198.51.100.4")
    CommentFactory(body="Someone else's remark", ip_address="198.51.100.5")
    client.force_login(editor)
    by_address = client.get(LIST_URL, {"q": "wanted@example.org"}).content.decode()
    assert "Wanted remark" in by_address and "Someone else" not in by_address
    by_ip = client.get(LIST_URL, {"q": "198.51.100.5"}).content.decode()
    assert "Someone else" in by_ip and "Wanted remark" not in by_ip


def test_deleting_comments_in_the_admin_takes_them_off_the_public_page(client, editor):
    article = ArticleFactory()
    doomed = CommentFactory(article=article, body="Soon deleted")
    assert "Soon deleted" in public_page(article)  # now in the page cache
    client.force_login(editor)
    client.post(LIST_URL, {"action": "delete_selected", "_selected_action": [doomed.pk], "post": "yes"})
    assert "Soon deleted" not in public_page(article)
