"""The one way the site sends mail: `send_later(message)`. A reader's or an editor's request never
waits on the mail server and never fails because of it.

The message is written to a durable queue (django-tasks, database backend: a row in the site's own
database, in the same transaction as what caused it) and a worker (`manage.py db_worker`, started
by `make run`) sends it. While the mail server is down, each attempt that fails is tried again
later, each wait twice the one before (NEWSROOM_MAIL_RETRY_SECONDS, NEWSROOM_MAIL_RETRIES). With
NEWSROOM_MAIL_QUEUE off the message is sent at once instead, its failure only logged.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger("newsroom.mail")


def send_later(message):
    """Send an `EmailMessage` (or `EmailMultiAlternatives`) outside the request's outcome."""
    letter = {
        "subject": message.subject, "body": message.body, "from_email": message.from_email,
        "to": list(message.to), "cc": list(message.cc), "bcc": list(message.bcc),
        "reply_to": list(message.reply_to), "headers": dict(message.extra_headers),
        "alternatives": [list(alternative) for alternative in getattr(message, "alternatives", [])],
    }
    if settings.NEWSROOM_MAIL_QUEUE:
        deliver.enqueue(letter)
        return
    try:
        _message(letter).send()
    except Exception:  # a mail server fault must never reach the reader
        logger.exception("could not send mail to the mail server")


def _message(letter):
    alternatives = letter.get("alternatives", [])
    fields = {name: value for name, value in letter.items() if name != "alternatives"}
    return EmailMultiAlternatives(**fields, alternatives=[tuple(pair) for pair in alternatives])


@task()
def deliver(letter, attempt=1):
    """The worker's job: hand one message to the mail server, or queue it again for later."""
    try:
        _message(letter).send()
    except (OSError, smtplib.SMTPException) as error:  # the server is down, busy or refusing
        if attempt > settings.NEWSROOM_MAIL_RETRIES:
            logger.error("mail to %s given up after %s attempts: %s", letter["to"], attempt, error)
            return "given up"
        wait = settings.NEWSROOM_MAIL_RETRY_SECONDS * 2 ** (attempt - 1)
        deliver.using(run_after=timezone.now() + timedelta(seconds=wait)).enqueue(letter, attempt + 1)
        logger.warning("mail to %s not sent (%s): attempt %s in %s s", letter["to"], error, attempt + 1, wait)
        return "queued again"
    return "sent"


def _letters():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=deliver.module_path)


def letters_to(is_theirs, waiting_only=True):
    """The letters in the queue (still waiting, or also those sent or given up, which the queue
    keeps until pruned) with a recipient that `is_theirs(address)`: [(queue id, letter)], for a
    reader's export or erasure."""
    rows = _letters().filter(status="READY") if waiting_only else _letters()
    found = []
    for row_id, args_kwargs in rows.values_list("id", "args_kwargs").iterator():
        letter = (args_kwargs.get("args") or [{}])[0]
        if any(is_theirs(address) for field in ("to", "cc", "bcc") for address in letter.get(field, [])):
            found.append((row_id, letter))
    return found


def forget_letters(row_ids):
    """Take letters out of the queue (unsent ones are never sent); how many."""
    return _letters().filter(id__in=list(row_ids)).delete()[0] if row_ids else 0
