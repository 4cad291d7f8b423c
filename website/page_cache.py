"""Whole pages in the shared cache: what an entry holds and when it is still true.

Anonymous readers are served whole pages from the shared cache (`website.middleware`). Every
public page shows lists of articles (the page's own list, related stories, the section
navigation) and an article page also shows its comments, so an entry depends on two *tags*:

- "articles", bumped when an article, section, author or tag changes: any list on any page
  might show what changed;
- the page's own path, bumped when that article's comments change.

`website.invalidation` decides when to bump which; this module only keeps the versions.

A tag's version is a random value in the shared cache. An entry is served only while the versions
it was rendered with are current; they are read before the page is rendered, so a change landing
during the rendering leaves an entry that is already out of date. An entry also has a deadline:
the next scheduled article's publish time (`next_publish_time()`, itself cached), the moment its
comments close, and NEWSROOM_PAGE_CACHE_SECONDS at most. A hit is one `get_many`: the entry, both
versions and the next publish time arrive together.
"""

import functools
import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from articles.models import Article

ARTICLES_TAG = "articles"
NEXT_PUBLISH_KEY = "page-cache:next-publish"
# An entry is kept this long after its deadline, so that the next one can see when it was made.
AFTERLIFE_SECONDS = 60


def public_page(view):
    """The view's pages are the same for every anonymous reader, so they may be shared."""

    @functools.wraps(view)
    def shared_view(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.page_cache_public = True
        return response

    return shared_view


def keep_until(response, moment):
    """The page changes by itself at `moment` (an aware datetime, or None): drop its entry then."""
    if moment is not None:
        deadline = moment.timestamp()
        response.page_cache_deadline = min(getattr(response, "page_cache_deadline", deadline), deadline)
    return response


def page_cache_seconds():
    """A cached page carries a comment-form token signed when it was rendered: the entry must
    expire long before the token does."""
    return min(settings.NEWSROOM_PAGE_CACHE_SECONDS, settings.NEWSROOM_COMMENT_TOKEN_MAX_AGE // 2)


def _tag_key(tag):
    return f"page-cache:tag:{tag}"


def path_tag(path):
    return f"path:{_digest(path)}"


def _digest(text):
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def _new_version():
    return secrets.token_hex(8)


def bump(*tags):
    """New versions of `tags` now, and again when the transaction commits: a page rendered in
    between read the old rows, and must not outlive the commit (website.invalidation calls it)."""

    def bump():
        cache.set_many({_tag_key(tag): _new_version() for tag in tags}, timeout=None)

    bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump)


class CachedPage:
    """One request's page in the shared cache: what is stored for it (read in a single round
    trip), whether that is still fresh, and storing a new rendering with the versions it showed."""

    def __init__(self, request, encoding):
        self.now = timezone.now().timestamp()
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        self.key = f"page-cache:page:{encoding}:{_digest(url)}"
        self.tag_keys = [_tag_key(ARTICLES_TAG), _tag_key(path_tag(request.path_info))]
        self.found = cache.get_many([self.key, *self.tag_keys, NEXT_PUBLISH_KEY])
        self.previous = self.found.get(self.key)

    def fresh_entry(self):
        """The stored page, if nothing it shows has changed since: (content, headers, last_modified)."""
        entry = self.previous
        if entry is None or entry["valid_until"] <= self.now:
            return None
        if any(self.found.get(key) != version for key, version in entry["versions"].items()):
            return None
        return entry

    def prepare_to_render(self):
        """Before the page is made: the versions and the deadline it will be stored with."""
        self.versions = {key: self._current_version(key) for key in self.tag_keys}
        self.deadline = self.now + page_cache_seconds()
        next_publish = self._next_publish_time()
        if next_publish is not None:
            self.deadline = min(self.deadline, next_publish)

    def deadline_for(self, response):
        """When the rendered page stops being true, or None when it already has."""
        deadline = min(self.deadline, getattr(response, "page_cache_deadline", self.deadline))
        return deadline if deadline > timezone.now().timestamp() else None

    def last_modified(self, deadline):
        """The second the page was made, unless another version of the page may carry the same
        second (one made earlier in this second, or a deadline within it): then None, and
        conditional requests rely on the ETag alone."""
        second = int(self.now)
        if self.previous is not None and int(self.previous["made_at"]) >= second:
            return None
        return second if int(deadline) > second else None

    def store(self, response, deadline, last_modified):
        entry = {
            "content": response.content, "headers": list(response.items()),
            "last_modified": last_modified, "versions": self.versions, "valid_until": deadline,
            "made_at": self.now,
        }
        cache.set(self.key, entry, timeout=int(deadline - self.now) + AFTERLIFE_SECONDS)

    def _current_version(self, key):
        version = self.found.get(key)
        if version is None:
            # Never bumped, or evicted: start a version that no stored entry can carry.
            cache.add(key, _new_version(), timeout=None)
            version = cache.get(key)
        return version

    def _next_publish_time(self):
        articles_version = self.versions[self.tag_keys[0]]
        known = self.found.get(NEXT_PUBLISH_KEY)
        if known and known["version"] == articles_version and (known["at"] is None or known["at"] > self.now):
            return known["at"]
        moment = Article.objects.next_publish_time()
        at = moment.timestamp() if moment else None
        cache.set(NEXT_PUBLISH_KEY, {"version": articles_version, "at": at}, timeout=None)
        return at
