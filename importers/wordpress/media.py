"""Pictures of the old site, found in a copy of its wp-content/uploads and stored the way every
upload is (`articles.images`): validated, stripped of metadata, resized, given a random name.

Each upload of a site is stored once: `ImportedImage` remembers it, so importing again reuses the
stored copy; another site's upload at the same path is another picture.
"""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage

from articles.images import StoredImage, delete_stored_image, store_image, validate_image
from articles.models import ImportedImage, Picture
from articles.pictures import picture_key

# A picture's path inside the site's own uploads folder (as `_wp_attached_file` gives it): after
# wp-content/uploads, or uploads/sites/N for a site of a network; WordPress.com serves a site's
# uploads from a host of their own, the path being the whole of it (site.files.wordpress.com/2019/03/a.jpg).
UPLOADS_PATH = re.compile(r"/wp-content/uploads/(?:sites/\d+/)?(.+)$")
UPLOADS_HOST = re.compile(r"\.files\.wordpress\.com$")
# WordPress's resized copies: photo-300x200.jpg beside the original photo.jpg.
RESIZED_COPY = re.compile(r"-\d+x\d+(\.\w+)$")
LISTED_AT_MOST = 20


def upload_path(url):
    """`https://old.example/wp-content/uploads/2019/03/a.jpg` → `2019/03/a.jpg`; None elsewhere."""
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[oops" in an old post is no address at all
        return None
    path = unquote(parts.path)
    if UPLOADS_HOST.search(parts.hostname or ""):
        return path.lstrip("/") or None
    match = UPLOADS_PATH.search(path)
    return match.group(1) if match else None


class UploadsFolder:
    """The `--media` folder (or none): pictures are looked up there and stored on first use.

    With `check_only` (a dry run) pictures are validated but nothing is stored. The importer
    gives the `site` the uploads belong to, and whether it `claims_unrecorded` pictures, those
    that imports made before they recorded the site.
    """

    def __init__(self, root=None, check_only=False):
        self.root = Path(root).resolve() if root else None
        self.check_only = check_only
        self.site = ""
        self.claims_unrecorded = False
        self.known = {}
        self.stored_now = []
        self.imported = 0
        self.missing = {}
        self.missing_count = 0
        self.rejected = {}

    def image(self, path, used_by):
        """The stored picture for the upload at `path`, or None (then noted as missing or refused)."""
        if path in self.known:
            return self.known[path]
        self.known[path] = image = self._find_or_store(path, used_by)
        return image

    def url_for(self, url, used_by):
        """The new address of a picture that the old site served from its uploads, or None."""
        path = upload_path(url)
        if path is None:
            return None
        original = RESIZED_COPY.sub(r"\1", path)
        use_original = self.root is None or self._file(original) is not None
        image = self.image(original if use_original else path, used_by)
        return default_storage.url(display_rendition(image)) if image else None

    def note_missing(self, path, used_by):
        self.missing_count += 1
        if len(self.missing) < LISTED_AT_MOST:
            self.missing[path] = used_by

    def discard_stored(self):
        """The import was rolled back: the files it stored belong to nothing."""
        for image in self.stored_now:
            delete_stored_image(image.name, image.renditions)
        self.stored_now = []

    def _find_or_store(self, path, used_by):
        known = ImportedImage.objects.filter(source=path, wordpress_site=self.site).first()
        if known is None and self.claims_unrecorded:
            known = ImportedImage.objects.filter(source=path, wordpress_site="").first()
            if known is not None:
                known.wordpress_site = self.site
                known.save(update_fields=["wordpress_site"])
        if known is not None:
            return StoredImage(known.name, known.width, known.height, known.renditions)
        file_path = self._file(path)
        if file_path is None:
            self.note_missing(path, used_by)
            return None
        try:
            with file_path.open("rb") as raw:
                upload = File(raw, name=file_path.name)
                if self.check_only:
                    validate_image(upload)
                    self.imported += 1
                    return None
                image = store_image(upload, "articles")
        except ValidationError as error:
            if len(self.rejected) < LISTED_AT_MOST:
                self.rejected[path] = f"{' '.join(error.messages)} ({used_by})"
            return None
        self.stored_now.append(image)
        self.imported += 1
        ImportedImage.objects.create(
            wordpress_site=self.site, source=path, name=image.name, width=image.width, height=image.height,
            renditions=image.renditions,
        )
        self.library_picture(image)
        return image

    @staticmethod
    def library_picture(image):
        """The media library's picture of a stored image (made for images an earlier import stored)."""
        picture, _ = Picture.objects.get_or_create(key=picture_key(image.name), defaults={
            "file": image.name, "width": image.width, "height": image.height, "renditions": image.renditions,
        })
        return picture

    def _file(self, path):
        """The file for `path` inside the folder; never a file outside it (../, symlinks)."""
        if self.root is None:
            return None
        candidate = (self.root / path).resolve()
        if not candidate.is_relative_to(self.root) or not candidate.is_file():
            return None
        return candidate


def display_rendition(image):
    """The rendition an article body shows: wide enough for the column, not the camera original."""
    fitting = [r for r in image.renditions if r["width"] >= 1280]
    return (fitting[0] if fitting else image.renditions[-1])["fallback"]
