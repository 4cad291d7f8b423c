"""The moderation desk in the admin: queues, a comment in full, decisions without JavaScript."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments.models import Comment, Report
from tests.factories import ArticleFactory, CommentFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db

DESK = "/admin/comments/comment/desk/"


def public_page(article):
    return Client().get(article.get_absolute_url()).content.decode()


def decide(client, comment, action, query="", **data):
    return client.post(f"{DESK}{comment.pk}/{action}/{query}", data, follow=True)


def test_writers_have_no_desk(client, writer):
    CommentFactory(status="pending", body="Not for writers")
    client.force_login(writer)
    response = client.get(DESK)
    assert response.status_code == 403
    assert "Not for writers" not in response.content.decode()


def test_desk_shows_live_counts_of_every_queue(client, editor):
    CommentFactory.create_batch(3, status="pending")
    CommentFactory.create_batch(2, status="spam")
    picked = CommentFactory(status="approved")
    picked.feature()
    Report.objects.create(comment=picked, reason="abuse", reporter="r1")
    client.force_login(editor)
    page = client.get(DESK).content.decode()
    expected = {"pending": 3, "reported": 1, "approved": 1, "featured": 1, "spam": 2, "removed": 0}
    for queue, count in expected.items():
        assert f'data-count="{queue}">{count}<' in page


def test_desk_shows_the_comment_in_full_with_its_context_and_history(client, editor):
    article = ArticleFactory(headline="Harbour wall plans")
    parent = CommentFactory(article=article, body="The first word on it.", author_name="Ada")
    held = Comment.objects.create(
        article=article, parent=parent, author_name="Ben", author_email="ben@example.org",
        body="See http://a.example and http://b.example", status="pending",
        moderation_reasons=["contains 2 links"],
    )
    CommentFactory(author_name="Ben", author_email="BEN@example.org", status="spam")
    CommentFactory(author_name="Ben", author_email="ben@example.org", status="approved")
    client.force_login(editor)
    page = client.get(DESK).content.decode()
    item = page[page.index(f'id="desk-{held.pk}"'):]
    assert "Harbour wall plans" in item
    assert "In reply to Ada" in item and "The first word on it." in item
    assert "contains 2 links" in item
    assert "3 comments, 1 approved, 0 removed, 1 spam" in item
    assert "ben@example.org" in item


def test_only_moderators_allowed_to_see_addresses_see_them(client):
    from django.contrib.auth.models import Permission

    moderator = UserFactory()
    moderator.save()  # the password set after creation
    moderator.user_permissions.add(Permission.objects.get(codename="moderate_comment"))
    CommentFactory(status="pending", author_email="hidden.reader@example.org", body="Mind my address")
    client.force_login(moderator)
    page = client.get(DESK).content.decode()
    assert "Mind my address" in page
    assert "hidden.reader@example.org" not in page


def test_queue_filters_by_section_and_article_and_sorts_either_way(client, editor):
    harbour, market = SectionFactory(name="Harbour"), SectionFactory(name="Market")
    harbour_story = ArticleFactory(section=harbour)
    older = CommentFactory(article=harbour_story, status="pending", body="Older harbour remark")
    newer = CommentFactory(article=ArticleFactory(section=harbour), status="pending",
                           body="Newer harbour remark")
    CommentFactory(article=ArticleFactory(section=market), status="pending", body="Market remark")
    Comment.objects.filter(pk=older.pk).update(created_at=newer.created_at.replace(year=2020))
    client.force_login(editor)
    newest = client.get(DESK, {"section": harbour.pk}).content.decode()
    assert "Market remark" not in newest
    assert newest.index("Newer harbour remark") < newest.index("Older harbour remark")
    oldest = client.get(DESK, {"section": harbour.pk, "order": "oldest"}).content.decode()
    assert oldest.index("Older harbour remark") < oldest.index("Newer harbour remark")
    one_article = client.get(DESK, {"article": harbour_story.pk}).content.decode()
    assert "Older harbour remark" in one_article and "Newer harbour remark" not in one_article


def test_approving_without_javascript_publishes_at_once_and_comes_back_to_the_queue(client, editor):
    article = ArticleFactory()
    comment = CommentFactory(article=article, status="pending", body="Publish me please")
    assert "Publish me please" not in public_page(article)  # the page is in the cache now
    client.force_login(editor)
    response = decide(client, comment, "approve", "?queue=pending&order=oldest")
    assert response.redirect_chain[-1][0].endswith("?queue=pending&order=oldest")
    assert "Approved: comment by" in response.content.decode()
    assert "Publish me please" in public_page(article)
    assert Comment.objects.get(pk=comment.pk).moderated_by == editor


def test_undo_puts_the_last_decision_back(client, editor):
    article = ArticleFactory()
    comment = CommentFactory(article=article, status="pending", body="Changed my mind")
    client.force_login(editor)
    page = decide(client, comment, "approve").content.decode()
    assert "Undo" in page
    assert "Changed my mind" in public_page(article)
    page = client.post(f"{DESK}undo/", follow=True).content.decode()
    assert "Undone: Approved" in page
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING
    assert "Changed my mind" not in public_page(article)
    assert 'data-key="u"' not in page  # nothing more to undo


def test_remove_and_spam_hide_the_comment_from_readers(client, editor):
    article = ArticleFactory()
    rude = CommentFactory(article=article, body="A rude remark")
    junk = CommentFactory(article=article, body="Buy cheap watches")
    client.force_login(editor)
    decide(client, rude, "remove", "?queue=approved")
    decide(client, junk, "spam", "?queue=approved")
    page = public_page(article)
    assert "A rude remark" not in page and "Buy cheap watches" not in page
    assert set(Comment.objects.values_list("status", flat=True)) == {"removed", "spam"}


def test_approve_and_reply_publishes_both(client, editor):
    article = ArticleFactory()
    comment = CommentFactory(article=article, status="pending", body="Is the bridge open?")
    client.force_login(editor)
    decide(client, comment, "reply", body="Yes, since Monday.")
    page = public_page(article)
    assert "Is the bridge open?" in page and "Yes, since Monday." in page
    reply = Comment.objects.get(parent=comment)
    assert reply.staff_user == editor and reply.status == Comment.Status.APPROVED


def test_undoing_approve_and_reply_takes_the_reply_back_and_holds_the_comment_again(client, editor):
    article = ArticleFactory()
    comment = CommentFactory(article=article, status="pending", body="Open on Sundays?")
    client.force_login(editor)
    decide(client, comment, "reply", body="Only in summer.")
    client.post(f"{DESK}undo/")
    page = public_page(article)
    assert "Open on Sundays?" not in page and "Only in summer." not in page
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING


def test_an_empty_reply_is_refused_and_changes_nothing(client, editor):
    comment = CommentFactory(status="pending")
    client.force_login(editor)
    page = decide(client, comment, "reply", body="  ").content.decode()
    assert "Write your reply first." in page
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING


def test_a_decision_needs_post(client, editor):
    comment = CommentFactory(status="pending")
    client.force_login(editor)
    assert client.get(f"{DESK}{comment.pk}/approve/").status_code == 405
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING


def test_desk_answers_in_json_for_its_script(client, editor):
    comment = CommentFactory(status="pending", body="Scripted decision")
    client.force_login(editor)
    answer = client.post(f"{DESK}{comment.pk}/approve/?queue=pending", HTTP_ACCEPT="application/json").json()
    assert answer["stays"] is False
    assert answer["counts"]["pending"] == 0 and answer["counts"]["approved"] == 1
    assert "Scripted decision" in answer["html"]
    undone = client.post(f"{DESK}undo/?queue=pending", HTTP_ACCEPT="application/json").json()
    assert undone["stays"] is True and undone["counts"]["pending"] == 1


def _desk_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _fill(articles, commenters, per_commenter):
    for n in range(commenters):
        for i in range(per_commenter):
            comment = CommentFactory(article=articles[(n + i) % len(articles)],
                                     author_email=f"c{n}@example.org",
                                     status="pending" if i % 2 else "approved")
            if i % 3 == 0:
                CommentFactory(article=comment.article, parent=comment, status="pending")
                Report.objects.create(comment=comment, reason="spam", reporter=f"r{n}-{i}")


@pytest.mark.parametrize("queue", ["pending", "reported", "approved"])
def test_desk_runs_a_fixed_number_of_queries_whatever_the_numbers(client, editor, queue):
    client.force_login(editor)
    url = f"{DESK}?queue={queue}"
    _fill([ArticleFactory()], commenters=2, per_commenter=2)
    client.get(url)  # the session and permissions, as for every admin page
    small = _desk_queries(client, url)
    _fill([ArticleFactory() for _ in range(4)], commenters=12, per_commenter=6)
    assert _desk_queries(client, url) == small


def test_featured_comments_lead_in_a_picks_strip_marked_as_such(client, editor):
    article = ArticleFactory()
    CommentFactory(article=article, body="An ordinary remark")
    first = CommentFactory(article=article, body="A remark worth reading")
    reply = CommentFactory(article=article, parent=first, body="A reply worth reading")
    assert 'id="comment-picks-title"' not in public_page(article)
    client.force_login(editor)
    decide(client, first, "feature", "?queue=approved")
    decide(client, reply, "feature", "?queue=approved")
    page = public_page(article)
    strip = page[page.index('id="comment-picks-title"'):page.index('class="comment-list"')]
    assert strip.index("A reply worth reading") < strip.index("A remark worth reading")
    assert "An ordinary remark" not in strip
    assert strip.count("Editor’s pick") == 2
    assert f'href="#{first.anchor}"' in strip
    thread = page[page.index('class="comment-list"'):]
    assert thread.index("An ordinary remark") < thread.index("A remark worth reading")  # still in place
    decide(client, first, "unfeature", "?queue=featured")
    page = public_page(article)
    strip = page[page.index('id="comment-picks-title"'):page.index('class="comment-list"')]
    assert "A remark worth reading" not in strip and "A reply worth reading" in strip


def test_a_featured_comment_that_is_removed_leaves_the_picks(client, editor):
    article = ArticleFactory()
    comment = CommentFactory(article=article, body="Picked then regretted")
    comment.feature(by=editor)
    client.force_login(editor)
    decide(client, comment, "remove", "?queue=featured")
    page = public_page(article)
    assert "Picked then regretted" not in page and 'id="comment-picks-title"' not in page
    assert 'data-count="featured">0<' in client.get(DESK).content.decode()
