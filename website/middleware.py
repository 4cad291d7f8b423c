"""Whole pages for anonymous readers, from the shared cache (see website.page_cache).

It sits outside GZipMiddleware: a page is stored as it was sent, compressed or not, under a key
that says which (the only request header the stored page varies on besides cookies). It sits
before the session and authentication middleware, so a hit costs no more than a static file:
who may share a page is decided from the cookies alone. Only logged-in staff (the session
cookie) see pages of their own: a commenter's saved details and waiting comments are filled into
the shared page by its script (website.comment_views.reader_state).
"""

import hashlib

from django.conf import settings
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

from website.page_cache import CachedPage

SHAREABLE_VARY = {"accept-encoding", "cookie"}


def reads_private_page(request):
    return settings.SESSION_COOKIE_NAME in request.COOKIES


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not settings.NEWSROOM_PAGE_CACHE:
            return self.get_response(request)
        if reads_private_page(request):
            response = self.get_response(request)
            if getattr(response, "page_cache_public", False):
                patch_cache_control(response, private=True, no_store=True)
            return response

        accepts_gzip = re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        lookup = CachedPage(request, encoding="gzip" if accepts_gzip else "identity")
        entry = lookup.fresh_entry()
        if entry is not None:
            return self.cached_response(request, entry)

        lookup.prepare_to_render()
        response = self.get_response(request)
        if not self.shareable(response):
            return response
        deadline = lookup.deadline_for(response)
        if deadline is None:
            return response
        patch_cache_control(response, no_cache=True)
        response["ETag"] = quote_etag(hashlib.md5(response.content, usedforsecurity=False).hexdigest())
        last_modified = lookup.last_modified(deadline)
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        lookup.store(response, deadline, last_modified)
        return response

    @staticmethod
    def shareable(response):
        """Only a public page's plain 200, the same for everyone: no cookie, nothing private."""
        if not getattr(response, "page_cache_public", False) or response.status_code != 200:
            return False
        if response.streaming or response.cookies:
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in ("private", "no-store")):
            return False
        vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
        return vary <= SHAREABLE_VARY

    @staticmethod
    def cached_response(request, entry):
        response = HttpResponse(entry["content"])
        for header, value in entry["headers"]:
            response[header] = value
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=entry["last_modified"], response=response
        )
