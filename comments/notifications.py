"""E-mail to moderators when a comment waits for them. Sending never fails a reader's post."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q

logger = logging.getLogger("newsroom.comments")


def moderator_addresses():
    if settings.NEWSROOM_MODERATOR_EMAILS:
        return list(settings.NEWSROOM_MODERATOR_EMAILS)
    moderators = get_user_model().objects.filter(
        Q(is_superuser=True)
        | Q(groups__permissions__codename="moderate_comment")
        | Q(user_permissions__codename="moderate_comment"),
        is_active=True,
    ).exclude(email="")
    return sorted(set(moderators.values_list("email", flat=True)))


def comment_held(comment):
    recipients = moderator_addresses()
    if not recipients:
        return
    admin_url = (
        f"{settings.NEWSROOM_SITE_URL}/{settings.NEWSROOM_ADMIN_PATH}comments/comment/{comment.pk}/change/"
    )
    subject = f"Comment awaiting moderation on “{comment.article.headline[:80]}”"
    body = (
        f"A comment by {comment.author_name} is waiting for moderation.\n\n"
        f"Why it was held: {'; '.join(comment.moderation_reasons) or 'every comment is held'}\n\n"
        f"{comment.body}\n\nModerate it: {admin_url}\n"
    )
    try:
        send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:  # a mail server fault must never reach the reader
        logger.exception("could not send the moderation notice for comment %s", comment.pk)
