"""Screenshots of every kind of public page, at phone, tablet and desktop widths, light and dark,
to look at.

They are saved under test-artifacts/screenshots/ (kept out of git); the test checks what a
screenshot cannot show by itself: nothing is wider than the screen, and on a wide screen the
article's rail sits beside the story instead of leaving the right of the screen empty.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS

WIDTHS = [360, 390, 768, 1280]
SCHEMES = ["light", "dark"]


@pytest.fixture
def pages(news_site):
    from comments.models import Comment

    with_picture_3, without_picture_60 = news_site.articles[2], news_site.articles[5]
    for article, count in [(with_picture_3, 3), (without_picture_60, 60)]:
        Comment.objects.bulk_create([
            Comment(article=article, author_name=f"Reader {n}", author_email=f"r{n}@example.org",
                    status="approved", body=f"Remark number {n}: the council should publish the figures.")
            for n in range(count)
        ])
    return {
        "home": "/",
        "section": news_site.section.get_absolute_url(),
        "article-picture-0-comments": news_site.articles[1].get_absolute_url(),
        "article-picture-3-comments": with_picture_3.get_absolute_url(),
        "article-no-picture-0-comments": news_site.articles[6].get_absolute_url(),
        "article-no-picture-60-comments": without_picture_60.get_absolute_url(),
        "search": "/search/?q=river",
        "feed": "/feeds/rss/",
    }


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages_fit_the_screen(width, scheme, pages, new_context):
    page = new_context(viewport={"width": width, "height": 800}, color_scheme=scheme).new_page()
    folder = ARTIFACTS / "screenshots"
    for name, url in pages.items():
        page.goto(url)
        page.screenshot(path=folder / f"{name}-{width}-{scheme}.png", full_page=True)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, f"the {name} page is {overflow}px wider than a {width}px screen"
    if width >= 1280:
        page.goto(pages["article-picture-3-comments"])
        story, rail = (page.locator(selector).bounding_box() for selector in (".story", ".article-rail"))
        assert rail["x"] > story["x"] + story["width"] and rail["y"] < story["y"] + 200



@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/atom/"])
def test_a_feed_opened_in_the_browser_reads_as_a_page(news_site, page, url):
    page.goto(url)
    expect(page.get_by_role("heading", name="This is a web feed")).to_be_visible()
    expect(page.get_by_role("link", name=news_site.lead.headline).first).to_be_visible()
