"""The Content-Security-Policy in a real browser: no page the site makes breaks it, the admin's
rich-text editor included, and the JSON-LD data blocks are not blocked (they are never run)."""

import pytest


def watch_for_violations(page):
    """Every message Chromium logs about the policy, as the pages load."""
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: violations.append(str(error)))
    return violations


@pytest.mark.parametrize("path", ["/", "article", "/search/?q=bridge", "/no-such-page/"])
def test_public_pages_break_no_policy(news_site, page, path):
    violations = watch_for_violations(page)
    page.goto(news_site.lead.get_absolute_url() if path == "article" else path)
    page.wait_for_load_state("networkidle")
    assert not violations


def test_article_data_for_search_engines_is_readable_under_the_policy(news_site, page):
    violations = watch_for_violations(page)
    page.goto(news_site.lead.get_absolute_url())
    blocks = page.locator("script[type='application/ld+json']")
    for number in range(blocks.count()):
        data = blocks.nth(number).text_content()
        assert page.evaluate("(text) => typeof JSON.parse(text)", data) == "object"
    assert not violations


def test_the_rich_text_editor_works_in_the_admin_under_the_policy(news_site, editor_page):
    violations = watch_for_violations(editor_page)
    editor_page.goto("/admin/articles/article/add/")
    body = editor_page.locator(".ProseMirror:visible").first
    body.click()
    editor_page.keyboard.type("Typed in the rich-text editor")
    assert "Typed in the rich-text editor" in body.inner_text()
    editor_page.goto(f"/admin/articles/article/{news_site.lead.pk}/change/")
    assert editor_page.locator(".ProseMirror:visible").first.inner_text().strip()
    editor_page.goto("/admin/comments/comment/")
    editor_page.goto("/admin/")
    assert not violations
