"""Fragments of pages (cards, comment lists) are kept under what changes them, so a change to
anything they show is on the next page made, even with the page cache off."""

import pytest

from tests.factories import ArticleFactory, AuthorFactory, CommentFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.NEWSROOM_PAGE_CACHE = False


def test_a_renamed_section_or_author_shows_on_every_card(client):
    section = SectionFactory(name="Harbour", slug="harbour")
    author = AuthorFactory(name="Jo Smith")
    article = ArticleFactory(headline="Bridge reopens", section=section, authors=[author])
    assert "Jo Smith" in client.get(section.get_absolute_url()).content.decode()
    section.name = "Harbour and docks"
    section.save()
    author.name = "Jo Smith-Jones"
    author.save()
    page = client.get(section.get_absolute_url()).content.decode()
    assert "Harbour and docks" in page and "Jo Smith-Jones" in page
    assert article.headline in page


def test_an_erased_commenter_disappears_from_the_comment_list(client):
    from comments.privacy import erase_personal_data

    comment = CommentFactory(author_name="Greta Garbo", author_email="greta@example.org")
    url = comment.article.get_absolute_url()
    assert "Greta Garbo" in client.get(url).content.decode()
    erase_personal_data("greta@example.org")
    assert "Greta Garbo" not in client.get(url).content.decode()


def test_a_removed_comment_leaves_the_list(client):
    article = ArticleFactory()
    older = CommentFactory(article=article, body="Older words.")
    CommentFactory(article=article)
    assert "Older words." in client.get(article.get_absolute_url()).content.decode()
    older.remove()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Older words." not in page


def test_a_related_story_renamed_or_its_section_renamed_shows_in_the_rail(client):
    section = SectionFactory(name="Harbour")
    article = ArticleFactory(headline="Bridge reopens", section=section)
    neighbour = ArticleFactory(headline="Ferry timetable", section=section)
    assert "Ferry timetable" in client.get(article.get_absolute_url()).content.decode()
    neighbour.headline = "Ferry timetable changes in May"
    neighbour.save()
    section.name = "Harbour and docks"
    section.save()
    page = client.get(article.get_absolute_url()).content.decode()
    rail = page.split('<aside class="rail article-rail"', 1)[1].split("</aside>", 1)[0]
    assert "Ferry timetable changes in May" in rail
    assert "Latest in Harbour and docks" in rail or "Harbour and docks ·" in rail


def test_the_report_form_under_each_article_carries_that_articles_token(client):
    import re

    from comments.spam import check_token

    first, second = ArticleFactory(), ArticleFactory()
    for article in (first, second):
        page = client.get(article.get_absolute_url()).content.decode()
        form = page.split('<section class="error-report"', 1)[1].split("</form>", 1)[0]
        assert 'name="text"' in form and 'name="reader_email"' in form
        token = re.search(r'name="report_token" value="([^"]+)"', form).group(1)
        assert check_token(token, article.pk).shared


def test_a_new_or_renamed_section_is_in_every_pages_navigation(client):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    weather = SectionFactory(name="Weather", slug="weather")

    def navigation():
        page = client.get(article.get_absolute_url()).content.decode()
        return page.split('<nav class="wrap sections-nav"', 1)[1].split("</nav>", 1)[0]

    assert f'<a href="{weather.get_absolute_url()}">Weather</a>' in navigation()
    weather.name = "Weather and tides"
    weather.save()
    assert f'<a href="{weather.get_absolute_url()}">Weather and tides</a>' in navigation()
