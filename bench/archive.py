"""The bench archive: sections, authors, tags, articles and comments made with bulk_create.

Run by bench/run.py as `python -m bench.archive ARTICLES COMMENTS` against an empty, migrated
database named by DATABASE_URL. The measured article carries exactly 50 approved comments; a
second one, a big conversation, 5,000 (`add_big_thread`, which an older archive gets later).
"""

import contextlib
import random
import sys
from datetime import timedelta

MEASURED_SLUG = "measured-article"
BIG_THREAD_SLUG = "measured-big-thread"
BIG_THREAD_COMMENTS = 5000
SEARCH_WORD = "harbour"
CHUNK = 5000
WORDS = [
    "council", "bridge", "river", "market", "school", "station", "library", "housing", "budget",
    "festival", "road", "hospital", "village", "county", "museum", "park", "election", "football",
    "energy", "climate", "flood", "train", "bus", "theatre", "farm", "factory", "workers",
    "residents", "plan", "vote", "mayor", "report", "repairs", "opening", "closure", "record",
    "season", "summer", "winter", "spring", "autumn", "night", "morning", "weekend", "community",
    "volunteers", "families", "children",
]


def sentence(rng, words=12):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng):
    return " ".join(sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(3, 6)))


def build(article_count, comment_count):
    from django.utils import timezone

    from articles.models import Article, Author, Byline, Correction, Section, Tag
    from comments.models import Comment, render_plain_text

    rng = random.Random(6)
    now = timezone.now()
    sections = Section.objects.bulk_create(
        Section(name=f"Section {i}", slug=f"section-{i}", position=i) for i in range(8)
    )
    authors = Author.objects.bulk_create(
        Author(name=f"Reporter {i}", slug=f"reporter-{i}", bio=sentence(rng)) for i in range(50)
    )
    tags = Tag.objects.bulk_create(Tag(name=f"Topic {i}", slug=f"topic-{i}") for i in range(200))

    measured_index = min(9, article_count - 1)
    for start in range(0, article_count, CHUNK):
        articles = []
        for i in range(start, min(start + CHUNK, article_count)):
            headline = sentence(rng, rng.randint(6, 10))[:-1]
            if i % 100 == 0:
                headline += f" at the {SEARCH_WORD}"
            status = Article.Status.DRAFT if i % 40 == 7 else Article.Status.PUBLISHED
            articles.append(Article(
                headline=headline,
                slug=MEASURED_SLUG if i == measured_index else f"story-{i}",
                standfirst=sentence(rng, 20),
                body="".join(f"<p>{paragraph(rng)}</p>" for _ in range(rng.randint(4, 8))),
                dateline=rng.choice(WORDS).title(),
                section=sections[i % len(sections)],
                status=status,
                publish_at=now - timedelta(minutes=30 * i + 5),
            ))
        articles = Article.objects.bulk_create(articles)
        Byline.objects.bulk_create(
            Byline(article=article, author=author, position=position)
            for article in articles
            for position, author in enumerate(rng.sample(authors, rng.choice((1, 1, 1, 2))))
        )
        Article.tags.through.objects.bulk_create(
            Article.tags.through(article=article, tag=tag)
            for article in articles
            for tag in rng.sample(tags, rng.randint(0, 3))
        )
    # A few stories scheduled days ahead: pages must expire then, not during the bench.
    Article.objects.bulk_create(
        Article(headline=f"Scheduled story {i}", slug=f"scheduled-{i}", section=sections[0],
                status=Article.Status.PUBLISHED, publish_at=now + timedelta(days=3 + i))
        for i in range(3)
    )
    measured = Article.objects.get(slug=MEASURED_SLUG)
    Correction.objects.create(article=measured, text="An earlier version gave the wrong date.")

    def comment(article_id, n, **fields):
        body = paragraph(rng) if n % 7 else f"{sentence(rng)} More at https://example.org/{n}"
        fields.setdefault("status", "approved")
        return Comment(
            article_id=article_id, author_name=f"Reader {n}",
            author_email=f"reader{n}@example.org", body=body, body_html=render_plain_text(body),
            created_at=now - timedelta(minutes=rng.randint(1, 60 * 24 * 30)),
            ip_address=f"10.0.{n % 250}.{n % 200}", **fields,
        )

    threads = Comment.objects.bulk_create(comment(measured.pk, n) for n in range(30))
    replies = Comment.objects.bulk_create(
        comment(measured.pk, 30 + n, parent=threads[n], depth=1) for n in range(15)
    )
    Comment.objects.bulk_create(comment(measured.pk, 45 + n, parent=replies[n], depth=2) for n in range(5))
    Comment.objects.bulk_create(comment(measured.pk, 50 + n, status="pending") for n in range(5))

    article_ids = list(Article.objects.published().exclude(pk=measured.pk).values_list("pk", flat=True))
    statuses = ["approved"] * 17 + ["pending"] * 2 + ["spam"]
    remaining = max(0, comment_count - 55)
    for start in range(0, remaining, CHUNK):
        Comment.objects.bulk_create(
            comment(rng.choice(article_ids), 100 + n, status=rng.choice(statuses))
            for n in range(start, min(start + CHUNK, remaining))
        )


