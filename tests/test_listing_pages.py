"""Section and tag pages: their own heading and description, then the front page's hierarchy."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    ArticleFactory,
    CommentFactory,
    PictureFactory,
    SectionFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE = False


def stories(section=None, tag=None, count=7):
    now = timezone.now()
    return [ArticleFactory(section=section or SectionFactory(), tags=[tag] if tag else None,
                           headline=f"Story {n}", publish_at=now - timedelta(hours=n),
                           hero_picture=PictureFactory() if n == 0 else None)
            for n in range(count)]


def test_a_section_page_leads_with_its_newest_story_then_three_then_the_rest(client):
    section = SectionFactory(name="Harbour", description="Boats, tides and the people who work them.")
    articles = stories(section=section)
    CommentFactory(article=articles[2])
    html = client.get(section.get_absolute_url()).content.decode()
    assert "<h1>Harbour</h1>" in html and "Boats, tides and the people who work them." in html
    lead = html.split('<section class="lead"', 1)[1].split("</section>", 1)[0]
    assert "Story 0</a>" in lead and 'fetchpriority="high"' in lead
    secondary = html.split('<div class="secondary">', 1)[1].split('<div class="headlines">', 1)[0]
    assert re.findall(r">(Story \d)</a></h3>", secondary) == ["Story 1", "Story 2", "Story 3"]
    assert "1 comment</a>" in secondary
    links = re.findall(r'class="(?:lead-title|card-title)"><a href="([^"]+)"', html)
    assert len(links) == len(set(links)) == 7


def test_a_tag_page_has_its_heading_and_description(client):
    tag = TagFactory(name="Rivers", description="Floods, fish and the people who live by the water.")
    stories(tag=tag, count=2)
    html = client.get(tag.get_absolute_url()).content.decode()
    assert "<h1>Rivers</h1>" in html
    assert "Floods, fish and the people who live by the water." in html
    assert '<section class="lead"' in html
