"""Work a server process does once, before its first request, so that request is not slow."""

import logging

from django.core.cache import cache
from django.db import connections
from django.urls import URLResolver, get_resolver

from .cache import DataUnavailable
from .database import database_problem

logger = logging.getLogger(__name__)


def warm_up() -> None:
    """Everything a process loads before its first request (`load_data`, then `open_cache`)."""
    load_data()
    open_cache()


def load_data() -> None:
    """Compile the URL patterns and load the connectome catalog, every dataset's path-finding
    graphs (with the matrices of a search with the default options), the activity catalogs
    (with the names and events the aligned averages look up), the neuron facts and the signal
    propagation atlas. gunicorn runs it once in the master, before forking, so every worker
    starts with it (shared, copy-on-write).

    A database that cannot serve is logged in one line, not raised: the process still
    starts, and /is_healthy/ answers ERROR until the database is fixed.
    """
    from activity.aligned import identified
    from activity.catalog import recordings
    from atlas.funatlas import names as atlas_names
    from connectome.catalog import catalog
    from connectome.graph import graph_for
    from connectome.models import PathGraph
    from neurons.facts import positions
    from neurons.partners import datasets

    _compile(get_resolver())
    try:
        problem = database_problem()
        if problem:
            logger.error(problem)
            return
        for dataset_id in catalog().datasets:
            for level in (PathGraph.NEURON, PathGraph.CLASS):
                graph = graph_for(dataset_id, level)
                if graph is not None:
                    graph.search_matrices(gap_junctions=True, weighted=True)  # find-paths' defaults
        recordings()
        identified()
        positions()
        datasets()
        atlas_names()
    finally:
        connections.close_all()  # no connection is shared with forked workers


def open_cache() -> None:
    """Connect to the answer cache (in each worker: a Redis connection is not shared)."""
    try:
        cache.get("warm-up")
    except DataUnavailable:
        pass  # no key without data; load_data has said why


def _compile(resolver: URLResolver) -> None:
    """Compile every URL pattern's regular expression (Django compiles them lazily)."""
    resolver.pattern.regex  # noqa: B018 (the property compiles and caches the regex)
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            _compile(pattern)
        else:
            pattern.pattern.regex  # noqa: B018 (the property compiles and caches the regex)
