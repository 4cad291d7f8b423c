"""The one way a new comment is stored, whether a reader sends it or a moderator replies in the
admin: the moderation rules decide its status, it is saved, moderators hear of a held one, an
unproven address is mailed its confirmation link, and readers who asked hear of a published one.
Once the address is proven (`confirm_address`), its unconfirmed comments meet the usual rules."""

import logging

from django.db import transaction
from django.utils import timezone

from comments import commenters, moderation, notifications, reader_mail
from comments.models import Comment, tell_readers

logger = logging.getLogger("newsroom.comments")


class Refused(Exception):
    """The rules refuse the comment outright (a ban, with NEWSROOM_COMMENT_REFUSE_BANNED): the
    message is for the poster, and nothing is stored."""


def submit(comment, notify=()):
    """Store the new, unsaved `comment` with the status the rules give it; return it. `notify`:
    the Subscription kinds its author ticked."""
    decision = moderation.decide(comment)
    if decision.refusal:
        logger.info("comment on article %s refused (%s)", comment.article_id, "; ".join(decision.reasons))
        raise Refused(decision.refusal)
    comment.status = decision.status
    comment.moderation_reasons = decision.reasons
    with transaction.atomic():
        comment.save()
        if not comment.staff_user_id:
            commenters.record(comment, notify)
            if commenters.needs_confirmation(comment):  # queued with the comment
                reader_mail.ask_to_confirm(comment)
        _announce(comment)
    logger.info("comment %s on article %s stored as %s (%s)", comment.pk, comment.article_id,
                comment.status, "; ".join(decision.reasons))
    return comment


def release(comment):
    """An unconfirmed comment whose author proved the address: the usual rules decide it now."""
    decision = moderation.decide(comment)
    comment.status = decision.status
    comment.moderation_reasons = [*comment.moderation_reasons, *decision.reasons]
    comment.save(update_fields=["status", "moderation_reasons", "updated_at"])
    _announce(comment)
    logger.info("comment %s confirmed by its author: now %s", comment.pk, comment.status)


def confirm_address(comment, written_here=()):
    """Follow the link: the address is verified, and the comment leaves "unconfirmed" for the
    site's usual rules, as a comment whose address is proven; so do the address's other
    unconfirmed comments that this browser wrote (`written_here`: ids), which got no link of their
    own within the hour."""
    with transaction.atomic():
        commenter = commenters.commenter_for(comment.author_email)
        if commenter.verified_at is None:
            commenter.verified_at = timezone.now()
            commenter.save(update_fields=["verified_at"])
        others = Comment.objects.filter(pk__in=list(written_here), status=Comment.Status.UNCONFIRMED,
                                        author_email_key=comment.author_email_key).exclude(pk=comment.pk)
        for each in [comment, *others.select_related("article")]:
            each.address_proven = True
            release(each)
    return comment


def _announce(comment):
    if comment.status == Comment.Status.PENDING:
        # robust: the comment is stored; whatever goes wrong with the notice is only logged.
        transaction.on_commit(lambda: notifications.comment_held(comment), robust=True)
    elif comment.status == Comment.Status.APPROVED:
        tell_readers("published", comment)
