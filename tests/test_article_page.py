"""The article page: caption and credit apart, the authors after the story, share links, a rail."""

import re
from urllib.parse import quote

import pytest

from tests.factories import ArticleFactory, AuthorFactory, CommentFactory, PictureFactory, jpeg_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE = False


def test_caption_and_credit_are_two_labelled_parts(client, section):
    article = ArticleFactory(section=section, hero_picture=PictureFactory(
        alt_text="The wall", caption="The repaired wall on Friday", credit="Newsroom photo"))
    html = client.get(article.get_absolute_url()).content.decode()
    assert ('<figcaption><span class="caption">The repaired wall on Friday</span> '
            '<span class="credit">Picture: Newsroom photo</span></figcaption>') in html


def test_the_authors_photo_and_bio_follow_the_story(client, section):
    author = AuthorFactory(name="Amara Osei", bio="Amara covers housing.", photo=jpeg_upload("amara.jpg"))
    article = ArticleFactory(section=section, authors=[author])
    html = client.get(article.get_absolute_url()).content.decode()
    about = html.split('<section class="about-author"', 1)[1].split("</section>", 1)[0]
    assert html.index('<div class="body">') < html.index('<section class="about-author"')
    assert "Amara covers housing." in about
    assert re.search(r'<img src="/media/authors/[^"]+" alt="" width="72" height="72"', about)


def test_share_links_are_plain_links_carrying_the_story_address(client, section, settings):
    article = ArticleFactory(section=section, headline="Bridge & river")
    html = client.get(article.get_absolute_url()).content.decode()
    share = html.split('<section class="share"', 1)[1].split("</section>", 1)[0]
    address = settings.NEWSROOM_SITE_URL.rstrip("/") + article.get_absolute_url()
    links = re.findall(r'<a href="([^"]+)"', share)
    assert [link.split("?")[0] for link in links] == [
        "mailto:", "https://toot.kytta.dev/", "https://bsky.app/intent/compose", "https://x.com/intent/post",
        "https://www.facebook.com/sharer/sharer.php", "https://www.linkedin.com/sharing/share-offsite/",
    ]
    assert all(quote(address, safe="") in link for link in links)
    assert "Bridge%20%26%20river" in links[0]
    assert f'value="{address}" readonly' in share
    assert "<script" not in share and "<iframe" not in share


def test_the_rail_shows_related_most_commented_and_the_sections_newest(client, section):
    article = ArticleFactory(section=section, headline="The story")
    for n in range(6):
        ArticleFactory(section=section, headline=f"Also in the section {n}")
    elsewhere = ArticleFactory(headline="Talked about elsewhere")
    CommentFactory(article=elsewhere)
    html = client.get(article.get_absolute_url()).content.decode()
    rail = html.split('<aside class="rail article-rail"', 1)[1].split("</aside>", 1)[0]
    assert "Related stories" in rail and "Most commented this week" in rail
    assert f"Latest in {section.name}" in rail
    assert "Talked about elsewhere" in rail
    listed = re.findall(r">(Also in the section \d)<", rail)
    assert len(listed) == len(set(listed)) == 6  # four related, then the two newest not yet shown
    assert "The story<" not in rail
    assert html.index('<aside class="rail article-rail"') < html.index('id="comments"')
