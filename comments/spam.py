"""Spam defence that needs no outside service.

A cached article page is the same for every reader, so the comment form cannot carry a
per-reader CSRF token. It carries a signed token instead, naming the article and the time the
form was made: a post without a valid token is refused, one faster than a person can type is
refused, and a token is single-use for a given e-mail address. A honeypot field, a per-IP rate
limit and duplicate detection (comments.forms) do the rest.

The token written into a shared page was made when the page was, not when the reader opened it,
so it is `shared`: it cannot say how long the reader took. The page's script swaps it for a
reader's own token as the page opens; a post that still carries the shared one (no JavaScript)
is asked to confirm, on a private page with a token of its own.

Rate-limit counters and used tokens live in the "limits" cache (settings), apart from the page
cache: pages come and go by the thousand, and must never push a counter out.
"""

import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.utils import timezone

TOKEN_SALT = "comments.form-token"  # noqa: S105 (a signing salt, not a secret)
HONEYPOT_FIELD = "homepage"


class TokenError(Exception):
    """The form token is missing, forged, stale, too fresh or already used."""


@dataclass(frozen=True)
class FormToken:
    issued: float
    shared: bool


def _now():
    return timezone.now().timestamp()


def limits_cache():
    return caches["limits"]


def make_token(article_id, shared=False):
    payload = {"article": article_id, "issued": _now()}
    if shared:
        payload["shared"] = True
    return signing.dumps(payload, salt=TOKEN_SALT, compress=False)


def check_token(token, article_id):
    """The token's FormToken, or TokenError with a message for the reader."""
    try:
        payload = signing.loads(token or "", salt=TOKEN_SALT)
        issued = float(payload["issued"])
        if payload["article"] != article_id:
            raise ValueError("token of another article")
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise TokenError(
            "This form could not be verified. Please check your comment and send it again."
        ) from None
    age = _now() - issued
    if age > settings.NEWSROOM_COMMENT_TOKEN_MAX_AGE:
        raise TokenError("This page was open for a long time. Please check your comment and send it again.")
    shared = bool(payload.get("shared"))
    if not shared and age < settings.NEWSROOM_COMMENT_MIN_SECONDS:
        raise TokenError("That was very quick! Please take a moment, then send your comment again.")
    return FormToken(issued=issued, shared=shared)


def claim_token(token, email):
    """A token may post once per e-mail address: the same post sent again is a replay."""
    digest = hashlib.sha256(f"{token}|{email.casefold()}".encode()).hexdigest()
    if not limits_cache().add(f"comment-token:{digest}", 1, timeout=settings.NEWSROOM_COMMENT_TOKEN_MAX_AGE):
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


def rate_limited(ip_address, rate=None, kind="comment"):
    """Count this post (a comment, or another `kind` with its own `rate`) against the address's
    allowance; True when it is over the limit."""
    rate = parse_rate(rate or settings.NEWSROOM_COMMENT_RATE)
    if rate is None or not ip_address:
        return False
    limit, window = rate
    cache = limits_cache()
    key = f"{kind}-rate:{ip_address}:{int(_now() // window)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
