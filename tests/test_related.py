"""Related stories under an article: shared tags first, then the same section, newest first."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


def related_headlines(article, limit=4):
    article = Article.objects.with_page_details().get(pk=article.pk)
    related, _ = Article.objects.published().rail_of(article, limit)
    return [story.headline for story in related]


def test_stories_sharing_a_tag_come_before_stories_that_only_share_the_section():
    local, sport = SectionFactory(), SectionFactory()
    harbour = TagFactory()
    article = ArticleFactory(section=local, tags=[harbour], publish_at=hours_ago(10))
    ArticleFactory(headline="Same section, newest", section=local, publish_at=hours_ago(1))
    ArticleFactory(headline="Same tag, other section", section=sport, tags=[harbour], publish_at=hours_ago(5))
    ArticleFactory(headline="Same tag and section, oldest", section=local, tags=[harbour],
                   publish_at=hours_ago(20))
    ArticleFactory(headline="Unrelated", section=sport, publish_at=hours_ago(2))
    assert related_headlines(article) == [
        "Same tag, other section", "Same tag and section, oldest", "Same section, newest",
    ]


def test_an_article_without_tags_gets_its_section_newest_first():
    local = SectionFactory()
    article = ArticleFactory(section=local)
    ArticleFactory(headline="Older", section=local, publish_at=hours_ago(4))
    ArticleFactory(headline="Newer", section=local, publish_at=hours_ago(2))
    ArticleFactory(headline="Other section", publish_at=hours_ago(1))
    assert related_headlines(article) == ["Newer", "Older"]


def test_related_stories_are_published_distinct_and_never_the_article_itself():
    tags = [TagFactory(), TagFactory()]
    article = ArticleFactory(tags=tags)
    ArticleFactory(headline="Shares both tags", tags=tags)
    ArticleFactory(headline="Draft", tags=tags, status=Article.Status.DRAFT)
    ArticleFactory(headline="Scheduled", tags=tags, publish_at=timezone.now() + timedelta(hours=1))
    assert related_headlines(article) == ["Shares both tags"]


def test_the_rail_takes_two_queries_however_many_candidates():
    section, tag = SectionFactory(), TagFactory()
    article = Article.objects.with_page_details().get(pk=ArticleFactory(section=section, tags=[tag]).pk)
    for i in range(30):
        ArticleFactory(section=section, tags=[tag] if i % 2 else [], publish_at=hours_ago(i + 1))
    with CaptureQueriesContext(connection) as queries:
        related, section_newest = Article.objects.published().rail_of(article)
        sections = [story.section.name for story in [*related, *section_newest]]
    assert len(related) == 4 and len(section_newest) == 4 and len(sections) == 8
    assert not set(related) & set(section_newest)
    assert len(queries) == 2


def test_the_sections_newest_follow_the_related_stories_without_repeating_them():
    local, sport = SectionFactory(), SectionFactory()
    harbour = TagFactory()
    article = ArticleFactory(section=local, tags=[harbour], publish_at=hours_ago(50))
    for hours in range(1, 8):
        ArticleFactory(headline=f"Local {hours}", section=local, publish_at=hours_ago(hours))
    ArticleFactory(headline="Same tag, other section", section=sport, tags=[harbour],
                   publish_at=hours_ago(30))
    article = Article.objects.with_page_details().get(pk=article.pk)
    related, section_newest = Article.objects.published().rail_of(article, 3)
    assert [story.headline for story in related] == ["Same tag, other section", "Local 1", "Local 2"]
    assert [story.headline for story in section_newest] == ["Local 3", "Local 4", "Local 5"]


def test_a_tags_articles_with_page_details_are_that_tags_only():
    harbour = TagFactory()
    tagged = ArticleFactory(tags=[harbour])
    ArticleFactory()
    assert Article.objects.with_page_details().count() == 2
    assert [article.pk for article in harbour.articles.with_page_details()] == [tagged.pk]
    assert Article.objects.with_page_details().count() == 2
