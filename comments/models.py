import hmac
import ipaddress
import logging
import secrets
import unicodedata
from datetime import timedelta
from hashlib import sha256

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Count, F, Q, Subquery
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

from articles.models import Article
from comments import signals

logger = logging.getLogger("newsroom.comments")


# How the top-level threads of a conversation may be ordered; replies are always oldest first.
THREAD_ORDERS = {
    "oldest": ("created_at", "id"),
    "newest": ("-created_at", "-id"),
    "picks": (F("featured_at").desc(nulls_last=True), "created_at", "id"),
}


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def waiting(self):
        """Held for a moderator, or for its author to confirm the address."""
        return self.filter(status__in=WAITING_STATUSES)

    def for_display(self, article, own_pending_ids=()):
        """Approved comments of `article`, plus the pending ones this reader wrote, oldest first."""
        visible = Q(status=Comment.Status.APPROVED)
        if own_pending_ids:
            visible |= Q(status__in=WAITING_STATUSES, pk__in=list(own_pending_ids))
        return (
            self.filter(visible, article=article)
            .only("id", "parent_id", "depth", "author_name", "author_url", "body_html", "status",
                  "created_at", "updated_at", "staff_user_id", "article_id", "featured_at", "edited_at")
            .order_by("created_at", "id")
        )

    def thread_page(self, article, number, per_page, order="oldest", own_pending_ids=()):
        """Page `number` of `article`'s conversation in `order` (THREAD_ORDERS), in one query:
        `per_page` top-level approved comments with every visible reply in their threads, and
        the reader's own waiting comments. Each row carries `approved_count` and `thread_count`,
        the article's totals, so the page needs no count of its own."""
        approved = self.filter(article=article, status=Comment.Status.APPROVED).order_by()
        start = (number - 1) * per_page
        roots = approved.filter(parent=None).order_by(*THREAD_ORDERS[order]).values("pk")
        roots_sql, params = roots[start:start + per_page].query.sql_with_params()
        table = connection.ops.quote_name(Comment._meta.db_table)
        # Threads may be deeper than replies made here allow (imports keep theirs): a recursive
        # query follows them down however deep, each step along the parent index. Its only values
        # are the ORM's own compiled query and its parameters.
        in_threads = RawSQL(  # noqa: S611
            f"WITH RECURSIVE thread(id) AS (SELECT * FROM ({roots_sql}) AS roots "  # noqa: S608
            f"UNION ALL SELECT reply.id FROM {table} reply JOIN thread ON reply.parent_id = thread.id) "
            "SELECT id FROM thread", params,
        )
        in_page = Q(pk__in=in_threads)
        if own_pending_ids:
            in_page |= Q(status__in=WAITING_STATUSES, pk__in=list(own_pending_ids))

        def total(comments):
            return Subquery(comments.values("article").annotate(n=Count("pk")).values("n"))

        return (
            self.for_display(article, own_pending_ids).filter(in_page)
            .annotate(approved_count=total(approved), thread_count=total(approved.filter(parent=None)))
        )

    def page_number(self, comment, per_page):
        """The page of its article's conversation, oldest first, that shows `comment`."""
        root = comment
        while root.parent_id is not None:
            root = self.only("id", "parent_id", "created_at").get(pk=root.parent_id)
        threads = self.filter(article_id=comment.article_id, status=Comment.Status.APPROVED, parent=None)
        earlier = threads.filter(
            Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, pk__lt=root.pk)
        )
        return earlier.count() // per_page + 1

    def by_email(self, email):
        """Every comment written with `email`, however its letters were cased or composed."""
        return self.filter(author_email_key=email_key(email))

    # Writing in bulk skips `save()`, which keeps the key in step with the address.
    def bulk_create(self, comments, *args, **kwargs):
        comments = list(comments)
        for comment in comments:
            comment.author_email_key = email_key(comment.author_email)
        return super().bulk_create(comments, *args, **kwargs)

    def bulk_update(self, comments, fields, *args, **kwargs):
        if "author_email" in fields:
            comments = list(comments)
            for comment in comments:
                comment.author_email_key = email_key(comment.author_email)
            fields = [*fields, "author_email_key"]
        return super().bulk_update(comments, fields, *args, **kwargs)

    def counts_by_article(self, article_ids):
        """{article id: (pending, approved)} for the admin list, in one query."""
        rows = (
            self.filter(article_id__in=article_ids)
            .values("article_id")
            .annotate(
                pending=Count("id", filter=Q(status=Comment.Status.PENDING)),
                approved=Count("id", filter=Q(status=Comment.Status.APPROVED)),
            )
        )
        return {row["article_id"]: (row["pending"], row["approved"]) for row in rows}


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"
        # Held until its author follows the link mailed to the address (comments.commenters).
        UNCONFIRMED = "unconfirmed", "Unconfirmed address"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    author_name = models.CharField("name", max_length=100)
    author_email = models.EmailField("email", max_length=254, help_text="Private: never published.")
    # Case-folding can lengthen an address (ß → ss), hence the room.
    author_email_key = models.CharField(max_length=800, editable=False, default="")
    author_url = models.URLField("website", max_length=200, blank=True)
    body = models.TextField("comment", max_length=5000)
    body_html = models.TextField(editable=False, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="moderated_comments",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_reasons = models.JSONField(default=list, blank=True)
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="staff_comments", help_text="Set when an editor replies: shown with a badge.",
    )
    wordpress_site = models.CharField(
        "WordPress site", max_length=200, blank=True, default="", editable=False,
        help_text="The site it was imported from; empty if not recorded.",
    )
    featured_at = models.DateTimeField(
        null=True, blank=True, editable=False,
        help_text="Set when a moderator makes it an editor's pick: shown first, in the Picks strip.",
    )
    edited_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When its author last edited it (comments.editing).",
    )
    wordpress_id = models.PositiveBigIntegerField(
        "WordPress comment ID", null=True, blank=True, editable=False,
        help_text="The comment this one was imported from: re-imports update it.",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        permissions = [
            ("moderate_comment", "Can moderate reader comments"),
            ("see_commenter_email", "Can see commenters' e-mail addresses"),
        ]
        constraints = [  # a comment id is unique within its site only
            models.UniqueConstraint(
                fields=["wordpress_id", "wordpress_site"], name="unique_wordpress_comment"
            ),
        ]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_display_idx"),
            models.Index(fields=["status", "-created_at"], name="comment_queue_idx"),
            models.Index(fields=["author_email_key"], name="comment_email_key_idx"),
            models.Index(fields=["ip_address", "created_at"], name="comment_ip_idx"),
        ]

    def __str__(self):
        return f"{self.author_name} on {self.article_id}: {self.body[:40]}"

    def save(self, *args, update_fields=None, **kwargs):
        self.body_html = render_plain_text(self.body)
        self.depth = self.parent.depth + 1 if self.parent_id else 0
        self.author_email_key = email_key(self.author_email)
        if update_fields is not None and "author_email" in update_fields:
            update_fields = [*update_fields, "author_email_key"]
        super().save(*args, update_fields=update_fields, **kwargs)

    def get_absolute_url(self):
        """The comment's permalink: it finds the page of the conversation that shows it."""
        return reverse("comments:permalink", args=[self.pk])

    @property
    def anchor(self):
        return f"comment-{self.pk}"

    @property
    def is_editor_reply(self):
        return self.staff_user_id is not None

    @property
    def is_featured(self):
        return self.featured_at is not None and self.status == self.Status.APPROVED

    def _moderate(self, status, by, settles_reports=True, reason=None):
        previous, self.status = self.status, status
        first_decision = self.moderated_at is None
        self.moderated_by = by
        self.moderated_at = timezone.now()
        fields = ["status", "moderated_by", "moderated_at", "updated_at"]
        if reason:
            self.moderation_reasons = [*self.moderation_reasons, reason]
            fields.append("moderation_reasons")
        self.save(update_fields=fields)
        if settles_reports:
            self.reports.filter(resolved_at__isnull=True).update(resolved_at=self.moderated_at)
        if status == self.Status.APPROVED and previous in WAITING_STATUSES and first_decision:
            tell_readers("published", self)  # once: an undone approval approved again is no news
        logger.info("comment %s on article %s %s by %s", self.pk, self.article_id, status.label.lower(),
                    by or "the system")

    def hold(self, by=None, reason=None):
        """Back to the queue, hidden from readers until a moderator decides: an undone decision,
        or (with a `reason`, by no one) a comment readers reported often enough, whose reports
        stay open for the moderator."""
        self._moderate(self.Status.PENDING, by, settles_reports=by is not None, reason=reason)

    def feature(self, by=None):
        """Make it an editor's pick (only a published comment can be one)."""
        if self.status != self.Status.APPROVED:
            self.approve(by=by)
        self.featured_at = timezone.now()
        self.save(update_fields=["featured_at", "updated_at"])
        tell_readers("featured", self)
        logger.info("comment %s on article %s featured by %s", self.pk, self.article_id, by)

    def unfeature(self, by=None):
        self.featured_at = None
        self.save(update_fields=["featured_at", "updated_at"])
        logger.info("comment %s on article %s no longer featured, by %s", self.pk, self.article_id, by)

    def approve(self, by=None):
        self._moderate(self.Status.APPROVED, by)

    def mark_spam(self, by=None):
        self._moderate(self.Status.SPAM, by)

    def remove(self, by=None):
        """Hide the comment from readers but keep the record (and its replies' context)."""
        self._moderate(self.Status.REMOVED, by)

    def restore(self, by=None):
        self._moderate(self.Status.APPROVED, by)


