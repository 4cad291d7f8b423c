"""The reader's network address, as the rate limits, the comment records and the login lockout see it."""

import ipaddress

from django.conf import settings


def client_ip(request):
    if settings.NEWSROOM_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if _is_ip_address(forwarded):  # a proxy that passes the header on unchecked lets it be forged
            return forwarded
    return request.META.get("REMOTE_ADDR") or None


def _is_ip_address(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
