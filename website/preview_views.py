"""A draft, scheduled or embargoed article read through a signed preview link (articles.preview_links)
by someone without an account. Never a public page: never indexed, never kept by any cache."""

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control

from articles.preview_links import LinkRefused, article_for
from website.views import render_article


def guest_preview(request, token):
    try:
        article = article_for(token)
    except LinkRefused as refused:
        response = render(request, "articles/preview_refused.html", {"reason": str(refused)}, status=410)
    else:
        response = render_article(request, article, preview=True, guest_preview=True)
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow, noarchive"
    response["Referrer-Policy"] = "no-referrer"  # the link is the key: never pass it on
    return response