WAITING_STATUSES = (Comment.Status.PENDING, Comment.Status.UNCONFIRMED)


def tell_readers(event, comment):
    """Once the change is stored, announce it (comments.signals: `comment_published`,
    `comment_featured`), for the readers who asked to hear of it; a fault in what follows (their
    mail) never undoes a moderator's decision."""
    signal = {"published": signals.comment_published, "featured": signals.comment_featured}[event]
    transaction.on_commit(lambda: signal.send(sender=Comment, comment=comment), robust=True)


def email_key(email):
    """What two spellings of one address share: Unicode-normalised (NFKC) and case-folded, in
    Python, so SQLite (whose case-insensitive matching knows only ASCII) and PostgreSQL agree."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", email.strip()).casefold())


class Report(models.Model):
    """A reader's word that a published comment needs a moderator's look. Readers have no
    accounts: `reporter` is a keyed hash of their address, so one reader counts once per comment
    and the address itself is never kept."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        ABUSE = "abuse", "Abuse or harassment"
        OFF_TOPIC = "off-topic", "Off-topic"
        ILLEGAL = "illegal", "Illegal content"
        OTHER = "other", "Something else"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    text = models.CharField("details", max_length=500, blank=True)
    reporter = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(
        null=True, blank=True, help_text="When a moderator decided on the comment after this report.",
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader"),
        ]
        indexes = [models.Index(fields=["resolved_at", "comment"], name="report_open_idx")]

    def __str__(self):
        return f"{self.get_reason_display()} on comment {self.comment_id}"

    def get_absolute_url(self):
        return self.comment.get_absolute_url()


def new_token():
    return secrets.token_urlsafe(32)


class Commenter(models.Model):
    """An address that commented, as the site knows it without an account: whether its owner
    proved it, whether it wants no more mail, and how much it was mailed (the caps). `token` names
    it in the links of its mail; the address itself is never in a URL."""

    email_key = models.CharField(max_length=800, unique=True, editable=False)
    token = models.CharField(max_length=64, unique=True, editable=False, default=new_token)
    verified_at = models.DateTimeField("address verified", null=True, blank=True)
    unsubscribed_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when its owner asked for no more mail: nothing is sent.",
    )
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    mail_day = models.DateField(null=True, blank=True, editable=False)
    mails_that_day = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"commenter {self.pk}"

    @property
    def is_verified(self):
        return self.verified_at is not None

    def reserve_mail(self, confirmation=False):
        """Count one mail to this address, if it may have one now: never after it unsubscribed,
        one confirmation an hour, NEWSROOM_MAIL_DAILY_CAP a day. Whether it may."""
        with transaction.atomic():
            current = Commenter.objects.select_for_update().get(pk=self.pk)
            now = timezone.now()
            today = timezone.localdate(now)
            sent_today = current.mails_that_day if current.mail_day == today else 0
            if current.unsubscribed_at or sent_today >= settings.NEWSROOM_MAIL_DAILY_CAP:
                return False
            if confirmation and current.confirmation_sent_at and now - current.confirmation_sent_at < HOUR:
                return False
            current.mail_day, current.mails_that_day = today, sent_today + 1
            if confirmation:
                current.confirmation_sent_at = now
            current.save(update_fields=["mail_day", "mails_that_day", "confirmation_sent_at"])
            return True


HOUR = timedelta(hours=1)


class Subscription(models.Model):
    """What a commenter asked, ticking a box at the form, to be mailed about one of their comments
    (sent only once its address is verified: comments.reader_mail)."""

    class Kind(models.TextChoices):
        REPLIES = "replies", "Replies to my comment"
        APPROVED = "approved", "My comment is approved"
        FEATURED = "featured", "My comment is made an editor's pick"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="subscriptions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["comment", "kind"], name="one_subscription_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} (comment {self.comment_id})"


def render_plain_text(text):
    """Readers write plain text: escape it all, keep paragraphs, make links clickable but untrusted."""
    html = linebreaks(urlize(text, nofollow=False, autoescape=True))
    return mark_safe(html.replace("<a href=", '<a rel="nofollow ugc noopener" href='))  # noqa: S308


class CommentEdit(models.Model):
    """The text a comment had before one edit by its author: the admin shows the history."""

    comment = models.ForeignKey("comments.Comment", on_delete=models.CASCADE, related_name="edits")
    previous_body = models.TextField("text before the edit")
    edited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["edited_at", "id"]

    def __str__(self):
        return f"Edit of comment {self.comment_id} at {self.edited_at:%Y-%m-%d %H:%M}"


def address_hash(email):
    """What a ban knows of `email`: a keyed hash (HMAC with the site's secret key) of its key."""
    secret = f"{settings.SECRET_KEY}:comment-ban".encode()
    return hmac.new(secret, email_key(email).encode(), sha256).hexdigest()


class BanQuerySet(models.QuerySet):
    def active(self, now=None):
        """Bans in force: not lifted, and without an end or with one still to come."""
        now = now or timezone.now()
        return self.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now), lifted_at__isnull=True)

    def for_address(self, email):
        return self.filter(address_hash=address_hash(email))

    def catching(self, email, ip_address=None):
        """The first active ban on `email` or on a range holding `ip_address`, or None (one query)."""
        hashed = address_hash(email) if email else None
        found = Q(address_hash=hashed) if hashed else Q(pk__in=[])
        if ip_address:
            found |= ~Q(ip_range="")
        ip = ipaddress.ip_address(ip_address) if ip_address else None
        for ban in self.active().filter(found).order_by("created_at", "pk"):
            if hashed and ban.address_hash == hashed:
                return ban
            if ban.ip_range and ip is not None and ip in ipaddress.ip_network(ban.ip_range):
                return ban
        return None


class Ban(models.Model):
    """An address (as its keyed hash), an IP range, or both, kept from publishing until `ends_at`
    or until a moderator lifts it."""

    address_hash = models.CharField(
        max_length=64, blank=True, editable=False, db_index=True,
        help_text="A keyed hash of the banned address: never the address itself.",
    )
    ip_range = models.CharField(
        "IP range", max_length=49, blank=True,
        help_text="Optional: an IP address or a CIDR range (203.0.113.0/24) whose comments are banned too.",
    )
    reason = models.CharField(max_length=300)
    ends_at = models.DateTimeField("ends", null=True, blank=True, help_text="Empty: the ban never ends.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="banned by",
    )
    created_at = models.DateTimeField("banned at", default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )

    objects = BanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(address_hash="", ip_range=""), name="ban_names_someone"),
        ]

    def __str__(self):
        banned = " and ".join(filter(None, ["an address" if self.address_hash else "",
                                            self.ip_range and f"IP range {self.ip_range}"]))
        return f"Ban of {banned}: {self.reason}"

    @property
    def is_active(self):
        return self.lifted_at is None and (self.ends_at is None or self.ends_at > timezone.now())

    def lift(self, by=None):
        self.lifted_at = timezone.now()
        self.lifted_by = by
        self.save(update_fields=["lifted_at", "lifted_by"])
        logger.info("ban %s lifted by %s", self.pk, by)
