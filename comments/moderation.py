"""The newsroom's comment rules, in one place: whether comments are open, and a new comment's status.

Like django-contrib-comments' `CommentModerator`, the rules are named options read from settings
(`NEWSROOM_COMMENT_*`); views and the admin ask this module and never decide on their own.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from articles.models import Article
from comments.models import Comment

LINK_PATTERN = re.compile(r"(https?://|www\.)", re.IGNORECASE)


@dataclass
class Decision:
    status: str
    reasons: list = field(default_factory=list)


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


def _is_returning_author(comment):
    return Comment.objects.approved().filter(
        author_name__iexact=comment.author_name, author_email__iexact=comment.author_email
    ).exists()


def decide(comment):
    """The status a new comment starts with, and why."""
    if comment.staff_user_id:
        return Decision(Comment.Status.APPROVED, ["reply by an editor"])
    word = _disallowed_word(comment)
    if word:
        return Decision(Comment.Status.SPAM, [f"contains the disallowed word “{word}”"])
    links = len(LINK_PATTERN.findall(f"{comment.body}"))
    if links >= settings.NEWSROOM_COMMENT_HOLD_LINKS:
        return Decision(Comment.Status.PENDING, [f"contains {links} links"])
    rule = comment.article.comments_moderation
    if rule == Article.CommentModeration.HOLD_ALL:
        return Decision(Comment.Status.PENDING, ["every comment on this article is held for moderation"])
    trusts_returning = (rule == Article.CommentModeration.TRUSTED
                        or settings.NEWSROOM_COMMENT_APPROVE_RETURNING)
    if trusts_returning and _is_returning_author(comment):
        return Decision(Comment.Status.APPROVED, ["returning author with an approved comment"])
    return Decision(Comment.Status.PENDING, ["every new comment is held for moderation"])
