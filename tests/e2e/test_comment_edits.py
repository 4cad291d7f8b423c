"""A reader edits their comment in place, in their own browser, while the page stays the shared one."""

import re

from playwright.sync_api import expect

from comments.models import Comment
from tests.e2e.test_accessibility import assert_accessible
from tests.e2e.test_reader_comments import Reader
from tests.factories import ArticleFactory, CommentFactory, address_proof_cookie

FIRST = "The harbour lights go off at ten on weekdays."
BETTER = "The harbour lights go off at eleven on weekdays, and at midnight on Fridays."


def proven(context, email, base_url):
    """The browser `context` after its reader confirmed `email` (the link in the mail gives it this
    cookie; tests/test_commenter_identity.py follows that link)."""
    cookie = address_proof_cookie(email)
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url + cookie["path"]}])
    return context


def test_a_reader_edits_their_comment_in_place_and_everyone_sees_it_edited(new_context, clock, axe_script,
                                                                           live_server):
    article = ArticleFactory(headline="Harbour lights to stay on later")
    CommentFactory(article=article, author_name="Ada Reader", author_email="ada@example.org")  # returning
    reader = Reader(proven(new_context(), "ada@example.org", live_server.url).new_page(), clock)
    neighbour = new_context().new_page()
    neighbour.goto(article.get_absolute_url())  # the shared page is now in the page cache

    reader.open(article.get_absolute_url())
    reader.write(FIRST, "Ada Reader", "ada@example.org")
    reader.send()
    comment = Comment.objects.get(body=FIRST)
    assert comment.status == Comment.Status.APPROVED
    page = reader.page
    own = page.locator(f"#comment-{comment.pk}")
    edit_link = own.get_by_role("link", name="Edit your comment")
    expect(edit_link).to_be_visible()
    expect(neighbour.locator(".comment-edit-link")).to_have_count(0)

    edit_link.click()
    box = own.get_by_role("textbox", name="Your comment")
    expect(box).to_be_focused()
    expect(box).to_have_value(FIRST)
    own.get_by_role("button", name="Cancel").click()
    expect(edit_link).to_be_focused()
    expect(own.locator(".comment-body")).to_contain_text(FIRST)

    edit_link.click()
    assert_accessible(page, axe_script, "comment-edit-in-place")
    box.fill(BETTER)
    with page.expect_navigation():
        own.get_by_role("button", name="Save changes").click()
    expect(page).to_have_url(re.compile(rf"#comment-{comment.pk}$"))
    expect(own.locator(".comment-body")).to_have_text(BETTER)
    expect(own.locator(".comment-edited")).to_have_text("(edited)")

    neighbour.reload()
    theirs = neighbour.locator(f"#comment-{comment.pk}")
    expect(theirs.locator(".comment-body")).to_have_text(BETTER)
    expect(theirs.locator(".comment-edited")).to_have_text("(edited)")
    expect(theirs.get_by_role("link", name="Edit your comment")).to_have_count(0)


def test_after_the_window_the_edit_is_refused_and_the_text_kept(new_context, clock, settings, axe_script):
    settings.NEWSROOM_COMMENT_EDIT_MINUTES = 10
    article = ArticleFactory(headline="Ferry fares frozen")
    CommentFactory(article=article, author_name="Ada Reader", author_email="ada@example.org")
    reader = Reader(new_context().new_page(), clock)
    reader.open(article.get_absolute_url())
    reader.write(FIRST, "Ada Reader", "ada@example.org")
    reader.send()
    # The page's script has asked for this reader's parts (and made their Edit link work in place).
    reader.page.locator("form.comment-form[data-reader-ready=true]").wait_for(state="attached")
    own = reader.page.locator(f"#comment-{Comment.objects.get(body=FIRST).pk}")
    own.get_by_role("link", name="Edit your comment").click()
    own.get_by_role("textbox", name="Your comment").fill(BETTER)
    clock.advance(minutes=11)
    with reader.page.expect_navigation():
        own.get_by_role("button", name="Save changes").click()
    expect(reader.page.get_by_role("alert")).to_contain_text("that time is over")
    expect(reader.page.get_by_label("Your comment")).to_have_value(BETTER)
    assert_accessible(reader.page, axe_script, "comment-edit-refused")
    assert Comment.objects.get(body=FIRST).edited_at is None
