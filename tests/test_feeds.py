"""RSS and Atom feeds of articles and of approved comments, and the pages that announce them."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    SectionFactory,
    TagFactory,
    jpeg_upload,
)
from tests.schemas import valid_feed

pytestmark = pytest.mark.django_db

SITE = "https://news.example.org"


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.NEWSROOM_SITE_URL = SITE


@pytest.fixture
def site():
    section = SectionFactory(slug="local", name="Local")
    tag = TagFactory(slug="harbour", name="Harbour")
    author = AuthorFactory(slug="ann-other", name="Ann Other")
    article = ArticleFactory(
        headline="Ferry returns", section=section, tags=[tag], authors=[author],
        standfirst="The ferry is back & running.", body="<p>The <em>whole</em> story.</p>",
    )
    CommentFactory(article=article, author_name="Pat Reader", author_email="pat@example.org")
    return {"article": article, "section": section, "tag": tag, "author": author}


def article_feed_urls(site):
    urls = ["/feeds/rss/", "/feeds/atom/"]
    for kind, slug in (("section", "local"), ("tag", "harbour"), ("author", "ann-other")):
        urls += [f"/{kind}/{slug}/rss/", f"/{kind}/{slug}/atom/"]
    return urls


def comment_feed_urls(site):
    article_id = site["article"].pk
    return ["/feeds/comments/rss/", "/feeds/comments/atom/",
            f"/feeds/comments/{article_id}/rss/", f"/feeds/comments/{article_id}/atom/"]


def test_every_feed_parses_without_error_in_its_format(client, site):
    for url in article_feed_urls(site) + comment_feed_urls(site):
        feed = valid_feed(client.get(url))
        assert feed.version == ("atom10" if url.endswith("atom/") else "rss20"), url
        assert len(feed.entries) == 1, url


def test_an_entry_links_to_the_article_on_the_public_address_with_its_byline_and_topics(client, site):
    article = site["article"]
    [entry] = valid_feed(client.get("/feeds/rss/")).entries
    assert entry.title == "Ferry returns"
    assert entry.link == SITE + article.get_absolute_url()
    assert entry.author == "Ann Other"
    assert [tag.term for tag in entry.tags] == ["Local", "Harbour"]
    assert entry.summary == "The ferry is back &amp; running."


def test_a_feed_names_itself_on_the_public_address(client, site):
    for url in ("/feeds/rss/", "/feeds/atom/"):
        feed = valid_feed(client.get(url)).feed
        assert [link.href for link in feed.links if link.rel == "self"] == [SITE + url]


def test_feeds_carry_the_summary_only_unless_full_content_is_set(client, site, settings):
    settings.NEWSROOM_PAGE_CACHE = False  # the setting changes within the test
    settings.NEWSROOM_FEED_FULL_CONTENT = False
    for url in ("/feeds/rss/", "/feeds/atom/"):
        [entry] = valid_feed(client.get(url)).entries
        assert "content" not in entry, url
    settings.NEWSROOM_FEED_FULL_CONTENT = True
    for url in ("/feeds/rss/", "/feeds/atom/"):
        [entry] = valid_feed(client.get(url)).entries
        assert entry.content[0].value == "<p>The <em>whole</em> story.</p>", url
        assert "ferry is back" in entry.summary, url


def test_the_hero_picture_travels_as_enclosure_and_media_content_with_its_size(client, site):
    article = site["article"]
    article.hero_image = jpeg_upload(size=(1600, 900))
    article.hero_alt = "The ferry at the quay"
    article.save()
    for url in ("/feeds/rss/", "/feeds/atom/"):
        [entry] = valid_feed(client.get(url)).entries
        [enclosure] = entry.enclosures
        assert enclosure.href.startswith(SITE + "/media/articles/"), url
        assert enclosure.type == "image/jpeg"
        [media] = entry.media_content
        assert media["url"] == enclosure.href
        assert (media["width"], media["height"]) == ("1280", "720")


def test_drafts_and_scheduled_articles_are_in_no_feed(client, site):
    ArticleFactory(headline="Secret draft", status=Article.Status.DRAFT, section=site["section"],
                   tags=[site["tag"]], authors=[site["author"]])
    ArticleFactory(headline="Tomorrow's story", publish_at=timezone.now() + timedelta(hours=2),
                   section=site["section"], tags=[site["tag"]], authors=[site["author"]])
    for url in article_feed_urls(site):
        titles = [entry.title for entry in valid_feed(client.get(url)).entries]
        assert titles == ["Ferry returns"], url


def test_a_feed_is_newest_first_and_limited_to_its_section(client, site):
    ArticleFactory(headline="Elsewhere", section=SectionFactory(slug="sport"))
    ArticleFactory(headline="Later local news", section=site["section"],
                   publish_at=timezone.now() - timedelta(minutes=5))
    titles = [entry.title for entry in valid_feed(client.get("/section/local/rss/")).entries]
    assert titles == ["Later local news", "Ferry returns"]


def test_a_feed_of_an_unknown_section_tag_or_author_is_not_found(client, site):
    for url in ("/section/nope/rss/", "/tag/nope/atom/", "/author/nope/rss/"):
        assert client.get(url).status_code == 404


def test_comment_feeds_show_approved_comments_by_name_and_never_an_address(client, site):
    article = site["article"]
    for status in (Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.REMOVED):
        CommentFactory(article=article, status=status, author_name=f"Hidden {status}",
                       author_email=f"{status}@example.org")
    for url in comment_feed_urls(site):
        response = client.get(url)
        [entry] = valid_feed(response).entries
        assert entry.author == "Pat Reader", url
        assert entry.link == f"{SITE}{article.get_absolute_url()}#comment-{article.comments.first().pk}"
        raw = response.content.decode()
        assert "@example.org" not in raw, url
        assert "Hidden" not in raw, url


def test_comments_on_an_article_readers_cannot_see_are_in_no_feed(client, site):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    CommentFactory(article=draft, author_name="Early bird")
    assert "Early bird" not in client.get("/feeds/comments/rss/").content.decode()
    assert client.get(f"/feeds/comments/{draft.pk}/rss/").status_code == 404


def alternate_links(page):
    return dict(re.findall(r'<link rel="alternate" type="application/(?:rss|atom)\+xml" title="[^"]*" '
                           r'href="([^"]+)"()', page))


@pytest.mark.parametrize("page_name, own_feeds", [
    ("home", []),
    ("section", ["/section/local/rss/", "/section/local/atom/"]),
    ("tag", ["/tag/harbour/rss/", "/tag/harbour/atom/"]),
    ("author", ["/author/ann-other/rss/", "/author/ann-other/atom/"]),
    ("article", ["/feeds/comments/{id}/rss/", "/feeds/comments/{id}/atom/"]),
])
def test_pages_announce_the_site_feeds_and_their_own(client, site, page_name, own_feeds):
    article = site["article"]
    url = {
        "home": "/", "section": "/section/local/", "tag": "/tag/harbour/", "author": "/author/ann-other/",
        "article": article.get_absolute_url(),
    }[page_name]
    announced = alternate_links(client.get(url).content.decode())
    expected = ["/feeds/rss/", "/feeds/atom/", "/feeds/comments/rss/", "/feeds/comments/atom/"]
    expected += [feed.format(id=article.pk) for feed in own_feeds]
    assert sorted(announced) == sorted(expected)
    for feed_url in announced:
        valid_feed(client.get(feed_url))
