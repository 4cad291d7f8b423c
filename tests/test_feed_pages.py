"""A feed opened in a browser reads as a page that says what a feed is and how to subscribe."""

import pytest
from django.conf import settings
from lxml import etree

from tests.factories import ArticleFactory, CommentFactory, SectionFactory

pytestmark = pytest.mark.django_db

STYLESHEET = '<?xml-stylesheet href="/static/feeds.xsl" media="screen" type="text/xsl"?>'
TRANSFORM = etree.XSLT(etree.parse(str(settings.BASE_DIR / "static" / "feeds.xsl")))


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_every_feed_names_its_stylesheet_and_the_stylesheet_makes_it_a_page(client, kind):
    section = SectionFactory(slug="harbour", name="Harbour")
    ArticleFactory(headline="Ferry returns to the harbour", section=section, standfirst="After two years.")
    for url in (f"/feeds/{kind}/", f"/section/harbour/{kind}/"):
        feed = client.get(url).content.decode()
        assert feed.split("\n", 1)[1].startswith(STYLESHEET)  # before the root element, as XML requires
        page = str(TRANSFORM(etree.fromstring(feed.encode())))
        document = etree.HTML(page)
        assert document.xpath("string(//h1)") == "This is a web feed"
        assert "copy this page" in page and "feed reader" in page
        assert document.xpath("//input[@id='feed-address']/@value")[0].endswith(url)
        assert document.xpath("//h3/a/text()") == ["Ferry returns to the harbour"]
        assert "After two years." in page
        assert document.xpath("//link[@rel='stylesheet']/@href") == ["/static/css/site.css"]
        assert not document.xpath("//script | //style | //*[@style]")


def feed_page(client, url):
    return etree.HTML(str(TRANSFORM(etree.fromstring(client.get(url).content))))


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_summary_in_a_feed_page_reads_as_written_never_as_markup(client, kind):
    ArticleFactory(standfirst="The yard's <b>300</b> jobs & more")
    page = feed_page(client, f"/feeds/{kind}/")
    assert page.xpath("string(//*[@class='card-standfirst'])") == "The yard's <b>300</b> jobs & more"
    assert not page.xpath("//main//b")


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_comment_in_a_feed_page_reads_as_its_paragraphs(client, kind):
    CommentFactory(body="First thought.\n\nSecond thought.")
    page = feed_page(client, f"/feeds/comments/{kind}/")
    assert page.xpath("//*[@class='card-standfirst']/p/text()") == ["First thought.", "Second thought."]
