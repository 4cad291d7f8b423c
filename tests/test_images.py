import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from articles.models import Article
from tests.admin_forms import article_form_data
from tests.factories import SectionFactory, jpeg_upload

pytestmark = pytest.mark.django_db


def gps_jpeg():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    exif[ExifTags.Base.Model] = "Model 7"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 40.0)
    upload = jpeg_upload("holiday.jpg", size=(1400, 900), exif=exif)
    assert Image.open(io.BytesIO(upload.read())).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    upload.seek(0)
    return upload


def png_header_only(width, height):
    """A tiny file that claims to be an enormous PNG: a decompression bomb's calling card."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    raw = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def post_article(client, editor, image, **fields):
    client.force_login(editor)
    data = article_form_data(SectionFactory(), hero_image=image, hero_alt="A harbour at dawn", **fields)
    return client.post("/admin/articles/article/add/", data)


def test_gps_and_camera_metadata_are_stripped_from_stored_images(client, editor):
    response = post_article(client, editor, gps_jpeg())
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    stored_paths = [article.hero_image.name] + [
        path for r in article.hero_renditions for path in (r["webp"], r["fallback"])
    ]
    for path in stored_paths:
        with default_storage.open(path) as stored:
            image = Image.open(stored)
            exif = image.getexif()
            assert not exif.get_ifd(ExifTags.IFD.GPSInfo), path
            assert ExifTags.Base.Make not in exif, path
            assert "exif" not in image.info, path


def test_stored_image_gets_an_unguessable_name_and_several_widths(client, editor):
    post_article(client, editor, gps_jpeg())
    article = Article.objects.get()
    assert "holiday" not in article.hero_image.name
    widths = [r["width"] for r in article.hero_renditions]
    assert widths == [320, 640, 960, 1280, 1400]
    assert all(r["webp"].endswith(".webp") for r in article.hero_renditions)
    assert (article.hero_width, article.hero_height) == (1400, 900)


def test_text_file_named_jpg_is_refused_with_a_form_error(client, editor):
    fake = SimpleUploadedFile("photo.jpg", b"this is not a picture\n" * 20, content_type="image/jpeg")
    response = post_article(client, editor, fake)
    assert response.status_code == 200
    assert "not a valid image" in response.content.decode() or "Upload a valid image" in (
        response.content.decode()
    )
    assert not Article.objects.exists()


def test_decompression_bomb_is_refused_with_a_form_error(client, editor):
    bomb = SimpleUploadedFile("huge.png", png_header_only(30000, 30000), content_type="image/png")
    response = post_article(client, editor, bomb)
    assert response.status_code == 200
    page = response.content.decode()
    assert "too many pixels" in page or "megapixels" in page
    assert not Article.objects.exists()


def test_svg_is_refused(client, editor):
    svg = SimpleUploadedFile(
        "logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        content_type="image/svg+xml",
    )
    response = post_article(client, editor, svg)
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_image_without_alt_text_is_refused(client, editor):
    client.force_login(editor)
    data = article_form_data(SectionFactory(), hero_image=jpeg_upload(), hero_alt="")
    response = client.post("/admin/articles/article/add/", data)
    assert response.status_code == 200
    assert "Describe the picture" in response.content.decode()
