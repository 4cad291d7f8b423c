"""A reader with only a keyboard: the skip link, the reply links and the comment form, with focus visible."""

import re

from playwright.sync_api import expect

from comments.models import Comment
from tests.e2e.conftest import HUMAN_PAUSE_SECONDS

FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    name: (element.getAttribute('aria-label') || element.textContent || '').trim().slice(0, 60),
    tag: element.tagName.toLowerCase(),
    id: element.id,
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    onScreen: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
      && box.left < innerWidth && box.top < innerHeight,
  };
}"""


def press_tab(page):
    """Tab once; the element that takes the focus must show it, where the reader can see it."""
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["outline"], f"no visible focus indicator on {focused}"
    assert focused["onScreen"], f"the focused element is off screen: {focused}"
    return focused


def tab_until(page, matches, limit=80):
    for _ in range(limit):
        focused = press_tab(page)
        if matches(focused):
            return focused
    raise AssertionError(f"Tab never reached the element wanted (last: {focused})")


def test_skip_link_is_the_first_stop_and_jumps_to_the_content(news_site, page):
    page.goto(news_site.lead.get_absolute_url())
    first = press_tab(page)
    assert first["name"] == "Skip to content"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    after = press_tab(page)
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)"), after


def test_a_keyboard_reader_replies_to_a_comment(news_site, page, clock):
    page.goto(news_site.lead.get_absolute_url())
    tab_until(page, lambda focused: focused["name"] == "Reply to Ada Reader")
    page.keyboard.press("Enter")
    expect(page.locator("#reply-title")).to_contain_text("Reply to Ada Reader")
    page.locator("form.comment-form[data-reader-ready=true]").wait_for(state="attached")

    assert tab_until(page, lambda focused: focused["tag"] == "textarea")["id"] == "comment-body"
    page.keyboard.type("Thank you, that is good to know.")
    for field_id, text in [("comment-author_name", "Kay Board"), ("comment-author_email", "kay@example.org")]:
        assert press_tab(page)["id"] == field_id
        page.keyboard.type(text)
    assert press_tab(page)["id"] == "comment-author_url"
    assert press_tab(page)["id"] == "comment-remember"
    for box in ("notify_replies", "notify_approved", "notify_featured"):  # the mail the reader may ask for
        assert press_tab(page)["id"] == f"comment-{box}"
    assert press_tab(page)["name"] == "Post Comment", "the hidden spam trap must not take the focus"
    clock.advance(seconds=HUMAN_PAUSE_SECONDS)
    page.keyboard.press("Enter")

    thread = page.locator(f"#comment-{news_site.first_comment.pk} .comment-children")
    own_reply = thread.locator(".comment", has_text="Kay Board")
    expect(own_reply).to_contain_text("Your comment is awaiting moderation.")
    assert Comment.objects.get(author_name="Kay Board").parent == news_site.first_comment
