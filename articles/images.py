"""Uploaded pictures: refuse what is not a real image, store a clean copy, make renditions.

Every image that reaches the site (hero images, author photos, imported WordPress media)
goes through `validate_image` and `store_image`, so the rules live in one place:
only raster formats a browser shows but never runs, a pixel limit against decompression
bombs, metadata (EXIF, GPS, comments) dropped by re-encoding, and random file names.
"""

import io
import mimetypes
import uuid
import warnings
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
ACCEPTED_LABEL = "JPEG, PNG, WebP or GIF"
# Cards and the front page's lead show a crop of this shape (their CSS trims it further, from the
# centre, to 16:9 or a square), so that the focal point stays in view.
CROP_ASPECT = 4 / 3
CROP_MAX_WIDTH = 1280


@dataclass(frozen=True)
class StoredImage:
    name: str
    width: int
    height: int
    renditions: list


def _open_checked(file):
    """Open `file` with Pillow, or raise a ValidationError that says why it is not accepted."""
    max_bytes = settings.NEWSROOM_IMAGE_MAX_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            f"This file is {size // (1024 * 1024)} MB; images may be at most "
            f"{max_bytes // (1024 * 1024)} MB.",
            code="too_large",
        )
    file.seek(0)
    max_pixels = settings.NEWSROOM_IMAGE_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file)
            image_format = image.format
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(
                    f"This image is {width} × {height} pixels; the limit is "
                    f"{max_pixels // 1_000_000} megapixels.",
                    code="too_many_pixels",
                )
            if image_format not in ACCEPTED_FORMATS:
                raise ValidationError(
                    f"{image_format or 'This'} files are not accepted: upload a {ACCEPTED_LABEL} image.",
                    code="format",
                )
            image.verify()
            file.seek(0)
            image = Image.open(file)
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            "This image has too many pixels to be processed safely.", code="too_many_pixels"
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            f"This file is not a valid image: upload a {ACCEPTED_LABEL} picture.", code="invalid"
        ) from error
    finally:
        file.seek(0)
    return image


def validate_image(file):
    """Form/model validator: a clear error for anything that is not an acceptable image."""
    if file is None or getattr(file, "_committed", False):
        return  # already stored by us, and so already checked
    _open_checked(file)


def _flatten(image):
    """Orient by EXIF, then drop every piece of metadata by rebuilding the pixels."""
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in {"RGBA", "LA"} or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if has_alpha else "RGB")
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


def _encode(image, image_format):
    buffer = io.BytesIO()
    if image_format == "JPEG":
        image.convert("RGB").save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    elif image_format == "WEBP":
        image.save(buffer, "WEBP", quality=78, method=4)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def store_image(file, folder):
    """Validate, strip and store an upload; return its stored name, size and renditions."""
    image = _flatten(_open_checked(file))
    keep_png = image.mode == "RGBA"
    stem = f"{folder}/{uuid.uuid4().hex}"
    original_format, extension = ("PNG", "png") if keep_png else ("JPEG", "jpg")
    name = default_storage.save(f"{stem}.{extension}", ContentFile(_encode(image, original_format)))

    renditions = []
    widths = [w for w in settings.NEWSROOM_IMAGE_WIDTHS if w < image.width] + [image.width]
    for width in sorted(set(widths)):
        height = max(1, round(image.height * width / image.width))
        resized = image if width == image.width else image.resize((width, height), Image.LANCZOS)
        webp = default_storage.save(f"{stem}-{width}.webp", ContentFile(_encode(resized, "WEBP")))
        fallback = default_storage.save(
            f"{stem}-{width}.{extension}", ContentFile(_encode(resized, original_format))
        )
        renditions.append({"width": width, "height": height, "webp": webp, "fallback": fallback})
    return StoredImage(name=name, width=image.width, height=image.height, renditions=renditions)


def crop_box(width, height, focal_x, focal_y, aspect=CROP_ASPECT):
    """The largest box of `aspect` inside the picture, centred on the focal point (given in
    percent across and down) as far as the picture's edges allow."""
    crop_width = min(width, round(height * aspect))
    crop_height = min(height, round(width / aspect))
    left = min(max(round(width * focal_x / 100 - crop_width / 2), 0), width - crop_width)
    top = min(max(round(height * focal_y / 100 - crop_height / 2), 0), height - crop_height)
    return left, top, left + crop_width, top + crop_height


