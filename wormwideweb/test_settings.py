"""Settings for the test suite: the normal settings with a writable test database.

pytest (see pyproject.toml) uses this module, so a bare `pytest` behaves like `make test`.
"""

import os

os.environ.setdefault("DJ_DEBUG", "0")
os.environ.setdefault("DJ_SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("DJ_ALLOWED_HOSTS", "localhost 127.0.0.1 testserver")
os.environ.setdefault("DJ_DB_BUILD", "1")
os.environ.setdefault("DJ_ADMIN", "1")
os.environ.setdefault("DJ_HTTPS", "0")  # the test client speaks plain HTTP

from wormwideweb.settings import *  # noqa: F403 (the test settings are every setting, with the overrides below)

# Tests serve static files from the source folders; production collects them first.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405 (from the star import)
