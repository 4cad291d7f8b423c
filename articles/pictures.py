"""The media library: each picture is uploaded once, described once (alt text, caption, credit,
keywords, focal point) and used as any article's hero or inside any article's body.

Its files go through the one image pipeline (articles.images): a clean original, WebP and
JPEG/PNG renditions at the site's widths, and a crop around the focal point for cards.
Which articles use a picture is kept as data (`Article.hero_picture`, `Article.body_pictures`),
so the library can say where each is used and the page cache can forget those pages.
"""

import re
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property

from articles.images import (
    PictureField,
    delete_stored_image,
    picture_sources,
    share_picture,
    store_focal_crops,
    store_new_upload,
    validate_image,
)

IMG_SOURCE = re.compile(r"""<img\b[^>]*?\ssrc=["']([^"']+)["']""", re.IGNORECASE)
# A rendition's name is its picture's name without the extension, plus "-<width>" (or a crop's
# "-crop<x>x<y>-<width>") and its own extension.
RENDITION_SUFFIX = re.compile(r"(-crop\d+x\d+)?(-\d+)?\.\w+$")


def picture_key(stored_name):
    """What every file of one picture shares: its stored name without the extension."""
    return str(PurePosixPath(stored_name).with_suffix(""))


class PictureQuerySet(models.QuerySet):
    def matching(self, query):
        """Pictures whose caption, credit, keywords or alt text hold every word of `query`."""
        for word in query.split():
            self = self.filter(Q(caption__icontains=word) | Q(credit__icontains=word)
                               | Q(keywords__icontains=word) | Q(alt_text__icontains=word))
        return self

    def with_use_counts(self):
        """Each picture with `hero_uses` and `body_uses`: how many articles show it, in the same
        query whatever the size of the library."""
        heroes = self.model.hero_of.field.model.objects.filter(hero_picture=OuterRef("pk"))
        bodies = self.model.in_bodies.through.objects.filter(picture=OuterRef("pk"))

        def count(rows, column):
            return Coalesce(Subquery(rows.order_by().values(column).annotate(n=Count("pk")).values("n")), 0)

        return self.annotate(hero_uses=count(heroes, "hero_picture"), body_uses=count(bodies, "picture"))

    def shown_in(self, html):
        """The library's pictures that `html` shows (an article body's `<img src>`)."""
        media_path = settings.MEDIA_URL
        keys = set()
        for source in IMG_SOURCE.findall(html or ""):
            path = source.split(media_path, 1)[1] if media_path in source else None
            if path:
                keys.add(RENDITION_SUFFIX.sub("", path))
        return self.filter(key__in=keys) if keys else self.none()


class Picture(models.Model):
    file = PictureField(
        upload_to="library/", validators=[validate_image],
        help_text="JPEG, PNG, WebP or GIF. It is stored without its metadata (place, camera).")
    key = models.CharField(max_length=200, unique=True, editable=False)
    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    renditions = models.JSONField(default=list, editable=False)
    crops = models.JSONField(default=list, editable=False)
    alt_text = models.CharField(
        max_length=250, help_text="What the picture shows, for readers who cannot see it.")
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(max_length=150, blank=True,
                              help_text="Who made it, e.g. “Ann Reader/Newsroom”.")
    keywords = models.CharField(max_length=300, blank=True, help_text="Words to find it by in the library.")
    focal_x = models.PositiveSmallIntegerField(
        "focal point across (%)", default=50, validators=[MaxValueValidator(100)],
        help_text="Where the subject is, from the left edge (0) to the right (100): crops keep it in view.")
    focal_y = models.PositiveSmallIntegerField(
        "focal point down (%)", default=50, validators=[MaxValueValidator(100)],
        help_text="From the top (0) to the bottom (100).")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PictureQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["-uploaded_at", "-id"], name="picture_newest_idx")]

    def __str__(self):
        text = self.caption or self.alt_text or PurePosixPath(self.file.name).name
        return f"{text} ({self.credit})" if self.credit else text

    def get_absolute_url(self):
        return default_storage.url(self.file.name)

    @cached_property
    def sources(self):
        """As `<picture>` needs it: srcsets of the whole picture and of its focal-point crop."""
        return picture_sources(self.renditions, self.crops)

    @cached_property
    def share_image(self):
        return share_picture(self.file, self.renditions)

    @property
    def body_source(self):
        """The rendition an article body shows: wide enough for the column."""
        fitting = [r for r in self.renditions if r["width"] >= 960] or self.renditions[-1:]
        return default_storage.url(fitting[0]["fallback"]) if fitting else ""

    def in_published_work(self):
        """Whether an article that is published or scheduled shows it."""
        published = self.hero_of.model.Status.PUBLISHED
        return (self.hero_of.filter(status=published).exists()
                or self.in_bodies.filter(status=published).exists())

    def save(self, *args, **kwargs):
        stored = store_new_upload(self.file, "library")
        if stored:
            self.width, self.height, self.renditions = stored.width, stored.height, stored.renditions
            self.crops = []
        self.key = picture_key(self.file.name)
        focus = None if (self.focal_x, self.focal_y) == (50, 50) else [self.focal_x, self.focal_y]
        if self._crop_focus() != focus:  # centred, the whole picture trimmed by CSS is the same crop
            old_crops = self.crops
            self.crops = store_focal_crops(self.file.name, *focus) if focus and self.renditions else []
            delete_stored_image("", old_crops)
        super().save(*args, **kwargs)

    def _crop_focus(self):
        return self.crops[0].get("focus") if self.crops else None

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        delete_stored_image(self.file.name, [*self.renditions, *self.crops])
        return result
