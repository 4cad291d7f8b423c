"""Mail to commenters: the link that confirms their address, and what they asked to hear of at the
form (replies, approval, being made an editor's pick). A mail goes only to the address it is
about, never names another reader's address, counts against that address's caps
(Commenter.reserve_mail), and carries a one-click unsubscribe (RFC 8058) and a link to the page of
all that address's mail settings. Notifications go only to a verified address."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.dispatch import receiver
from django.urls import reverse
from django_tasks import task

from comments import commenters, signals
from comments.models import Comment, Commenter, Subscription
from comments.privacy import ERASED_EMAIL
from operations.mail import send_later

logger = logging.getLogger("newsroom.comments")

WHY = ("You get this mail because this address was given with a comment on {site}. "
       "Change what we send, or stop it all:")


def _site_link(name, *args):
    return f"{settings.NEWSROOM_SITE_URL}{reverse(name, args=args)}"


def _send(commenter, address, subject, body):
    if not commenter.reserve_mail():
        logger.info("no mail to commenter %s: unsubscribed or over the daily cap", commenter.pk)
        return
    _mail(commenter, address, subject, body)


def _mail(commenter, address, subject, body):
    settings_page = _site_link("comments:mail_settings", commenter.token)
    footer = f"{WHY.format(site=settings.NEWSROOM_SITE_NAME)}\n{settings_page}"
    send_later(EmailMessage(
        " ".join(subject.split()), f"{body}\n\n-- \n{footer}\n", settings.DEFAULT_FROM_EMAIL, [address],
        headers={"List-Unsubscribe": f"<{_site_link('comments:unsubscribe', commenter.token)}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    ))


def _quote(comment):
    return "\n".join(f"> {line}" for line in comment.body.splitlines())


def ask_to_confirm(comment):
    """Mail `comment`'s author the link that confirms the address: in the background (the queue
    row is written with the comment), or at once without the queue."""
    if settings.NEWSROOM_MAIL_QUEUE:
        confirm_address.enqueue(comment.pk)
    else:
        confirm_address.call(comment.pk)


@task()
def confirm_address(comment_id):
    comment = Comment.objects.select_related("article").filter(
        pk=comment_id, status=Comment.Status.UNCONFIRMED).exclude(author_email=ERASED_EMAIL).first()
    if comment is None:  # confirmed, removed or erased since
        return "nothing to confirm"
    commenter = commenters.commenter_for(comment.author_email)
    link = commenters.new_confirmation(comment, commenter)
    if link is None:
        logger.info("no confirmation for comment %s: one was sent within the hour, or the caps", comment.pk)
        return "over the caps"
    days = settings.NEWSROOM_CONFIRMATION_DAYS
    _mail(commenter, comment.author_email, f"Please confirm your comment on {settings.NEWSROOM_SITE_NAME}", (
        f"Someone, we hope you, commented on “{comment.article.headline}” with this address:\n\n"
        f"{_quote(comment)}\n\nTo confirm that the address is yours and send the comment on, open this link "
        f"(it works once, for {days} days):\n{link}\n\nIf it was not you, ignore this mail: "
        f"the comment will never be published."
    ))
    return "sent"


def _subscribed(comment, kind):
    """The verified commenter who asked for `kind` mail about `comment`, or None."""
    if not Subscription.objects.filter(comment=comment, kind=kind).exists():
        return None
    return Commenter.objects.filter(email_key=comment.author_email_key, verified_at__isnull=False).first()


@receiver(signals.comment_published, sender=Comment, dispatch_uid="mail-readers-comment-published")
def _published(sender, comment, **kwargs):
    comment_published(comment)


@receiver(signals.comment_featured, sender=Comment, dispatch_uid="mail-readers-comment-featured")
def _featured(sender, comment, **kwargs):
    comment_featured(comment)


def comment_published(comment):
    """A comment is out: its author hears (if they asked), and so does the author of the comment
    it answers (unless they answer themselves)."""
    link = _site_link("comments:permalink", comment.pk)
    on = f"on “{comment.article.headline[:80]}”"
    if commenter := _subscribed(comment, Subscription.Kind.APPROVED):
        _send(commenter, comment.author_email, f"Your comment {on} is published",
              f"Your comment is published:\n\n{_quote(comment)}\n\n{link}")
        comment.subscriptions.filter(kind=Subscription.Kind.APPROVED).delete()
    parent = comment.parent
    if parent is None or parent.author_email_key == comment.author_email_key:
        return
    if commenter := _subscribed(parent, Subscription.Kind.REPLIES):
        who = "An editor" if comment.is_editor_reply else comment.author_name
        _send(commenter, parent.author_email, f"{who} replied to your comment {on}",
              f"{who} replied to your comment:\n\n{_quote(parent)}\n\n"
              f"The reply:\n\n{_quote(comment)}\n\n{link}")


def comment_featured(comment):
    if commenter := _subscribed(comment, Subscription.Kind.FEATURED):
        _send(commenter, comment.author_email,
              f"Your comment on “{comment.article.headline[:80]}” is an editor's pick",
              f"The editors chose your comment as one of their picks:\n\n{_quote(comment)}\n\n"
              f"{_site_link('comments:permalink', comment.pk)}")
        comment.subscriptions.filter(kind=Subscription.Kind.FEATURED).delete()
