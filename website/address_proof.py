"""A browser's signed proof that its reader confirmed an address (comments.commenters): an
HttpOnly cookie sent only to /comments/, the private endpoints. The shared pages never receive
it, so it changes no cached page and bypasses no cache (website.middleware, Varnish)."""

from django.conf import settings

from comments import commenters

PROOF_COOKIE = "newsroom_address"
PROOF_SALT = "comments.address-proof-cookie"
PROOF_COOKIE_AGE = 365 * 24 * 3600
PROOF_COOKIE_PATH = "/comments/"
MAX_PROOFS = 5


def _proofs(request):
    raw = request.get_signed_cookie(PROOF_COOKIE, default="", salt=PROOF_SALT)
    return [part for part in raw.split(",") if part]


def proves(request, email):
    """Whether this browser confirmed `email` before."""
    return commenters.proves(_proofs(request), email)


def remember(response, request, email):
    proof = commenters.proof_of(email)
    kept = [proof, *(other for other in _proofs(request) if other != proof)][:MAX_PROOFS]
    response.set_signed_cookie(
        PROOF_COOKIE, ",".join(kept), salt=PROOF_SALT, max_age=PROOF_COOKIE_AGE, path=PROOF_COOKIE_PATH,
        httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
    )
