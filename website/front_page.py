"""The home page's news judgement: which story goes where, each story once.

The lead and the secondary stories are the top stories editors chose, in their order, topped up
with the newest; "Latest" is the newest of the rest; each section's block shows its newest
stories not already shown above it. Five queries, whatever the size of the archive.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from articles.models import Article, Section
from comments.models import Comment
from website.page_cache import kept_until_a_change

TOP_STORIES = 4  # the lead and three secondary stories
LATEST = 6
PER_SECTION = 4
MOST_COMMENTED = 5
MOST_COMMENTED_DAYS = 7
MOST_COMMENTED_KEPT_SECONDS = 60


@dataclass
class FrontPage:
    sections: list
    lead: Article | None
    secondary: list
    latest: list
    section_blocks: list  # (section, [article, ...]) for each section with a story left to show
    most_commented: list


def cards():
    """Published articles as cards, each with its count of approved comments."""
    return Article.objects.published().as_cards().with_comment_counts(Comment.objects.approved())


def most_commented():
    """The stories with the most approved comments in the last week, each with that count."""
    since = timezone.now() - datetime.timedelta(days=MOST_COMMENTED_DAYS)
    recent = Comment.objects.approved().filter(created_at__gte=since)
    return list(Article.objects.published().most_commented(recent, MOST_COMMENTED))


def most_commented_shown():
    """most_commented() as pages show it, in their rail: its query counts the whole week's
    comments, so each worker keeps it until something changes, and a minute at most (the week
    moves on by itself)."""
    return kept_until_a_change("most-commented", most_commented, seconds=MOST_COMMENTED_KEPT_SECONDS)


def front_page():
    published = cards()
    # The ids reach far enough down each section to fill its block after the stories above it.
    sections = list(Section.objects.with_newest_article_ids(PER_SECTION + TOP_STORIES + LATEST))
    newest = list(published.newest_first()[:TOP_STORIES + LATEST])
    top_ids = list(published.top_stories(TOP_STORIES).values_list("pk", flat=True))
    top_ids += [article.pk for article in newest if article.pk not in top_ids][:TOP_STORIES - len(top_ids)]
    latest = [article for article in newest if article.pk not in top_ids][:LATEST]
    shown = {*top_ids, *(article.pk for article in latest)}
    block_ids = {section: [pk for pk in section.newest_article_ids if pk not in shown][:PER_SECTION]
                 for section in sections}
    # The top stories come with the blocks' stories, whether or not they are among the newest.
    by_id = published.in_bulk([*top_ids, *(pk for ids in block_ids.values() for pk in ids)])
    top = [by_id[pk] for pk in top_ids if pk in by_id]
    return FrontPage(
        sections=sections,
        lead=top[0] if top else None,
        secondary=top[1:],
        latest=latest,
        section_blocks=[(section, [by_id[pk] for pk in ids if pk in by_id])
                        for section, ids in block_ids.items() if ids],
        most_commented=most_commented_shown(),
    )
