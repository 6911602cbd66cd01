"""Shared fixtures: the test database holds the real bundled connectome, imported once."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from core.cache import data_version


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("init_data_connectome", verbosity=0)
        call_command("init_data_graph_precompute", verbosity=0)
    data_version.cache_clear()


@pytest.fixture(autouse=True)
def fresh_data_version():
    """Tests that import fixture data change the data version; forget it after each test."""
    yield
    data_version.cache_clear()
    cache.clear()
