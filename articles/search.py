"""Site search with the database's own full-text engine, behind `Article.objects.search(query)`.

PostgreSQL: a weighted document (headline A, standfirst B, body C) kept in a generated column
with a GIN index (migration 0006), ranked by ts_rank and excerpted by ts_headline. SQLite: an
FTS5 table (rowid = article id) holding the same three texts, ranked by bm25 with matching
weights and excerpted by snippet(); `Article.save()` writes an article's row and a trigger
deletes it. Any other database, or an SQLite built without FTS5, gets plain word matching,
headline first.

Each word of the query matches as a prefix of a word, after stemming: "river" finds "Riverside"
(FTS5's "river"*, PostgreSQL's to_tsquery 'river':*), and every word must match.

Bodies are HTML: they are indexed as plain text, so that tag names and link addresses never
match and excerpts never cut a tag in half. Either way each result carries `search_rank` (higher
is better), `search_excerpt`, the matching passage as plain text with the query's words between
MARK_START and MARK_END, and `search_headline`, the headline marked the same way; `highlight()`
turns those into safe HTML.
"""

import functools
import html
import re
import sqlite3

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.db import connections, transaction
from django.db.models import Case, Expression, F, Func, Q, TextField, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

CONFIG = "english"
FTS_TABLE = "articles_article_search"
MAX_WORDS = 10
# Private-use characters: they never occur in an article, so they can only be our marks.
MARK_START, MARK_END = "\ue000", "\ue001"
TAG = r"<[^>]*>"
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
INDEX_ROW = (
    f"INSERT OR REPLACE INTO {FTS_TABLE} (rowid, headline, standfirst, body) "  # noqa: S608
    "VALUES (%s, %s, %s, %s)"
)


def searchable_text(body):
    """An article body as the words a reader sees: tags become spaces, entities characters."""
    text = html.unescape(re.sub(TAG, " ", body or ""))
    return " ".join(text.split())


def highlight(excerpt):
    """The excerpt as HTML: everything escaped, then the marks made into <mark> elements."""
    if not excerpt:
        return ""
    escaped = escape(html.unescape(excerpt))
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308


def full_text_search(queryset, query):
    connection = connections[queryset.db]
    if connection.vendor == "postgresql":
        return _postgresql_search(queryset, query)
    if _has_search_table(queryset.db):
        return _sqlite_search(queryset, query)
    return _word_search(queryset, query)


def index_article(article, using):
    """Write `article`'s row of the SQLite search table (PostgreSQL indexes the table itself)."""
    if _has_search_table(using):
        with connections[using].cursor() as cursor:
            cursor.execute(INDEX_ROW, _row(article.pk, article.headline, article.standfirst, article.body))


def rebuild_index(articles):
    """Index `articles` (a queryset of them all) afresh, for rows written around `Article.save()`
    such as a bulk import. Returns how many were indexed: none where the database indexes itself."""
    if not _has_search_table(articles.db):
        return 0
    rows = [_row(*row) for row in articles.values_list("pk", "headline", "standfirst", "body")]
    with transaction.atomic(using=articles.db), connections[articles.db].cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608
        cursor.executemany(INDEX_ROW, rows)
    return len(rows)


def _row(pk, headline, standfirst, body):
    return [pk, headline, standfirst, searchable_text(body)]


def _has_search_table(using):
    return connections[using].vendor == "sqlite" and sqlite_has_fts5()


@functools.cache
def sqlite_has_fts5():
    """Whether the SQLite library Python uses was built with FTS5 (nearly all are)."""
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()


def _body_text():
    """The body without its tags, in SQL: as in the PostgreSQL search document (migration 0006)."""
    return Func(F("body"), Value(TAG), Value(" "), Value("g"), function="regexp_replace",
                output_field=TextField())


class SearchDocument(Expression):
    """The article's search document: PostgreSQL's generated column `search_document`, which the
    model does not declare so that nothing but search ever loads it."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
        return f"{table}.{connection.ops.quote_name('search_document')}", []


def _query_words(query):
    """The words of the query, as letters and digits only: whatever else the reader typed (search
    syntax, quotes, control characters) cannot reach the full-text engine's parser."""
    return re.findall(r"\w+", CONTROL_CHARACTERS.sub(" ", query))[:MAX_WORDS]


def _postgresql_search(queryset, query):
    words = _query_words(query)
    if not words:
        return queryset.none()
    # Each word quoted, then :* for a prefix; to_tsquery stems it with the document's config.
    terms = SearchQuery(" & ".join(f"'{word}':*" for word in words), search_type="raw", config=CONFIG)
    return (
        queryset.alias(search_document=SearchDocument())
        .filter(search_document=terms)
        .annotate(
            search_rank=SearchRank(SearchDocument(), terms),
            search_excerpt=SearchHeadline(
                _body_text(), terms, config=CONFIG, start_sel=MARK_START, stop_sel=MARK_END,
                max_words=35, min_words=15, max_fragments=2, fragment_delimiter=" … ",
            ),
            search_headline=SearchHeadline(
                F("headline"), terms, config=CONFIG, start_sel=MARK_START, stop_sel=MARK_END,
                highlight_all=True,
            ),
        )
        .order_by("-search_rank", "-publish_at", "-id")
    )


def _sqlite_search(queryset, query):
    words = _query_words(query)
    if not words:
        return queryset.none()
    # Each word quoted: FTS5 reads it as a plain term, whatever the reader typed; * for a prefix.
    match = " ".join(f'"{word}"*' for word in words)
    article_id = f'"{queryset.model._meta.db_table}"."{queryset.model._meta.pk.column}"'
    # bm25's weights follow the columns: headline, standfirst, body. It is lower for better
    # matches, so it is negated to sort like ts_rank.
    return queryset.extra(  # noqa: S610 - the only user input is bound as a parameter
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE} MATCH %s", f"{FTS_TABLE}.rowid = {article_id}"],
        params=[match],
        select={
            "search_rank": f"-bm25({FTS_TABLE}, 10.0, 4.0, 1.0)",
            "search_excerpt": f"snippet({FTS_TABLE}, 2, %s, %s, ' … ', 32)",
            "search_headline": f"highlight({FTS_TABLE}, 0, %s, %s)",
        },
        select_params=[MARK_START, MARK_END, MARK_START, MARK_END],
    ).order_by("-search_rank", "-publish_at", "-id")


def _word_search(queryset, query):
    """Every word somewhere in the article; a word in the headline counts most."""
    words = query.split()[:MAX_WORDS]
    if not words:
        return queryset.none()
    for word in words:
        queryset = queryset.filter(
            Q(headline__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
        )
    score = Value(0)
    for word in words:
        score += Case(When(headline__icontains=word, then=Value(4)), default=Value(0))
        score += Case(When(standfirst__icontains=word, then=Value(2)), default=Value(0))
    return queryset.annotate(search_rank=score, search_excerpt=Value(""), search_headline=Value("")).order_by(
        "-search_rank", "-publish_at", "-id"
    )
