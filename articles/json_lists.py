"""Related rows folded into their parent's row as a JSON list.

A page that shows an article with its authors, tags and corrections would otherwise need one
query per relation. `JSONList` turns a correlated subquery into a JSON array column, so the
article and all its small relations arrive in a single query on SQLite and PostgreSQL alike.
"""

import datetime

from django.db.models import JSONField, Subquery
from django.utils import timezone


class JSONList(Subquery):
    """`JSONList(queryset, key=F(...), ...)`: the rows as a list of {key: value} dicts, in order."""

    output_field = JSONField()

    def __init__(self, queryset, **columns):
        self.keys = list(columns)
        queryset = queryset.values(**{f"json_{key}": value for key, value in columns.items()})
        super().__init__(queryset, output_field=JSONField())

    def as_sql(self, compiler, connection, template=None, **extra):
        inner_sql, params = super().as_sql(compiler, connection)
        qn = connection.ops.quote_name
        pairs = ", ".join(f"'{key}', rows.{qn('json_' + key)}" for key in self.keys)
        # The keys are identifiers written in our code, never user input.
        if connection.vendor == "postgresql":
            aggregate = f"COALESCE(json_agg(json_build_object({pairs})), '[]'::json)::text"
        else:
            aggregate = f"COALESCE(json_group_array(json_object({pairs})), '[]')"
        return f"(SELECT {aggregate} FROM {inner_sql} rows)", params  # noqa: S608


def parse_datetime(value):
    """A datetime as SQLite or PostgreSQL wrote it inside JSON, made aware."""
    if not value:
        return None
    parsed = datetime.datetime.fromisoformat(value)
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=datetime.UTC)
