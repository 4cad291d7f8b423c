"""A moderator at the desk: a queue cleared with the keyboard alone, every decision public at once."""

import re

from playwright.sync_api import expect

from comments.models import Ban, Comment
from tests.e2e.test_accessibility import BLOCKING
from tests.factories import ArticleFactory, CommentFactory

DESK = "/admin/comments/comment/desk/?queue=pending&order=oldest"
FOCUS_IN_DESK = """() => {
  const element = document.activeElement;
  return element.matches('.desk-item, #desk-heading') ? element.id : null;
}"""
# (key, what the reader then sees)
DECISIONS = [("a", True), ("x", False), ("s", False), ("a", True)]


def assert_accessible(page, axe_script):
    """axe on the desk in both colour schemes, once the admin's colour transitions have run."""
    page.evaluate(axe_script.read_text())
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.wait_for_timeout(300)
        violations = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")["violations"]
        blocking = [f"{v['id']}: " + ", ".join(" ".join(n["target"]) for n in v["nodes"][:4])
                    for v in violations if v["impact"] in BLOCKING]
        assert not blocking, f"axe finds serious problems on the desk ({scheme}):\n" + "\n".join(blocking)


def pending_queue(count):
    article = ArticleFactory(headline="Market hall to reopen")
    comments = [CommentFactory(article=article, status="pending", body=f"Waiting remark {n:02d}.")
                for n in range(count)]
    return article, comments


def log_in(page, editor):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Log out").or_(page.get_by_role("button", name="Log out")).wait_for()


def test_a_moderator_clears_a_queue_with_the_keyboard_alone(editor_page, new_context, axe_script):
    article, comments = pending_queue(20)
    reader = new_context().new_page()
    reader.goto(article.get_absolute_url())  # the page cache now holds it
    expect(reader.locator(".comment-list")).to_have_count(0)

    desk = editor_page
    desk.goto(DESK)
    expect(desk.locator("[data-count=pending]")).to_have_text("20")
    assert_accessible(desk, axe_script)
    desk.evaluate("() => { window.stillTheSamePage = true; }")

    desk.keyboard.press("?")
    expect(desk.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    desk.keyboard.press("Escape")
    expect(desk.get_by_role("dialog")).to_have_count(0)

    desk.keyboard.press("j")
    for number, comment in enumerate(comments):
        assert desk.evaluate(FOCUS_IN_DESK) == f"desk-{comment.pk}"
        desk.keyboard.press(DECISIONS[number % len(DECISIONS)][0])
        expect(desk.locator("[data-count=pending]")).to_have_text(str(19 - number))
        expect(desk.locator(f"#desk-{comment.pk}")).to_have_count(0)
    assert desk.evaluate(FOCUS_IN_DESK) == "desk-heading"
    expect(desk.get_by_text("Nothing in this queue.")).to_be_visible()
    assert desk.evaluate("() => window.stillTheSamePage") is True

    reader.reload()
    for number, comment in enumerate(comments):
        shown = reader.get_by_text(comment.body)
        expect(shown).to_have_count(1 if DECISIONS[number % len(DECISIONS)][1] else 0)

    desk.keyboard.press("u")
    last = comments[-1]
    expect(desk.locator(f"#desk-{last.pk}")).to_be_focused()
    expect(desk.locator("[data-count=pending]")).to_have_text("1")
    assert Comment.objects.get(pk=last.pk).status == Comment.Status.PENDING
    reader.reload()
    expect(reader.get_by_text(last.body)).to_have_count(0)
    assert_accessible(desk, axe_script)


def test_a_moderator_approves_and_replies_from_the_keyboard(editor_page, new_context):
    article, (comment,) = pending_queue(1)
    desk = editor_page
    desk.goto(DESK)
    desk.keyboard.press("j")
    desk.keyboard.press("r")
    expect(desk.get_by_label(re.compile("Your reply to"))).to_be_focused()
    desk.keyboard.type("Thank you: it opens on Saturday.")
    desk.keyboard.press("Tab")
    desk.keyboard.press("Enter")
    expect(desk.locator("[data-count=pending]")).to_have_text("0")
    reader = new_context().new_page()
    reader.goto(article.get_absolute_url())
    expect(reader.get_by_text(comment.body)).to_be_visible()
    expect(reader.get_by_text("Thank you: it opens on Saturday.")).to_be_visible()


def test_a_moderator_bans_from_the_keyboard_and_undoes_it(editor_page):
    article, (first, second) = pending_queue(2)
    desk = editor_page
    desk.goto(DESK)
    desk.keyboard.press("?")
    expect(desk.get_by_role("dialog", name="Keyboard shortcuts")).to_contain_text("Ban the commenter")
    desk.keyboard.press("Escape")
    desk.keyboard.press("j")
    desk.keyboard.press("b")
    reason = desk.locator(f"#desk-{first.pk}").get_by_label("Why")
    expect(reason).to_be_focused()
    desk.keyboard.type("Sells pills in every thread")
    desk.keyboard.press("Enter")
    expect(desk.locator("[data-count=spam]")).to_have_text("1")
    expect(desk.locator("[data-count=pending]")).to_have_text("1")
    expect(desk.locator("#desk-status")).to_contain_text(f"Banned {first.author_name}")
    assert desk.evaluate(FOCUS_IN_DESK) == f"desk-{second.pk}"
    assert Ban.objects.get().reason == "Sells pills in every thread"

    desk.keyboard.press("u")
    expect(desk.locator(f"#desk-{first.pk}")).to_be_focused()
    expect(desk.locator("[data-count=pending]")).to_have_text("2")
    assert not Ban.objects.exists()


def test_a_moderator_bans_with_a_plain_form_when_javascript_is_off(editor, new_context):
    article, (comment,) = pending_queue(1)
    desk = new_context(java_script_enabled=False).new_page()
    log_in(desk, editor)
    desk.goto(DESK)
    row = desk.locator(f"#desk-{comment.pk}")
    row.get_by_text("Ban the commenter").click()
    row.get_by_label("Why").fill("Sells pills")
    row.get_by_label("Also ban an IP range").fill("198.51.100.0/24")
    row.get_by_role("button", name="Ban and mark as spam").click()
    expect(desk.get_by_text(f"Banned {comment.author_name}", exact=True)).to_be_visible()
    expect(desk.locator("[data-count=spam]")).to_have_text("1")
    assert Ban.objects.get().ip_range == "198.51.100.0/24"


def test_the_desk_works_with_forms_when_javascript_is_off(editor, new_context):
    article, comments = pending_queue(3)
    desk = new_context(java_script_enabled=False).new_page()
    log_in(desk, editor)
    desk.goto(DESK)
    for comment in comments:
        desk.locator(f"#desk-{comment.pk}").get_by_role("button", name="Approve").click()
        expect(desk.get_by_text(f"Approved: comment by {comment.author_name}", exact=True)).to_be_visible()
    expect(desk.locator("[data-count=pending]")).to_have_text("0")
    reader = new_context().new_page()
    reader.goto(article.get_absolute_url())
    for comment in comments:
        expect(reader.get_by_text(comment.body)).to_be_visible()

    desk.get_by_role("button", name="Undo").click()
    expect(desk.locator(".messagelist").get_by_text(re.compile("^Undone: Approved"))).to_be_visible()
    expect(desk.locator(f"#desk-{comments[-1].pk}")).to_be_visible()
    reader.reload()
    expect(reader.get_by_text(comments[-1].body)).to_have_count(0)
