"""The one way the site sends mail: `send_later(message)`. A reader's or an editor's request never
waits on the mail server and never fails because of it."""

import logging

logger = logging.getLogger("newsroom.mail")


def send_later(message):
    """Send an `EmailMessage` (or `EmailMultiAlternatives`) outside the request's outcome."""
    try:
        message.send()
    except Exception:  # a mail server fault must never reach the reader
        logger.exception("could not send mail to the mail server")
