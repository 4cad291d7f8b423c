"""Spam defence that needs no outside service.

A cached article page is the same for every reader, so the comment form cannot carry a
per-reader CSRF token. It carries a signed token instead, naming the article and the time the
page was made: a post without a valid token is refused, one faster than a person can type is
refused, and a token is single-use for a given e-mail address. A honeypot field, a per-IP rate
limit in the shared cache and duplicate detection do the rest.
"""

import hashlib
import re
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

TOKEN_SALT = "comments.form-token"  # noqa: S105 (a signing salt, not a secret)
HONEYPOT_FIELD = "homepage"


class TokenError(Exception):
    """The form token is missing, forged, stale, too fresh or already used."""


def make_token(article_id):
    return signing.dumps({"article": article_id, "issued": time.time()}, salt=TOKEN_SALT, compress=False)


def check_token(token, article_id):
    """Raise TokenError with a message for the reader, or return the time the form was made."""
    try:
        payload = signing.loads(token or "", salt=TOKEN_SALT)
        issued = float(payload["issued"])
        if payload["article"] != article_id:
            raise ValueError("token of another article")
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise TokenError(
            "This form could not be verified. Please check your comment and send it again."
        ) from None
    age = time.time() - issued
    if age > settings.NEWSROOM_COMMENT_TOKEN_MAX_AGE:
        raise TokenError("This page was open for a long time. Please check your comment and send it again.")
    if age < settings.NEWSROOM_COMMENT_MIN_SECONDS:
        raise TokenError("That was very quick! Please take a moment, then send your comment again.")
    return issued


def claim_token(token, email):
    """A token may post once per e-mail address: the same post sent again is a replay."""
    digest = hashlib.sha256(f"{token}|{email.lower()}".encode()).hexdigest()
    if not cache.add(f"comment-token:{digest}", 1, timeout=settings.NEWSROOM_COMMENT_TOKEN_MAX_AGE):
        raise TokenError(
            "This form has already been used to send a comment. Please reload the page to write another."
        )


RATE_PATTERN = re.compile(r"^(\d+)/(\d*)([smhd])$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    """'5/10m' -> (5, 600); 'off' -> None."""
    if rate.strip().lower() in {"off", "0", "none", ""}:
        return None
    match = RATE_PATTERN.match(rate.strip())
    if not match:
        raise ValueError(f"NEWSROOM_COMMENT_RATE must look like '5/10m' or 'off', not {rate!r}")
    count, amount, unit = match.groups()
    return int(count), int(amount or 1) * UNIT_SECONDS[unit]


def rate_limited(ip_address):
    """Count this post against the address's allowance; True when it is over the limit."""
    rate = parse_rate(settings.NEWSROOM_COMMENT_RATE)
    if rate is None or not ip_address:
        return False
    limit, window = rate
    key = f"comment-rate:{ip_address}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
