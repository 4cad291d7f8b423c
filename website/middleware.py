"""Whole pages for anonymous readers, from the shared cache (see website.page_cache).

It sits outside GZipMiddleware: a page is stored as it was sent, compressed or not, under a key
that says which (the only request header the stored page varies on besides cookies). It sits
before the session and authentication middleware, so a hit costs no more than a static file:
who may share a page is decided from the cookies alone (`reads_private_page`). Only logged-in
staff (the session cookie) see pages of their own: a commenter's saved details and waiting
comments are filled into the shared page by its script (website.comment_views.reader_state).

A shared page tells the caches in between what they may do: with an edge cache that is purged
(NEWSROOM_EDGE_CACHE_SECONDS), `public, max-age=0, s-maxage=…` for as long as the entry is true and
the keys it shows in NEWSROOM_EDGE_KEY_HEADER; otherwise `no-cache`, so that they ask again each
time (a 304 when nothing changed). Pages made for one reader are `private, no-store`.
`X-Page-Cache` says whether the page came from the cache (`hit`), was made for this request
(`miss`), or is the previous version, served while another request makes the new one (`stale`).
"""

import functools
import hashlib
import re

from django.conf import settings
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

from website.page_cache import CachedPage, shares_pages

SHAREABLE_VARY = {"accept-encoding", "cookie"}
# How each edge cache wants the keys listed.
KEY_SEPARATORS = {"cache-tag": ","}


def reads_private_page(request):
    """Whether the request carries the session cookie, looked for in the raw header as Django's
    cookie parser would find it: a shared hit parses no cookie (a commenter's saved details make
    the header long)."""
    return _cookie_named(settings.SESSION_COOKIE_NAME).search(request.META.get("HTTP_COOKIE", "")) is not None


@functools.cache
def _cookie_named(name):
    return re.compile(rf"(?:^|;)\s*{re.escape(name)}\s*=")


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not settings.NEWSROOM_PAGE_CACHE:
            return self.get_response(request)
        if not shares_pages(request.path_info):
            return self.get_response(request)
        if reads_private_page(request):
            response = self.get_response(request)
            if getattr(response, "page_cache_public", False):
                patch_cache_control(response, private=True, no_store=True)
            return response

        accepts_gzip = re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        page = CachedPage(request, encoding="gzip" if accepts_gzip else "identity")
        entry = page.fresh_entry()
        if entry is None and not page.claim():
            previous = page.previous_entry()
            if previous is not None:
                return self.cached_response(request, page, previous, "stale")
            entry = page.wait_for_fresh_entry()
        if entry is not None:
            return self.cached_response(request, page, entry, "hit")
        return self.make(request, page)

    def make(self, request, page):
        page.prepare_to_render()
        response = self.get_response(request)
        deadline = page.deadline_for(response) if self.shareable(response) else None
        if deadline is None:
            page.release()
            return response
        response["ETag"] = quote_etag(hashlib.md5(response.content, usedforsecurity=False).hexdigest())
        last_modified = page.last_modified(deadline)
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        entry = page.store(response, deadline, last_modified)
        if entry is None:
            page.release()
        self.tell_caches(response, page, entry, "miss")
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

    def cached_response(self, request, page, entry, outcome):
        response = HttpResponse(entry["content"])
        for header, value in entry["headers"]:
            response[header] = value
        self.tell_caches(response, page, entry if outcome == "hit" else None, outcome)
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=entry["last_modified"], response=response
        )

    @staticmethod
    def tell_caches(response, page, entry, outcome):
        """What the caches in between may keep: a true entry, for as long as it stays true."""
        response["X-Page-Cache"] = outcome
        edge_seconds = min(settings.NEWSROOM_EDGE_CACHE_SECONDS,
                           int(entry["valid_until"] - page.now) if entry else 0)
        if edge_seconds < 1:
            patch_cache_control(response, no_cache=True)
            return
        patch_cache_control(response, public=True, max_age=0, s_maxage=edge_seconds)
        if entry["versions"]:
            header = settings.NEWSROOM_EDGE_KEY_HEADER
            response[header] = KEY_SEPARATORS.get(header.lower(), " ").join(sorted(entry["versions"]))
