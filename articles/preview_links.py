"""Signed, expiring links that let someone without an account (a source, a lawyer) read an
article before it is public. A link names the article and is signed with its preview secret:
`Article.revoke_preview_links()` changes the secret, and every link given so far stops working."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from articles.models import Article

SALT = "articles.preview-link"


class LinkRefused(Exception):
    """Why a preview link no longer opens its article, in words for whoever followed it."""


def token_for(article):
    """A link's token: the article, its preview secret and when the link expires, signed."""
    expires = timezone.now() + timedelta(days=settings.NEWSROOM_PREVIEW_LINK_DAYS)
    claim = {"pk": article.pk, "secret": article.preview_secret, "expires": int(expires.timestamp())}
    return signing.Signer(salt=SALT).sign_object(claim)


def article_for(token):
    """The article `token` opens, with what its page shows; LinkRefused when it opens none."""
    try:
        claim = signing.Signer(salt=SALT).unsign_object(token)
    except signing.BadSignature:
        raise LinkRefused("This is not a valid preview link. Check that it was copied whole.") from None
    if claim.get("expires", 0) <= timezone.now().timestamp():
        raise LinkRefused("This preview link has expired. Ask the newsroom for a new one.")
    article = Article.objects.with_page_details().filter(pk=claim.get("pk")).first()
    if article is None or not constant_time_compare(article.preview_secret, str(claim.get("secret"))):
        raise LinkRefused("This preview link was withdrawn by the newsroom. Ask them for a new one.")
    return article
