"""The worker warm-up (core.warmup.warm_worker): a find-paths request through the WSGI app,
answered 304, and a path search, before the worker's first request; nothing is cached."""

import pytest
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application

from core.warmup import warm_worker

pytestmark = pytest.mark.django_db


def test_worker_warm_up_runs_a_find_paths_request_and_caches_nothing(monkeypatch):
    application, answered, stored = get_wsgi_application(), [], []

    def recorded(environ, start_response):
        def start(status, headers, exc_info=None):
            answered.append((environ["PATH_INFO"], status))
            return start_response(status, headers, exc_info)

        return application(environ, start)

    monkeypatch.setattr(cache, "set", lambda *args, **kwargs: stored.append(args))
    warm_worker(recorded)
    assert answered == [("/connectome/api/find-paths/", "304 Not Modified")]
    assert stored == []
