"""What an article page shows of its comments, for this reader.

Readers are anonymous: a reader's own pending comments and their saved name and address travel
in signed cookies (never in the page cache, which serves such readers around itself).
"""

import json

from django.conf import settings

from comments import moderation
from comments.forms import CommentForm
from comments.models import Comment
from comments.spam import make_token

PENDING_COOKIE = "newsroom_pending"
COMMENTER_COOKIE = "newsroom_commenter"
COOKIE_SALT = "comments.cookies"
PENDING_COOKIE_AGE = 30 * 24 * 3600
COMMENTER_COOKIE_AGE = 365 * 24 * 3600
MAX_PENDING_REMEMBERED = 20


def has_private_view(request):
    """True when this reader's article pages differ from everyone else's."""
    return PENDING_COOKIE in request.COOKIES or COMMENTER_COOKIE in request.COOKIES


def own_pending_ids(request):
    raw = request.get_signed_cookie(PENDING_COOKIE, default="", salt=COOKIE_SALT)
    return [int(part) for part in raw.split(",") if part.isdigit()]


def remember_pending(response, request, comment):
    ids = [comment.pk, *own_pending_ids(request)][:MAX_PENDING_REMEMBERED]
    response.set_signed_cookie(
        PENDING_COOKIE, ",".join(map(str, ids)), salt=COOKIE_SALT, max_age=PENDING_COOKIE_AGE,
        httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
    )


def saved_commenter(request):
    raw = request.get_signed_cookie(COMMENTER_COOKIE, default="", salt=COOKIE_SALT)
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    if not isinstance(data, dict) or not data.get("author_email"):
        return {}
    return {key: str(data.get(key, ""))[:254] for key in ("author_name", "author_email", "author_url")}


def save_commenter(response, request, comment, remember):
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


def blank_form(request, article, parent=None):
    initial = saved_commenter(request)
    if initial:
        initial["remember"] = True
    initial["token"] = make_token(article.pk)
    initial["parent"] = parent.pk if parent else None
    return CommentForm(initial=initial, auto_id="comment-%s")


def _thread(comments):
    """Attach replies to their parents; return the top level, oldest first."""
    by_id = {comment.pk: comment for comment in comments}
    top_level = []
    for comment in comments:
        comment.thread_replies = []
    for comment in comments:
        parent = by_id.get(comment.parent_id)
        if parent is not None:
            parent.thread_replies.append(comment)
        elif comment.parent_id is None:
            top_level.append(comment)
    return top_level


def _fingerprint(comments, comments_open):
    """Everything the list of comments shows: the rendered list is kept under this name."""
    return [comments_open, *(
        (c.pk, c.parent_id, c.status, c.author_name, c.author_url, c.body_html, c.created_at,
         c.staff_user_id, c.can_reply) for c in comments
    )]


def comment_context(request, article, form=None, error_message=None):
    pending_ids = own_pending_ids(request)
    comments_open = moderation.comments_open(article)
    comments = list(Comment.objects.for_display(article, pending_ids))
    for comment in comments:
        comment.can_reply = moderation.can_reply_to(comment) and comment.status == Comment.Status.APPROVED
    replying_to = None
    reply_id = request.GET.get("replyto", "")
    if form is None:
        if reply_id.isdecimal():  # not isdigit(): "²" is a digit that int() refuses
            replying_to = next(
                (c for c in comments if c.pk == int(reply_id) and c.can_reply), None
            )
        form = blank_form(request, article, parent=replying_to)
    else:
        parent_id = form.data.get("parent", "")
        if str(parent_id).isdecimal():
            replying_to = next((c for c in comments if c.pk == int(parent_id)), None)
    return {
        "comments": _thread(comments),
        "comments_fingerprint": _fingerprint(comments, comments_open),
        "comment_count": sum(1 for c in comments if c.status == Comment.Status.APPROVED),
        "comments_open": comments_open,
        "comment_form": form,
        # A blank form is the same for every reader (its token and parent are written outside it),
        # so templates keep it rendered; one filled from a reader's saved details never is.
        "comment_form_is_blank": not form.is_bound and "author_email" not in form.initial,
        "comment_error": error_message,
        "replying_to": replying_to,
    }
