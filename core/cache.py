"""Versioned caches: an import of new data or a deploy of new code never serves old answers.

- `data_version()` is a hash of the imported data. At runtime (read-only database) it follows
  the database file: its inode, mtime and size are looked at, at most once a second
  (`DATA_CHECK_SECONDS`), and when `populate_db` has replaced the file every per-process cache
  registered with `data_cache` (catalogs, graphs, names) and the in-memory answer cache are
  dropped and the version read again. A database that cannot serve raises `DataUnavailable`
  (answered 503 by core.middleware); that state is never cached.
- `make_key` puts DJ_CACHE_VERSION, the data version and the code version (core/code_version.py)
  in every key of the answer cache, in memory and in Redis.
- `BoundedMemoryCache` is the in-memory answer cache, bounded by bytes (DJ_MEMORY_CACHE_MB).
"""

import functools
import logging
import os
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError

from .code_version import code_version

DATA_CHECK_SECONDS = 1.0
NO_DATA = "no-data"  # the data version of an empty database while building (DJ_DB_BUILD=1)


class DataUnavailable(Exception):
    """The database cannot serve (missing, broken, being replaced); the message says why."""


class _State:
    """What this process knows of the database file and the data in it."""

    def __init__(self):
        self.lock = threading.RLock()
        self.identity = None  # (inode, mtime_ns, size) of the file the version was read from
        self.version = None  # None: not read yet, or the database cannot serve
        self.problem = None  # why the database cannot serve, when version is None
        self.checked = float("-inf")  # time.monotonic() of the last look at the file


_state = _State()
_forgetters: list[Callable[[], None]] = []


def data_cache(maxsize: int):
    """functools.lru_cache(maxsize) for what is read from the database once per process: it is
    emptied whenever the data version is forgotten (a replaced file, an import)."""

    def decorate(function):
        cached = functools.lru_cache(maxsize=maxsize)(function)
        _forgetters.append(cached.cache_clear)
        return cached

    return decorate


def follows_file() -> bool:
    """At runtime the data is the read-only file DJ_DB_PATH, which populate_db may replace;
    while building (and in tests) the database is the one being written."""
    return not settings.DB_BUILD


def file_identity():
    """(inode, mtime_ns, size) of the database file, or None if it is missing."""
    try:
        stat = os.stat(settings.DB_PATH)
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def data_version() -> str:
    """A short hash of the imported data; DataUnavailable if the database cannot serve."""
    state = _state
    if not follows_file():
        if state.version is None:
            version = _read_version()
            if version is None:
                return NO_DATA  # an empty database being built: never remembered as such
            state.version = version
        return state.version
    if time.monotonic() - state.checked >= DATA_CHECK_SECONDS:
        with state.lock:
            if time.monotonic() - state.checked >= DATA_CHECK_SECONDS:
                _check_file_locked()
    if state.version is None:
        raise DataUnavailable(state.problem)
    return state.version


def _check_file_locked() -> None:
    """Read the data version again if the file changed since it was read, or if the database
    could not serve then."""
    state = _state
    identity = file_identity()
    if identity != state.identity or state.version is None:
        _forget_locked()
        for _ in range(3):  # until the file stays the same while its version is read
            version = _read_version()
            after = file_identity()
            if after == identity:
                break
            identity = after
        state.identity, state.version = identity, version
        state.problem = None if version is not None else _problem()
    state.checked = time.monotonic()


def check_connection() -> None:
    """Called when a database connection opens: DataUnavailable if the file it opened is not
    the one the data version (and every catalog) was read from, so nothing read before the
    file was replaced is used with the new file. The next request reads the new data."""
    state = _state
    if follows_file() and state.version is not None and file_identity() != state.identity:
        with state.lock:
            state.checked = float("-inf")  # the next data_version() looks at the file again
        raise DataUnavailable("The database was replaced while answering this request; try again.")


def forget() -> None:
    """Forget the data version and everything read from the data (after an import)."""
    with _state.lock:
        _forget_locked()


data_version.cache_clear = forget  # as when data_version was a functools.cache


def _forget_locked() -> None:
    state = _state
    state.identity = state.version = state.problem = None
    state.checked = float("-inf")
    for clear in _forgetters:
        clear()
    from django.core.cache import caches

    if isinstance(caches["default"], LocMemCache):  # this process's own; never a shared Redis
        caches["default"].clear()


def _read_version() -> str | None:
    """The hash of the ImportedData rows, or None if the database holds none or fails."""
    from django.db import connection

    from core.models import ImportedData

    try:
        hashes = list(ImportedData.objects.order_by("source").values_list("sha256", flat=True))
    except DatabaseError:
        hashes = []
    if follows_file() and not connection.in_atomic_block:
        connection.close()  # the request's own queries open the file afresh (check_connection)
    return "-".join(h[:12] for h in hashes) or None


def _problem() -> str:
    from .database import database_problem

    return database_problem() or f"The database {settings.DB_PATH} holds no imported data: rebuild it (`make build`)."


def make_key(key: str, key_prefix: str, version: int) -> str:
    """Django KEY_FUNCTION: prefix every key with DJ_CACHE_VERSION, the data version and the
    code version."""
    return f"{key_prefix}:{settings.CACHE_VERSION_LABEL}:{data_version()}:{code_version()}:{version}:{key}"


class BoundedMemoryCache(LocMemCache):
    """Django's in-memory cache (least recently used first out), bounded by the bytes of the
    values it holds (OPTIONS MAX_BYTES) besides their number (MAX_ENTRIES). A value larger
    than the bound is not kept."""

    _sizes: dict[str, dict[str, int]] = {}

    def __init__(self, name, params):
        super().__init__(name, params)
        self.max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 64 * 1024 * 1024))
        self._size = BoundedMemoryCache._sizes.setdefault(name, {})

    @property
    def total_bytes(self) -> int:
        """The bytes of the values held (pickled, as they are stored)."""
        return sum(self._size.values())

    def _set(self, key, value, timeout=None):
        self._delete(key)
        if len(value) > self.max_bytes:
            return
        total = self.total_bytes
        while self._cache and total + len(value) > self.max_bytes:
            oldest, _ = self._cache.popitem()  # the least recently used (LocMemCache moves hits first)
            self._expire_info.pop(oldest, None)
            total -= self._size.pop(oldest, 0)
        super()._set(key, value, timeout)
        self._size[key] = len(value)

    def _delete(self, key):
        self._size.pop(key, None)
        return super()._delete(key)

    def _cull(self):
        super()._cull()
        for key in [k for k in self._size if k not in self._cache]:
            del self._size[key]

    def clear(self):
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._size.clear()


class RedisOutageFilter(logging.Filter):
    """Make django-redis's "Exception ignored" tracebacks one warning line each.

    With DJ_USE_REDIS=1 a failing Redis is ignored (requests are answered from the
    database); this keeps the log readable while it lasts.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.msg = "Redis cache unavailable, answering from the database: %s"
        record.args = (str(error) if error else record.getMessage(),)
        record.exc_info = record.exc_text = None
        return True
