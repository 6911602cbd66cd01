"""Versioned cache keys: an import of new data never serves answers cached before it."""

import functools
import logging

from django.conf import settings
from django.db import DatabaseError


@functools.cache
def data_version() -> str:
    """A short hash of the imported data, read once per process from the database."""
    from core.models import ImportedData

    try:
        hashes = list(ImportedData.objects.order_by("source").values_list("sha256", flat=True))
    except DatabaseError:
        return "no-data"
    return "-".join(h[:12] for h in hashes) or "no-data"


def make_key(key: str, key_prefix: str, version: int) -> str:
    """Django KEY_FUNCTION: prefix every key with DJ_CACHE_VERSION and the data version."""
    return f"{key_prefix}:{settings.CACHE_VERSION_LABEL}:{data_version()}:{version}:{key}"


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

