"""The desk's decisions. Each calls the comment's own methods (the ones the admin list and the
site use), and remembers what it changed so that the moderator's last decision can be undone."""

from dataclasses import asdict, dataclass, field

from django.db import transaction

from comments import moderation, posting
from comments.models import Ban, Comment, Report

Status = Comment.Status
# action -> (what the moderator sees afterwards, the comment method)
ACTIONS = {
    "approve": ("Approved", Comment.approve),
    "remove": ("Removed", Comment.remove),
    "spam": ("Marked as spam", Comment.mark_spam),
    "feature": ("Featured", Comment.feature),
    "unfeature": ("No longer featured", Comment.unfeature),
}
# The method that puts a comment back in each status.
BACK_TO = {
    Status.PENDING: Comment.hold,
    Status.APPROVED: Comment.approve,
    Status.SPAM: Comment.mark_spam,
    Status.REMOVED: Comment.remove,
}


CANNOT_REPLY = "Only an approved comment that is not at the deepest level of a thread can be answered."


class CannotReply(Exception):
    """The comment cannot be answered (see moderation.may_reply_to)."""


@dataclass
class Undo:
    """What one decision changed, enough to put it back."""

    comment: int
    summary: str
    status: str
    featured_at: str | None
    reopened_reports: list = field(default_factory=list)
    reply: int | None = None
    ban: int | None = None

    @classmethod
    def before(cls, comment, summary):
        return cls(comment=comment.pk, summary=summary, status=comment.status,
                   featured_at=comment.featured_at.isoformat() if comment.featured_at else None,
                   reopened_reports=list(comment.reports.filter(resolved_at__isnull=True)
                                         .values_list("pk", flat=True)))

    def as_session(self):
        return asdict(self)


def available_actions(comment):
    """The buttons a comment of this status (and with these `open_reports`) offers."""
    keep = ["approve"] if getattr(comment, "open_reports", None) else []  # dismisses the reports
    by_status = {
        Status.PENDING: ["approve", "remove", "spam", "feature"],
        Status.APPROVED: [*keep, "remove", "spam", "unfeature" if comment.featured_at else "feature"],
        Status.SPAM: ["approve", "remove"],
        Status.REMOVED: ["approve", "spam"],
        Status.UNCONFIRMED: ["remove", "spam"],
    }
    return by_status[comment.status]


@transaction.atomic
def decide(comment, action, by):
    """Apply `action` to `comment`; return the Undo of it."""
    summary, method = ACTIONS[action]
    undo = Undo.before(comment, f"{summary}: comment by {comment.author_name}")
    method(comment, by=by)
    return undo


def publish_reply(parent, body, by):
    """A moderator answers a reader: threaded under the comment, published at once."""
    if not moderation.may_reply_to(parent):
        raise CannotReply(CANNOT_REPLY)
    return posting.submit(Comment(
        article=parent.article, parent=parent, body=body,
        author_name=by.get_full_name() or by.get_username(),
        author_email=by.email or "editor@invalid", staff_user=by,
    ))


@transaction.atomic
def reply(comment, body, by):
    """Answer `comment`, approving it first if it still waits; return the Undo."""
    undo = Undo.before(comment, f"Replied to {comment.author_name}")
    if not moderation.may_reply_to(comment, approving=True):
        raise CannotReply(CANNOT_REPLY)
    if comment.status == Status.PENDING:
        comment.approve(by=by)
        undo.summary = f"Approved and replied to {comment.author_name}"
    undo.reply = publish_reply(comment, body, by).pk
    return undo


@transaction.atomic
def ban(comment, ban_form, by):
    """Ban the commenter as the valid `ban_form` says (the comment becomes spam); return the Undo."""
    undo = Undo.before(comment, f"Banned {comment.author_name}")
    undo.ban = ban_form.ban(comment, by).pk
    return undo


@transaction.atomic
def undo(record, by):
    """Put back what the decision in `record` (an Undo's session form) changed; return the comment."""
    record = Undo(**record)
    comment = Comment.objects.select_related("article").get(pk=record.comment)
    if record.reply is not None:
        answer = Comment.objects.select_related("article").filter(pk=record.reply).first()
        if answer is not None:
            answer.remove(by=by)
    if comment.status != record.status:
        BACK_TO[Status(record.status)](comment, by=by)
    if bool(comment.featured_at) != bool(record.featured_at):
        if record.featured_at:
            comment.feature(by=by)
        else:
            comment.unfeature(by=by)
    if record.ban is not None:  # as if it had never been: a ban undone at once is no ban lifted
        Ban.objects.filter(pk=record.ban).delete()
    Report.objects.filter(pk__in=record.reopened_reports).update(resolved_at=None)
    return comment
