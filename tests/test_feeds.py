"""RSS and Atom feeds of articles and of approved comments, and the pages that announce them."""

import functools
import re
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone
from lxml import etree

from articles.models import Article
from comments.models import Comment
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    PictureFactory,
    SectionFactory,
    TagFactory,
    jpeg_upload,
)
from tests.schemas import DATA, valid_feed

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


ATOM = "{http://www.w3.org/2005/Atom}"
RFC_3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
# RFC 822 dates as RSS 2.0 takes them (with a four-digit year, as the RSS Advisory Board advises).
RFC_822 = re.compile(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d? "
                     r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                     r"\d{4} \d\d:\d\d(:\d\d)? ([+-]\d{4}|UT|GMT|[ECMP][SD]T)")
RSS_CHANNEL_ELEMENTS = {
    "title", "link", "description", "language", "copyright", "managingEditor", "webMaster", "pubDate",
    "lastBuildDate", "category", "generator", "docs", "cloud", "ttl", "image", "rating", "textInput",
    "skipHours", "skipDays", "item",
}
RSS_ITEM_ELEMENTS = {"title", "link", "description", "author", "category", "comments", "enclosure", "guid",
                     "pubDate", "source"}
RSS_ONCE = {"title", "link", "description", "language", "copyright", "managingEditor", "webMaster",
            "pubDate", "lastBuildDate", "generator", "docs", "cloud", "ttl", "image", "rating",
            "textInput", "skipHours", "skipDays", "author", "comments", "enclosure", "guid", "source"}


@functools.cache
def atom_schema():
    """RFC 4287's own RELAX NG schema (Appendix B)."""
    return etree.RelaxNG(etree.parse(str(DATA / "atom.rng")))


def is_absolute(url):
    return bool(re.match(r"https?://[^/\s]+", url or ""))


def valid_atom(response):
    """The Atom document; fails with every way it breaks RFC 4287: its schema, the two rules the
    schema states in Schematron, and what the text asks of dates, summaries and links."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/xml; charset=utf-8", response["Content-Type"]
    feed = etree.fromstring(response.content)
    schema = atom_schema()
    assert schema.validate(feed), "\n".join(str(error) for error in schema.error_log)
    entries = feed.findall(f"{ATOM}entry")
    feed_has_author = feed.find(f"{ATOM}author") is not None
    for element in feed.iter(f"{ATOM}updated", f"{ATOM}published"):
        assert RFC_3339.fullmatch(element.text), f"not an RFC 3339 date: {element.text}"
    for link in feed.iter(f"{ATOM}link"):
        assert is_absolute(link.get("href")), f"relative link: {link.get('href')}"
    for entry in entries:
        title = entry.findtext(f"{ATOM}title")
        assert feed_has_author or entry.find(f"{ATOM}author") is not None, f"{title}: no author"
        assert (entry.find(f"{ATOM}content") is not None
                or entry.find(f"{ATOM}link[@rel='alternate']") is not None), f"{title}: no alternate link"
        assert title.strip(), "an entry without a title"
        for text in ("summary", "content"):
            element = entry.find(f"{ATOM}{text}")
            assert element is None or (element.text or "").strip(), f"{title}: a blank {text}"
    return feed


def rfc_822(text, where):
    assert RFC_822.fullmatch(text or ""), f"{where}: not an RFC 822 date: {text!r}"
    moment = parsedate_to_datetime(text)
    assert text.startswith(moment.strftime("%a")), f"{where}: {text!r} is not that weekday"
    return moment


def _only_known_children(element, known, where):
    names = [child.tag for child in element if isinstance(child.tag, str) and not child.tag.startswith("{")]
    unknown = set(names) - known
    assert not unknown, f"{where}: elements RSS 2.0 does not define: {sorted(unknown)}"
    repeated = {name for name in names if name in RSS_ONCE and names.count(name) > 1}
    assert not repeated, f"{where}: more than one {sorted(repeated)}"


def valid_rss(response):
    """The RSS document; fails with every way it breaks the RSS 2.0 specification."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/xml; charset=utf-8", response["Content-Type"]
    rss = etree.fromstring(response.content)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    [channel] = rss.findall("channel")
    _only_known_children(channel, RSS_CHANNEL_ELEMENTS, "channel")
    for required in ("title", "link", "description"):
        assert (channel.findtext(required) or "").strip(), f"channel: no {required}"
    assert is_absolute(channel.findtext("link")), channel.findtext("link")
    [self_link] = channel.findall(f"{ATOM}link[@rel='self']")
    assert is_absolute(self_link.get("href"))
    for date in ("pubDate", "lastBuildDate"):
        if channel.find(date) is not None:
            rfc_822(channel.findtext(date), f"channel {date}")
    for item in channel.findall("item"):
        title = item.findtext("title")
        _only_known_children(item, RSS_ITEM_ELEMENTS, f"item {title!r}")
        description = item.findtext("description")
        assert (title or "").strip() or (description or "").strip(), "item: no title or description"
        assert description is None or description.strip(), f"item {title!r}: a blank description"
        assert is_absolute(item.findtext("link")), f"item {title!r}: link {item.findtext('link')!r}"
        guid = item.find("guid")
        if guid is not None and guid.get("isPermaLink", "true") == "true":
            assert is_absolute(guid.text), f"item {title!r}: guid {guid.text!r}"
        if item.find("pubDate") is not None:
            rfc_822(item.findtext("pubDate"), f"item {title!r}")
        if item.find("author") is not None:
            assert "@" in item.findtext("author"), f"item {title!r}: RSS's author is an e-mail address"
        for category in item.findall("category"):
            assert (category.text or "").strip(), f"item {title!r}: a blank category"
        for enclosure in item.findall("enclosure"):
            assert is_absolute(enclosure.get("url")), f"item {title!r}: enclosure {enclosure.get('url')!r}"
            assert (enclosure.get("length") or "").isdigit(), f"item {title!r}: enclosure length"
            assert "/" in (enclosure.get("type") or ""), f"item {title!r}: enclosure type"
        if item.find("comments") is not None:
            assert is_absolute(item.findtext("comments"))
    return rss


