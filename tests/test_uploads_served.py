import pytest

from tests.factories import ArticleFactory, PictureFactory

pytestmark = pytest.mark.django_db


def put_in_media(settings, name, content):
    path = settings.MEDIA_ROOT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return f"/media/{name}"


def test_an_uploaded_picture_is_served_as_an_image_that_cannot_run_anything(client):
    article = ArticleFactory(hero_picture=PictureFactory(alt_text="A bridge"))
    rendition = article.hero_picture.renditions[0]["webp"]
    response = client.get(f"/media/{rendition}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert "sandbox" in response["Content-Security-Policy"]
    assert "attachment" not in response.get("Content-Disposition", "")


def test_a_picture_is_kept_by_browsers_for_a_year_since_its_name_is_never_reused(client):
    article = ArticleFactory(hero_picture=PictureFactory(alt_text="A bridge"))
    response = client.get(f"/media/{article.hero_picture.renditions[0]['webp']}")
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize("name, content", [
    ("articles/evil.html", b"<script>alert(document.cookie)</script>"),
    ("articles/evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("articles/evil.js", b"alert(1)"),
    ("articles/page.xhtml", b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'),
    ("articles/noextension", b"<html><script>alert(1)</script></html>"),
    ("articles/evil.svg.gz", b"\x1f\x8b\x08\x00"),
])
def test_a_file_that_is_not_one_of_our_images_is_only_ever_a_download(client, settings, name, content):
    response = client.get(put_in_media(settings, name, content))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert "Content-Encoding" not in response
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_script_named_like_a_picture_is_not_run_either(client, settings):
    response = client.get(put_in_media(settings, "articles/fake.jpg", b"<script>alert(1)</script>"))
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")


@pytest.mark.parametrize("path", ["/media/../newsroom/settings.py", "/media/%2e%2e/manage.py",
                                  "/media/articles/", "/media/missing.jpg"])
def test_nothing_outside_the_media_folder_and_no_listing_is_served(client, settings, path):
    put_in_media(settings, "articles/kept.jpg", b"x")
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert b"SECRET_KEY" not in response.content and b"kept.jpg" not in response.content
