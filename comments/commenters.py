"""A commenter without an account, with an identity: the address they type is theirs once they
follow a link mailed to it, and their browser keeps a signed proof of it (website.address_proof).
Until then their first comment waits as "unconfirmed", out of the moderators' way.

A confirmation link is signed and names its comment, never the address; it works while the comment
is unconfirmed (so once) and for NEWSROOM_CONFIRMATION_DAYS after it was written. A proof is a keyed
hash of the address (`proof_of`), so the cookie that carries it is no copy of the address either.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from comments.models import Comment, Commenter, Subscription, email_key

CONFIRMATION_SALT = "comments.confirmation"
PROOF_SALT = "comments.address-proof"


class LinkError(Exception):
    """A confirmation or mail-settings link that is forged, expired or already used."""


def commenter_for(email):
    """The Commenter of `email`, made on first use."""
    return Commenter.objects.get_or_create(email_key=email_key(email))[0]


def proof_of(email):
    """What a browser keeps to prove it confirmed `email`: a keyed hash, not the address."""
    return salted_hmac(PROOF_SALT, email_key(email)).hexdigest()[:32]


def proves(proofs, email):
    expected = proof_of(email)
    return any(constant_time_compare(proof, expected) for proof in proofs)


def record(comment, notify=()):
    """After a reader's `comment` is stored: the mail they asked for (the Subscription kinds)."""
    if notify:
        Subscription.objects.bulk_create([Subscription(comment=comment, kind=kind) for kind in notify],
                                         ignore_conflicts=True)


def needs_confirmation(comment):
    """Whether to mail `comment`'s author a link: the rules held it until its address is proven."""
    return comment.status == Comment.Status.UNCONFIRMED


def new_confirmation(comment, commenter):
    """The link that proves `comment`'s address, or None when the caps allow no mail now."""
    if not commenter.reserve_mail(confirmation=True):
        return None
    token = signing.dumps(comment.pk, salt=CONFIRMATION_SALT, compress=False)
    return f"{settings.NEWSROOM_SITE_URL}{reverse('comments:confirm', args=[token])}"


def comment_to_confirm(token):
    """The unconfirmed comment a link names, or LinkError with a message for the reader."""
    try:
        pk = signing.loads(token, salt=CONFIRMATION_SALT)
    except signing.BadSignature:
        raise LinkError("This confirmation link is not valid. Please copy the whole link from the mail.") \
            from None
    comment = Comment.objects.select_related("article").filter(pk=pk).first()
    if comment is None or comment.status != Comment.Status.UNCONFIRMED:
        raise LinkError("This confirmation link has already been used.")
    if timezone.now() - comment.created_at > timedelta(days=settings.NEWSROOM_CONFIRMATION_DAYS):
        raise LinkError("This confirmation link has expired. Post your comment again to get a new one.")
    return comment


def subscriptions_of(commenter):
    return Subscription.objects.filter(comment__author_email_key=commenter.email_key).order_by("-created_at")


def commenter_from_token(token):
    commenter = Commenter.objects.filter(token=token).first() if token else None
    if commenter is None:
        raise LinkError("This link to your mail settings is not valid (or the address was erased).")
    return commenter


def set_mail(commenter, wanted_subscription_ids, all_mail):
    """The mail-settings page's answer: keep only the subscriptions still ticked, and stop (or
    resume) all mail to the address."""
    subscriptions_of(commenter).exclude(pk__in=wanted_subscription_ids).delete()
    commenter.unsubscribed_at = None if all_mail else (commenter.unsubscribed_at or timezone.now())
    commenter.save(update_fields=["unsubscribed_at"])


def unsubscribe(commenter):
    """RFC 8058's one click: no more mail of any kind to this address."""
    if commenter.unsubscribed_at is None:
        commenter.unsubscribed_at = timezone.now()
        commenter.save(update_fields=["unsubscribed_at"])
