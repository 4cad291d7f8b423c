"""Bans: a moderator keeps an address (and, if they choose, an IP range) from publishing.

A ban never holds the address itself, only a keyed hash of its normalised form (the key
comments are matched by, `Comment.author_email_key`): erasing the address's personal data leaves
the ban able to recognise it, and the ban tells no one what the address was. Whether a banned
comment is kept as spam or refused is the moderation rules' decision (comments.moderation).
"""

import ipaddress
import logging
from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from comments.models import Ban, address_hash

logger = logging.getLogger("newsroom.comments")


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
