"""The full-text index of site search (articles/search.py), in each database's own engine.

PostgreSQL: a GIN index on the weighted document that the search query builds, expression for
expression, so the planner uses it. SQLite: an FTS5 table of the articles' plain text, filled
here from the existing rows; `Article.save()` keeps it up to date and a trigger forgets deleted
articles. Without FTS5 (or on other databases) nothing is created: search falls back to word
matching.
"""

import html
import re
import sqlite3

from django.db import migrations

POSTGRESQL_INDEX = """
CREATE INDEX IF NOT EXISTS article_search_idx ON articles_article USING gin ((
    (setweight(to_tsvector('english'::regconfig, COALESCE(headline, '')), 'A')
     || setweight(to_tsvector('english'::regconfig, COALESCE(standfirst, '')), 'B'))
    || setweight(to_tsvector('english'::regconfig,
                             COALESCE(regexp_replace(body, '<[^>]*>', ' ', 'g'), '')), 'C')
))
"""

SQLITE_TABLE = """
CREATE VIRTUAL TABLE IF NOT EXISTS articles_article_search
USING fts5(headline, standfirst, body, tokenize = 'porter unicode61 remove_diacritics 2')
"""

SQLITE_DELETE_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS articles_article_search_delete AFTER DELETE ON articles_article
BEGIN
    DELETE FROM articles_article_search WHERE rowid = old.id;
END
"""


def sqlite_has_fts5():
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()


def plain_text(body):
    text = html.unescape(re.sub(r"<[^>]*>", " ", body or ""))
    return " ".join(text.split())


def create_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_INDEX)
    elif vendor == "sqlite" and sqlite_has_fts5():
        schema_editor.execute(SQLITE_TABLE)
        schema_editor.execute(SQLITE_DELETE_TRIGGER)
        Article = apps.get_model("articles", "Article")
        rows = Article.objects.using(schema_editor.connection.alias).values_list(
            "id", "headline", "standfirst", "body"
        )
        with schema_editor.connection.cursor() as cursor:
            for pk, headline, standfirst, body in rows.iterator():
                cursor.execute(
                    "INSERT OR REPLACE INTO articles_article_search (rowid, headline, standfirst, body) "
                    "VALUES (%s, %s, %s, %s)",
                    [pk, headline, standfirst, plain_text(body)],
                )


def drop_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_search_idx")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS articles_article_search_delete")
        schema_editor.execute("DROP TABLE IF EXISTS articles_article_search")


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0003_wordpress_import"),
    ]

    operations = [
        migrations.RunPython(create_search_index, drop_search_index, elidable=False),
    ]
