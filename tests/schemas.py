"""The sitemaps.org and Google News schemas in tests/data, and what feeds and sitemaps must pass."""

import functools
from pathlib import Path

import feedparser
from lxml import etree

DATA = Path(__file__).parent / "data"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NAMESPACES = {"sm": SITEMAP_NS, "news": NEWS_NS}


@functools.cache
def urlset_schema():
    """sitemap.xsd with the news extension known, as its `<xsd:any processContents="strict">` needs."""
    driver = f"""<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
      <xsd:import namespace="{SITEMAP_NS}" schemaLocation="sitemap.xsd"/>
      <xsd:import namespace="{NEWS_NS}" schemaLocation="sitemap-news.xsd"/>
    </xsd:schema>"""
    return etree.XMLSchema(etree.fromstring(driver.encode(), base_url=str(DATA / "driver.xsd")))


@functools.cache
def index_schema():
    return etree.XMLSchema(etree.parse(str(DATA / "siteindex.xsd")))


def valid_sitemap(response):
    """The parsed sitemap; fails the test with the schema's message when it is not valid."""
    assert response.status_code == 200, response.status_code
    document = etree.fromstring(response.content)
    urlset_schema().assertValid(document)
    return document


def valid_sitemap_index(response):
    assert response.status_code == 200, response.status_code
    document = etree.fromstring(response.content)
    index_schema().assertValid(document)
    return document


def locations(document):
    return [loc.text for loc in document.iterfind(".//sm:loc", NAMESPACES)]


def valid_feed(response):
    """The parsed feed; fails the test when feedparser finds anything malformed."""
    assert response.status_code == 200, response.status_code
    feed = feedparser.parse(response.content, response_headers={"content-type": response["Content-Type"]})
    assert not feed.bozo, feed.get("bozo_exception")
    return feed
