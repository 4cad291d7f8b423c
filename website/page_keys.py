"""The names of what public pages show: the views declare them (`page_cache.shows`), and
website.invalidation forgets them when what they name changes, in the shared cache and at the
edge, where they travel as surrogate keys (`Surrogate-Key`, vmod xkey, `Cache-Tag`).

Articles are named by id; sections, tags and authors by slug, which their pages' addresses carry
(so a feed can name them from its URL alone).

- `article(pk)`: what the article's own page shows of it (and its entries in feeds and sitemaps);
- `card(pk)`: what lists of articles show of it, if they show it at all: headline, standfirst,
  picture, section, date, link (its bylines are the authors', below);
- `comments(pk)`: its approved comments, and so their count, which its cards show;
- `section(slug)`, `tag(slug)`, `author(slug)`: its name (and description, biography, photo)
  wherever it shows: the listing's heading, an article's tags and bylines, a card's bylines;
- lists: which articles a list holds, in what order: HOME (the newest of the whole site, also on
  the site's feed), `section_list(slug)`, `tag_list(slug)`, `author_list(slug)`, `archive(moment)`
  (a month) and `archive(moment, month=False)` (a year), SEARCH (any results page), COMMENT_LIST
  (the newest comments of the site), MOST_COMMENTED (the week's most commented stories and their
  counts, in the rail of the home and article pages);
- `feed_entries(list_key)`: the full entries of that list's feed, which show more than its cards;
- NAV: every section's name and link, in the navigation of every page; FEEDS: what every feed's
  entries say of sections, tags and authors; SITEMAPS: every public address and when it changed;
- SCHEDULE: when the next scheduled articles go live (no page shows it: the page cache's deadlines).
"""

from django.utils import timezone

NAV = "nav"
HOME = "list-home"
SEARCH = "list-search"
COMMENT_LIST = "list-comments"
MOST_COMMENTED = "list-most-commented"
FEEDS = "feeds"
SITEMAPS = "sitemaps"
SCHEDULE = "schedule"


def article(pk):
    return f"article-{pk}"


def card(pk):
    return f"card-{pk}"


def comments(pk):
    return f"comments-{pk}"


def section(slug):
    return f"section-{slug}"


def tag(slug):
    return f"tag-{slug}"


def author(slug):
    return f"author-{slug}"


def section_list(slug):
    return f"list-section-{slug}"


def tag_list(slug):
    return f"list-tag-{slug}"


def author_list(slug):
    return f"list-author-{slug}"


def archive(moment, month=True):
    local = timezone.localtime(moment)
    return f"list-archive-{local:%Y-%m}" if month else f"list-archive-{local:%Y}"


def feed_entries(list_key):
    return f"feed-{list_key}"


def cards(articles, counted=True):
    """What a list of cards shows: each card, the authors its bylines name and, unless the list
    leaves them out, its count of comments."""
    return [key for story in articles
            for key in (card(story.pk), *(author(byline["slug"]) for byline in story.byline_list),
                        *([comments(story.pk)] if counted else []))]


def headlines(articles):
    """A rail's list of stories: each one's headline, section and date, and its address."""
    return [card(story.pk) for story in articles]


def most_commented(articles):
    return [MOST_COMMENTED, *headlines(articles)]


def feed(list_key):
    """A feed of `list_key`'s newest articles, in full."""
    return [list_key, feed_entries(list_key), FEEDS]


def site_feed():
    return feed(HOME)


def section_feed(slug):
    return [*feed(section_list(slug)), section(slug)]


def tag_feed(slug):
    return [*feed(tag_list(slug)), tag(slug)]


def author_feed(slug):
    return [*feed(author_list(slug)), author(slug)]


def site_comments_feed():
    return [COMMENT_LIST]


def article_comments_feed(article_id):
    return [comments(article_id), card(article_id)]
