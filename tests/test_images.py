import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from articles.models import Picture
from tests.factories import jpeg_upload

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


def post_picture(client, editor, image, **fields):
    """Upload `image` into the media library through its admin form."""
    client.force_login(editor)
    data = {"file": image, "alt_text": "A harbour at dawn", "caption": "", "credit": "", "keywords": "",
            "focal_x": "50", "focal_y": "50", **fields}
    return client.post("/admin/articles/picture/add/", data)


def test_gps_and_camera_metadata_are_stripped_from_stored_images(client, editor):
    response = post_picture(client, editor, gps_jpeg())
    assert response.status_code == 302, response.content.decode()[:2000]
    picture = Picture.objects.get()
    stored_paths = [picture.file.name] + [
        path for r in picture.renditions for path in (r["webp"], r["fallback"])
    ]
    for path in stored_paths:
        with default_storage.open(path) as stored:
            image = Image.open(stored)
            exif = image.getexif()
            assert not exif.get_ifd(ExifTags.IFD.GPSInfo), path
            assert ExifTags.Base.Make not in exif, path
            assert "exif" not in image.info, path


def test_stored_image_gets_an_unguessable_name_and_several_widths(client, editor):
    post_picture(client, editor, gps_jpeg())
    picture = Picture.objects.get()
    assert "holiday" not in picture.file.name
    widths = [r["width"] for r in picture.renditions]
    assert widths == [320, 640, 960, 1280, 1400]
    assert all(r["webp"].endswith(".webp") for r in picture.renditions)
    assert (picture.width, picture.height) == (1400, 900)


def test_text_file_named_jpg_is_refused_with_a_form_error(client, editor):
    fake = SimpleUploadedFile("photo.jpg", b"this is not a picture\n" * 20, content_type="image/jpeg")
    response = post_picture(client, editor, fake)
    assert response.status_code == 200
    assert "not a valid image" in response.content.decode() or "Upload a valid image" in (
        response.content.decode()
    )
    assert not Picture.objects.exists()


def test_decompression_bomb_is_refused_with_a_form_error(client, editor):
    bomb = SimpleUploadedFile("huge.png", png_header_only(30000, 30000), content_type="image/png")
    response = post_picture(client, editor, bomb)
    assert response.status_code == 200
    page = response.content.decode()
    assert "too many pixels" in page or "megapixels" in page
    assert not Picture.objects.exists()


def test_svg_is_refused(client, editor):
    svg = SimpleUploadedFile(
        "logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        content_type="image/svg+xml",
    )
    response = post_picture(client, editor, svg)
    assert response.status_code == 200
    assert not Picture.objects.exists()


def test_a_picture_without_alt_text_is_refused_and_the_form_says_to_choose_the_file_again(client, editor):
    response = post_picture(client, editor, jpeg_upload("quay.jpg"), alt_text="", caption="The quay")
    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required" in page
    assert ("“quay.jpg” was not stored because of the problem below: correct it, then choose the file "
            "again.") in page
    assert 'value="The quay"' in page  # what was typed stays
    assert not Picture.objects.exists()
