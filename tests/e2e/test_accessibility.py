"""axe-core on every kind of public page, in the light and the dark colour scheme."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from articles.preview_links import token_for
from tests.e2e.conftest import ARTIFACTS
from tests.factories import ArticleFactory, CommentFactory

BLOCKING = {"serious", "critical"}
PAGES = {
    "home": lambda site: "/",
    "article": lambda site: site.lead.get_absolute_url(),
    "section": lambda site: site.section.get_absolute_url(),
    "tag": lambda site: site.tag.get_absolute_url(),
    "author": lambda site: site.author.get_absolute_url(),
    "search": lambda site: "/search/?q=footbridge",
    "search-empty": lambda site: "/search/",
    "not-found": lambda site: "/no-such-page/",
}


def axe_violations(page, axe_script, name):
    """axe's violations in both colour schemes; the full results are kept in test-artifacts/axe/."""
    # Evaluated over the DevTools protocol rather than added as a <script>: the site's
    # Content-Security-Policy refuses inline scripts, and the page is checked with it in force.
    page.evaluate(axe_script.read_text())
    folder = ARTIFACTS / "axe"
    folder.mkdir(parents=True, exist_ok=True)
    found = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        # The admin's links fade to the scheme's colour (a CSS transition): check the colour they end on.
        page.evaluate("() => Promise.all(document.getAnimations().map(animation => animation.finished))")
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        (folder / f"{name}-{scheme}.json").write_text(json.dumps(result["violations"], indent=1))
        found += [dict(violation, scheme=scheme) for violation in result["violations"]]
    return found


def assert_accessible(page, axe_script, name):
    violations = axe_violations(page, axe_script, name)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    report = "\n".join(
        f"{v['scheme']}: {v['id']} ({v['impact']}) {v['help']}: "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:4])
        for v in blocking
    )
    assert not blocking, f"axe finds serious problems on the {name} page:\n{report}"


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_problem(name, news_site, page, axe_script):
    page.goto(PAGES[name](news_site))
    assert_accessible(page, axe_script, name)


def test_comment_form_showing_errors_has_no_serious_accessibility_problem(news_site, page, axe_script):
    page.goto(news_site.lead.get_absolute_url())
    page.get_by_role("button", name="Post Comment").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page, axe_script, "article-form-errors")


def test_staff_front_page_has_no_serious_accessibility_problem(news_site, editor_page, axe_script):
    tomorrow = timezone.now() + timedelta(days=1)
    ArticleFactory(section=news_site.section, status=Article.Status.REVIEW, headline="Ferry strike vote")
    ArticleFactory(section=news_site.section, headline="Harbour report", publish_at=tomorrow,
                   embargo_until=tomorrow)
    CommentFactory(article=news_site.lead, status="pending")
    editor_page.goto("/admin/")
    expect(editor_page.get_by_role("link", name="Waiting for review (1)")).to_be_visible()
    expect(editor_page.get_by_role("link", name="Pending comments (1)")).to_be_visible()
    assert_accessible(editor_page, axe_script, "staff-front-page")


def test_preview_link_page_has_no_serious_accessibility_problem(news_site, page, axe_script):
    draft = ArticleFactory(section=news_site.section, status=Article.Status.DRAFT, headline="Findings",
                           embargo_until=timezone.now() + timedelta(days=1))
    page.goto(f"/preview/shared/{token_for(draft)}/")
    expect(page.get_by_role("status")).to_contain_text("Embargoed until")
    assert_accessible(page, axe_script, "preview-link")
