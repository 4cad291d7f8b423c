"""What search engines and sharing sites read in a page: title, description, canonical link,
Open Graph, Twitter card, schema.org JSON-LD, and when not to index."""

import json
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone
from lxml import html
from PIL import Image

from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    PictureFactory,
    SectionFactory,
    TagFactory,
    jpeg_upload,
)
from website.metadata import w3c_datetime

pytestmark = pytest.mark.django_db

SITE = "https://news.example.org"


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.NEWSROOM_SITE_URL = SITE
    settings.NEWSROOM_SITE_NAME = "The Harbour Gazette"


class Head:
    """The <head> of a page as machines read it."""

    def __init__(self, response):
        assert response.status_code == 200
        self.document = html.fromstring(response.content)

    def meta(self, key):
        """Every value of <meta property=key> or <meta name=key>, in order."""
        return self.document.xpath(f'//head/meta[@property="{key}" or @name="{key}"]/@content')

    def one(self, key):
        [value] = self.meta(key)
        return value

    @property
    def title(self):
        return self.document.findtext(".//head/title")

    @property
    def canonical(self):
        [href] = self.document.xpath('//head/link[@rel="canonical"]/@href')
        return href

    @property
    def noindex(self):
        return any("noindex" in value for value in self.meta("robots"))

    def structured_data(self):
        return [json.loads(script.text) for script in
                self.document.xpath('//script[@type="application/ld+json"]')]


@pytest.fixture
def article():
    story = ArticleFactory(
        headline="Ferry returns to the harbour", slug="ferry-returns",
        standfirst="After two years the crossing is back.",
        section=SectionFactory(name="Local", slug="local"),
        authors=[AuthorFactory(name="Ann Other", slug="ann-other")],
        tags=[TagFactory(name="Transport", slug="transport"), TagFactory(name="Harbour", slug="harbour")],
        publish_at=timezone.now() - timedelta(hours=3),
    )
    story.hero_picture = PictureFactory(
        file=jpeg_upload(size=(1600, 900)), alt_text="The ferry at the quay")
    story.save()
    return story


def test_an_article_page_describes_itself_for_search_engines_and_sharing(client, article):
    head = Head(client.get(article.get_absolute_url()))
    url = SITE + article.get_absolute_url()
    assert head.title == "Ferry returns to the harbour | The Harbour Gazette"
    assert head.one("description") == "After two years the crossing is back."
    assert head.canonical == url
    assert not head.noindex
    assert head.one("og:type") == "article"
    assert head.one("og:title") == "Ferry returns to the harbour"
    assert head.one("og:description") == "After two years the crossing is back."
    assert head.one("og:url") == url
    assert head.one("og:site_name") == "The Harbour Gazette"
    assert head.one("og:image").startswith(SITE + "/media/library/")
    assert (head.one("og:image:width"), head.one("og:image:height")) == ("1280", "720")
    assert head.one("og:image:alt") == "The ferry at the quay"
    assert head.one("article:published_time") == w3c_datetime(article.publish_at)
    assert head.one("article:modified_time") == w3c_datetime(article.modified_at)
    assert head.one("article:section") == "Local"
    assert head.meta("article:tag") == ["Harbour", "Transport"]
    assert head.meta("article:author") == [SITE + "/author/ann-other/"]
    assert head.one("twitter:card") == "summary_large_image"


