"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wormwideweb.wsgi`.

Synchronous workers: a request is CPU-bound and short (under a millisecond once cached), so
one request per process at a time is the fastest model, measured in bench/README.md; put a
buffering proxy (the load balancer) in front for slow clients. Django and every module are
imported once in the master (preload_app), which also loads the data every request needs
(core.warmup.load_data: catalogs, every path-finding graph, names), so the forked workers
share it and start ready; each worker then opens its own cache connection. WEB_CONCURRENCY
sets the number of workers; GUNICORN_BIND the address (default 0.0.0.0:$PORT: X-Forwarded-Proto
is believed only from DJ_TRUSTED_PROXIES, see README "Production").
"""

import gc
import os

# No garbage collection while the master imports every module and loads the data: it found
# little to free and took about 0.15 s of the start-up. when_ready (and post_fork, in each worker,
# also after a reload that read this file again) turns it back on.
gc.disable()

# One BLAS thread per process: a sync worker answers one request at a time, on small arrays, and
# 2 x cores + 1 workers already fill the cores; OpenBLAS's own pool (a thread per core) would only
# compete with them, and its threads spin while the master imports (3 % of the start-up's
# instructions, counted with callgrind). Set before numpy is imported (preload_app).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * len(os.sched_getaffinity(0)) + 1))  # usable CPUs
worker_class = "sync"
timeout = 30
preload_app = True
accesslog = "-"


def when_ready(server):
    """Import every view module and load the data in the master, so that forked workers share them."""
    from django.urls import get_resolver

    from core.warmup import load_data

    get_resolver().url_patterns  # noqa: B018 (the cached property imports every URLconf and view module)
    load_data()
    # What is loaded now lives as long as the server: never collected, so that no collection in a
    # worker writes to (and so copies) the pages it shares with the master (Python's gc.freeze docs).
    gc.freeze()
    gc.enable()


def post_fork(server, worker):
    gc.enable()


def post_worker_init(worker):
    """Open the worker's cache connection and run a find-paths request's code once, before it
    takes requests (core.warmup.warm_worker says why)."""
    from core.warmup import open_cache, warm_worker

    open_cache()
    warm_worker(lambda client: worker.handle(worker.sockets[0], client, ("127.0.0.1", 0)))
    worker.log.info("Worker %s ready", worker.pid)
