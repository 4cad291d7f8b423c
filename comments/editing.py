"""A reader edits their own comment: only from the browser that wrote it (its signed proof of
its own comments, website.reader_cookies), only for NEWSROOM_COMMENT_EDIT_MINUTES after writing
it. The new text meets the moderation rules again, and the previous one is kept for moderators."""

import logging
from datetime import timedelta

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from comments import moderation, notifications
from comments.forms import CommentForm
from comments.models import Comment, CommentEdit

logger = logging.getLogger("newsroom.comments")

NOT_YOURS = ("This comment can only be edited from the browser that wrote it, so your change was "
             "not saved.")
TOO_LATE = ("Comments can be edited for {minutes} minutes after they are written, and that time is "
            "over, so your change was not saved. Your text is below: you can copy it into a new comment.")
NOT_EDITABLE = "This comment is no longer shown, so it cannot be edited."


class EditRefused(Exception):
    """The edit is not allowed: the message says why, for the reader."""


class CommentEditForm(forms.Form):
    """The new text, checked as a new comment's text is."""

    body = forms.CharField(label="Your comment", max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
                           error_messages=CommentForm.Meta.error_messages["body"])
    clean_body = CommentForm.clean_body


def edit_deadline(comment):
    return comment.created_at + timedelta(minutes=settings.NEWSROOM_COMMENT_EDIT_MINUTES)


def may_edit(comment, own_ids, now=None):
    """Whether this browser (which wrote the comments `own_ids`) may still edit `comment`."""
    return (comment.pk in own_ids and comment.status in {Comment.Status.PENDING, Comment.Status.APPROVED}
            and (now or timezone.now()) < edit_deadline(comment))


def editable(comments, own_ids):
    """Those of `comments` this browser may still edit."""
    now = timezone.now()
    return [comment for comment in comments if may_edit(comment, own_ids, now)]


def check(comment, own_ids):
    """EditRefused, with the reason, unless this browser may edit `comment` now."""
    if comment.pk not in own_ids:
        raise EditRefused(NOT_YOURS)
    if comment.status not in {Comment.Status.PENDING, Comment.Status.APPROVED}:
        raise EditRefused(NOT_EDITABLE)
    if timezone.now() >= edit_deadline(comment):
        raise EditRefused(TOO_LATE.format(minutes=settings.NEWSROOM_COMMENT_EDIT_MINUTES))


def edit(comment, body, own_ids):
    """Replace `comment`'s text with `body` for its author; return the comment."""
    check(comment, own_ids)
    if body == comment.body:
        return comment
    previous_body, was = comment.body, comment.status
    comment.body = body
    decision = moderation.decide_edit(comment)
    if decision.refusal:
        comment.body = previous_body
        raise EditRefused(decision.refusal)
    comment.status = decision.status
    comment.moderation_reasons = [*comment.moderation_reasons, *decision.reasons]
    comment.edited_at = timezone.now()
    with transaction.atomic():
        CommentEdit.objects.create(comment=comment, previous_body=previous_body, edited_at=comment.edited_at)
        comment.save()
        if comment.status == Comment.Status.PENDING and was != Comment.Status.PENDING:
            transaction.on_commit(lambda: notifications.comment_held(comment), robust=True)
    logger.info("comment %s on article %s edited by its author: %s (%s)", comment.pk, comment.article_id,
                comment.status, "; ".join(decision.reasons))
    return comment
