"""The newsroom's comment rules, in one place: whether comments are open, and a new comment's status.

Like django-contrib-comments' `CommentModerator`, the rules are named options read from settings
(`NEWSROOM_COMMENT_*`); views and the admin ask this module and never decide on their own.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from articles.models import Article
from comments.models import Ban, Comment

LINK_PATTERN = re.compile(r"(https?://|www\.)", re.IGNORECASE)
BANNED = ("A moderator has stopped comments from this address or network, so your comment was not "
          "posted.")


@dataclass
class Decision:
    status: str
    reasons: list = field(default_factory=list)
    refusal: str = ""  # set when the comment is not to be stored at all: what the poster is told


def close_time(article):
    """When comments close by themselves (the article's own time, else the site's rule), or None
    when they stay open."""
    if article.comments_close_at is not None:
        return article.comments_close_at
    days = settings.NEWSROOM_COMMENT_CLOSE_AFTER_DAYS
    return article.publish_at + timedelta(days=days) if days > 0 else None


def comments_open(article):
    if not article.comments_enabled or not article.is_published:
        return False
    closes = close_time(article)
    return closes is None or timezone.now() < closes


def may_reply_to(comment, approving=False):
    """The one reply rule, for readers and moderators alike: a published comment that is not yet
    at the deepest level a thread may have (`approving`: a waiting one the moderator approves as
    they answer it). Whether the article still takes comments at all is `comments_open`."""
    answerable = {Comment.Status.APPROVED, Comment.Status.PENDING} if approving else {Comment.Status.APPROVED}
    is_published = comment.status in answerable
    return is_published and comment.depth + 1 < settings.NEWSROOM_COMMENT_MAX_DEPTH


def _disallowed_word(comment):
    haystack = " ".join(
        [comment.author_name, comment.author_email, comment.author_url, comment.body,
         comment.ip_address or "", comment.user_agent]
    ).lower()
    for word in settings.NEWSROOM_COMMENT_DISALLOWED_WORDS:
        if word and word.lower() in haystack:
            return word
    return None


@dataclass(frozen=True)
class TrustPolicy:
    """Who is published at once: an author who proves the address (the browser's proof, or the
    link just followed; never a name and address typed alone) with at least `approved` approved
    comments and no comment removed or marked spam in the last `clean_days` days."""

    approved: int
    clean_days: int

    def trusts(self, comment):
        if not getattr(comment, "address_proven", False):
            return False
        earlier = Comment.objects.by_email(comment.author_email).exclude(pk=comment.pk)
        since = timezone.now() - timedelta(days=self.clean_days)
        rejected = Q(status__in=[Comment.Status.REMOVED, Comment.Status.SPAM], moderated_at__gte=since)
        counts = earlier.aggregate(approved=Count("pk", filter=Q(status=Comment.Status.APPROVED)),
                                   rejected=Count("pk", filter=rejected))
        return counts["approved"] >= self.approved and counts["rejected"] == 0


def trust_policy():
    return TrustPolicy(approved=settings.NEWSROOM_TRUST_APPROVED,
                       clean_days=settings.NEWSROOM_TRUST_CLEAN_DAYS)


def _refused_or_spam(comment):
    """What a ban or a disallowed word make of a comment, or None."""
    ban = Ban.objects.catching(comment.author_email, comment.ip_address)
    if ban is not None:
        refusal = BANNED if settings.NEWSROOM_COMMENT_REFUSE_BANNED else ""
        return Decision(Comment.Status.SPAM, [f"banned: {ban.reason}"], refusal=refusal)
    word = _disallowed_word(comment)
    if word:
        return Decision(Comment.Status.SPAM, [f"contains the disallowed word “{word}”"])
    return None


def _held_for_links(comment):
    links = len(LINK_PATTERN.findall(f"{comment.body}"))
    if links >= settings.NEWSROOM_COMMENT_HOLD_LINKS:
        return Decision(Comment.Status.PENDING, [f"contains {links} links"])
    return None


def decide(comment):
    """The status a new comment starts with, and why. `comment.address_proven` says whether its
    author proved the address (comments.commenters)."""
    if comment.staff_user_id:
        return Decision(Comment.Status.APPROVED, ["reply by an editor"])
    refused = _refused_or_spam(comment)
    if refused:
        return refused
    if settings.NEWSROOM_COMMENT_CONFIRM_ADDRESS and not getattr(comment, "address_proven", False):
        return Decision(Comment.Status.UNCONFIRMED, ["waits for its author to confirm the address"])
    held = _held_for_links(comment)
    if held:
        return held
    rule = comment.article.comments_moderation
    if rule == Article.CommentModeration.HOLD_ALL:
        return Decision(Comment.Status.PENDING, ["every comment on this article is held for moderation"])
    trusts_returning = (rule == Article.CommentModeration.TRUSTED
                        or settings.NEWSROOM_COMMENT_APPROVE_RETURNING)
    if trusts_returning and trust_policy().trusts(comment):
        return Decision(Comment.Status.APPROVED, ["trusted: a proven address with approved comments"])
    return Decision(Comment.Status.PENDING, ["every new comment is held for moderation"])


def decide_edit(comment):
    """The status of a comment its author has just edited. The new text meets the same rules: a
    ban or a disallowed word makes it spam, and links send a published comment back to the queue.
    Otherwise it stays where it was: published, waiting for a moderator, or waiting for its author
    to confirm the address (an edit proves nothing about the address)."""
    if comment.staff_user_id:
        return Decision(Comment.Status.APPROVED, ["edited by an editor"])
    held = _refused_or_spam(comment)
    if held is None and comment.status == Comment.Status.APPROVED:
        held = _held_for_links(comment)
    if held is None:
        return Decision(comment.status, ["edited"])
    return Decision(held.status, [f"edited: {reason}" for reason in held.reasons], held.refusal)
