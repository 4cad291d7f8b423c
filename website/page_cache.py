"""Whole pages in the shared cache: what an entry holds, when it is still true, and who makes it
again once it is not.

Anonymous readers are served whole pages from the shared cache (`website.middleware`). A view
says what its page shows with `shows(response, *keys)`, in website.page_keys' names (an article,
its card, a list, the navigation, an article's comments…). website.invalidation decides which
keys to `forget()` when something changes; this module keeps the versions, and has the edge
caches in front drop the same keys (website.edge_cache).

Versions. Forgetting a key gives it a new random version in the shared cache; an entry is served
only while each key it shows still has the version it had when the page was made. A key never
forgotten since the cache was emptied has no version at all (None). Versions are kept without a
timeout, and pages are evicted before them (operations.database_cache culls the soonest expiring
first; Redis needs `maxmemory-policy volatile-lru`): a page whose version was evicted is made again.

An entry's page itself is stored apart, under the entry's id, which is new each time a page is
stored: each worker keeps the bytes of the pages it served lately (they cannot go out of date), so
a hit reads from the shared cache only the small entry and the versions. Where the shared cache
can tell in that same read whether anything was written to it since (the table cache on SQLite),
a worker serves a page it found true without reading its entry again until something was.

A change landing while a page is being made leaves that entry out of date, because versions are
read before the page is made, with the entry, in one `get_many`: those of the keys this process
last saw the page show (a hit is that one round trip), or, if the entry names others, of those.
A key the page shows for the first time is read after it is made, together with CHANGES, which
every forget rewrites: if CHANGES moved meanwhile the page is sent but not kept. If CHANGES had no
value to begin with, nothing was forgotten since the cache was emptied, so no key had a version.

One reader makes a page again: the first to find it missing or out of date claims it (`cache.add`,
for LOCK_SECONDS; the same `get_many` tells the others it is claimed, so they do not write to try);
the others are served the previous version meanwhile, unless something was taken away from readers
since it was made (a forget with `removal=True` moves REMOVALS), in which case they wait for the
new one.

An entry also has a deadline: the next scheduled article's publish time or embargo's end (from a
short list of the next ones, kept with the SCHEDULE version), the moment its comments close
(`keep_until`), and NEWSROOM_PAGE_CACHE_SECONDS at most.
"""

import functools
import hashlib
import secrets
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone

from articles.models import Article
from website import edge_cache, page_keys

CHANGES_KEY = "page-cache:changes"
REMOVALS_KEY = "page-cache:removals"
SCHEDULE_KEY = "page-cache:next-publish"
UPCOMING_PUBLISH_TIMES = 10
# An entry is kept this long after its deadline, so that the next one can see when it was made
# and readers can be served it while the next one is made.
AFTERLIFE_SECONDS = 60
# The longest one reader makes a page while the others wait for it or are served the previous one.
LOCK_SECONDS = 2
WAIT_STEP_SECONDS = 0.02
# What this process last saw stored for a page: the entry's id and the keys it shows, so that
# their versions, and whether someone is making the page again, come with the entry.
KEYS_SEEN_LIMIT = 10_000
_seen = {}
# For each page, the entry this worker last found true (with its bytes) and the shared cache's
# state then: while nothing at all has been written to the cache since, the entry is still true,
# and a hit reads only that state (NEWSROOM_WORKER_PAGES pages at most).
_found_true = {}


def public_page(view, keys=()):
    """The view's pages are the same for every anonymous reader, so they may be shared. `keys`:
    what they show (see `shows`), or a function of the URL's arguments that names it."""

    @functools.wraps(view)
    def shared_view(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.page_cache_public = True
        return shows(response, *(keys(**kwargs) if callable(keys) else keys))

    shared_view.shares_pages = True
    return shared_view


def shares_pages(path):
    """Whether the view at `path` is a public page: nothing else is looked for in the cache (the
    admin, a reader's own endpoints, a URL that leads nowhere)."""
    return _shares_pages(path, get_urlconf())


@functools.lru_cache(maxsize=10_000)
def _shares_pages(path, urlconf):
    # Each path is resolved once per process (the URLs do not change while the site runs): on a
    # hit, resolving costs about as much as reading the page.
    try:
        return getattr(resolve(path, urlconf).func, "shares_pages", False)
    except Resolver404:
        return False


def shows(response, *keys):
    """The page shows what `keys` name (website.page_keys): forgetting any of them forgets it."""
    response.page_cache_keys = getattr(response, "page_cache_keys", frozenset()) | frozenset(keys)
    return response


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


def forget(keys, removal=False):
    """Pages showing any of `keys` are made again: now, and again when the transaction commits (a
    page made in between read the old rows); the edge caches drop them after the commit. After a
    removal, nobody is served a page made before it, even while the new one is being made."""
    keys = sorted(set(keys))
    if not keys:
        return

    def bump():
        version = _new_version()
        versions = {_version_key(key): version for key in keys}
        versions[CHANGES_KEY] = version
        if removal:
            versions[REMOVALS_KEY] = version
        cache.set_many(versions, timeout=None)

    bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump)
    transaction.on_commit(lambda: edge_cache.purge(keys, removal=removal))


