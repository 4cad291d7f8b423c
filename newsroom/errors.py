"""Error pages that look like the site but need nothing that might itself be broken."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from articles.models import Section

# A database that is down, restarting or locked, or a shared cache out of reach: a moment's
# outage, not a bug. The reader is asked to come back; the traceback still goes to the log.
SERVICE_UNAVAILABLE = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)


def page_not_found(request, exception):
    """The site's own page, sections and search in its header; without them if the database is
    down. Never shared by the page cache, which keeps only a plain 200."""
    try:
        sections = list(Section.objects.all())
    except SERVICE_UNAVAILABLE:
        sections = []
    return render(request, "404.html", {"nav_sections": sections}, status=404)


def server_error(request):
    # No context processors or database: the error may come from either. Django calls this
    # handler while it handles the exception, so sys.exc_info() tells which one it was.
    if isinstance(sys.exc_info()[1], SERVICE_UNAVAILABLE):
        response = HttpResponse(loader.get_template("503.html").render({}), status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render({}))
