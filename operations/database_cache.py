"""The database-table cache (the embedded default), with each read or write one SQL statement.

Django's DatabaseCache counts the whole table before every write, then writes each key in a
transaction of its own (BEGIN, SELECT, INSERT or UPDATE, COMMIT): five statements a key, so a
page cache miss that stores a page and its bookkeeping cost twenty. Here a write is a single
`INSERT … ON CONFLICT` (SQLite 3.24+ and PostgreSQL both have it), `set_many` writes all its keys
in that one statement, `add` is the same statement that replaces only an expired row, and
`get_many` leaves expired rows to the culling instead of deleting them as it reads.

On SQLite, `get_many_if_changed` also tells, in the same one statement, whether anything was
written to the cache since an earlier read: SQLite's `data_version` moves when another connection
commits, and this module counts the writes of its own process. The rows are read only when
something was; the page cache serves a page this worker found true without reading it again.

The table is counted once every CULL_EVERY writes of a process instead of on each. Culling drops
expired rows first, then the rows that expire soonest: keys kept without a timeout (the page
cache's versions, website.page_cache) go last, after every page that depends on them.
"""

import base64
import itertools
import pickle
import warnings
from datetime import UTC, datetime

from django.core.cache.backends import db
from django.core.cache.backends.base import DEFAULT_TIMEOUT, MEMCACHE_MAX_KEY_LENGTH, CacheKeyWarning
from django.db import connections, router
from django.utils.timezone import now

CULL_EVERY = 100
# Writes through this cache in this process. SQLite's data_version counts the commits of every other
# connection, not those of the connection asking: together they tell whether anything was written
# since a `get_many_if_changed` state.
_written_here = 0


def _count_write():
    global _written_here
    _written_here += 1


class DatabaseCache(db.DatabaseCache):
    def __init__(self, table, params):
        super().__init__(table, params)
        self._writes = itertools.count(1)

    def validate_key(self, key):
        """Only the length: Django's check for keys memcached could not take reads every character
        of every key, and a page cache hit reads some thirty keys (our keys have no spaces)."""
        if len(key) > MEMCACHE_MAX_KEY_LENGTH:
            warnings.warn(f"Cache key is longer than {MEMCACHE_MAX_KEY_LENGTH} characters: {key!r}",
                          CacheKeyWarning, stacklevel=3)

    def get_many(self, keys, version=None):
        if not keys:
            return {}
        key_map = {self.make_and_validate_key(key, version=version): key for key in keys}
        connection = connections[router.db_for_read(self.cache_model_class)]
        sql, params = self._unexpired_rows(connection, key_map)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return {key_map[key]: self._decode(connection, value) for key, value in rows}

    def get_many_if_changed(self, keys, since=None):
        """(state, values): `values` as get_many(keys) gives them, or None when nothing was written
        to this cache since `since`, an earlier state; one statement either way. Where the database
        cannot tell cheaply (PostgreSQL), state is None and the values are always read."""
        connection = connections[router.db_for_read(self.cache_model_class)]
        if connection.vendor != "sqlite" or not keys:
            return None, self.get_many(keys)
        key_map = {self.make_and_validate_key(key): key for key in keys}
        connection.ensure_connection()
        writer = (connection.connection, _written_here)
        known_version = since[2] if since is not None and since[:2] == writer else -1
        sql, params = self._unexpired_rows(connection, key_map)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT NULL, data_version FROM pragma_data_version() UNION ALL "  # noqa: S608
                f"{sql} AND (SELECT data_version FROM pragma_data_version()) <> %s",
                [*params, known_version],
            )
            rows = cursor.fetchall()
        data_version = next(value for key, value in rows if key is None)
        state = (*writer, data_version)
        if data_version == known_version:
            return state, None
        return state, {key_map[key]: self._decode(connection, value) for key, value in rows if key}

    def _unexpired_rows(self, connection, keys):
        """The SELECT of the (key, value) rows of `keys` that have not expired, and its parameters."""
        quote = connection.ops.quote_name
        sql = (
            f"SELECT {quote('cache_key')}, {quote('value')} FROM {quote(self._table)} "  # noqa: S608
            f"WHERE {quote('cache_key')} IN ({', '.join(['%s'] * len(keys))}) AND {quote('expires')} >= %s"
        )
        return sql, [*keys, self._adapt(now().replace(microsecond=0))]

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.set_many({key: value}, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if data:
            rows = [(self.make_and_validate_key(key, version=version), value) for key, value in data.items()]
            self._write(rows, timeout, replace_only_expired=False)
        return []

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._write([(key, value)], timeout, replace_only_expired=True) == 1

    def clear(self):
        _count_write()
        super().clear()
        self._writes = itertools.count(1)  # an empty table needs no culling for a while

    def _base_set(self, mode, key, value, timeout=DEFAULT_TIMEOUT):  # Django's touch()
        _count_write()
        return super()._base_set(mode, key, value, timeout)

    def _base_delete_many(self, keys):
        _count_write()
        return super()._base_delete_many(keys)

    def _write(self, rows, timeout, replace_only_expired):
        """One INSERT … ON CONFLICT for every row; how many rows it wrote."""
        _count_write()
        connection = connections[router.db_for_write(self.cache_model_class)]
        quote = connection.ops.quote_name
        table, key, value, expires = (quote(name) for name in (self._table, "cache_key", "value", "expires"))
        timeout = self.get_backend_timeout(timeout)
        expiry = datetime.max if timeout is None else datetime.fromtimestamp(timeout, tz=UTC)
        expiry = self._adapt(expiry.replace(microsecond=0))
        sql = (
            f"INSERT INTO {table} ({key}, {value}, {expires}) "  # noqa: S608
            f"VALUES {', '.join(['(%s, %s, %s)'] * len(rows))} "
            f"ON CONFLICT ({key}) DO UPDATE SET {value} = excluded.{value}, {expires} = excluded.{expires}"
        )
        params = [part for name, data in rows for part in (name, self._encode(data), expiry)]
        if replace_only_expired:
            sql += f" WHERE {table}.{expires} < %s"
            params.append(self._adapt(now().replace(microsecond=0)))
        with connection.cursor() as cursor:
            if next(self._writes) % CULL_EVERY == 0:
                self._cull_soonest_expiring(connection, cursor)
            cursor.execute(sql, params)
            return cursor.rowcount

    def _cull_soonest_expiring(self, connection, cursor):
        quote = connection.ops.quote_name
        table, key, expires = quote(self._table), quote("cache_key"), quote("expires")
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        count = cursor.fetchone()[0]
        if count <= self._max_entries:
            return
        cursor.execute(f"DELETE FROM {table} WHERE {expires} < %s",  # noqa: S608
                       [self._adapt(now().replace(microsecond=0))])
        count -= cursor.rowcount
        if count > self._max_entries:
            cursor.execute(
                f"DELETE FROM {table} WHERE {key} IN "  # noqa: S608
                f"(SELECT {key} FROM {table} ORDER BY {expires} LIMIT %s)",
                [max(count // self._cull_frequency, count - self._max_entries)],
            )

    def _encode(self, value):
        return base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")

    @staticmethod
    def _decode(connection, value):
        return pickle.loads(base64.b64decode(connection.ops.process_clob(value).encode()))  # noqa: S301

    def _adapt(self, moment):
        connection = connections[router.db_for_write(self.cache_model_class)]
        return connection.ops.adapt_datetimefield_value(moment)

