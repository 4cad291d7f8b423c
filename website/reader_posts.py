"""What every page that takes a reader's post shares: comments, edits, reports, error reports,
address confirmations and mail settings.

Anonymous posts carry no CSRF cookie (the pages they come from are shared by every reader): the
browser's own word on where the form was is checked instead (`sent_from_this_site`), so no other
site can post for a reader. Staff are logged in, so their posts get Django's CSRF check
(`csrf_failure`). What these pages answer is one reader's: never stored by any cache (`private`).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.cache import patch_cache_control

CROSS_SITE = ("This comment was sent from another website, so it was not accepted. To comment, "
              "use the form on this page.")


def private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def csrf_failure(request):
    """Django's CSRF refusal for a logged-in staff member's post, or None when it passes."""
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})


def sent_from_this_site(request):
    """Whether the browser says the post came from a page of this site (Sec-Fetch-Site, then
    Origin or Referer); a browser that sends none of them is believed."""
    if request.META.get("HTTP_SEC_FETCH_SITE", "same-origin") not in {"same-origin", "none"}:
        return False
    origin = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER")
    if not origin or origin == "null":
        return origin is None  # no header at all: an old browser or a privacy setting, not a forgery
    parts = urlsplit(origin)
    allowed = {f"{request.scheme}://{request.get_host()}", settings.NEWSROOM_SITE_URL,
               *settings.CSRF_TRUSTED_ORIGINS}
    return f"{parts.scheme}://{parts.netloc}" in {urlsplit(a)._replace(path="").geturl() for a in allowed}
