"""Readers report published comments. A reader has no account, so they are known by a keyed
hash of their address: one reader counts once per comment, and the address is not kept. Enough
reports from different readers (NEWSROOM_COMMENT_HIDE_AFTER_REPORTS) hide the comment until a
moderator looks."""

import hmac
import logging
from hashlib import sha256

from django.conf import settings
from django.db import IntegrityError, transaction

from comments.models import Comment, Report

logger = logging.getLogger("newsroom.comments")


def reporter_key(ip_address):
    """Who a reader is, for counting their reports: never their address itself."""
    secret = f"{settings.SECRET_KEY}:comment-reporter".encode()
    return hmac.new(secret, (ip_address or "").encode(), sha256).hexdigest()


def may_be_reported(comment):
    return comment.status == Comment.Status.APPROVED


def file_report(comment, reason, text, reporter):
    """Record a reader's report (once per reader and comment); True when it is a new one."""
    try:
        with transaction.atomic():
            Report.objects.create(comment=comment, reason=reason, text=text, reporter=reporter)
    except IntegrityError:  # this reader reported this comment already
        return False
    logger.info("comment %s reported (%s)", comment.pk, reason)
    threshold = settings.NEWSROOM_COMMENT_HIDE_AFTER_REPORTS
    if threshold and comment.status == Comment.Status.APPROVED:
        open_reports = comment.reports.filter(resolved_at__isnull=True).count()
        if open_reports >= threshold:
            comment.hold(reason=f"hidden after {open_reports} reader reports")
    return True
