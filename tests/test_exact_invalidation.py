"""On the demo site with every public page cached, a change forgets only the pages that show it."""

import random
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import demo_content as demo
from articles.models import Article, Author, Byline, Correction, Section, Tag
from comments.models import Comment

pytestmark = pytest.mark.django_db
SEARCHES = ["bridge", "council", "no such word anywhere"]
SITEMAP_KINDS = ["articles", "sections", "tags", "authors"]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True


@pytest.fixture
def demo_site():
    """The demo site as `manage.py seed_demo` makes it, without its pictures (slow to resize)."""
    rng = random.Random(2026)
    sections = {slug: Section.objects.create(name=name, slug=slug, description=text, position=i)
                for i, (name, slug, text) in enumerate(demo.SECTIONS)}
    authors = {slug: Author.objects.create(name=name, slug=slug, bio=bio) for name, slug, bio in demo.AUTHORS}
    tags = {name: Tag.objects.create(name=name, slug=name.lower()) for name in demo.TAGS}
    now = timezone.now()
    for index, (section, headline, standfirst, dateline, tag_names, bylines) in enumerate(demo.STORIES):
        if index in (7, 19):
            status, publish_at = Article.Status.DRAFT, now
        elif index in (12, 24):
            status, publish_at = Article.Status.PUBLISHED, now + timedelta(days=2, hours=index)
        else:
            status, publish_at = Article.Status.PUBLISHED, now - timedelta(hours=5 + index * 9)
        article = Article.objects.create(
            headline=headline, standfirst=standfirst, body=demo.story_body(rng), section=sections[section],
            dateline=dateline, status=status, publish_at=publish_at, featured=index == 0,
        )
        for position, slug in enumerate(bylines):
            Byline.objects.create(article=article, author=authors[slug], position=position)
        article.tags.set([tags[name] for name in tag_names])
        if index == 3:
            Correction.objects.create(article=article, text="An earlier version gave the wrong frequency.")
    for article in Article.objects.published()[:3]:
        Comment.objects.create(article=article, author_name="Ada Reader", author_email="ada@example.org",
                               status="approved", body=f"A remark on {article.headline}.")
    return Article.objects.published().order_by("publish_at")


def feeds_of(path):
    return [f"{path}rss/", f"{path}atom/"]


def public_pages(articles):
    """Every public address of the site, as a reader or a crawler finds it."""
    pages = {"/", "/robots.txt", "/sitemap.xml", "/news-sitemap.xml", "/feeds/rss/", "/feeds/atom/",
             "/feeds/comments/rss/", "/feeds/comments/atom/"}
    pages |= {reverse("articles:sitemap", args=[kind]) for kind in SITEMAP_KINDS}
    pages |= {f"/search/?q={word.replace(' ', '+')}" for word in SEARCHES}
    for listing in [*Section.objects.all(), *Tag.objects.all(), *Author.objects.all()]:
        pages |= {listing.get_absolute_url(), *feeds_of(listing.get_absolute_url())}
    for article in articles:
        local = timezone.localtime(article.publish_at)
        pages |= {article.get_absolute_url(), f"/{local.year}/", f"/{local.year}/{local.month}/",
                  f"/feeds/comments/{article.pk}/rss/", f"/feeds/comments/{article.pk}/atom/"}
    return pages


@pytest.fixture
def reader():
    """One anonymous reader for every request (a new test client sets up all the middleware again)."""
    return Client()


def served_from_cache(reader, url):
    """True when the page came whole from the shared cache: no query but the cache's own."""
    with CaptureQueriesContext(connection) as queries:
        response = reader.get(url)
    assert response.status_code == 200, url
    return not [query for query in queries if "newsroom_cache" not in query["sql"]]


def forgotten_pages(reader, pages):
    """The pages that are no longer in the cache (asking for them puts them back)."""
    return {url for url in pages if not served_from_cache(reader, url)}


def test_on_the_demo_site_an_edit_or_a_comment_forgets_only_the_pages_that_show_it(demo_site, editor, reader):
    pages = public_pages(demo_site)
    forgotten_pages(reader, pages)
    assert forgotten_pages(reader, pages) == set(), "every public page is cached"

    edited = demo_site.filter(tags__isnull=False).select_related("section").first()
    edited.body = "<p>The bridge reopened on Monday, not on Sunday as we first reported.</p>"
    edited.save()
    # Its page; the search results (their matches come from bodies); the feeds it is in, whose
    # entries carry its body and when it was updated; the sitemaps, which carry that time too.
    listings = [edited.section, *edited.tags.all(), *edited.authors.all()]
    showing_it = {
        edited.get_absolute_url(), "/feeds/rss/", "/feeds/atom/",
        *(url for listing in listings for url in feeds_of(listing.get_absolute_url())),
        *(url for url in pages if url.startswith("/search/") or "sitemap" in url),
    }
    still_cached = pages - forgotten_pages(reader, pages)
    # Home, every list of cards (its card is unchanged), every other article, every other feed.
    assert still_cached == pages - showing_it
    assert len(still_cached) > 0.85 * len(pages), f"{len(still_cached)} of {len(pages)} pages still cached"
    assert "not on Sunday" in reader.get(edited.get_absolute_url()).content.decode()

    commented = demo_site.last()
    url = commented.get_absolute_url()
    # Held since last month, approved today: its count changes, the week's most commented does not.
    comment = Comment.objects.create(article=commented, author_name="Ben Neighbour",
                                     author_email="ben@example.org", body="The new lighting is a real help.",
                                     created_at=timezone.now() - timedelta(days=30))
    assert forgotten_pages(reader, pages) == set(), "a comment held for moderation shows to no one else"
    comment.approve(by=editor)
    forgotten = forgotten_pages(reader, pages)
    showing_its_count = {page for page in pages
                         if f'href="{url}#comments"' in reader.get(page).content.decode()}
    assert forgotten == {url, *feeds_of(f"/feeds/comments/{commented.pk}/"), *feeds_of("/feeds/comments/"),
                         *showing_its_count}
    assert "/" in showing_its_count and len(pages - forgotten) > 0.85 * len(pages)
    assert "The new lighting is a real help." in reader.get(url).content.decode()

    # A comment of this week on a story nobody had commented on: the week's most commented moves,
    # and so does the rail of every article page and of the home page.
    quiet = demo_site.first()
    Comment.objects.create(article=quiet, author_name="Cy Walker", author_email="cy@example.org",
                           body="First!", status="approved")
    forgotten = forgotten_pages(reader, pages)
    assert {"/", *(article.get_absolute_url() for article in demo_site)} <= forgotten
    page = reader.get(url).content.decode()
    rail = re.search(r'<section class="rail-block most-commented".*?</section>', page, re.DOTALL).group()
    assert f'href="{quiet.get_absolute_url()}"' in rail


def test_a_new_headline_replaces_the_old_one_at_once_on_every_cached_page(demo_site, reader):
    pages = public_pages(demo_site)
    forgotten_pages(reader, pages)
    article = demo_site.filter(tags__isnull=False).first()
    old_headline = article.headline
    article.headline = "Footbridge reopens with wider paths"
    article.save()
    assert [url for url in pages if old_headline in reader.get(url).content.decode()] == []
    listing = reader.get(article.section.get_absolute_url()).content.decode()
    assert "Footbridge reopens with wider paths" in listing
