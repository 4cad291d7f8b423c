"""What happens to comments, for whoever acts on it outside the model.

Writes that bypass `Comment.save()` (bulk imports) say so here, so that whoever shows comments (the
public site's page cache) hears of them like any other save. A comment that goes out to readers or
becomes an editor's pick is announced here once the change is stored; comments.reader_mail mails
the readers who asked to hear of it."""

from django.dispatch import Signal

# Sent with sender=Comment and article=<the Article whose comments were written in bulk>.
comments_bulk_written = Signal()

# Sent with sender=Comment and comment=<the Comment>, after the transaction that stored the change.
comment_published = Signal()
comment_featured = Signal()
