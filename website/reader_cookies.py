"""What a reader's browser remembers for them, in signed HttpOnly cookies: the comments they
wrote (shown to them alone while they wait for a moderator; editable for a few minutes), and (if
they ticked the box) their name, address and website. Only the reader's own requests to the
private endpoints read them back; the shared, cached pages never depend on them."""

import json

from django.conf import settings

OWN_COMMENTS_COOKIE = "newsroom_pending"  # named when it held only waiting comments
COMMENTER_COOKIE = "newsroom_commenter"
COOKIE_SALT = "comments.cookies"
OWN_COMMENTS_COOKIE_AGE = 30 * 24 * 3600
COMMENTER_COOKIE_AGE = 365 * 24 * 3600
MAX_OWN_REMEMBERED = 20


def own_comment_ids(request):
    """The comments this browser wrote (the latest it remembers): its proof that they are its own,
    for its private requests."""
    raw = request.get_signed_cookie(OWN_COMMENTS_COOKIE, default="", salt=COOKIE_SALT)
    return [int(part) for part in raw.split(",") if part.isdigit()]


def remember_own(response, request, comment):
    ids = [comment.pk, *own_comment_ids(request)][:MAX_OWN_REMEMBERED]
    response.set_signed_cookie(
        OWN_COMMENTS_COOKIE, ",".join(map(str, ids)), salt=COOKIE_SALT, max_age=OWN_COMMENTS_COOKIE_AGE,
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
