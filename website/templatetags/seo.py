"""Tags for what machines read in a page: the <head> that search engines and sharing sites read,
and the `datetime` of its <time> elements."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from website import metadata

register = template.Library()

# As in Django's json_script: with these three escaped, nothing inside the data can end the
# <script> element or open a comment, whatever an editor or a reader typed.
SCRIPT_SAFE = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def absolute(url):
    return metadata.absolute_url(str(url))


@register.filter
def w3c_datetime(moment):
    """The moment to the second: HTML's `datetime` takes at most three digits of a fraction, and
    Django's `|date:"c"` writes six."""
    return metadata.w3c_datetime(moment)


@register.filter
def summary(article):
    return metadata.summary(article)


@register.filter
def json_ld(data):
    """`data` as a JSON-LD script element (data, not code: a Content-Security-Policy allows it)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_SAFE)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's one address: the public site, its path, and only the parameters that choose
    what it shows (a search, a page past the first), so tracking parameters never split it."""
    request = context.get("request")
    if request is None:
        return ""
    page = context.get("page")
    params = {}
    if context.get("query"):
        params["q"] = context["query"]
    if page is not None and page.number > 1:
        params["page"] = page.number
    return metadata.absolute_url(request.path + (f"?{urlencode(params)}" if params else ""))
