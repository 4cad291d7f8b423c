"""Purging pages at the edge: the Varnish caches in front of the site (deploy/varnish/default.vcl)
drop every page that shows a forgotten key, by surrogate key (vmod xkey).

website.page_cache calls `purge()` once the change is committed. Each address in
NEWSROOM_EDGE_PURGE_URLS gets one `PURGE` request naming the keys, in an `xkey` header for a
removal (the pages go at once) or in `xkey-soft` for any other change (Varnish may serve the
previous page for its short grace while it fetches the new one). A page the edge was fetching
from the site while the change committed can arrive just after the purge, so the purge is sent
again REPEAT_AFTER_SECONDS later. A purge that fails is logged and never fails the save: the edge
then keeps the page until its `s-maxage` runs out.
"""

import http.client
import logging
import threading
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger("newsroom.edge_cache")
TIMEOUT_SECONDS = 2
REPEAT_AFTER_SECONDS = 2
# Keys to purge again, by (addresses, removal): gathered while the repeat waits, sent together.
_again = {}
_again_lock = threading.Lock()


def purge(keys, removal=False):
    addresses = tuple(settings.NEWSROOM_EDGE_PURGE_URLS)
    if not addresses or not keys:
        return
    _purge(addresses, keys, removal)
    with _again_lock:
        first = not _again
        _again.setdefault((addresses, removal), set()).update(keys)
    if first:
        repeat = threading.Timer(REPEAT_AFTER_SECONDS, _purge_again)
        repeat.daemon = True
        repeat.start()


def _purge_again():
    with _again_lock:
        again = dict(_again)
        _again.clear()
    for (addresses, removal), keys in again.items():
        _purge(addresses, keys, removal)


def _purge(addresses, keys, removal):
    headers = {"xkey" if removal else "xkey-soft": " ".join(sorted(keys))}
    for address in addresses:
        _send(address, headers)


def _send(address, headers):
    parts = urlsplit(address)
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(parts.hostname, parts.port, timeout=TIMEOUT_SECONDS)
    try:
        connection.request("PURGE", parts.path or "/", headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            logger.warning("edge purge at %s answered %s %s", address, response.status, response.reason)
    except OSError as error:
        logger.warning("edge purge at %s failed: %s", address, error)
    finally:
        connection.close()
