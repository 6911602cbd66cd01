"""Work a server process does once, before its first request, so that request is not slow."""

import logging
import socket
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
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
                    graph.search(gap_junctions=True, weighted=True)  # find-paths' defaults
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


def warm_worker(handle: Callable[[socket.socket], object]) -> None:
    """Run the code of a find-paths request once in a forked worker, before its first request:
    one path search, and the request itself as a client would send it, over a socket that
    `handle` serves as it serves a connection (gunicorn's worker.handle: HTTP parsing, the WSGI
    app with every middleware, the response writer, the access log). The request sends
    `If-None-Match: *`, so it is answered 304: nothing is searched for it and nothing cached.

    A forked worker shares the master's memory pages until it writes to one, and running
    Python code writes to every object it touches (reference counts); so the first request to
    run a stretch of code paid a page fault for each page: about 900 faults and 8 ms on the
    first find-paths after a start, beside 2 ms for the next ones (bench/README.md).
    """
    from connectome.catalog import catalog
    from connectome.graph import find_paths, graph_for
    from connectome.models import PathGraph

    try:
        dataset_id = next(d for d in catalog().datasets if graph_for(d, PathGraph.NEURON))
    except (DataUnavailable, StopIteration):
        return  # nothing to search; load_data has said why
    graph = graph_for(dataset_id, PathGraph.NEURON)
    search = graph.search(gap_junctions=True, weighted=True)
    start, end = graph.nodes[search.source[0]], graph.nodes[search.target[0]]  # an edge: a one-hop path
    find_paths(graph, start, end, gap_junctions=True, weighted=True)
    query = urlencode({"dataset": dataset_id, "start": start, "end": end})
    request = (
        f"GET /connectome/api/find-paths/?{query} HTTP/1.1\r\nHost: {_allowed_host()}\r\n"
        "If-None-Match: *\r\nAccept-Encoding: gzip\r\nUser-Agent: wormwideweb-warm-up\r\n"
        + ("X-Forwarded-Proto: https\r\n" if settings.HTTPS else "")  # not redirected to HTTPS
        + "\r\n"
    )
    client, served = socket.socketpair()
    with client:
        client.sendall(request.encode())
        client.shutdown(socket.SHUT_WR)  # the whole request: the server reads to its end
        handle(served)  # answers, then closes its end
        while client.recv(65536):
            pass


def _allowed_host() -> str:
    """A host name that ALLOWED_HOSTS accepts (".example.org" accepts example.org)."""
    return next((host.lstrip(".") for host in settings.ALLOWED_HOSTS if host != "*"), "localhost")


def _compile(resolver: URLResolver) -> None:
    """Compile every URL pattern's regular expression (Django compiles them lazily)."""
    resolver.pattern.regex  # noqa: B018 (the property compiles and caches the regex)
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            _compile(pattern)
        else:
            pattern.pattern.regex  # noqa: B018 (the property compiles and caches the regex)
