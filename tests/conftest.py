"""Shared fixtures: the test database holds the real bundled data, imported once."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command

from core.cache import data_version


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("init_data_connectome", verbosity=0)
        call_command("init_data_graph_precompute", verbosity=0)
        call_command("init_data_gcamp", verbosity=0, stdout=io.StringIO())
        call_command("update_encoding_dict_neuron_match", verbosity=0, stdout=io.StringIO())
        call_command("update_encoding_dict", verbosity=0)
        call_command("update_neuron_match_dict", verbosity=0)
        call_command("init_data_neurons", verbosity=0, stdout=io.StringIO())
        call_command("init_data_atlas", verbosity=0, stdout=io.StringIO())
        call_command("init_data_extrasynaptic", verbosity=0, stdout=io.StringIO())
    data_version.cache_clear()


@pytest.fixture(autouse=True)
def fresh_data_version():
    """Tests that import fixture data change the data version; forget it after each test."""
    yield
    data_version.cache_clear()
    cache.clear()


ROOT = Path(__file__).resolve().parents[1]


def run_manage(*args: str, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    """`manage.py <args>` in a separate process with the given environment added."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJ_")}
    base["DJANGO_SETTINGS_MODULE"] = "wormwideweb.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, check=check,
        capture_output=True, text=True,
    )


@pytest.fixture(scope="session")
def built_database(tmp_path_factory) -> Path:
    """A database file built from the bundled data by `populate_db`, as `make run` builds it."""
    db = tmp_path_factory.mktemp("built") / "db.sqlite3"
    run_manage("populate_db", env={"DJ_DEBUG": "1", "DJ_DB_BUILD": "1", "DJ_DB_PATH": str(db)})
    return db


@pytest.fixture(scope="session", autouse=True)
def downloads_folder(tmp_path_factory):
    """The activity downloads the tests build, in this process and in the commands and servers
    they start, go into a folder of the session, not the system temp folder a server may use
    (whose files may come from other code)."""
    from django.conf import settings

    folder = tmp_path_factory.mktemp("downloads")
    previous = os.environ.get("ACTIVITY_DATA_CACHE_DIR")
    os.environ["ACTIVITY_DATA_CACHE_DIR"] = str(folder)
    settings.ACTIVITY_DATA_CACHE_DIR = folder
    yield folder
    if previous is None:
        os.environ.pop("ACTIVITY_DATA_CACHE_DIR")
    else:
        os.environ["ACTIVITY_DATA_CACHE_DIR"] = previous
