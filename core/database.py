"""Whether the runtime database can serve: one place for the health check, warm-up and checks."""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError


def database_problem() -> str | None:
    """Why the database cannot serve the site, in one line, or None when it can."""
    from connectome.models import Dataset

    path = settings.DB_PATH
    if not settings.DB_BUILD and not path.exists():  # read-only mode does not create it
        return f"The database file {path} does not exist: build it with `make build` (manage.py populate_db)."
    try:
        if not Dataset.objects.exists():
            return f"The database {path} holds no connectome: rebuild it with `make build`."
    except DatabaseError as e:
        return f"The database file {path} cannot be read ({e}): rebuild it with `make build`."
    return None


@checks.register()
def check_database(app_configs, **kwargs):
    """At runtime, say at start-up when the database is missing or unreadable."""
    if settings.DB_BUILD:
        return []  # building: populate_db makes the database
    problem = database_problem()
    return [checks.Warning(problem, id="core.W001")] if problem else []