def kept_until_a_change(name, make, seconds):
    """`make()`, kept in this worker's memory (the fragment cache) until anything is forgotten
    (CHANGES moves) and for `seconds` at most, with the page cache on or off: for a costly query
    whose result many pages show alike, which then runs once per change instead of once a page.
    CHANGES is read before `make()`, so a change that lands meanwhile leaves the value out of date
    at once; while nothing was forgotten since the shared cache was emptied, nothing is kept."""
    kept_key = f"kept-until-a-change:{name}"
    kept = caches["template_fragments"].get(kept_key)
    changes = cache.get(CHANGES_KEY)
    if kept is not None and changes is not None and kept["changes"] == changes:
        return kept["value"]
    value = make()
    if changes is not None:
        caches["template_fragments"].set(kept_key, {"changes": changes, "value": value}, seconds)
    return value


def kept_while_pages_are_not(name, make, seconds):
    """`kept_until_a_change()`, with the page cache off. With it on, a page is made again only
    after a change or at a deadline (a scheduled story going live, comments closing), when a kept
    value would be out of date: `make()` afresh, once per change anyway."""
    if settings.NEWSROOM_PAGE_CACHE:
        return make()
    return kept_until_a_change(name, make, seconds)


def _remember(page_key, entry):
    if len(_seen) >= KEYS_SEEN_LIMIT:
        _seen.clear()
    _seen[page_key] = entry["id"], tuple(entry["versions"])


def _version_key(key):
    return f"page-cache:v:{key}"


def _read_if_changed(keys, since):
    """(state, values) of the shared cache: values None when nothing was written to it since the
    state `since` (only the table cache on SQLite can tell; operations.database_cache)."""
    read = getattr(cache, "get_many_if_changed", None)
    return read(keys, since) if read is not None else (None, cache.get_many(keys))


def _content_key(entry_id):
    """The page's bytes, apart from the entry, which a hit reads with the versions every time."""
    return f"page-cache:content:{entry_id}"


def _digest(text):
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def _new_version():
    return secrets.token_hex(8)


