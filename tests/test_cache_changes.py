"""The table cache on SQLite tells in one statement whether anything was written since a state it
gave: a worker that found a page true serves it again without reading it, until a write."""

import sqlite3

import pytest
from django.core.cache.backends import db
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper

from operations import database_cache
from operations.database_cache import DatabaseCache

KEYS = ["page", "version"]
pytestmark = pytest.mark.django_db  # lets the test open a database of its own


@pytest.fixture
def table_cache(tmp_path):
    """The cache in a database file of its own, which another process could open too."""
    path = tmp_path / "cache.sqlite3"
    settings_dict = {**connections["default"].settings_dict, "ENGINE": "django.db.backends.sqlite3",
                     "NAME": str(path), "OPTIONS": {}}
    wrapper = DatabaseWrapper(settings_dict, alias="default")
    with wrapper.cursor() as cursor:
        cursor.execute("CREATE TABLE newsroom_cache (cache_key varchar(255) PRIMARY KEY, value text, "
                       "expires datetime)")
    modules = (database_cache, db)  # ours, and Django's for what ours leaves to it (delete)
    for module in modules:
        module.connections = {"default": wrapper}
    try:
        yield DatabaseCache("newsroom_cache", {}), path
    finally:
        for module in modules:
            module.connections = connections
        wrapper.close()


def test_nothing_is_read_again_until_something_is_written(table_cache):
    cache, _ = table_cache
    cache.set_many({"page": "first", "version": "a"})
    state, values = cache.get_many_if_changed(KEYS)
    assert values == {"page": "first", "version": "a"}
    state, values = cache.get_many_if_changed(KEYS, since=state)
    assert values is None
    cache.set("version", "b")  # written by this process
    state, values = cache.get_many_if_changed(KEYS, since=state)
    assert values == {"page": "first", "version": "b"}
    cache.delete("version")
    assert cache.get_many_if_changed(KEYS, since=state)[1] == {"page": "first"}


def test_a_write_by_another_process_is_seen_at_once(table_cache):
    cache, path = table_cache
    cache.set_many({"page": "first", "version": "a"})
    state, _ = cache.get_many_if_changed(KEYS)
    assert cache.get_many_if_changed(KEYS, since=state)[1] is None
    other = sqlite3.connect(path)  # another worker's connection: this process counts none of its writes
    with other:
        other.execute("DELETE FROM newsroom_cache WHERE cache_key LIKE '%version'")
    other.close()
    assert cache.get_many_if_changed(KEYS, since=state)[1] == {"page": "first"}
