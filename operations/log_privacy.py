"""A logging filter that takes e-mail addresses and secrets out of every record.

Commenters' addresses are never published, and logs are read by more people (and kept by more
services) than the database. Code should not log an address in the first place; this filter is
the net under it, for messages, arguments and tracebacks of our code and of every library.
"""

import logging
import re

from django.conf import settings
from gunicorn.glogging import Logger

# Not "/", "?", "=" or "&", which RFC 5322 allows but URLs use: "/search/?q=[email address]".
EMAIL_ADDRESS = re.compile(r"[\w.!#$%'*+^`{|}~-]+@[\w-]+(?:\.[\w-]+)*")
URL_PASSWORD = re.compile(r"(\w+://[^:/@\s]*:)[^@\s/]+@")
MASKED_ADDRESS = "[email address]"
MASKED_SECRET = "[secret]"  # noqa: S105 (the mask, not a secret)


def _configured_secrets():
    if not settings.configured:  # gunicorn's master process logs before Django is set up
        return []
    secrets = [settings.SECRET_KEY, getattr(settings, "EMAIL_HOST_PASSWORD", "")]
    secrets += [database.get("PASSWORD", "") for database in settings.DATABASES.values()]
    return [secret for secret in secrets if secret and len(secret) >= 6]


def mask(text):
    for secret in _configured_secrets():
        text = text.replace(secret, MASKED_SECRET)
    text = URL_PASSWORD.sub(rf"\g<1>{MASKED_SECRET}@", text)
    return EMAIL_ADDRESS.sub(MASKED_ADDRESS, text)


class MaskPrivateData(logging.Filter):
    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: let logging report it as it always does
            return True
        record.msg, record.args = mask(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True


class GunicornLogger(Logger):
    """gunicorn's own access and error logs (`make serve`), through the same filter: the request
    line of a reader's visit may carry an address."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            for handler in log.handlers:
                handler.addFilter(MaskPrivateData())
