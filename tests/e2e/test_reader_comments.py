import re

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from tests.e2e.conftest import HUMAN_PAUSE_SECONDS
from tests.factories import ArticleFactory


@pytest.fixture
def article():
    return ArticleFactory(headline="Night buses to run all week", slug="night-buses")


def field(page, label):
    """A comment form box by its visible label ("Name*" — not "Save my name…")."""
    return page.get_by_role("textbox", name=re.compile(rf"^{label}\b"))


class Reader:
    """A reader in their own browser context: their cookies are theirs alone."""

    def __init__(self, page, clock, javascript=True):
        self.page, self.clock, self.javascript = page, clock, javascript

    def open(self, url):
        self.page.goto(url)

    def open_from_home_page(self, headline):
        self.page.goto("/")
        self.page.get_by_role("link", name=headline).first.click()

    def write(self, body, name, email):
        field(self.page, "Comment").fill(body)
        field(self.page, "Name").fill(name)
        field(self.page, "Email").fill(email)

    def send(self):
        """Post as a person would, some seconds after the form opened (the site's clock is moved
        on rather than waited for): the form refuses faster posts as a bot's."""
        if self.javascript:  # the page's script has swapped the shared token for the reader's own
            self.page.locator("form.comment-form[data-reader-ready=true]").wait_for(state="attached")
        self._press_post()
        if self.page.locator(".form-notice").count():
            # Without JavaScript a cached page's form is confirmed once, on a page of its own.
            assert not self.javascript
            expect(self.page.locator(".form-notice")).to_be_focused()
            self._press_post()

    def _press_post(self):
        self.clock.advance(seconds=HUMAN_PAUSE_SECONDS)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Post Comment").click()


def approve_in_admin(admin, body):
    admin.goto("/admin/comments/comment/?status__exact=pending")
    admin.locator("#result_list tr", has_text=body).get_by_role("checkbox").check()
    admin.locator("select[name=action]").select_option(label="Approve the selected comments")
    admin.get_by_role("button", name="Go").click()
    expect(admin.locator(".messagelist")).to_contain_text("Approve: 1 comment(s).")


def comment_journey(article, reader, neighbour, admin):
    first = "The night bus saved me a taxi fare every Friday."
    reply = "Same here, and the drivers are very kind."

    reader.open_from_home_page(article.headline)
    page = reader.page
    expect(page.locator("#respond").get_by_text(
        "Your email address will not be published. Required fields are marked"
    )).to_be_visible()
    expect(page.get_by_role("contentinfo")).to_contain_text("We never publish the email address you give")

    reader.write(first, "Ada Reader", "")
    reader.send()
    expect(page.get_by_role("alert")).to_contain_text("Please correct the fields marked below.")
    expect(page.get_by_role("alert")).to_be_focused()
    assert page.evaluate("document.getElementById('respond').getBoundingClientRect().top") < 900, \
        "the page that says what is wrong opens at the form, not at the top"
    page.get_by_role("link", name=re.compile("^Email: Please give your email address")).click()
    expect(field(page, "Email")).to_be_focused()
    expect(page.locator(".invalid-feedback", has_text="Please give your email address")).to_be_visible()
    expect(field(page, "Comment")).to_have_value(first)
    expect(field(page, "Name")).to_have_value("Ada Reader")
    assert not Comment.objects.exists()

    field(page, "Email").fill("ada@example.org")
    reader.send()
    comment = Comment.objects.get(body=first)
    expect(page).to_have_url(re.compile(rf"#comment-{comment.pk}$"))
    own = page.locator(f"#comment-{comment.pk}")
    expect(own).to_contain_text(first)
    expect(own).to_contain_text("Your comment is awaiting moderation.")

    neighbour.open(article.get_absolute_url())
    expect(neighbour.page.get_by_text(first)).to_have_count(0)

    approve_in_admin(admin, first)
    for someone in (reader, neighbour):
        someone.page.reload()
        expect(someone.page.locator(f"#comment-{comment.pk}")).to_contain_text(first)
        expect(someone.page.get_by_text("awaiting moderation")).to_have_count(0)
    expect(neighbour.page.get_by_role("heading", name="1 comment")).to_be_visible()

    neighbour.page.get_by_role("link", name="Reply to Ada Reader").click()
    expect(neighbour.page.locator("#reply-title")).to_contain_text("Reply to Ada Reader")
    neighbour.write(reply, "Ben Neighbour", "ben@example.org")
    neighbour.send()
    answer = Comment.objects.get(body=reply)
    assert answer.parent == comment
    thread = neighbour.page.locator(f"#comment-{comment.pk} .comment-children #comment-{answer.pk}")
    expect(thread).to_contain_text("Your comment is awaiting moderation.")

    approve_in_admin(admin, reply)
    reader.page.reload()
    nested = reader.page.locator(f"#comment-{comment.pk} .comment-children #comment-{answer.pk}")
    expect(nested).to_contain_text(reply)
    expect(reader.page.get_by_role("heading", name="2 comments")).to_be_visible()


def test_reader_comment_is_held_approved_by_an_editor_then_answered(article, new_context, editor_page, clock):
    reader, neighbour = (Reader(new_context().new_page(), clock) for _ in range(2))
    comment_journey(article, reader, neighbour, editor_page)


def test_the_same_comment_journey_works_without_javascript(article, new_context, editor_page, clock):
    reader, neighbour = (Reader(new_context(java_script_enabled=False).new_page(), clock, javascript=False)
                         for _ in range(2))
    comment_journey(article, reader, neighbour, editor_page)
