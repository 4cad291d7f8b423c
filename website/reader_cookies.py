"""What a reader's browser remembers for them, in signed HttpOnly cookies: the comments they
wrote that still wait for a moderator, and (if they ticked the box) their name, address and
website. Only the reader's own requests to the private endpoints read them back; the shared,
cached pages never depend on them."""

import json

from django.conf import settings

PENDING_COOKIE = "newsroom_pending"
COMMENTER_COOKIE = "newsroom_commenter"
COOKIE_SALT = "comments.cookies"
PENDING_COOKIE_AGE = 30 * 24 * 3600
COMMENTER_COOKIE_AGE = 365 * 24 * 3600
MAX_PENDING_REMEMBERED = 20


def own_pending_ids(request):
    raw = request.get_signed_cookie(PENDING_COOKIE, default="", salt=COOKIE_SALT)
    return [int(part) for part in raw.split(",") if part.isdigit()]


def remember_pending(response, request, comment):
    ids = [comment.pk, *own_pending_ids(request)][:MAX_PENDING_REMEMBERED]
    response.set_signed_cookie(
        PENDING_COOKIE, ",".join(map(str, ids)), salt=COOKIE_SALT, max_age=PENDING_COOKIE_AGE,
        httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
    )


def saved_details(request):
    """The name, address and website this browser was asked to remember, or {}."""
    raw = request.get_signed_cookie(COMMENTER_COOKIE, default="", salt=COOKIE_SALT)
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    if not isinstance(data, dict) or not data.get("author_email"):
        return {}
    return {key: str(data.get(key, ""))[:254] for key in ("author_name", "author_email", "author_url")}


def save_details(response, request, comment, remember):
    """Only a reader who ticked the box gets the cookie; unticking it forgets them."""
    if not remember:
        if COMMENTER_COOKIE in request.COOKIES:
            response.delete_cookie(COMMENTER_COOKIE, samesite="Lax")
        return
    data = {"author_name": comment.author_name, "author_email": comment.author_email,
            "author_url": comment.author_url}
    response.set_signed_cookie(
        COMMENTER_COOKIE, json.dumps(data), salt=COOKIE_SALT, max_age=COMMENTER_COOKIE_AGE,
        httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
    )