def valid_in_its_format(response, url):
    return valid_atom(response) if url.endswith("atom/") else valid_rss(response)


def test_every_feed_is_valid_atom_or_rss_2(client, site, settings):
    settings.NEWSROOM_FEED_FULL_CONTENT = True
    article = site["article"]
    article.hero_picture = PictureFactory(
        file=jpeg_upload(size=(1600, 900)), alt_text="The ferry at the quay")
    article.save()
    ArticleFactory(headline="No standfirst", standfirst="", section=site["section"], tags=[site["tag"]],
                   authors=[site["author"], AuthorFactory(name="Bo Second")])
    ArticleFactory(headline="No byline", section=site["section"], tags=[site["tag"]])
    first = article.comments.get()
    CommentFactory(article=article, parent=first, author_name="Sam", body="A reply <with> & marks.")
    for url in article_feed_urls(site) + comment_feed_urls(site):
        document = valid_in_its_format(client.get(url), url)
        entries = document.findall(f"{ATOM}entry") or document.findall("channel/item")
        assert entries, url


def test_every_comment_entry_says_when_it_was_posted_and_last_updated(client, site):
    posted = timezone.localtime(site["article"].comments.get().created_at)
    for url in ("/feeds/comments/atom/", f"/feeds/comments/{site['article'].pk}/atom/"):
        [entry] = valid_atom(client.get(url)).findall(f"{ATOM}entry")
        assert entry.findtext(f"{ATOM}published") == posted.isoformat(), url
        assert entry.findtext(f"{ATOM}updated") == posted.isoformat(), url


def test_an_article_without_a_standfirst_is_summarised_by_the_start_of_its_story(client, site, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    story = site["article"]
    story.standfirst = ""
    story.body = "<p>The ferry came back <em>at dawn</em> &amp; everyone cheered.</p><p>More.</p>"
    story.save()
    for url in article_feed_urls(site):
        [entry] = valid_feed(client.get(url)).entries
        assert entry.summary == "The ferry came back at dawn &amp; everyone cheered. More.", url
    story.body = ""
    story.save()
    for url in article_feed_urls(site):
        [entry] = valid_feed(client.get(url)).entries
        assert "summary" not in entry, url


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
    article.hero_picture = PictureFactory(
        file=jpeg_upload(size=(1600, 900)), alt_text="The ferry at the quay")
    article.save()
    for url in ("/feeds/rss/", "/feeds/atom/"):
        [entry] = valid_feed(client.get(url)).entries
        [enclosure] = entry.enclosures
        assert enclosure.href.startswith(SITE + "/media/library/"), url
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
        shown = article.comments.approved().get()
        assert entry.link == f"{SITE}{shown.get_absolute_url()}"  # its permalink, which finds its page
        landing = client.get(shown.get_absolute_url())["Location"]
        assert landing == f"{article.get_absolute_url()}#{shown.anchor}"
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
