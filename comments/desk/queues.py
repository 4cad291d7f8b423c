"""What the moderation desk shows: its queues, their counts, one page of a queue and what is
known of each commenter. A fixed number of queries, however many comments and commenters."""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q

from comments.models import Ban, Comment, Commenter, Report, address_hash

OPEN_REPORTS = Exists(Report.objects.filter(comment=OuterRef("pk"), resolved_at__isnull=True))
Status = Comment.Status

# queue name -> (label, which comments are in it)
QUEUES = {
    "pending": ("Pending", Q(status=Status.PENDING)),
    "reported": ("Reported", Q(OPEN_REPORTS)),
    "approved": ("Approved", Q(status=Status.APPROVED)),
    "featured": ("Featured", Q(status=Status.APPROVED, featured_at__isnull=False)),
    "spam": ("Spam", Q(status=Status.SPAM)),
    "removed": ("Removed", Q(status=Status.REMOVED)),
}
ORDERS = {"newest": ("-created_at", "-id"), "oldest": ("created_at", "id")}


@dataclass(frozen=True)
class DeskFilter:
    """Which queue the moderator looks at, of which section or article, in which order."""

    queue: str = "pending"
    section: int | None = None
    article: int | None = None
    order: str = "newest"

    @classmethod
    def from_query(cls, query):
        def number(name):
            value = query.get(name, "")
            return int(value) if value.isdecimal() else None

        queue = query.get("queue", "")
        order = query.get("order", "")
        return cls(queue=queue if queue in QUEUES else "pending", section=number("section"),
                   article=number("article"), order=order if order in ORDERS else "newest")

    def as_query(self, **changes):
        values = {"queue": self.queue, "section": self.section, "article": self.article,
                  "order": self.order, **changes}
        return {name: value for name, value in values.items() if value is not None}

    def scope(self):
        """Comments of the chosen section or article, whatever their queue."""
        comments = Comment.objects.all()
        if self.article is not None:
            comments = comments.filter(article_id=self.article)
        if self.section is not None:
            comments = comments.filter(article__section_id=self.section)
        return comments

    def holds(self, comment):
        """Whether `comment` (just moderated) still belongs in this queue."""
        return self.scope().filter(QUEUES[self.queue][1], pk=comment.pk).exists()


def queue_counts(desk_filter):
    """{queue name: how many comments it holds}, in one query."""
    return desk_filter.scope().aggregate(
        **{name: Count("id", filter=condition) for name, (_, condition) in QUEUES.items()}
    )


def queue_page(desk_filter, page_number):
    """One page of the queue: each comment with its article, the comment it answers and its
    open reports."""
    comments = (
        desk_filter.scope().filter(QUEUES[desk_filter.queue][1])
        .select_related("article", "article__section", "parent")
        .prefetch_related(Prefetch("reports", Report.objects.filter(resolved_at__isnull=True),
                                   to_attr="open_reports"))
        .order_by(*ORDERS[desk_filter.order])
    )
    page = Paginator(comments, settings.NEWSROOM_DESK_PAGE_SIZE).get_page(page_number)
    attach_histories(page.object_list)
    return page


@dataclass(frozen=True)
class History:
    comments: int = 0
    approved: int = 0
    rejected: int = 0
    spam: int = 0
    first_seen: object = None
    verified: bool = False


def attach_histories(comments):
    """Give each comment its commenter's `history` (by e-mail address) and whether a ban stops
    them, in two queries."""
    keys = {comment.author_email_key for comment in comments}
    rows = (
        Comment.objects.filter(author_email_key__in=keys, staff_user__isnull=True)
        .values("author_email_key")
        .annotate(
            comments=Count("id"),
            approved=Count("id", filter=Q(status=Status.APPROVED)),
            rejected=Count("id", filter=Q(status=Status.REMOVED)),
            spam=Count("id", filter=Q(status=Status.SPAM)),
            first_seen=Min("created_at"),
            verified=Exists(Commenter.objects.filter(email_key=OuterRef("author_email_key"),
                                                     verified_at__isnull=False)),
        )
        .order_by()
    ) if keys else []
    histories = {row.pop("author_email_key"): History(**row) for row in rows}
    hashes = {comment.pk: address_hash(comment.author_email) for comment in comments}
    banned = set(Ban.objects.active().filter(address_hash__in=set(hashes.values()))
                 .values_list("address_hash", flat=True)) if hashes else set()
    for comment in comments:
        comment.history = histories.get(comment.author_email_key, History())
        comment.commenter_banned = hashes[comment.pk] in banned
