"""The foundation's journey, as an editor drives the admin: a story with a photo is a draft, then
scheduled for tomorrow, then published now; only then do readers find it, everywhere it belongs."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Picture
from tests.admin_forms import article_form_data
from tests.factories import AuthorFactory, SectionFactory, TagFactory, jpeg_upload


def shown(response):
    """The page as text, without the marks search puts on the words that matched."""
    return re.sub(r"</?mark>", "", response.content.decode())


pytestmark = pytest.mark.django_db

HEADLINE = "Ferry timetable doubles for the summer"
ALT = "The ferry leaving the pier in the morning light"


def reader_pages(section, author, tag):
    return {
        "home": "/",
        "section": section.get_absolute_url(),
        "author": author.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "search": "/search/?q=timetable",
    }


def save_in_admin(client, article, section, author, tag, status, when, picture=None):
    local = timezone.localtime(when)
    data = article_form_data(
        section, headline=HEADLINE, slug="ferry-timetable", status=status, tags=[tag.pk],
        body="<p>Two crossings an hour from June.</p>",
        publish_at_0=local.strftime("%Y-%m-%d"), publish_at_1=local.strftime("%H:%M:%S"),
        **{"bylines-TOTAL_FORMS": "1", "bylines-0-author": author.pk, "bylines-0-position": "0"},
    )
    data["hero_picture"] = picture.pk if picture else article.hero_picture_id
    if article is None:
        response = client.post("/admin/articles/article/add/", data)
    else:
        data.update({"bylines-INITIAL_FORMS": "1", "bylines-0-id": article.bylines.get().pk,
                     "bylines-0-article": article.pk})
        response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Article.objects.get(slug="ferry-timetable")


def test_a_story_is_hidden_as_a_draft_and_scheduled_then_shown_everywhere_once_published(client, editor):
    section, author, tag = SectionFactory(name="Travel"), AuthorFactory(name="Ada Lane"), TagFactory()
    pages = reader_pages(section, author, tag)
    reader = client.__class__()
    client.force_login(editor)

    response = client.post("/admin/articles/picture/add/", {
        "file": jpeg_upload("ferry.jpg", size=(1600, 900)), "alt_text": ALT, "caption": "",
        "credit": "Newsroom", "keywords": "ferry", "focal_x": "50", "focal_y": "50"})
    assert response.status_code == 302, response.content.decode()[:3000]
    article = save_in_admin(client, None, section, author, tag, "draft", timezone.now(),
                            picture=Picture.objects.get(credit="Newsroom"))
    assert reader.get(article.get_absolute_url()).status_code == 404
    assert all(HEADLINE not in shown(reader.get(url)) for url in pages.values())

    tomorrow = timezone.now() + timedelta(days=1)
    article = save_in_admin(client, article, section, author, tag, "published", tomorrow)
    assert article.is_scheduled
    assert reader.get(article.get_absolute_url()).status_code == 404
    assert all(HEADLINE not in shown(reader.get(url)) for url in pages.values())

    article = save_in_admin(client, article, section, author, tag, "published",
                            timezone.now() - timedelta(minutes=1))
    for name, url in pages.items():
        assert HEADLINE in shown(reader.get(url)), f"not on the {name} page"
    page = reader.get(article.get_absolute_url()).content.decode()
    assert f'alt="{ALT}"' in page
    widths = [rendition["width"] for rendition in article.hero_picture.renditions]
    assert len(widths) >= 3
    for rendition in article.hero_picture.renditions:
        assert f'{rendition["width"]}w' in page
    assert 'type="image/webp"' in page
    assert f'rel="author">{author.name}</a>' in page