class CachedPage:
    """One request's page in the shared cache: what is stored for it and whether that is still
    true, who makes it again, and storing a new one with the versions it was made with."""

    def __init__(self, request, encoding):
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        self.key = f"page-cache:page:{encoding}:{_digest(url)}"
        self.look_up()

    def look_up(self):
        self.now = timezone.now().timestamp()
        known = _found_true.get(self.key)
        if known is not None and known[1]["valid_until"] <= self.now:
            known = None
        expected_id, expected_keys = _seen.get(self.key, (None, ()))
        lock_key = self._lock_key(expected_id)
        self.state, found = _read_if_changed(
            [self.key, CHANGES_KEY, REMOVALS_KEY, SCHEDULE_KEY, lock_key, _version_key(page_keys.SCHEDULE),
             *map(_version_key, expected_keys)],
            since=known[0] if known else None,
        )
        if found is None:  # nothing was written to the shared cache since the entry was found true
            self.entry = self.found_true = known[1]
            return
        self.found_true = None
        self.entry = found.get(self.key)
        self.changes = found.get(CHANGES_KEY)
        self.removals = found.get(REMOVALS_KEY)
        self.schedule = found.get(SCHEDULE_KEY), found.get(_version_key(page_keys.SCHEDULE))
        self.versions = {key: found.get(_version_key(key)) for key in expected_keys}
        # Another request already makes the page again: no use claiming it.
        self.being_made = self._entry_id() == expected_id and lock_key in found
        if self.entry is None or self.entry["id"] == expected_id:
            return
        unread = self.entry["versions"].keys() - self.versions.keys()
        if unread:
            found = cache.get_many([_version_key(key) for key in unread])
            self.versions.update({key: found.get(_version_key(key)) for key in unread})
        _remember(self.key, self.entry)

    def fresh_entry(self):
        """The stored page, if nothing it shows has changed since it was made."""
        if self.found_true is not None:
            return self.found_true
        entry = self.entry
        if entry is None or entry["valid_until"] <= self.now:
            return None
        if any(self.versions[key] != version for key, version in entry["versions"].items()):
            return None
        entry = self._with_content(entry)
        if entry is not None and self.state is not None:
            if len(_found_true) >= settings.NEWSROOM_WORKER_PAGES:
                _found_true.clear()
            _found_true[self.key] = self.state, entry
        return entry

    def previous_entry(self):
        """The stored page, out of date, that may be served while another reader makes the new one:
        only when nothing was taken away from readers since it was made."""
        if self.entry is not None and self.entry["removals"] == self.removals:
            return self._with_content(self.entry)
        return None

    def _with_content(self, entry):
        """The entry with the page's bytes: kept by this worker, or read once from the shared cache;
        None if the shared cache no longer has them."""
        key = _content_key(entry["id"])
        content = caches["worker_pages"].get(key)
        if content is None:
            content = cache.get(key)
            if content is None:
                return None
            caches["worker_pages"].set(key, content, timeout=self._entry_timeout(entry["valid_until"]))
        return {**entry, "content": content}

    def claim(self):
        """Whether this request makes the page again (the others do not, for LOCK_SECONDS)."""
        return not self.being_made and cache.add(self._lock_key(self._entry_id()), True, timeout=LOCK_SECONDS)

    def release(self):
        """Nothing was stored: a waiting reader may make the page."""
        cache.delete(self._lock_key(self._entry_id()))

    def wait_for_fresh_entry(self):
        """The page another reader is making, or None once this request may make it itself."""
        give_up = time.monotonic() + LOCK_SECONDS
        while time.monotonic() < give_up:
            time.sleep(WAIT_STEP_SECONDS)
            self.look_up()
            entry = self.fresh_entry()
            if entry is not None or self.claim():
                return entry
        return None

    def prepare_to_render(self):
        """Before the page is made: when it will stop being true at the latest."""
        self.deadline = self.now + page_cache_seconds()
        self.new_schedule = None
        known, version = self.schedule
        still_true = known and known["version"] == version
        if not (still_true and (known["complete"] or known["times"][-1] > self.now)):
            upcoming = Article.objects.next_publish_times(UPCOMING_PUBLISH_TIMES)
            times = [moment.timestamp() for moment in upcoming]
            known = self.new_schedule = {
                "version": version, "times": times, "complete": len(times) < UPCOMING_PUBLISH_TIMES,
            }
        next_publish = next((moment for moment in known["times"] if moment > self.now), None)
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
        if self.entry is not None and int(self.entry["made_at"]) >= second:
            return None
        return second if int(deadline) > second else None

    def store(self, response, deadline, last_modified):
        """Keep the rendered page: the entry, or None when it cannot be known to be true (a key it
        shows for the first time may have been forgotten while it was made)."""
        shown = getattr(response, "page_cache_keys", frozenset())
        if not self._read_versions_after_rendering(shown - self.versions.keys()):
            return None
        entry = {
            "headers": list(response.items()),
            "last_modified": last_modified, "valid_until": deadline, "made_at": self.now,
            "id": _new_version(), "versions": {key: self.versions[key] for key in shown},
            "removals": self.removals,
        }
        content_key, timeout = _content_key(entry["id"]), self._entry_timeout(deadline)
        written = {self.key: entry, content_key: response.content}
        if self.new_schedule is not None:
            written[SCHEDULE_KEY] = self.new_schedule
        cache.set_many(written, timeout=timeout)
        caches["worker_pages"].set(content_key, response.content, timeout=timeout)
        _remember(self.key, entry)
        return {**entry, "content": response.content}

    def _entry_timeout(self, deadline):
        return max(1, int(deadline - self.now) + AFTERLIFE_SECONDS)

    def _read_versions_after_rendering(self, keys):
        """Add the versions of keys the page shows for the first time; False when one may be newer
        than what the page shows."""
        if not keys:
            return True
        if self.changes is None:  # nothing forgotten since the cache was emptied: no versions yet
            self.versions.update(dict.fromkeys(keys))
            return True
        found = cache.get_many([CHANGES_KEY, *map(_version_key, keys)])
        if found.get(CHANGES_KEY) != self.changes:
            return False
        self.versions.update({key: found.get(_version_key(key)) for key in keys})
        return True

    def _entry_id(self):
        return self.entry["id"] if self.entry is not None else None

    def _lock_key(self, entry_id):
        """Held by the request making the page again, in place of the entry `entry_id` (or none)."""
        return f"page-cache:making:{self.key}:{entry_id or 'new'}"
