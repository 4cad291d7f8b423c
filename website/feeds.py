"""RSS 2.0 and Atom feeds of published articles: the whole site, a section, a tag, an author.

Each feed class serves both formats: `LatestArticlesFeed()` is RSS, `LatestArticlesFeed(atom=True)`
Atom. An entry carries the standfirst (or else the start of the story) as its summary and, when
NEWSROOM_FEED_FULL_CONTENT is on, the whole story; its hero picture travels as an enclosure and as
`media:content` with its size.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, Stylesheet
from django.utils.html import escape
from django.utils.xmlutils import SimplerXMLGenerator

from articles.models import Article, Author, Section, Tag
from website.metadata import absolute_url, summary

FEED_LENGTH = 30
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
MEDIA_NS = "http://search.yahoo.com/mrss/"


def add_media(handler, item):
    image = item.get("image")
    if image:
        handler.addQuickElement("media:content", "", {
            "url": image["url"], "medium": "image", "type": image["type"],
            "width": str(image["width"]), "height": str(image["height"]),
        })


# Browsers show application/rss+xml and application/atom+xml as bare text (or download them) and
# never apply the feed's stylesheet; as application/xml they render it, and feed readers read the
# document itself whatever the type says.
FEED_CONTENT_TYPE = "application/xml; charset=utf-8"


class NewsRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the whole story in `content:encoded` and the picture in `media:content`."""

    content_type = FEED_CONTENT_TYPE

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS, "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])
        add_media(handler, item)


class NewsAtomFeed(Atom1Feed):
    """Atom 1.0 with the whole story in `content` and the picture in `media:content`."""

    content_type = FEED_CONTENT_TYPE

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})
        add_media(handler, item)

    def write(self, outfile, encoding):
        # Atom1Feed.write() with the stylesheets, which Django writes into RSS only.
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", stylesheet)
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")


class SiteFeed(Feed):
    """The parts every feed of the site shares: both formats, absolute links, the site as author."""

    feed_type = NewsRssFeed

    def __init__(self, atom=False):
        if atom:
            self.feed_type = NewsAtomFeed

    def stylesheets(self):
        """A browser that opens a feed shows it as a page that says what a feed is (feeds.xsl)."""
        return [Stylesheet(static("feeds.xsl"), mimetype="text/xsl")]

    def author_name(self):
        # Atom asks for an author on the feed when an entry may have none.
        return settings.NEWSROOM_SITE_NAME

    def subtitle(self, obj):
        return self._get_dynamic_attr("description", obj)

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Django names the feed itself on the request's host; every other link is on ours.
        feed.feed["feed_url"] = absolute_url(request.path)
        return feed

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())


class LatestArticlesFeed(SiteFeed):
    """The newest published articles of the whole site."""

    def title(self):
        return settings.NEWSROOM_SITE_NAME

    def link(self):
        return absolute_url(reverse("articles:home"))

    def description(self):
        return f"The latest articles from {settings.NEWSROOM_SITE_NAME}."

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        return self.articles(obj).with_page_details().newest_first()[:FEED_LENGTH]

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        # Feed readers read the summary as HTML; ours is plain text. None leaves it out.
        return escape(article.standfirst or summary(article)) or None

    def item_pubdate(self, article):
        return article.publish_at

    def item_updateddate(self, article):
        return article.modified_at

    def item_author_name(self, article):
        return ", ".join(author["name"] for author in article.byline_list) or None

    def item_author_link(self, article):
        if len(article.byline_list) == 1:
            return absolute_url(reverse("articles:author", args=[article.byline_list[0]["slug"]]))
        return None

    def item_categories(self, article):
        return [article.section.name, *(tag["name"] for tag in article.tag_list)]

    def item_enclosures(self, article):
        image = article.share_image
        if not image:
            return []
        # The file's size in bytes is not stored; 0 is the agreed value for "unknown".
        return [Enclosure(absolute_url(image["url"]), "0", image["type"])]

    def item_extra_kwargs(self, article):
        image = article.share_image
        return {
            "content": article.body if settings.NEWSROOM_FEED_FULL_CONTENT else None,
            "image": {**image, "url": absolute_url(image["url"])} if image else None,
        }


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, section):
        return f"{section.name} | {settings.NEWSROOM_SITE_NAME}"

    def link(self, section):
        return absolute_url(section.get_absolute_url())

    def description(self, section):
        return section.description or f"The latest {section.name} articles."

    def articles(self, section):
        return Article.objects.published().filter(section=section)


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, tag):
        return f"{tag.name} | {settings.NEWSROOM_SITE_NAME}"

    def link(self, tag):
        return absolute_url(tag.get_absolute_url())

    def description(self, tag):
        return f"The latest articles tagged {tag.name}."

    def articles(self, tag):
        return Article.objects.published().filter(tags=tag)


class AuthorFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, author):
        return f"{author.name} | {settings.NEWSROOM_SITE_NAME}"

    def link(self, author):
        return absolute_url(author.get_absolute_url())

    def description(self, author):
        return f"The latest articles by {author.name}."

    def articles(self, author):
        return Article.objects.published().filter(bylines__author=author)
