"""A reader edits their own comment for a few minutes, from the browser that wrote it (these
tests are the browser without JavaScript; tests/e2e/test_comment_edits.py is the one with it)."""

import re

import pytest
from django.test import Client

from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, comment_post, prove_address

pytestmark = pytest.mark.django_db

FIRST = "The ferry timetable is wrong on Sundays."
BETTER = "The ferry timetable is wrong on Sundays and holidays."


def write(client, article, body=FIRST, **fields):
    response = client.post(f"/comments/post/{article.pk}/", comment_post(article, body=body, **fields))
    assert response.status_code == 302
    return Comment.objects.latest("pk"), response


def edit(client, comment, body):
    return client.post(f"/comments/{comment.pk}/edit/", {"body": body})


def public_page(article):
    return Client().get(article.get_absolute_url()).content.decode()


def returning_author(client, article):
    """Jo (comment_post's author) had a comment approved before and this browser proves Jo's
    address: theirs are published at once."""
    CommentFactory(article=article, author_name="Jo Reader", author_email="jo.reader@example.org")
    prove_address(client, "jo.reader@example.org")


def test_without_javascript_the_waiting_page_links_to_a_private_edit_page(client, article):
    comment, response = write(client, article)
    landing = client.get(response["Location"]).content.decode()
    assert f'href="/comments/{comment.pk}/edit/"' in landing
    page = client.get(f"/comments/{comment.pk}/edit/")
    assert set(page["Cache-Control"].split(", ")) == {"private", "no-store"}
    assert FIRST in page.content.decode()
    answer = edit(client, comment, BETTER)
    assert answer["Location"] == f"/comments/posted/{comment.pk}/#comment-{comment.pk}"
    assert BETTER in client.get(answer["Location"]).content.decode()


def test_an_edit_within_the_window_shows_edited_and_the_admin_keeps_the_previous_text(client, article,
                                                                                     editor):
    returning_author(client, article)
    comment, _ = write(client, article)
    assert comment.status == Comment.Status.APPROVED
    assert "(edited)" not in public_page(article)  # and the page is now in the page cache
    assert edit(client, comment, BETTER)["Location"] == comment.get_absolute_url()
    page = public_page(article)
    assert BETTER in page and "(edited)" in page
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.APPROVED

    admin = Client()
    admin.force_login(editor)
    change_page = admin.get(f"/admin/comments/comment/{comment.pk}/change/").content.decode()
    assert "Edits by its author" in change_page
    assert FIRST in change_page


def test_an_approved_comment_edited_to_add_links_goes_back_to_the_queue(client, article):
    returning_author(client, article)
    comment, _ = write(client, article)
    assert FIRST in public_page(article)
    edit(client, comment, "Timetable: http://a.example and http://b.example")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert "edited: contains 2 links" in comment.moderation_reasons
    page = public_page(article)
    assert "a.example" not in page and FIRST not in page


def test_the_public_page_never_carries_an_edit_link(client, article):
    returning_author(client, article)
    write(client, article)
    assert "/edit/" not in client.get(article.get_absolute_url()).content.decode()


def test_the_private_endpoint_offers_edits_only_to_the_writing_browser(client, article):
    returning_author(client, article)
    comment, _ = write(client, article)
    mine = client.get(f"/comments/reader/{article.pk}/").json()["editable"]
    assert mine == [{"id": comment.pk, "url": f"/comments/{comment.pk}/edit/", "body": FIRST}]
    assert Client().get(f"/comments/reader/{article.pk}/").json()["editable"] == []


def test_an_edit_after_the_window_is_refused_and_keeps_the_typed_text(client, article, clock, settings):
    settings.NEWSROOM_COMMENT_EDIT_MINUTES = 10
    returning_author(client, article)
    comment, _ = write(client, article)
    clock.advance(minutes=11)
    assert client.get(f"/comments/reader/{article.pk}/").json()["editable"] == []
    answer = edit(client, comment, BETTER)
    page = answer.content.decode()
    assert answer.status_code == 403
    assert "can be edited for 10 minutes after they are written" in page
    assert BETTER in page
    assert Comment.objects.get(pk=comment.pk).body == FIRST


def test_an_edit_from_another_browser_is_refused(client, article):
    comment, _ = write(client, article)
    stranger = Client()
    page = stranger.get(f"/comments/{comment.pk}/edit/")
    assert page.status_code == 403
    assert FIRST not in page.content.decode()  # a waiting comment is its author's alone
    answer = edit(stranger, comment, "Someone else's words")
    assert answer.status_code == 403
    assert "only be edited from the browser that wrote it" in answer.content.decode()
    assert Comment.objects.get(pk=comment.pk).body == FIRST


@pytest.mark.parametrize(("body", "headers", "status", "message"), [
    ("   ", {}, 400, "Please write your comment."),
    (BETTER, {"HTTP_ORIGIN": "https://evil.example"}, 403, "sent from another website"),
])
def test_an_empty_edit_or_one_from_another_site_is_refused(client, article, body, headers, status, message):
    comment, _ = write(client, article)
    answer = client.post(f"/comments/{comment.pk}/edit/", {"body": body}, **headers)
    assert answer.status_code == status
    assert message in answer.content.decode()
    assert Comment.objects.get(pk=comment.pk).body == FIRST


def test_an_edit_is_kept_as_history_and_each_edit_adds_one(client, article):
    comment, _ = write(client, article)
    edit(client, comment, BETTER)
    edit(client, comment, BETTER + " Again.")
    assert list(comment.edits.values_list("previous_body", flat=True)) == [FIRST, BETTER]


def test_a_removed_comment_cannot_be_edited(client, article):
    comment, _ = write(client, article)
    comment.remove()
    answer = edit(client, comment, BETTER)
    assert answer.status_code == 403
    assert re.search("no longer shown", answer.content.decode())


def test_another_article_s_comments_are_not_offered(client):
    first, second = ArticleFactory(), ArticleFactory()
    write(client, first)
    assert client.get(f"/comments/reader/{second.pk}/").json()["editable"] == []


def test_edits_are_rate_limited_per_address(client, article, settings):
    settings.NEWSROOM_COMMENT_RATE = "2/10m"
    comment, _ = write(client, article)
    statuses = [edit(client, comment, f"{FIRST} Take {n}.").status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    assert Comment.objects.get(pk=comment.pk).body == f"{FIRST} Take 1."


def test_without_javascript_a_comment_published_at_once_is_found_from_the_shared_page(client, article):
    returning_author(client, article)
    comment, _ = write(client, article)
    shared = client.get(article.get_absolute_url()).content.decode()
    assert f'<noscript><p><a href="/comments/yours/{article.pk}/"' in shared
    yours = client.get(f"/comments/yours/{article.pk}/")
    assert set(yours["Cache-Control"].split(", ")) == {"private", "no-store"}
    assert f'href="/comments/{comment.pk}/edit/"' in yours.content.decode()
    stranger = Client().get(f"/comments/yours/{article.pk}/").content.decode()
    assert "no comment of yours here" in stranger and FIRST not in stranger
