import re
import time

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from tests.e2e.conftest import HUMAN_PAUSE_MS
from tests.factories import ArticleFactory


@pytest.fixture
def article():
    return ArticleFactory(headline="Night buses to run all week", slug="night-buses")


def field(page, label):
    """A comment form box by its visible label ("Name*" — not "Save my name…")."""
    return page.get_by_role("textbox", name=re.compile(rf"^{label}\b"))


class Reader:
    """A reader in their own browser context: their cookies are theirs alone."""

    def __init__(self, page):
        self.page = page
        self.form_shown_at = None

    def open(self, url):
        self.page.goto(url)
        self.form_shown_at = time.monotonic()

    def open_from_home_page(self, headline):
        self.page.goto("/")
        self.page.get_by_role("link", name=headline).first.click()
        self.form_shown_at = time.monotonic()

    def write(self, body, name, email):
        field(self.page, "Comment").fill(body)
        field(self.page, "Name").fill(name)
        field(self.page, "Email").fill(email)

    def send(self):
        """Post no sooner than a person could: the form refuses faster posts as a bot's."""
        waited = time.monotonic() - self.form_shown_at
        if waited * 1000 < HUMAN_PAUSE_MS:
            self.page.wait_for_timeout(HUMAN_PAUSE_MS - waited * 1000)
        self.page.get_by_role("button", name="Post Comment").click()


def approve_in_admin(admin, body):
    admin.goto("/admin/comments/comment/?status__exact=pending")
    admin.locator("#result_list tr", has_text=body).get_by_role("checkbox").check()
    admin.locator("select[name=action]").select_option(label="Approve the selected comments")
    admin.get_by_role("button", name="Go").click()
    expect(admin.locator(".messagelist")).to_contain_text("Approve: 1 comment(s).")


def comment_journey(article, reader_page, neighbour_page, admin):
    first = "The night bus saved me a taxi fare every Friday."
    reply = "Same here, and the drivers are very kind."
    reader, neighbour = Reader(reader_page), Reader(neighbour_page)

    reader.open_from_home_page(article.headline)
    page = reader.page
    expect(page.locator("#respond").get_by_text(
        "Your email address will not be published. Required fields are marked"
    )).to_be_visible()
    expect(page.get_by_role("contentinfo")).to_contain_text("We never publish the email address you give")

    reader.write(first, "Ada Reader", "")
    reader.send()
    expect(page.get_by_role("alert")).to_contain_text("Please correct the fields marked below.")
    expect(page.get_by_text("Please give your email address")).to_be_visible()
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
    neighbour.form_shown_at = time.monotonic()
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


def test_reader_comment_is_held_approved_by_an_editor_then_answered(article, new_context, editor_page):
    comment_journey(article, new_context().new_page(), new_context().new_page(), editor_page)


def test_the_same_comment_journey_works_without_javascript(article, new_context, editor_page):
    no_script = {"java_script_enabled": False}
    comment_journey(
        article, new_context(**no_script).new_page(), new_context(**no_script).new_page(), editor_page
    )
