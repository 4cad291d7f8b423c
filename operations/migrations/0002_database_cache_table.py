"""The database-table cache (the default without REDIS_URL) needs its table: `migrate` makes it
like every other table, so that nothing has to run `createcachetable` first."""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations

DATABASE_CACHE = "django.core.cache.backends.db.DatabaseCache"


def default_cache_table():
    cache = settings.CACHES["default"]
    return cache["LOCATION"] if cache["BACKEND"] == DATABASE_CACHE else None


def create_cache_table(apps, schema_editor):
    table = default_cache_table()
    if table:  # createcachetable leaves a table that is already there alone
        call_command("createcachetable", table, database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    table = default_cache_table()
    if table and table in schema_editor.connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(table)}")


class Migration(migrations.Migration):
    dependencies = [("operations", "0001_editors_unlock_accounts")]
    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
