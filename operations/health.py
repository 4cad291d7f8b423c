"""/healthz: may this process serve pages? For load balancers and uptime checks.

It reaches the database and the shared cache for real, and is never cached itself. It answers
from a middleware near the top of the stack rather than from a URL: probes often name the
server by its bare IP address (no ALLOWED_HOSTS check is wanted for them), and the answer must
not depend on the layers below, such as the page cache, failing on the very outage it reports.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger("newsroom.health")


def database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        logger.warning("health check: the database is unavailable: %s", error)
        return False


def cache_ok():
    key, value = "healthz:probe", secrets.token_hex(8)
    try:
        cache.set(key, value, timeout=30)
        return cache.get(key) == value
    except Exception as error:  # each cache backend raises its own errors
        logger.warning("health check: the cache is unavailable: %s: %s", type(error).__name__, error)
        return False


@never_cache
def healthz(request):
    checks = {"database": database_ok(), "cache": cache_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable",
            **{name: "ok" if ok else "unavailable" for name, ok in checks.items()}}
    return JsonResponse(body, status=200 if healthy else 503)


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz" and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)
