"""Comments of a WordPress export: statuses mapped, threads kept, bodies turned into plain text.

Created in bulk, a level of the thread at a time so that every reply finds its parent's id;
`bulk_create` skips `Comment.save()`, so the rendered body and the depth are computed here the
same way. Importing again updates the comments it made before (found by their WordPress id within
the site; one that an import recorded without its site is found on its article).
"""

import ipaddress
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db.models import Q
from django.utils import timezone

from comments.models import Comment, render_plain_text
from comments.signals import comments_bulk_written
from importers.wordpress.content import plain_text

STATUS_FROM_WORDPRESS = {
    "1": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.REMOVED,
    "post-trashed": Comment.Status.REMOVED,
}
READER_COMMENT_TYPES = {"", "comment"}
IMPORTED_FIELDS = [
    "wordpress_site", "article_id", "parent_id", "depth", "author_name", "author_email", "author_url",
    "body", "body_html", "status", "created_at", "ip_address",
]
IMPORT_REASON = "imported from WordPress"


@dataclass
class ImportedComments:
    statuses: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)  # by WordPress type: pingback, trackback, …
    new: int = 0
    updated: int = 0


def import_comments(article, records, site):
    """Create or update `article`'s comments from the export's records (`reader.Comment`) of the
    WordPress `site`."""
    done = ImportedComments()
    readers = {}
    for record in records:
        if record.type in READER_COMMENT_TYPES and record.id:
            readers[record.id] = record
        else:
            done.skipped[record.type or "unknown"] += 1
    found = Comment.objects.filter(wordpress_id__in=list(readers)).filter(
        Q(wordpress_site=site) | Q(wordpress_site="", article=article)
    )
    # The site's own comment wins over one recorded without a site that has the same id.
    existing = {c.wordpress_id: c for c in sorted(found, key=lambda c: c.wordpress_site == site)}
    saved = {}
    for level in _levels(readers):
        new, changed = [], []
        for record in level:
            fields = _fields(article, record, saved.get(record.parent), site)
            comment = existing.get(record.id)
            if comment is None:
                new.append(Comment(wordpress_id=record.id, moderation_reasons=[IMPORT_REASON], **fields))
            elif any(getattr(comment, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(comment, name, value)
                changed.append(comment)
            else:
                saved[record.id] = comment
            done.statuses[fields["status"]] += 1
        Comment.objects.bulk_create(new, batch_size=500)
        for comment in changed:
            comment.updated_at = timezone.now()  # bulk_update, unlike save(), leaves auto_now alone
        Comment.objects.bulk_update(changed, [*IMPORTED_FIELDS, "updated_at"], batch_size=500)
        saved.update((comment.wordpress_id, comment) for comment in new + changed)
        done.new += len(new)
        done.updated += len(changed)
    if done.new or done.updated:
        comments_bulk_written.send(sender=Comment, article=article)
    return done


def _levels(records):
    """The comments by depth: top level first, then replies to them, and so on. A reply whose
    parent is not among them (a pingback, a comment left out of the export) starts a thread."""
    depth = {}
    for record in records.values():
        chain, base = [record], -1
        while chain[-1].id not in depth:
            parent = records.get(chain[-1].parent)
            if parent is None or any(parent is step for step in chain):
                break
            chain.append(parent)
        else:
            base = depth[chain.pop().id]
        for level, step in enumerate(reversed(chain), start=base + 1):
            depth[step.id] = level
    levels = {}
    for record in records.values():
        levels.setdefault(depth[record.id], []).append(record)
    return [levels[key] for key in sorted(levels)]


def _fields(article, record, parent, site):
    body = plain_text(record.content)
    return {
        "wordpress_site": site,
        "article_id": article.pk,
        "parent_id": parent.pk if parent else None,
        "depth": parent.depth + 1 if parent else 0,
        "author_name": " ".join(plain_text(record.author).split())[:100] or "Anonymous",
        "author_email": record.email[:254],
        "author_url": _website(record.url),
        "body": body,
        "body_html": render_plain_text(body),
        "status": STATUS_FROM_WORDPRESS.get(record.approved, Comment.Status.PENDING),
        "created_at": record.date or article.publish_at,
        "ip_address": _ip_address(record.ip),
    }


def _website(url):
    """Only an ordinary web address is linked from a comment, as the comment form allows."""
    parts = urlsplit(url)
    return url if parts.scheme in {"http", "https"} and parts.netloc and len(url) <= 200 else ""


def _ip_address(text):
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
