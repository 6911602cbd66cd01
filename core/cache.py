"""Versioned cache keys: an import of new data never serves answers cached before it."""

import functools

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
