"""Personal data held for a commenter's e-mail address: export it, or erase it (WordPress's
Tools → Export/Erase Personal Data), and forget IP addresses after the retention period."""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import ErrorReport
from comments.models import Ban, Comment, Commenter, Subscription, email_key
from operations import mail

ERASED_NAME = "Anonymous"
# The e-mail column is required; an erased comment keeps a placeholder that is no one's address
# (.invalid is reserved, RFC 2606), so nothing can ever be sent to it.
ERASED_EMAIL = "erased@invalid"
ERASED_MENTION = "[address removed]"
ERASED_REASON = "personal data erased on request"


def export_personal_data(email):
    """Everything we hold for `email`, as a JSON-ready dict."""
    comments = (Comment.objects.by_email(email).select_related("article").prefetch_related("edits")
                .order_by("created_at", "id"))
    return {
        "email": email.strip(),
        "exported_at": timezone.now().isoformat(),
        "comments": [
            {
                "id": comment.pk,
                "article": comment.article.headline,
                "article_url": comment.article.get_absolute_url(),
                "name": comment.author_name,
                "email": comment.author_email,
                "website": comment.author_url,
                "comment": comment.body,
                "status": comment.status,
                "created_at": comment.created_at.isoformat(),
                "ip_address": comment.ip_address,
                "user_agent": comment.user_agent,
                "earlier_texts": [edit.previous_body for edit in comment.edits.all()],
            }
            for comment in comments
        ],
        # A ban holds no address: the reader learns that one applies, and why.
        "bans": [
            {"reason": ban.reason, "banned_at": ban.created_at.isoformat(), "in_force": ban.is_active,
             "ends_at": ban.ends_at and ban.ends_at.isoformat()}
            for ban in Ban.objects.for_address(email)
        ],
        **_commenter_data(email),
        "error_reports": [  # "Report an error" forms sent with this address
            {"article": report.article.headline, "report": report.text, "email": report.reader_email,
             "status": report.status, "created_at": report.created_at.isoformat()}
            for report in ErrorReport.objects.filter(reader_email__iexact=email.strip()).select_related(
                "article")
        ],
    }


def _commenter_data(email):
    """The address's verification, subscriptions and mail still queued for it."""
    commenter = Commenter.objects.filter(email_key=email_key(email)).first()
    subscriptions = Subscription.objects.filter(comment__author_email_key=email_key(email))
    return {
        "address_verified_at": commenter and commenter.verified_at and commenter.verified_at.isoformat(),
        "mail_stopped_at": commenter and commenter.unsubscribed_at and commenter.unsubscribed_at.isoformat(),
        "subscriptions": [
            {"comment": subscription.comment_id, "mail_me_about": subscription.get_kind_display(),
             "since": subscription.created_at.isoformat()}
            for subscription in subscriptions
        ],
        "queued_mail": [{"subject": letter["subject"], "body": letter["body"]}
                        for _, letter in mail.letters_to(_is(email))],
    }


def _is(email):
    key = email_key(email)
    return lambda address: email_key(address) == key


@transaction.atomic
def erase_personal_data(email):
    """Anonymise every comment written with `email`. The text stays, as WordPress keeps it, except
    where it quotes the address itself (in its earlier texts too); the admin's history stops
    naming the commenter. Its verification, subscriptions and every letter to it in the mail queue
    go. A ban on the address stays: it holds only the address's keyed hash."""
    comments = list(Comment.objects.by_email(email).select_related("article"))
    spellings = {email.strip()} | {comment.author_email for comment in comments}
    mention = re.compile("|".join(map(re.escape, sorted(spellings, key=len, reverse=True))), re.IGNORECASE)
    for comment in comments:
        comment.author_name = ERASED_NAME
        comment.author_email = ERASED_EMAIL
        comment.author_url = ""
        comment.ip_address = None
        comment.user_agent = ""
        comment.body = mention.sub(ERASED_MENTION, comment.body)
        comment.moderation_reasons = [*comment.moderation_reasons, ERASED_REASON]
        comment.save()
        for edit in comment.edits.all():
            edit.previous_body = mention.sub(ERASED_MENTION, edit.previous_body)
            edit.save(update_fields=["previous_body"])
        _rename_in_admin_history(comment)
    Subscription.objects.filter(comment__in=comments).delete()
    Commenter.objects.filter(email_key__in={email_key(spelling) for spelling in spellings}).delete()
    mail.forget_letters([row_id for row_id, _ in mail.letters_to(_is(email), waiting_only=False)])
    ErrorReport.objects.filter(Q(reader_email__in=spellings) | Q(reader_email__iexact=email.strip())).update(
        reader_email="")
    return len(comments)


def _rename_in_admin_history(comment):
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Comment), object_id=str(comment.pk)
    ).update(object_repr=str(comment)[:200])


def purge_old_metadata(now=None):
    """Clear IP addresses and user agents older than the retention period; return how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.NEWSROOM_COMMENT_RETENTION_DAYS)
    stale = Comment.objects.filter(created_at__lt=cutoff).exclude(ip_address__isnull=True, user_agent="")
    return stale.update(ip_address=None, user_agent="")
