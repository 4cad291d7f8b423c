"""E-mail to moderators when a comment waits for them, one notice per comment or (with
NEWSROOM_MODERATION_DIGEST) one a day. Each carries signed links to decide from the mail
(comments.notice_links). Sending never fails a reader's post."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Q
from django.urls import reverse

from comments import notice_links
from comments.models import Comment
from operations.mail import send_later


def _moderators():
    return get_user_model().objects.filter(
        Q(is_superuser=True)
        | Q(groups__permissions__codename="moderate_comment")
        | Q(user_permissions__codename="moderate_comment"),
        is_active=True,
    ).exclude(email="")


def moderator_addresses():
    if settings.NEWSROOM_MODERATOR_EMAILS:
        return list(settings.NEWSROOM_MODERATOR_EMAILS)
    return sorted(set(_moderators().values_list("email", flat=True)))


def moderator_for(address):
    """Who acts through a notice link sent to `address`: the moderator with that address, or None
    (no account, but a configured address); LinkError when it may no longer moderate."""
    if address.lower() not in {known.lower() for known in moderator_addresses()}:
        raise notice_links.LinkError("This address no longer receives moderation notices.")
    return _moderators().filter(email__iexact=address).first()


def _about(comment, address):
    desk = f"{settings.NEWSROOM_SITE_URL}{reverse('admin:comments_comment_desk')}"
    links = "\n".join(f"  {label}: {notice_links.link(comment, decision, address)}"
                      for decision, label in notice_links.DECISIONS.items())
    return (
        f"{comment.author_name} on “{comment.article.headline}”\n"
        f"Why it was held: {'; '.join(comment.moderation_reasons) or 'every comment is held'}\n\n"
        f"{comment.body}\n\n{links}\n  Or open the moderation desk: {desk}\n"
    )


def _send(subject, body_for):
    for address in moderator_addresses():
        send_later(EmailMessage(" ".join(subject.split()), body_for(address), settings.DEFAULT_FROM_EMAIL,
                                [address]))


def comment_held(comment):
    if settings.NEWSROOM_MODERATION_DIGEST:
        return  # the daily digest carries it
    _send(f"Comment awaiting moderation on “{comment.article.headline[:80]}”",
          lambda address: f"A comment is waiting for moderation.\n\n{_about(comment, address)}")


def send_digest():
    """One mail listing every comment still waiting; how many it listed."""
    waiting = list(Comment.objects.pending().select_related("article").order_by("created_at", "id")
                   [:settings.NEWSROOM_DIGEST_SIZE])
    if not waiting:
        return 0
    _send(f"{len(waiting)} comment{'s' if len(waiting) != 1 else ''} awaiting moderation",
          lambda address: "\n\n".join(_about(comment, address) for comment in waiting))
    return len(waiting)
