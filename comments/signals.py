"""Writes to comments that bypass `Comment.save()` (bulk imports) say so here, so that whoever
shows comments (the public site's page cache) hears of them like any other save."""

from django.dispatch import Signal

# Sent with sender=Comment and article=<the Article whose comments were written in bulk>.
comments_bulk_written = Signal()
