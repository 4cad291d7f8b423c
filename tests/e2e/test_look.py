"""Screenshots of the home and article pages, narrow and wide, light and dark, to look at.

They are saved under test-artifacts/screenshots/ (kept out of git); the test checks what a
screenshot cannot show by itself: nothing is wider than the screen.
"""

import pytest

from tests.e2e.conftest import ARTIFACTS

WIDTHS = [360, 1280]
SCHEMES = ["light", "dark"]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_home_and_article_pages_fit_the_screen(width, scheme, news_site, new_context):
    page = new_context(viewport={"width": width, "height": 800}, color_scheme=scheme).new_page()
    folder = ARTIFACTS / "screenshots"
    for name, url in [("home", "/"), ("article", news_site.lead.get_absolute_url())]:
        page.goto(url)
        page.screenshot(path=folder / f"{name}-{width}-{scheme}.png", full_page=True)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, f"the {name} page is {overflow}px wider than a {width}px screen"
