"""Personal data held for a commenter's e-mail address: export it, or erase it (WordPress's
Tools → Export/Erase Personal Data), and forget IP addresses after the retention period."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from comments.models import Comment

ERASED_NAME = "Anonymous"
# The e-mail column is required; an erased comment keeps a placeholder that is no one's address.
ERASED_EMAIL = "erased@invalid"


def export_personal_data(email):
    """Everything we hold for `email`, as a JSON-ready dict."""
    comments = Comment.objects.by_email(email).select_related("article").order_by("created_at", "id")
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
            }
            for comment in comments
        ],
    }


@transaction.atomic
def erase_personal_data(email):
    """Anonymise every comment written with `email`; the text stays, as WordPress keeps it."""
    comments = list(Comment.objects.by_email(email).select_related("article"))
    for comment in comments:
        comment.author_name = ERASED_NAME
        comment.author_email = ERASED_EMAIL
        comment.author_url = ""
        comment.ip_address = None
        comment.user_agent = ""
        comment.moderation_reasons = [*comment.moderation_reasons, "personal data erased on request"]
        comment.save()
    from articles.cache import comments_changed

    for article in {comment.article for comment in comments}:
        comments_changed(article)
    return len(comments)


def purge_old_metadata(now=None):
    """Clear IP addresses and user agents older than the retention period; return how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.NEWSROOM_COMMENT_RETENTION_DAYS)
    stale = Comment.objects.filter(created_at__lt=cutoff).exclude(ip_address__isnull=True, user_agent="")
    return stale.update(ip_address=None, user_agent="")