def add_big_thread(rng=None):
    """An article with BIG_THREAD_COMMENTS approved comments in threads (`thread_as_readers_do`),
    one to three sentences each, as readers write them."""
    from django.utils import timezone

    from articles.models import Article, Byline, Correction
    from comments.models import Comment, render_plain_text

    rng = rng or random.Random(16)
    now = timezone.now()
    # Shaped like the measured article (its section, bylines, tags, a correction): only the
    # number of comments differs.
    measured = Article.objects.get(slug=MEASURED_SLUG)
    article = Article.objects.create(
        headline="Harbour plans: what readers think", slug=BIG_THREAD_SLUG, standfirst=sentence(rng, 20),
        body="".join(f"<p>{paragraph(rng)}</p>" for _ in range(5)), section=measured.section,
        status=Article.Status.PUBLISHED, publish_at=now - timedelta(days=2),
    )
    article.tags.set(measured.tags.all())
    Byline.objects.bulk_create(Byline(article=article, author=byline.author, position=byline.position)
                               for byline in measured.bylines.all())
    Correction.objects.create(article=article, text="An earlier version gave the wrong date.")
    start = now - timedelta(days=2)

    def comment(n):
        body = " ".join(sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(1, 3)))
        return Comment(article=article, author_name=f"Reader {n}", author_email=f"big{n}@example.org",
                       body=body, body_html=render_plain_text(body), status="approved",
                       created_at=start + timedelta(seconds=20 * n), ip_address="10.1.0.1")

    Comment.objects.bulk_create(comment(n) for n in range(BIG_THREAD_COMMENTS))
    thread_as_readers_do(article)


def thread_as_readers_do(article, threads_every=3):
    """Give `article`'s comments, oldest first, the shape of a conversation: every
    `threads_every`-th starts a thread, the others answer the newest thread, now and then a reply
    to a reply. Returns them."""
    from comments.models import Comment

    saved = list(Comment.objects.filter(article=article).order_by("created_at", "id"))
    top, last_reply = None, None
    for n, comment in enumerate(saved):
        if n % threads_every == 0:
            top = comment
        elif n % 7 == 0 and last_reply is not None and last_reply.depth == 1:
            comment.parent, comment.depth = last_reply, 2
        else:
            comment.parent, comment.depth = top, 1
            last_reply = comment
    Comment.objects.bulk_update(saved, ["parent", "depth"], batch_size=1000)
    return saved


def measured_urls():
    """The pages the bench loads, by name."""
    from django.urls import NoReverseMatch, reverse

    from articles.models import Article

    article = Article.objects.select_related("section").get(slug=MEASURED_SLUG)
    urls = {
        "home": "/",
        "article": article.get_absolute_url(),
        "article, 5,000 comments": Article.objects.get(slug=BIG_THREAD_SLUG).get_absolute_url(),
        "section": article.section.get_absolute_url(),
        "search": f"/search/?q={SEARCH_WORD}",
    }
    with contextlib.suppress(NoReverseMatch):  # the site's RSS feed, once it has one
        urls["feed"] = reverse("articles:rss")
    return urls


if __name__ == "__main__":
    import django
    from django.core.management import call_command, get_commands

    django.setup()
    build(int(sys.argv[1]), int(sys.argv[2]))
    add_big_thread()
    if "rebuild_search_index" in get_commands():  # bulk_create goes around Article.save()
        call_command("rebuild_search_index")
    from django.db import connection

    if connection.vendor == "sqlite":  # as after any bulk import: the planner needs row counts
        connection.cursor().execute("ANALYZE")
