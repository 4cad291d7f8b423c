"""Screenshots of every kind of public page, at phone, tablet and desktop widths, light and dark,
to look at.

They are saved under test-artifacts/screenshots/ (kept out of git); the test checks what a
screenshot cannot show by itself: nothing is wider than the screen, and the article's rail sits
beside the story on a wide screen (instead of leaving the right of the screen empty) and between
the story and the comments on narrower ones.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS

WIDTHS = [360, 390, 768, 1280]
SCHEMES = ["light", "dark"]


REMARKS = [
    "The council should publish the figures.",
    "I walk this way every day with the children, and the difference since the works finished is "
    "remarkable: wider paths, proper lighting and no more puddles at the bottom of the steps.",
    "Good news at last.",
    "Does anyone know whether the consultation is still open? The council's page says it closed "
    "last week, but the notice at the library gives a date at the end of the month.\n\nI would "
    "like to send in a view before it is too late.",
]


def converse(article, count, editor=None):
    """`count` approved comments of varied length, every fourth one a reply, one from the desk."""
    from comments.models import Comment

    parent = None
    for n in range(count):
        reply_to = parent if n % 4 == 3 else None
        comment = Comment.objects.create(
            article=article, parent=reply_to, author_name=f"Reader {n + 1}", author_email=f"r{n}@example.org",
            status="approved", body=REMARKS[n % len(REMARKS)],
            staff_user=editor if n == 5 else None,
        )
        parent = comment if reply_to is None else parent


@pytest.fixture
def pages(news_site, demo_pictures, editor):
    """A site with every section's stories (so the front page has its section blocks) and one
    article of each kind: with and without a picture, with 0, 3 and 60 comments."""
    import random
    from datetime import timedelta

    from django.utils import timezone

    from articles import demo_content as demo
    from articles.models import Article, Picture, Section

    sections = {section.slug: section for section in Section.objects.all()}
    for index, (section, headline, standfirst, dateline, _, _) in enumerate(demo.STORIES[7:], start=7):
        picture = demo_pictures[index % 5] if index % 3 else None
        caption, credit = demo.picture_caption(index) if picture else ("", "")
        Article.objects.create(
            headline=headline, standfirst=standfirst, body=demo.story_body(random.Random(index)),
            dateline=dateline, section=sections[section], status=Article.Status.PUBLISHED,
            publish_at=timezone.now() - timedelta(hours=1 + index * 7),
            hero_picture=picture and Picture.objects.get(file=picture.name),  # the library's, reused
        )
    articles = news_site.articles  # 0 to 4 with a picture, 5 and 6 without
    picture_3, picture_60, no_picture_3, no_picture_60 = articles[2], articles[3], articles[5], articles[6]
    no_picture_0 = Article.objects.filter(hero_picture=None).exclude(pk__in=[a.pk for a in articles]).first()
    for article, count in [(picture_3, 3), (picture_60, 60), (no_picture_3, 3), (no_picture_60, 60)]:
        converse(article, count, editor)
    return {
        "home": "/",
        "section": news_site.section.get_absolute_url(),
        "article-picture-0-comments": articles[1].get_absolute_url(),
        "article-picture-3-comments": picture_3.get_absolute_url(),
        "article-picture-60-comments": picture_60.get_absolute_url(),
        "article-no-picture-0-comments": no_picture_0.get_absolute_url(),
        "article-no-picture-3-comments": no_picture_3.get_absolute_url(),
        "article-no-picture-60-comments": no_picture_60.get_absolute_url(),
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
    page.goto(pages["article-picture-3-comments"])
    story, rail, comments = (page.locator(selector).bounding_box()
                             for selector in (".story", ".article-rail", "#comments"))
    if width >= 1280:  # the rail beside the story, not the right of the screen left empty
        assert rail["x"] > story["x"] + story["width"] and rail["y"] < story["y"] + 200
    else:  # the rail after the story, before the comments
        assert story["y"] + story["height"] <= rail["y"] < comments["y"]



@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/atom/"])
def test_a_feed_opened_in_the_browser_reads_as_a_page(news_site, page, url):
    page.goto(url)
    expect(page.get_by_role("heading", name="This is a web feed")).to_be_visible()
    expect(page.get_by_role("link", name=news_site.lead.headline).first).to_be_visible()
