"""`migrate` alone makes the database ready, the database-table cache included."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)
TABLE = "newsroom_cache_migrated"


def tables():
    return connection.introspection.table_names()


@pytest.fixture
def default_cache(settings):
    """Use a cache backend as the default, with TABLE as its location, for the test's migrations."""
    def use(backend):
        settings.CACHES = {**settings.CACHES, "default": {"BACKEND": backend, "LOCATION": TABLE}}

    yield use
    call_command("migrate", verbosity=0)
    if TABLE in tables():
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {connection.ops.quote_name(TABLE)}")


@pytest.mark.parametrize("backend", ["operations.database_cache.DatabaseCache",
                                     "django.core.cache.backends.db.DatabaseCache"])
def test_migrate_alone_makes_the_database_cache_ready(default_cache, backend):
    default_cache(backend)
    call_command("migrate", "operations", "0001", verbosity=0)
    assert TABLE not in tables()
    call_command("migrate", verbosity=0)
    caches["default"].set("greeting", "hello")
    assert caches["default"].get("greeting") == "hello"


def test_migrating_back_drops_the_cache_table_and_forward_again_keeps_its_entries(default_cache):
    default_cache("django.core.cache.backends.db.DatabaseCache")
    call_command("migrate", "operations", "0001", verbosity=0)
    call_command("createcachetable", verbosity=0)  # made by hand, as before the migration existed
    caches["default"].set("greeting", "hello")
    call_command("migrate", verbosity=0)
    assert caches["default"].get("greeting") == "hello"
    call_command("migrate", "operations", "0001", verbosity=0)
    assert TABLE not in tables()


def test_with_another_cache_migrate_makes_no_cache_table_but_the_rate_limits_own(default_cache):
    default_cache("django.core.cache.backends.locmem.LocMemCache")
    call_command("migrate", "operations", "0001", verbosity=0)
    assert "newsroom_limits" not in tables()
    call_command("migrate", verbosity=0)
    assert TABLE not in tables()
    caches["limits"].set("comment-rate:test", 1)
    assert caches["limits"].get("comment-rate:test") == 1