def store_focal_crops(name, focal_x, focal_y):
    """Renditions of the crop that cards and the front page's lead show, centred on the focal
    point; [] when the stored original cannot be read (the full picture is shown then)."""
    try:
        with default_storage.open(name) as stored:
            image = _flatten(Image.open(stored))
    except (OSError, UnidentifiedImageError):
        return []
    cropped = image.crop(crop_box(image.width, image.height, focal_x, focal_y))
    stem, extension = name.rsplit(".", 1)
    original_format = "PNG" if extension == "png" else "JPEG"
    widths = [w for w in settings.NEWSROOM_IMAGE_WIDTHS if w < min(cropped.width, CROP_MAX_WIDTH)]
    renditions = []
    for width in [*widths, min(cropped.width, CROP_MAX_WIDTH)]:
        height = max(1, round(cropped.height * width / cropped.width))
        resized = cropped if width == cropped.width else cropped.resize((width, height), Image.LANCZOS)
        prefix = f"{stem}-crop{focal_x}x{focal_y}-{width}"
        renditions.append({
            "width": width, "height": height, "focus": [focal_x, focal_y],
            "webp": default_storage.save(f"{prefix}.webp", ContentFile(_encode(resized, "WEBP"))),
            "fallback": default_storage.save(f"{prefix}.{extension}",
                                             ContentFile(_encode(resized, original_format))),
        })
    return renditions


def delete_stored_image(name, renditions):
    for path in [name, *(p for r in renditions or [] for p in (r["webp"], r["fallback"]))]:
        if path:
            default_storage.delete(path)


class CheckedImageFormField(forms.ImageField):
    """The upload field of every form: says exactly why a file is refused."""

    default_validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,image/webp,image/gif")

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        _open_checked(upload)
        return upload


class PictureField(models.ImageField):
    """A model image field whose uploads pass the checks above before anything is stored."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CheckedImageFormField, **kwargs})


def store_new_upload(field_file, folder):
    """Store a freshly uploaded image through the image pipeline instead of as-is."""
    if not field_file or getattr(field_file, "_committed", True):
        return None
    stored = store_image(field_file.file, folder)
    field_file.name = stored.name
    field_file._committed = True
    return stored


def _srcsets(renditions):
    url = default_storage.url
    return (", ".join(f"{url(r['webp'])} {r['width']}w" for r in renditions),
            ", ".join(f"{url(r['fallback'])} {r['width']}w" for r in renditions))


def picture_sources(renditions, crops=()):
    """What `<picture>` needs: the whole picture's srcsets, fallback and size, and the same of
    the focal-point crop (`crop_…`, the whole picture when there is no crop)."""
    if not renditions:
        return None
    url = default_storage.url
    largest = renditions[-1]
    crops = crops or renditions
    webp_srcset, fallback_srcset = _srcsets(renditions)
    crop_webp_srcset, crop_fallback_srcset = _srcsets(crops)
    return {
        "webp_srcset": webp_srcset,
        "fallback_srcset": fallback_srcset,
        "src": url(next((r["fallback"] for r in renditions if r["width"] >= 640), largest["fallback"])),
        "thumbnail": url(renditions[0]["webp"]),
        "thumbnail_fallback": url(renditions[0]["fallback"]),
        "width": largest["width"],
        "height": largest["height"],
        "crop_webp_srcset": crop_webp_srcset,
        "crop_fallback_srcset": crop_fallback_srcset,
        "crop_src": url(next((r["fallback"] for r in crops if r["width"] >= 640), crops[-1]["fallback"])),
        "crop_thumbnail": url(crops[0]["fallback"]),
        "crop_width": crops[-1]["width"],
        "crop_height": crops[-1]["height"],
    }


def share_picture(field_file, renditions):
    """The smallest rendition at least 1200 pixels wide (what sharing sites ask for), else the
    largest, in the original's format: JPEG or PNG, which every reader and crawler accepts."""
    if not field_file or not renditions:
        return None
    chosen = next((r for r in renditions if r["width"] >= 1200), renditions[-1])
    return {
        "url": default_storage.url(chosen["fallback"]),
        "width": chosen["width"],
        "height": chosen["height"],
        "type": mimetypes.guess_type(chosen["fallback"])[0] or "image/jpeg",
    }
