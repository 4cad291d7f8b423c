"""Database-table caches need their tables: the page cache without REDIS_URL, and always the
rate limits' own table ("limits" in settings). `migrate` makes them like every other table, so
that nothing has to run `createcachetable` first."""

from django.conf import settings
from django.core.cache.backends.db import BaseDatabaseCache
from django.core.management import call_command
from django.db import migrations
from django.utils.module_loading import import_string


def database_cache_tables():
    """Django's DatabaseCache or one built on it (operations.database_cache)."""
    return [cache["LOCATION"] for cache in settings.CACHES.values()
            if issubclass(import_string(cache["BACKEND"]), BaseDatabaseCache)]


def create_cache_table(apps, schema_editor):
    for table in database_cache_tables():  # createcachetable leaves a table that is already there alone
        call_command("createcachetable", table, database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    existing = schema_editor.connection.introspection.table_names()
    for table in database_cache_tables():
        if table in existing:
            schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(table)}")


class Migration(migrations.Migration):
    dependencies = [("operations", "0001_editors_unlock_accounts")]
    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
