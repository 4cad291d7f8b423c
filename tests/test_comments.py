import pytest
from django.core import mail

from articles.models import Article
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, comment_post, form_token, prove_address

pytestmark = pytest.mark.django_db


def post_url(article):
    return f"/comments/post/{article.pk}/"


def test_comment_without_email_shows_an_error_at_the_field_and_keeps_what_was_typed(client, article):
    response = client.post(post_url(article), comment_post(article, author_email=""))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Please give your email address" in page
    assert 'class="emailinput form-control is-invalid"' in page
    assert "I was there and it was just as described." in page
    assert 'value="Jo Reader"' in page
    assert not Comment.objects.exists()


def test_required_fields_each_get_a_clear_message(client, article):
    page = client.post(post_url(article), comment_post(article, body="", author_name="",
                                                        author_email="")).content.decode()
    assert "Please write your comment." in page
    assert "Please give your name." in page
    assert "Please give your email address" in page


def test_pending_comment_is_visible_only_to_its_author(client, article):
    response = client.post(post_url(article), comment_post(article))
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert response.status_code == 302
    assert response["Location"] == f"/comments/posted/{comment.pk}/#comment-{comment.pk}"

    landing = client.get(response["Location"])
    assert set(landing["Cache-Control"].split(", ")) == {"private", "no-store"}
    own_page = landing.content.decode()
    assert "Your comment is awaiting moderation." in own_page
    assert "I was there and it was just as described." in own_page
    waiting = client.get(f"/comments/reader/{article.pk}/").json()["waiting"]
    assert [entry["id"] for entry in waiting] == [comment.pk]
    assert "Your comment is awaiting moderation." in waiting[0]["html"]

    from django.test import Client

    stranger = Client()
    for page in (stranger.get(article.get_absolute_url()).content.decode(),
                 stranger.get(f"/comments/reader/{article.pk}/").content.decode(),
                 stranger.get(response["Location"]).content.decode()):
        assert "I was there and it was just as described." not in page
        assert "awaiting moderation" not in page


def test_approval_publishes_the_comment_to_everyone(client, article, editor):
    client.post(post_url(article), comment_post(article))
    comment = Comment.objects.get()
    comment.approve(by=editor)
    from django.test import Client

    page = Client().get(article.get_absolute_url()).content.decode()
    assert "I was there and it was just as described." in page
    assert "Jo Reader" in page
    assert "1 comment" in page
    assert "jo.reader@example.org" not in page


def test_reply_is_threaded_under_its_parent(client, article):
    parent = CommentFactory(article=article, body="The parent remark.")
    client.post(post_url(article), comment_post(article, parent=parent.pk, body="The reply remark.",
                                               author_email="other@example.org"))
    reply = Comment.objects.get(parent=parent)
    reply.approve()
    page = client.get(article.get_absolute_url()).content.decode()
    parent_start = page.index(f'id="comment-{parent.pk}"')
    reply_start = page.index(f'id="comment-{reply.pk}"')
    children = page.index('class="comment-children"', parent_start)
    assert parent_start < children < reply_start
    assert reply.depth == 1


def test_reply_link_opens_the_form_as_a_reply(client, article):
    parent = CommentFactory(article=article, author_name="Sam")
    page = client.get(article.get_absolute_url(), {"replyto": parent.pk}).content.decode()
    assert "Reply to Sam" in page
    assert f'name="parent" value="{parent.pk}"' in page


def test_closed_article_refuses_comments(client):
    closed = ArticleFactory(comments_enabled=False)
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "Comments are closed." in page
    assert "Leave a Reply" not in page
    response = client.post(post_url(closed), comment_post(closed))
    assert response.status_code == 403
    assert "Comments are closed on this article." in response.content.decode()
    assert not Comment.objects.exists()


