"""Signed, expiring links that let someone without an account (a source, a lawyer) read an
article before it is public. A link names the article and is signed with its preview secret:
`Article.revoke_preview_links()` changes the secret, and every link given so far stops working."""

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare

from articles.models import Article

SALT = "articles.preview-link"


class LinkRefused(Exception):
    """Why a preview link no longer opens its article, in words for whoever followed it."""


def token_for(article):
    claim = {"pk": article.pk, "secret": article.preview_secret}
    return signing.TimestampSigner(salt=SALT).sign_object(claim)


def article_for(token):
    """The article `token` opens, with what its page shows; LinkRefused when it opens none."""
    max_age = settings.NEWSROOM_PREVIEW_LINK_DAYS * 24 * 3600
    try:
        claim = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkRefused("This preview link has expired. Ask the newsroom for a new one.") from None
    except signing.BadSignature:
        raise LinkRefused("This is not a valid preview link. Check that it was copied whole.") from None
    article = Article.objects.with_page_details().filter(pk=claim.get("pk")).first()
    if article is None or not constant_time_compare(article.preview_secret, str(claim.get("secret"))):
        raise LinkRefused("This preview link was withdrawn by the newsroom. Ask them for a new one.")
    return article
