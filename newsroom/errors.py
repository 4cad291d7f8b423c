"""Error pages that look like the site but need nothing that might itself be broken."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def page_not_found(request, exception):
    return render(request, "404.html", {"nav_sections": []}, status=404)


def server_error(request):
    # No context processors or database: the error may come from either.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