def test_comments_close_by_themselves_after_the_set_number_of_days(client, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.NEWSROOM_COMMENT_CLOSE_AFTER_DAYS = 14
    old = ArticleFactory(publish_at=timezone.now() - timedelta(days=15))
    fresh = ArticleFactory(publish_at=timezone.now() - timedelta(days=13))
    assert client.post(post_url(old), comment_post(old)).status_code == 403
    assert client.post(post_url(fresh), comment_post(fresh)).status_code == 302


def test_unpublished_article_takes_no_comments(client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    assert client.post(post_url(draft), comment_post(draft)).status_code == 404
    assert not Comment.objects.exists()


def test_honeypot_post_is_kept_as_spam_and_never_shown(client, article):
    response = client.post(post_url(article), comment_post(article, homepage="http://spam.example"))
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert "honeypot" in comment.moderation_reasons[0]
    assert "just as described" not in client.get(article.get_absolute_url()).content.decode()


def test_post_sent_too_quickly_is_refused_and_keeps_the_text(client, article):
    response = client.post(post_url(article), comment_post(article, token=form_token(article, 0.5)))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please take a moment" in page
    assert "I was there and it was just as described." in page
    assert not Comment.objects.exists()


@pytest.mark.parametrize("token", ["", "forged-token", "eyJhcnRpY2xlIjoxfQ:1abcde:AAAA"])
def test_post_with_a_missing_or_forged_token_is_refused(client, article, token):
    response = client.post(post_url(article), comment_post(article, token=token))
    assert response.status_code == 400
    assert "could not be verified" in response.content.decode()
    assert not Comment.objects.exists()


def test_token_of_another_article_is_refused(client, article):
    other = ArticleFactory()
    response = client.post(post_url(article), comment_post(article, token=form_token(other)))
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_stale_token_is_refused(client, article, settings):
    settings.NEWSROOM_COMMENT_TOKEN_MAX_AGE = 60
    response = client.post(post_url(article), comment_post(article, token=form_token(article, 120)))
    assert response.status_code == 400
    assert "open for a long time" in response.content.decode()


def test_replayed_post_is_refused(client, article):
    data = comment_post(article)
    assert client.post(post_url(article), data).status_code == 302
    data["body"] = "A different text, same token and address."
    response = client.post(post_url(article), data)
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_rate_limit_per_address(client, article, settings):
    settings.NEWSROOM_COMMENT_RATE = "3/10m"
    statuses = [
        client.post(post_url(article), comment_post(article, body=f"Remark {i}",
                                                   author_email=f"r{i}@example.org")).status_code
        for i in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    assert Comment.objects.count() == 3


def test_rate_limit_can_be_switched_off(client, article, settings):
    settings.NEWSROOM_COMMENT_RATE = "off"
    for i in range(8):
        client.post(post_url(article), comment_post(article, body=f"Remark {i}", author_email=f"r{i}@x.org"))
    assert Comment.objects.count() == 8


def test_duplicate_comment_is_refused(client, article):
    client.post(post_url(article), comment_post(article))
    response = client.post(post_url(article), comment_post(article))
    assert response.status_code == 400
    assert "Duplicate comment detected" in response.content.decode()
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("payload", [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "<a href=\"javascript:alert(1)\">click</a>",
])
def test_markup_in_a_comment_is_shown_as_text(client, article, payload):
    CommentFactory(article=article, body=f"Look {payload} here", author_name=payload)
    page = client.get(article.get_absolute_url()).content.decode()
    comments_html = page[page.index('id="comments"'):]
    assert "<script>alert" not in comments_html
    assert "<img src=x" not in comments_html
    assert "<svg onload" not in comments_html
    assert 'href="javascript:' not in comments_html


def test_links_in_a_comment_are_clickable_but_not_endorsed(client, article):
    CommentFactory(article=article, body="See https://example.org/report for the figures.")
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<a rel="nofollow ugc noopener" href="https://example.org/report">' in page


def test_returning_author_from_their_own_browser_is_approved_at_once(client, article):
    CommentFactory(article=article, author_name="Jo Reader", author_email="jo.reader@example.org")
    prove_address(client, "jo.reader@example.org")
    client.post(post_url(article), comment_post(article, body="My second remark."))
    assert Comment.objects.get(body="My second remark.").status == Comment.Status.APPROVED


def test_typing_a_returning_authors_name_and_address_elsewhere_is_not_enough(client, article):
    CommentFactory(article=article, author_name="Jo Reader", author_email="jo.reader@example.org")
    client.post(post_url(article), comment_post(article, body="Pretending to be Jo."))
    assert Comment.objects.get(body="Pretending to be Jo.").status == Comment.Status.PENDING


def test_returning_author_with_two_links_is_held(client, article):
    CommentFactory(article=article, author_name="Jo Reader", author_email="jo.reader@example.org")
    prove_address(client, "jo.reader@example.org")
    body = "See https://a.example and https://b.example"
    client.post(post_url(article), comment_post(article, body=body))
    comment = Comment.objects.get(body=body)
    assert comment.status == Comment.Status.PENDING
    assert "2 links" in comment.moderation_reasons[0]


def test_disallowed_word_sends_a_comment_to_spam(client, article, settings):
    settings.NEWSROOM_COMMENT_DISALLOWED_WORDS = ["cheap pills"]
    client.post(post_url(article), comment_post(article, body="Buy CHEAP PILLS now"))
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_saved_details_cookie_only_when_ticked_and_it_prefills_the_form(client, article):
    response = client.post(post_url(article), comment_post(article))
    assert "newsroom_commenter" not in response.cookies
    response = client.post(post_url(article), comment_post(article, body="Another", remember="on"))
    assert response.cookies["newsroom_commenter"]["httponly"]
    details = client.get(f"/comments/reader/{article.pk}/").json()["details"]
    assert details == {"author_name": "Jo Reader", "author_email": "jo.reader@example.org", "author_url": ""}
    page = client.get(article.get_absolute_url()).content.decode()
    assert "jo.reader@example.org" not in page, "the shared page never carries one reader's details"


def test_moderators_are_emailed_when_a_comment_is_held(
    client, article, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(post_url(article), comment_post(article, author_name="Mallory\r\nBcc: x@evil.example"))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [editor.email]
    assert "Bridge reopens" in mail.outbox[0].subject
    assert "Bcc" not in mail.outbox[0].extra_headers


def test_failing_mail_server_never_fails_the_post(client, article, editor, settings,
                                                  django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens there
    settings.EMAIL_TIMEOUT = 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(post_url(article), comment_post(article))
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_editor_reply_is_approved_at_once_with_a_badge(client, article, editor):
    client.force_login(editor)
    client.get(article.get_absolute_url())
    csrf = client.cookies["csrftoken"].value
    client.post(post_url(article), comment_post(article, author_name="The Editor",
                                               author_email=editor.email, csrfmiddlewaretoken=csrf))
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED
    assert comment.staff_user == editor
    client.logout()
    assert '<span class="badge">Editor</span>' in client.get(article.get_absolute_url()).content.decode()


def test_logged_in_post_without_csrf_token_is_refused(article, editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(post_url(article), comment_post(article))
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_wrong_method_is_refused_without_error(client, article):
    assert client.get(post_url(article)).status_code == 405
