"""What machines read about a page: its absolute address and its schema.org description.

Every absolute link the site gives out (canonical links, feeds, sitemaps, structured data) is
built on NEWSROOM_SITE_URL, the site's one public address, so that a story is known by a single
URL whichever host name a request came in on.
"""

import html
import re

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

SUMMARY_WORDS = 50
# Between blocks a reader sees a break; inside a paragraph, tags (<em>, <a>) separate nothing.
BLOCK_TAG = re.compile(r"</?(p|br|li|h[1-6]|div|blockquote|figure|figcaption|pre|td|th)\b[^>]*>", re.I)
TAG = re.compile(r"<[^>]*>")
# static/logo.png, at its size in pixels: search engines show it beside the site's stories.
PUBLISHER_LOGO = {"path": "logo.png", "width": 512, "height": 512}


def absolute_url(url):
    """`url` on the public site; a URL that is already absolute (a CDN's) is left alone."""
    if url.startswith(("http://", "https://")):
        return url
    return f"{settings.NEWSROOM_SITE_URL}{url}"


def w3c_datetime(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds")


def summary(article):
    """What the article is about, in plain text: its description, or else the start of the story
    (feeds, search engines and sharing sites all show one); "" only when there is no story."""
    return article.description or Truncator(story_text(article.body)).words(SUMMARY_WORDS)


def story_text(body):
    """An article body as a reader reads it aloud: the words, without markup."""
    text = TAG.sub("", BLOCK_TAG.sub(" ", body or ""))
    return " ".join(html.unescape(text).split())


def news_article(article):
    """schema.org NewsArticle, as Google reads it for Top stories and article results."""
    url = absolute_url(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "datePublished": w3c_datetime(article.publish_at),
        "dateModified": w3c_datetime(article.modified_at),
        "author": [
            {"@type": "Person", "name": author["name"],
             "url": absolute_url(reverse("articles:author", args=[author["slug"]]))}
            for author in article.byline_list
        ],
        "publisher": publisher(),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "articleSection": article.section.name,
        "keywords": [tag["name"] for tag in article.tag_list],
    }
    if description := summary(article):
        data["description"] = description
    if article.share_image:
        image = article.share_image
        data["image"] = [{
            "@type": "ImageObject", "url": absolute_url(image["url"]),
            "width": image["width"], "height": image["height"],
        }]
    return data


def publisher():
    """schema.org Organization: the site, with its logo."""
    return {
        "@type": "Organization", "name": settings.NEWSROOM_SITE_NAME, "url": absolute_url("/"),
        "logo": {
            "@type": "ImageObject", "url": absolute_url(static(PUBLISHER_LOGO["path"])),
            "width": PUBLISHER_LOGO["width"], "height": PUBLISHER_LOGO["height"],
        },
    }


def breadcrumbs(article):
    """schema.org BreadcrumbList: the home page, the section, the article."""
    trail = [
        (settings.NEWSROOM_SITE_NAME, "/"),
        (article.section.name, article.section.get_absolute_url()),
        (article.headline, article.get_absolute_url()),
    ]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute_url(path)}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }
