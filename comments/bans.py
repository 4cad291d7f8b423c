"""Bans: a moderator keeps an address (and, if they choose, an IP range) from publishing.

A ban never holds the address itself, only a keyed hash of its normalised form (the key
comments are matched by, `Comment.author_email_key`): erasing the address's personal data leaves
the ban able to recognise it, and the ban tells no one what the address was. Whether a banned
comment is kept as spam or refused is the moderation rules' decision (comments.moderation).
"""

import hmac
import ipaddress
import logging
from datetime import datetime, time, timedelta
from hashlib import sha256

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from comments.models import email_key

logger = logging.getLogger("newsroom.comments")


def address_hash(email):
    """What a ban knows of `email`: a keyed hash (HMAC with the site's secret key) of its key."""
    secret = f"{settings.SECRET_KEY}:comment-ban".encode()
    return hmac.new(secret, email_key(email).encode(), sha256).hexdigest()


def parse_ip_range(value):
    """`value` ("203.0.113.0/24", "2001:db8::/48" or one address) as a network, or ValidationError."""
    try:
        return ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        raise ValidationError(
            "Give an IP address or a range in CIDR form, like 203.0.113.0/24.", code="ip_range",
        ) from None


def suggested_range(ip_address):
    """The range a moderator is offered for a comment's IP address: its /24 (IPv4) or /64 (IPv6)."""
    if not ip_address:
        return ""
    address = ipaddress.ip_address(ip_address)
    return str(ipaddress.ip_network(f"{address}/{24 if address.version == 4 else 64}", strict=False))


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
        app_label = "comments"
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


CANNOT_BAN = "An editor's reply cannot be banned."


class CannotBan(Exception):
    """The comment is not a reader's (see may_be_banned)."""


def may_be_banned(comment):
    return comment.staff_user_id is None


def ban(comment, reason, by, ends_at=None, ip_range=""):
    """Ban the address that wrote `comment` (and `ip_range`, if given); the comment becomes spam.
    Return the new Ban."""
    if not may_be_banned(comment):
        raise CannotBan(CANNOT_BAN)
    new_ban = Ban.objects.create(
        address_hash=address_hash(comment.author_email), ip_range=ip_range, reason=reason,
        ends_at=ends_at, created_by=by,
    )
    logger.info("ban %s made from comment %s by %s", new_ban.pk, comment.pk, by)
    if comment.status != comment.Status.SPAM:
        comment.mark_spam(by=by)
    return new_ban


class BanForm(forms.Form):
    """What a moderator says when banning, in the admin and on the desk."""

    reason = forms.CharField(label="Why", max_length=300,
                             error_messages={"required": "Please say why: moderators will read it later."})
    ends_on = forms.DateField(
        label="Until (optional)", required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The ban ends at the end of this day. Empty: it never ends.",
        error_messages={"invalid": "Please give a date, like 2026-12-31."},
    )
    ip_range = forms.CharField(
        label="Also ban an IP range (optional)", required=False, max_length=49,
        help_text="An address or a CIDR range, like 203.0.113.0/24. It catches everyone writing from there.",
    )

    def clean_ends_on(self):
        ends_on = self.cleaned_data["ends_on"]
        if ends_on is not None and ends_on < timezone.localdate():
            raise ValidationError("That day is over: give a day from today on, or none.")
        return ends_on

    def clean_ip_range(self):
        value = self.cleaned_data["ip_range"].strip()
        return str(parse_ip_range(value)) if value else ""

    @property
    def ends_at(self):
        ends_on = self.cleaned_data["ends_on"]
        if ends_on is None:
            return None
        return timezone.make_aware(datetime.combine(ends_on + timedelta(days=1), time.min))

    def ban(self, comment, by):
        return ban(comment, self.cleaned_data["reason"], by, ends_at=self.ends_at,
                   ip_range=self.cleaned_data.get("ip_range", ""))
