"""What an article page shows of its comments.

The page is the same for every anonymous reader (the page cache shares it): approved comments
and a blank form whose token is `shared`. What belongs to one reader — their saved details,
their comments still waiting, a token of their own — reaches the page from the private endpoint
(`comment_views.reader_state`) through static/js/comments.js, or, without JavaScript, on the
private pages a post leads to (a refusal, the confirmation step, "your comment is waiting").
"""

from dataclasses import dataclass

from comments import moderation
from comments.forms import CommentForm
from comments.models import Comment
from comments.spam import make_token


def thread(comments):
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


def blank_form(article, parent=None):
    """The form every reader gets: the same for all, so its token is a shared one."""
    initial = {"token": make_token(article.pk, shared=True), "parent": parent.pk if parent else None}
    return CommentForm(initial=initial, article=article, auto_id="comment-%s")


def form_to_send_again(form):
    """The reader's typed text with a token of their own, timed from now."""
    data = form.data.copy()
    data["token"] = make_token(form.article.pk)
    return CommentForm(data, article=form.article, auto_id="comment-%s")


@dataclass
class Message:
    text: str
    is_error: bool = True


def comment_context(request, article, form=None, message=None, pending_ids=()):
    """The template context of the comments under `article`: the shared version, unless this
    private response brings the reader's `form` back, or shows their `pending_ids`."""
    comments_open = moderation.comments_open(article)
    comments = list(Comment.objects.for_display(article, pending_ids))
    for comment in comments:
        comment.can_reply = moderation.may_reply_to(comment)
    replying_to = None
    if form is None:
        reply_id = request.GET.get("replyto", "")
        if reply_id.isdecimal():  # not isdigit(): "²" is a digit that int() refuses
            replying_to = next((c for c in comments if c.pk == int(reply_id) and c.can_reply), None)
        form = blank_form(article, parent=replying_to)
    else:
        replying_to = form.parent_comment or next(
            (c for c in comments if str(c.pk) == str(form.data.get("parent", ""))), None
        )
    return {
        "comments": thread(comments),
        # The rendered list is kept under what changes it: which comments, each one's last change,
        # and whether replies are taken.
        "comments_version": [comments_open, *((c.pk, c.updated_at) for c in comments)],
        "comment_count": sum(1 for c in comments if c.status == Comment.Status.APPROVED),
        "comments_open": comments_open,
        "comment_form": form,
        "comment_form_is_blank": not form.is_bound,
        "comment_message": message,
        "replying_to": replying_to,
    }
