"""The one way a new comment is stored, whether a reader sends it or a moderator replies in the
admin: the moderation rules decide its status, it is saved, moderators hear of a held one."""

import logging

from django.db import transaction

from comments import moderation, notifications
from comments.models import Comment

logger = logging.getLogger("newsroom.comments")


class Refused(Exception):
    """The rules refuse the comment outright (a ban, with NEWSROOM_COMMENT_REFUSE_BANNED): the
    message is for the poster, and nothing is stored."""


def submit(comment):
    """Store the new, unsaved `comment` with the status the rules give it; return it."""
    decision = moderation.decide(comment)
    if decision.refusal:
        logger.info("comment on article %s refused (%s)", comment.article_id, "; ".join(decision.reasons))
        raise Refused(decision.refusal)
    comment.status = decision.status
    comment.moderation_reasons = decision.reasons
    with transaction.atomic():
        comment.save()
        if comment.status == Comment.Status.PENDING:
            # robust: the comment is stored; whatever goes wrong with the notice is only logged.
            transaction.on_commit(lambda: notifications.comment_held(comment), robust=True)
    logger.info("comment %s on article %s stored as %s (%s)", comment.pk, comment.article_id,
                comment.status, "; ".join(decision.reasons))
    return comment
