"""Uploaded files, when Django serves them itself (NEWSROOM_SERVE_MEDIA).

Every upload is re-encoded by articles.images into one of four image formats, so anything else
found under MEDIA_ROOT was not put there by the site: it is sent as a download, never with a
type a browser would render or run. Every file also carries a policy that forbids scripts and
framing, in case a browser sniffs one anyway. A picture is stored under a new random name and
never rewritten, so browsers may keep it for a year.
"""

from pathlib import PurePosixPath

from django.conf import settings
from django.views.static import serve

IMAGE_TYPES = {
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp",
    ".gif": "image/gif",
}
UPLOAD_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox"
PICTURE_CACHING = "public, max-age=31536000, immutable"


def serve_upload(request, path):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    image_type = IMAGE_TYPES.get(PurePosixPath(path).suffix.lower())
    if response.status_code == 200:
        if image_type:
            response["Content-Type"] = image_type
            response["Cache-Control"] = PICTURE_CACHING
        else:
            response["Content-Type"] = "application/octet-stream"
            response["Content-Disposition"] = "attachment"
            if response.has_header("Content-Encoding"):
                del response["Content-Encoding"]
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = UPLOAD_POLICY
    return response
