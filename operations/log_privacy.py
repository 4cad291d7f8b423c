"""A logging filter that takes e-mail addresses and secrets out of every record.

Commenters' addresses are never published, and logs are read by more people (and kept by more
services) than the database. Code should not log an address in the first place; this filter is
the net under it, for messages, arguments and tracebacks of our code and of every library.
"""

import logging
import re

from django.conf import settings
from gunicorn.glogging import Logger

# An address as text or URLs carry it: each character as itself, or percent-encoded once or more
# ("%40", "%2540"; hex in either case), "+" standing for itself or for a space.
_AT = r"(?:@|%(?:25)*+40)"
_ENCODED = r"(?>%(?:25)*+(?!40)(?:[0-9A-Fa-f]{2})?)"  # any other byte, or "%" itself
_DOMAIN = rf"(?:[\w-]|{_ENCODED})++(?:\.(?:[\w-]|{_ENCODED})++)*+"
# "?" and "=" are left out (a query's "?q=" stays), and in a URL as sent "/" is a separator: an
# address's own "/" reaches a request line as "%2F". Decoded text ("Not Found: /a/b@c.org/")
# cannot tell, so there the address takes the path before it too.
_TEXT_LOCAL, _URL_LOCAL = r"\w.!#$&'*+/^`{|}~-", r"\w.!#$&'*+^`{|}~-"


def _address(local_characters):
    """An address starts only where a run of its characters starts, and its parts never give
    back what they matched: masking stays linear in the length of a hostile line."""
    return re.compile(
        rf"(?<![%{local_characters}])(?:[{local_characters}]|{_ENCODED})++{_AT}{_DOMAIN}"
    )


EMAIL_ADDRESS = _address(_TEXT_LOCAL)
EMAIL_ADDRESS_IN_URL = _address(_URL_LOCAL)
URL_PASSWORD = re.compile(r"(?<![\w+.-])([\w+.-]++://[^:/@\s]*+:)[^@\s/]++@")
MASKED_ADDRESS = "[email address]"
MASKED_SECRET = "[secret]"  # noqa: S105 (the mask, not a secret)


def _configured_secrets():
    if not settings.configured:  # gunicorn's master process logs before Django is set up
        return []
    secrets = [settings.SECRET_KEY, getattr(settings, "EMAIL_HOST_PASSWORD", "")]
    secrets += [database.get("PASSWORD", "") for database in settings.DATABASES.values()]
    return [secret for secret in secrets if secret and len(secret) >= 6]


def mask(text, url_encoded=False):
    """`text` without secrets or e-mail addresses; `url_encoded` when it is a URL as sent (an
    access log's request line and Referer), where a plain "/" always separates."""
    for secret in _configured_secrets():
        text = text.replace(secret, MASKED_SECRET)
    text = URL_PASSWORD.sub(rf"\g<1>{MASKED_SECRET}@", text)
    return (EMAIL_ADDRESS_IN_URL if url_encoded else EMAIL_ADDRESS).sub(MASKED_ADDRESS, text)


class MaskPrivateData(logging.Filter):
    def __init__(self, url_encoded=False):
        super().__init__()
        self.url_encoded = url_encoded

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: let logging report it as it always does
            return True
        record.msg, record.args = mask(message, self.url_encoded), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text, self.url_encoded)
        if record.stack_info:
            record.stack_info = mask(record.stack_info, self.url_encoded)
        return True


class GunicornLogger(Logger):
    """gunicorn's own access and error logs (`make serve`), through the same filter: the request
    line and the Referer of a reader's visit may carry an address, as the URL encoded it."""

    def setup(self, cfg):
        super().setup(cfg)
        for handler in self.access_log.handlers:
            handler.addFilter(MaskPrivateData(url_encoded=True))
        for handler in self.error_log.handlers:
            handler.addFilter(MaskPrivateData())
