"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wormwideweb.wsgi`.

Synchronous workers: a request is CPU-bound and short (under a millisecond once cached), so
one request per process at a time is the fastest model, measured in bench/README.md; put a
buffering proxy (the load balancer) in front for slow clients. Django and every module are
imported once in the master (preload_app) and shared by the forked workers. Each worker
warms up (core/warmup.py) before it takes requests; path-finding graphs are loaded by the
first request that needs them. WEB_CONCURRENCY sets the number of workers.
"""

import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * len(os.sched_getaffinity(0)) + 1))  # usable CPUs
worker_class = "sync"
timeout = 30
preload_app = True
accesslog = "-"


def when_ready(server):
    """Import every view module in the master, so that forked workers share it."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (the cached property imports every URLconf and view module)


def post_worker_init(worker):
    """Warm the worker (URL patterns, cache, connectome catalog) before it takes requests."""
    from core.warmup import warm_up

    warm_up()
    worker.log.info("Worker %s ready", worker.pid)
