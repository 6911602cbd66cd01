"""Helpers shared by the import commands of every app."""

import json
from pathlib import Path

from django.db import connection


class DataImportError(Exception):
    """An input file is missing, malformed or inconsistent; the message names it."""


def load_json(path: Path):
    """A JSON file's content; DataImportError if it is missing or not valid JSON."""
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        raise DataImportError(f"{path}: file not found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise DataImportError(f"{path}: not valid JSON ({e})") from e


def delete_all(models) -> None:
    """Empty the tables (and their many-to-many tables) and restart their ids, so a
    re-import writes the same rows."""
    tables = []
    for model in models:
        model.objects.all().delete()
        tables.append(model._meta.db_table)
        tables += [f.remote_field.through._meta.db_table for f in model._meta.local_many_to_many]
    with connection.cursor() as cursor:
        placeholders = ",".join("%s" for _ in tables)
        cursor.execute(f"DELETE FROM sqlite_sequence WHERE name IN ({placeholders})", tables)


def forget_cached_versions() -> None:
    """Make this process read the data version again (call on commit of an import)."""
    from core.cache import data_version

    data_version.cache_clear()
