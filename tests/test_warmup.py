"""The worker warm-up (core.warmup.warm_worker): a find-paths request served by a gunicorn worker
as it serves a client's connection, answered 304, and a path search, before the worker's first
request; nothing is cached."""

import os
import socket

import pytest
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from gunicorn.config import Config
from gunicorn.glogging import Logger
from gunicorn.workers.sync import SyncWorker

from core.warmup import warm_worker

pytestmark = pytest.mark.django_db


def test_worker_warm_up_sends_a_find_paths_request_through_the_worker_and_caches_nothing(monkeypatch):
    application, answered, logged, stored = get_wsgi_application(), [], [], []

    def recorded(environ, start_response):
        def start(status, headers, exc_info=None):
            answered.append((environ["PATH_INFO"], environ["HTTP_USER_AGENT"], status))
            return start_response(status, headers, exc_info)

        return application(environ, start)

    config = Config()
    with socket.create_server(("127.0.0.1", 0)) as listener:
        worker = SyncWorker(0, os.getppid(), [listener], None, 30, config, Logger(config))
        worker.wsgi = recorded
        monkeypatch.setattr(worker.log, "access", lambda response, *args: logged.append(response.status_code))
        monkeypatch.setattr(cache, "set", lambda *args, **kwargs: stored.append(args))
        warm_worker(lambda client: worker.handle(listener, client, ("127.0.0.1", 0)))
    assert answered == [("/connectome/api/find-paths/", "wormwideweb-warm-up", "304 Not Modified")]
    assert logged == [304]  # written back by gunicorn's response writer and logged as a request
    assert stored == []
