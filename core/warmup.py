"""Work a server process does once, before its first request, so that request is not slow."""

import logging

from django.core.cache import cache
from django.db import connections
from django.urls import URLResolver, get_resolver

from .database import database_problem

logger = logging.getLogger(__name__)


def warm_up() -> None:
    """Compile the URL patterns, open the cache and load the connectome and activity catalogs
    (with the names and events the aligned averages look up), the neuron facts and the signal
    propagation atlas.

    A database that cannot serve is logged in one line, not raised: the process still
    starts, and /is_healthy/ answers ERROR until the database is fixed.
    """
    from activity.aligned import identified
    from activity.catalog import recordings
    from atlas.funatlas import names as atlas_names
    from connectome.catalog import catalog
    from neurons.facts import positions
    from neurons.partners import datasets

    _compile(get_resolver())
    cache.get("warm-up")
    try:
        problem = database_problem()
        if problem:
            logger.error(problem)
            return
        catalog()
        recordings()
        identified()
        positions()
        datasets()
        atlas_names()
    finally:
        connections.close_all()


def _compile(resolver: URLResolver) -> None:
    """Compile every URL pattern's regular expression (Django compiles them lazily)."""
    resolver.pattern.regex  # noqa: B018 (the property compiles and caches the regex)
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            _compile(pattern)
        else:
            pattern.pattern.regex  # noqa: B018 (the property compiles and caches the regex)
