"""The staff's front page (the admin index): what waits for them and what goes out, each a link
to its filtered list. It composes articles with comments, so it lives here, above both. Seven
queries at most, whatever the size of the archive."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import dateformat, timezone

from articles.models import Article, published_rule, scheduled_rule
from comments.models import Comment
from website.front_page import MOST_COMMENTED_DAYS, most_commented

LISTED = 8  # stories listed under each heading; the link leads to all of them


@dataclass
class DeskRow:
    text: str
    url: str
    detail: str


@dataclass
class DeskItem:
    heading: str
    count: int
    url: str
    rows: list = field(default_factory=list)


def _when(moment, format_string="j M, H:i"):
    return dateformat.format(timezone.localtime(moment), format_string)


def _article_detail(name, article):
    """What the line of an article says besides its headline."""
    if name == "review":
        who = [article.submitted_by.get_username()] if article.submitted_by else []
        since = [f"since {_when(article.submitted_at)}"] if article.submitted_at else []
        return ", ".join([*who, article.section.name, *since])
    embargo = [f"embargoed until {_when(article.embargo_until)}"] if article.is_embargoed else []
    return ", ".join([_when(article.publish_at, "H:i"), *embargo])


def _article_row(name, article):
    return DeskRow(article.headline, reverse("admin:articles_article_change", args=[article.pk]),
                   _article_detail(name, article))


def _articles_url(**params):
    return f"{reverse('admin:articles_article_changelist')}?{urlencode(params)}"


def _comments_url(**params):
    return f"{reverse('admin:comments_comment_changelist')}?{urlencode(params)}"


def _day(start):
    """The admin's date filter bounds for the day starting at `start` (as its own links give them)."""
    return {"publish_at__gte": str(start), "publish_at__lt": str(start + datetime.timedelta(days=1))}


def _start_of_day(moment):
    return timezone.localtime(moment).replace(hour=0, minute=0, second=0, microsecond=0)


def _article_items(now):
    today = _start_of_day(now)
    tomorrow = today + datetime.timedelta(days=1)
    day_after = tomorrow + datetime.timedelta(days=1)
    scheduled, published = scheduled_rule(now), published_rule(now)
    groups = {
        "review": ("Waiting for review", Q(status=Article.Status.REVIEW), {"state": "review"}),
        "today": ("Scheduled today", scheduled & Q(publish_at__gte=today, publish_at__lt=tomorrow),
                  {"state": "scheduled", **_day(today)}),
        "tomorrow": ("Scheduled tomorrow", scheduled & Q(publish_at__gte=tomorrow, publish_at__lt=day_after),
                     {"state": "scheduled", **_day(tomorrow)}),
        "published": ("Published today", published & Q(publish_at__gte=today),
                      {"state": "published", **_day(today)}),
    }
    # Every group is among these, which the public index finds without reading the archive.
    candidates = Article.objects.filter(
        Q(status=Article.Status.REVIEW) | Q(status=Article.Status.PUBLISHED, publish_at__gte=today))
    counts = candidates.aggregate(**{name: Count("pk", filter=rule) for name, (_, rule, _) in groups.items()})
    listed = candidates.select_related("section", "submitted_by").defer("body")
    orders = {"review": ["submitted_at", "id"], "today": ["publish_at", "id"],
              "tomorrow": ["publish_at", "id"], "published": ["-publish_at", "-id"]}
    items = {}
    for name, (heading, rule, params) in groups.items():
        articles = listed.filter(rule).order_by(*orders[name])[:LISTED] if counts[name] else []
        rows = [_article_row(name, article) for article in articles]
        items[name] = DeskItem(heading, counts[name], _articles_url(**params), rows)
    return items


def staff_front_page(user):
    """What the index shows `user`: the article lists they may read, and the comments if they moderate."""
    now = timezone.now()
    desk = {}
    if user.has_perm("articles.view_article"):
        desk.update(_article_items(now))
    if user.has_perm("comments.moderate_comment"):
        desk["pending"] = DeskItem("Pending comments", Comment.objects.pending().count(),
                                   _comments_url(status__exact=Comment.Status.PENDING))
        week_start = _start_of_day(now) - datetime.timedelta(days=MOST_COMMENTED_DAYS - 1)
        busiest = [DeskRow(article.headline, _comments_url(article__id__exact=article.pk),
                           f"{article.comment_count} comment{pluralize(article.comment_count)}")
                   for article in most_commented()]
        desk["most_commented"] = DeskItem(
            "Most commented this week", len(busiest),
            _comments_url(status__exact=Comment.Status.APPROVED, created_at__gte=str(week_start)), busiest,
        )
    return desk