def test_an_article_carries_news_article_and_breadcrumb_structured_data(client, article):
    head = Head(client.get(article.get_absolute_url()))
    news, breadcrumbs = head.structured_data()
    url = SITE + article.get_absolute_url()
    assert news["@context"] == "https://schema.org"
    assert news["@type"] == "NewsArticle"
    required = ["headline", "image", "datePublished", "dateModified", "author", "publisher"]
    for key in [*required, "mainEntityOfPage"]:
        assert news[key], key
    assert news["headline"] == "Ferry returns to the harbour"
    assert news["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert news["author"] == [{"@type": "Person", "name": "Ann Other", "url": SITE + "/author/ann-other/"}]
    assert news["publisher"]["name"] == "The Harbour Gazette"
    [image] = news["image"]
    assert image["url"] == head.one("og:image") and (image["width"], image["height"]) == (1280, 720)
    assert news["datePublished"] <= news["dateModified"]
    assert breadcrumbs["@type"] == "BreadcrumbList"
    assert [(item["position"], item["name"], item["item"]) for item in breadcrumbs["itemListElement"]] == [
        (1, "The Harbour Gazette", SITE + "/"),
        (2, "Local", SITE + "/section/local/"),
        (3, "Ferry returns to the harbour", url),
    ]


def test_the_publisher_has_a_logo_that_the_site_serves_itself(client, settings, article):
    news = Head(client.get(article.get_absolute_url())).structured_data()[0]
    logo = news["publisher"]["logo"]
    assert logo["@type"] == "ImageObject"
    static_prefix = SITE + settings.STATIC_URL
    assert logo["url"].startswith(static_prefix), logo["url"]
    with Image.open(finders.find(logo["url"][len(static_prefix):])) as image:
        assert image.format == "PNG"
        assert (logo["width"], logo["height"]) == image.size
    assert min(image.size) >= 112  # the smallest logo Google takes


def test_an_article_without_a_standfirst_is_described_by_the_start_of_its_story(client):
    story = ArticleFactory(standfirst="", body="<p>The ferry came back <em>at dawn</em>.</p><p>More.</p>")
    head = Head(client.get(story.get_absolute_url()))
    expected = "The ferry came back at dawn. More."
    assert head.structured_data()[0]["description"] == expected
    assert head.one("description") == head.one("og:description") == expected


def test_an_article_with_nothing_to_describe_it_has_no_empty_description(client):
    story = ArticleFactory(standfirst="", body="")
    news = Head(client.get(story.get_absolute_url())).structured_data()[0]
    assert "description" not in news


def test_nothing_an_editor_types_can_end_the_structured_data_script(client):
    headline = 'Breaking </script><script>alert("x")</script> <!-- & more'
    story = ArticleFactory(headline=headline, standfirst="</SCRIPT >")
    page = client.get(story.get_absolute_url()).content.decode()
    start = page.index('<script type="application/ld+json">')
    script = page[start:page.index("</script>", start)]
    assert "<" not in script[len('<script type="application/ld+json">'):]
    news = Head(client.get(story.get_absolute_url())).structured_data()[0]
    assert news["headline"] == headline
    assert news["description"] == "</SCRIPT >"


def test_pages_carry_no_executable_inline_script(client, article):
    for url in ("/", article.get_absolute_url(), "/section/local/", "/search/?q=ferry"):
        document = html.fromstring(client.get(url).content)
        for script in document.xpath("//script"):
            assert script.get("src") or script.get("type") == "application/ld+json", url


@pytest.mark.parametrize("url, og_title", [
    ("/", "The Harbour Gazette"),
    ("/section/local/", "Local"),
    ("/tag/harbour/", "Harbour"),
    ("/author/ann-other/", "Ann Other"),
])
def test_every_listing_page_has_a_title_description_canonical_link_and_card(client, article, url, og_title):
    head = Head(client.get(url))
    assert head.title and head.one("description")
    assert head.canonical == SITE + url
    assert head.one("og:url") == SITE + url
    assert head.one("og:title") == og_title
    assert head.one("og:type") == "website"
    assert head.one("twitter:card") == "summary"
    assert not head.noindex


def test_an_archive_page_has_a_canonical_link(client, article):
    year = timezone.localtime(article.publish_at).year
    assert Head(client.get(f"/{year}/")).canonical == f"{SITE}/{year}/"


def test_pages_past_the_first_are_not_indexed_but_name_themselves(client, settings, article):
    settings.NEWSROOM_PAGE_SIZE = 2
    for _ in range(3):
        ArticleFactory(section=article.section)
    first, second = Head(client.get("/section/local/")), Head(client.get("/section/local/?page=2"))
    assert not first.noindex and first.canonical == SITE + "/section/local/"
    assert second.noindex and second.canonical == SITE + "/section/local/?page=2"


def test_search_results_are_not_indexed(client, article):
    head = Head(client.get("/search/", {"q": "ferry"}))
    assert head.noindex
    assert head.canonical == SITE + "/search/?q=ferry"


def test_the_canonical_link_leaves_out_tracking_parameters(client, article):
    head = Head(client.get(article.get_absolute_url(), {"utm_source": "newsletter", "fbclid": "x"}))
    assert head.canonical == SITE + article.get_absolute_url()


def test_a_preview_is_not_indexed(client, editor, article):
    client.force_login(editor)
    assert Head(client.get(f"/preview/{article.pk}/")).noindex


def test_an_article_without_a_picture_has_a_small_card_and_no_image(client):
    story = ArticleFactory()
    head = Head(client.get(story.get_absolute_url()))
    assert head.one("twitter:card") == "summary"
    assert head.meta("og:image") == []
    assert "image" not in head.structured_data()[0]


def test_a_scheduled_article_saved_early_is_modified_no_earlier_than_published(client):
    story = ArticleFactory(publish_at=timezone.now() + timedelta(hours=1))
    story.publish_at = timezone.now() - timedelta(minutes=1)
    type(story).objects.filter(pk=story.pk).update(
        publish_at=story.publish_at, updated_at=timezone.now() - timedelta(hours=2)
    )
    news = Head(client.get(story.get_absolute_url())).structured_data()[0]
    assert news["dateModified"] == news["datePublished"]
