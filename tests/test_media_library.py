"""The media library: a picture uploaded once, found again by its words, used as a hero or in a
body, cropped around its subject, and forgotten by the page cache wherever it shows."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image, ImageDraw

from articles.html import sanitize_html
from articles.models import Picture
from tests.admin_forms import article_form_data
from tests.factories import ArticleFactory, PictureFactory, SectionFactory, jpeg_upload

pytestmark = pytest.mark.django_db

RED, BLUE = (220, 20, 20), (20, 40, 200)
LIBRARY_LIST_BUDGET = 7


def subject_off_centre(size=(1600, 600), centre=(400, 300)):
    """A blue picture with a red disc (the subject) a quarter of the way across."""
    image = Image.new("RGB", size, BLUE)
    x, y = centre
    ImageDraw.Draw(image).ellipse((x - 150, y - 150, x + 150, y + 150), fill=RED)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return SimpleUploadedFile("harbour.jpg", buffer.getvalue(), content_type="image/jpeg")


def centre_colour(stored_name):
    with default_storage.open(stored_name) as stored:
        image = Image.open(stored).convert("RGB")
        return image.getpixel((image.width // 2, image.height // 2))


def near(colour, expected, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def library_list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/articles/picture/")
    assert response.status_code == 200
    return len(queries)


def many_pictures(count, start):
    renditions = [{"width": 320, "height": 180, "webp": "library/x-320.webp",
                   "fallback": "library/x-320.jpg"}]
    Picture.objects.bulk_create(
        Picture(file=f"library/p{n}.jpg", key=f"library/p{n}", renditions=renditions,
                alt_text=f"Picture {n}", caption=f"Caption {n}", width=320, height=180)
        for n in range(start, start + count)
    )


def test_the_library_list_runs_the_same_queries_however_many_pictures_it_holds(client, editor):
    client.force_login(editor)
    many_pictures(2, 0)
    used = Picture.objects.first()
    ArticleFactory(hero_picture=used, body=f'<p><img src="/media/{used.key}-320.jpg" alt="x"></p>')
    small = library_list_queries(client)
    assert small <= LIBRARY_LIST_BUDGET  # session, user, permissions, two counts, the page
    many_pictures(60, 2)
    for picture in Picture.objects.all()[:10]:
        ArticleFactory(hero_picture=picture)
    assert library_list_queries(client) == small


def test_the_library_finds_pictures_by_caption_credit_or_keyword(client, editor):
    client.force_login(editor)
    PictureFactory(caption="The quay at dawn", credit="Ann Reader", keywords="harbour boats")
    PictureFactory(caption="Council chamber", credit="Bob Lens", keywords="politics")
    for words in ["quay", "ann reader", "boats", "dawn harbour"]:
        page = client.get("/admin/articles/picture/", {"q": words}).content.decode()
        assert "The quay at dawn" in page and "Council chamber" not in page, words
    assert client.get("/admin/articles/picture/picker/", {"q": "politics"}).json()["pictures"][0][
        "caption"] == "Council chamber"


def test_a_picture_says_where_it_is_used_and_cannot_be_deleted_while_it_is(client, editor):
    client.force_login(editor)
    picture = PictureFactory(caption="The quay")
    ArticleFactory(headline="Hero story", hero_picture=picture)
    ArticleFactory(headline="Body story",
                   body=f'<figure><img src="{picture.body_source}" alt="The quay"></figure>')
    page = client.get(f"/admin/articles/picture/{picture.pk}/change/").content.decode()
    assert "Hero story</a> (hero)" in page and "Body story</a> (in the text)" in page
    assert client.get(f"/admin/articles/picture/{picture.pk}/delete/").status_code == 403
    assert "2 articles" in client.get("/admin/articles/picture/").content.decode()


def test_a_library_picture_in_a_body_passes_the_sanitiser_and_counts_as_used():
    picture = PictureFactory(alt_text="The quay")
    html = (f'<figure><img src="{picture.body_source}" alt="The quay" onerror="x()">'
            "<figcaption>Quay</figcaption></figure>")
    assert sanitize_html(html) == (f'<figure><img src="{picture.body_source}" alt="The quay">'
                                   "<figcaption>Quay</figcaption></figure>")
    article = ArticleFactory(body=html)
    assert list(article.body_pictures.all()) == [picture]
    article.body = "<p>No picture now.</p>"
    article.save()
    assert not picture.in_bodies.exists()


def test_the_card_crop_centres_on_the_focal_point(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    picture = PictureFactory(file=subject_off_centre())
    assert picture.crops == []  # centred: the whole picture, which CSS trims from the middle
    assert near(centre_colour(picture.renditions[-1]["fallback"]), BLUE)
    picture.focal_x, picture.focal_y = 25, 50
    picture.save()
    assert [crop["width"] for crop in picture.crops] == [320, 640, 800]
    assert (picture.crops[-1]["width"], picture.crops[-1]["height"]) == (800, 600)  # 4:3
    for crop in picture.crops:
        assert near(centre_colour(crop["fallback"]), RED), crop
    section = SectionFactory()
    ArticleFactory(section=section, hero_picture=picture)
    listing = client.get(section.get_absolute_url()).content.decode()
    assert picture.crops[0]["fallback"] in listing and picture.crops[-1]["webp"] in listing


def test_moving_the_focal_point_or_changing_a_caption_shows_at_once_where_the_picture_is(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    section = SectionFactory()
    picture = PictureFactory(file=subject_off_centre(), caption="The quay at dawn")
    hero = ArticleFactory(section=section, hero_picture=picture)
    in_body = ArticleFactory(section=section, body=f'<p><img src="{picture.body_source}" alt="Quay"></p>')
    reader = Client()
    pages = [hero.get_absolute_url(), in_body.get_absolute_url(), section.get_absolute_url()]
    for url in pages:
        reader.get(url)
        assert reader.get(url)["X-Page-Cache"] == "hit", url

    picture.caption = "The quay at noon"
    picture.save()
    assert "The quay at noon" in reader.get(hero.get_absolute_url()).content.decode()
    assert reader.get(in_body.get_absolute_url())["X-Page-Cache"] != "hit"

    picture.focal_x = 25
    picture.save()
    assert picture.crops[0]["fallback"] in reader.get(section.get_absolute_url()).content.decode()


def test_the_body_editor_uploads_into_the_library_and_keeps_nothing_half_done(client, writer):
    client.force_login(writer)
    refused = client.post("/admin/articles/picture/picker/upload/",
                          {"file": jpeg_upload("quay.jpg"), "alt_text": "", "caption": "The quay"})
    assert refused.status_code == 400
    assert "alt_text" in refused.json()["errors"]
    assert not Picture.objects.exists()
    stored = client.post("/admin/articles/picture/picker/upload/",
                         {"file": jpeg_upload("quay.jpg"), "alt_text": "The quay", "credit": "Ann Reader"})
    assert stored.status_code == 201
    answer = stored.json()["picture"]
    picture = Picture.objects.get()
    assert answer["src"] == picture.body_source and answer["alt"] == "The quay"
    assert answer["credit"] == "Ann Reader"
    assert client.get(f"/admin/articles/picture/{picture.pk}/delete/").status_code == 403  # editors only


def test_a_writer_cannot_change_a_picture_that_published_work_shows(client, writer):
    client.force_login(writer)
    in_a_draft, published = PictureFactory(), PictureFactory()
    ArticleFactory(status="draft", hero_picture=in_a_draft)
    ArticleFactory(status="published", body=f'<p><img src="{published.body_source}" alt="x"></p>')
    data = {"alt_text": "Changed", "caption": "", "credit": "", "keywords": "",
            "focal_x": "50", "focal_y": "50"}
    assert client.post(f"/admin/articles/picture/{in_a_draft.pk}/change/", data).status_code == 302
    assert client.post(f"/admin/articles/picture/{published.pk}/change/", data).status_code == 403
    published.refresh_from_db()
    assert published.alt_text == "A red square"


def test_a_hero_picture_without_alt_text_is_refused_with_a_message_that_says_what_to_do(client, editor):
    client.force_login(editor)
    undescribed = PictureFactory(alt_text="")  # as an import may leave it
    data = article_form_data(SectionFactory(), hero_picture=undescribed.pk, headline="Quay story")
    response = client.post("/admin/articles/article/add/", data)
    assert response.status_code == 200
    assert "This picture has no alt text yet: describe it in the media library first" in (
        response.content.decode())
    assert 'value="Quay story"' in response.content.decode()


def test_the_article_form_shows_the_hero_thumbnail(client, editor):
    client.force_login(editor)
    picture = PictureFactory(alt_text="The quay")
    article = ArticleFactory(hero_picture=picture)
    page = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert f'<img src="{picture.sources["crop_thumbnail"]}" alt="The quay" width="240"' in page
