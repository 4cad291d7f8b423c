"""Signed, expiring links in the moderators' mail: Approve, Remove or Spam a held comment from the
notice. A link names the comment, the decision and the address it was sent to; opening it only
shows a confirmation page (mail scanners follow links), and the decision is a POST from there."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "comments.notice-link"
# decision -> its label on the page
DECISIONS = {"approve": "Approve", "remove": "Remove", "spam": "Mark as spam"}


class LinkError(Exception):
    """The link is forged, expired, or its address may no longer moderate."""


def link(comment, decision, address):
    token = signing.dumps({"comment": comment.pk, "decision": decision, "to": address.lower()},
                          salt=SALT, compress=True)
    return f"{settings.NEWSROOM_SITE_URL}{reverse('admin:comments_comment_notice', args=[token])}"


def read(token):
    """(comment id, decision, address) from a link's token, or LinkError."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.NEWSROOM_NOTICE_LINK_HOURS * 3600)
    except signing.SignatureExpired:
        raise LinkError("This link has expired. Open the moderation desk to decide on the comment.") from None
    except signing.BadSignature:
        raise LinkError("This link is not one the newsroom sent. Open the moderation desk instead.") from None
    if payload.get("decision") not in DECISIONS:
        raise LinkError("This link is not one the newsroom sent. Open the moderation desk instead.")
    return payload["comment"], payload["decision"], payload["to"]
