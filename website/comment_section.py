"""What an article page shows of its comments.

The page is the same for every anonymous reader (the page cache shares it): approved comments
and a blank form whose token is `shared`. What belongs to one reader — their saved details,
their comments still waiting, a token of their own — reaches the page from the private endpoint
(`comment_views.reader_state`) through static/js/comments.js, or, without JavaScript, on the
private pages a post leads to (a refusal, the confirmation step, "your comment is waiting").
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.utils.functional import SimpleLazyObject

from comments import moderation
from comments.forms import CommentForm
from comments.models import THREAD_ORDERS, Comment
from comments.spam import make_token
from website.page_cache import kept_while_pages_are_not
from website.pagination import LAST_POSSIBLE_PAGE

KEPT_SECONDS = 60


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
    """The form every reader gets: the same for all, so its token is a shared one. It is built
    only if its fields are rendered, which each worker does once ({% cache %} in
    comments/_form.html): the page writes its token and parent from `hidden_values()`."""
    initial = {"token": make_token(article.pk, shared=True), "parent": parent.pk if parent else None}
    form = SimpleLazyObject(lambda: CommentForm(initial=initial, article=article, auto_id="comment-%s"))
    return form, initial


def hidden_values(form):
    """The token and parent that a form brought back to the reader carries."""
    return {"token": form["token"].value(), "parent": form["parent"].value()}


def form_to_send_again(form):
    """The reader's typed text with a token of their own, timed from now."""
    data = form.data.copy()
    data["token"] = make_token(form.article.pk)
    return CommentForm(data, article=form.article, auto_id="comment-%s")


@dataclass
class Message:
    text: str
    is_error: bool = True


@dataclass
class ThreadPage:
    """Which page of the conversation is shown, in which order, and the links to the others."""

    number: int
    order: str
    thread_count: int

    @property
    def count(self):
        return max(1, -(-self.thread_count // settings.NEWSROOM_COMMENT_THREADS_PER_PAGE))

    def _query(self, number, order):
        parts = [f"page={number}"] if number > 1 else []
        if order != DEFAULT_ORDER:
            parts.append(f"sort={order}")
        return "&".join(parts)

    @property
    def reply_query(self):
        """What a reply link keeps of this page's address, ending with "&" (or nothing)."""
        query = self._query(self.number, self.order)
        return f"{query}&" if query else ""

    def link(self, number, order):
        return f"?{self._query(number, order)}#comments"

    @property
    def previous_link(self):
        return self.link(self.number - 1, self.order) if self.number > 1 else None

    @property
    def next_link(self):
        return self.link(self.number + 1, self.order) if self.number < self.count else None

    @property
    def order_links(self):
        """(label, link) for each order; no link for the one shown."""
        return [(label, None if order == self.order else self.link(1, order))
                for order, label in ORDER_LABELS.items()]


DEFAULT_ORDER = "oldest"
ORDER_LABELS = {"oldest": "Oldest first", "newest": "Newest first", "picks": "Picks first"}


def _requested_page(request, page):
    """The page and order asked for; a page that is not a number is a 404."""
    order = request.GET.get("sort", DEFAULT_ORDER)
    if order not in THREAD_ORDERS:
        raise Http404("No such order")
    if page is None:
        value = request.GET.get("page", "1")
        if not value.isdecimal() or not 1 <= int(value) <= LAST_POSSIBLE_PAGE:
            raise Http404("No such page")
        page = int(value)
    return page, order


def _in_order(threads, order):
    if order == "newest":
        return threads[::-1]
    if order == "picks":  # stable: oldest first among the picks, and among the rest
        return sorted(threads, key=lambda c: -c.featured_at.timestamp() if c.is_featured else 0)
    return threads


def _thread_page(article, number, order, pending_ids, editable_ids=()):
    """The comments of that page; the shared version (no reader's own, nothing marked for one
    reader) is kept by each worker while the page cache is off."""
    per_page = settings.NEWSROOM_COMMENT_THREADS_PER_PAGE

    def read():
        return list(Comment.objects.thread_page(article, number, per_page, order, pending_ids))

    if pending_ids or editable_ids:
        return read()
    return kept_while_pages_are_not(f"comments-{article.pk}-{number}-{order}-{per_page}", read,
                                    seconds=KEPT_SECONDS)


def comment_context(request, article, form=None, message=None, pending_ids=(), page=None, editable_ids=()):
    """The template context of the comments under `article`: the shared version, unless this
    private response brings the reader's `form` back, shows their `pending_ids` (with an Edit link
    on their `editable_ids`), or the `page` of the conversation that holds their comment."""
    comments_open = moderation.comments_open(article)
    number, order = _requested_page(request, page)
    comments = _thread_page(article, number, order, pending_ids, editable_ids)
    if number > 1 and not comments:
        raise Http404("No such page of comments")
    approved = next((c for c in comments if c.status == Comment.Status.APPROVED), None)
    thread_page = ThreadPage(number, order, approved.thread_count if approved else 0)
    for comment in comments:
        comment.can_reply = moderation.may_reply_to(comment)
        comment.can_edit = comment.pk in editable_ids
    replying_to = None
    is_blank = form is None
    if is_blank:
        reply_id = request.GET.get("replyto", "")
        if reply_id.isdecimal():  # not isdigit(): "²" is a digit that int() refuses
            replying_to = next((c for c in comments if c.pk == int(reply_id) and c.can_reply), None)
        form, hidden = blank_form(article, parent=replying_to)
    else:
        replying_to = form.parent_comment or next(
            (c for c in comments if str(c.pk) == str(form.data.get("parent", ""))), None
        )
        hidden = hidden_values(form)
    return {
        "comments": _in_order(thread(comments), order),
        # The rendered list is kept under what changes it: which comments, each one's last change,
        # whether replies are taken, and the page and order its links keep.
        "comments_version": [comments_open, number, order, *((c.pk, c.updated_at) for c in comments),
                             "editable", *sorted(editable_ids)],
        "comment_count": approved.approved_count if approved else 0,
        "thread_page": thread_page,
        "comments_open": comments_open,
        "comment_form": form,
        "comment_form_is_blank": is_blank,
        "comment_token": hidden["token"],
        "comment_parent": hidden["parent"],
        "comment_message": message,
        "replying_to": replying_to,
    }
