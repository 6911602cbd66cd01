"""The answer cache: versioned keys, and Redis (a real redis-server) as the shared cache."""

import logging
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from connectome.importer import read_connectome, write_connectome
from core.cache import data_version
from tests.fixture_data import chem, write_data

pytestmark = pytest.mark.django_db
URL = "/connectome/api/available-neurons/?datasets=white_1986_whole"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis() -> tuple[subprocess.Popen, int]:
    """A private redis-server on a free port (the Debian package `make test` installs)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is missing: `make test` installs Debian's redis-server package")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    return process, port


@pytest.fixture(scope="module")
def redis_server():
    process, port = start_redis()
    yield process, port
    process.terminate()
    process.wait(timeout=10)


def redis_settings(port: int) -> dict:
    """The settings DJ_USE_REDIS=1 gives, pointed at `port`."""
    return {**settings.REDIS_CACHE, "LOCATION": f"redis://127.0.0.1:{port}/0"}


@pytest.fixture
def use_redis(redis_server):
    process, port = redis_server
    redis.Redis(port=port).flushall()
    with override_settings(CACHES={"default": redis_settings(port)}):
        yield redis.Redis(port=port)


def test_keys_carry_the_cache_version_label_and_the_data_version(client, use_redis):
    assert client.get(URL).status_code == 200
    keys = [k.decode() for k in use_redis.keys("*")]
    assert len(keys) == 1
    assert f":{settings.CACHE_VERSION_LABEL}:{data_version()}:" in keys[0]


def test_a_cached_answer_is_served_from_redis(client, use_redis, monkeypatch):
    first = client.get(URL).json()

    def not_called(*args):
        raise AssertionError("the answer should come from the cache")

    monkeypatch.setattr("connectome.edges.available_neurons", not_called)
    assert client.get(URL).json() == first


def test_a_new_import_is_never_answered_from_the_old_cache(
    client, use_redis, tmp_path, django_capture_on_commit_callbacks
):
    url = "/connectome/api/available-neurons/?datasets=d"
    for folder, records, expected in [
        ("a", [chem("AVAL", "AVBL", 1)], ["AVAL", "AVBL"]),
        ("b", [chem("ASHL", "AVAL", 1)], ["ASHL", "AVAL"]),
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            write_connectome(read_connectome(write_data(tmp_path / folder, {"d": records})))
        assert sorted(client.get(url).json()["neurons"]) == expected
    assert len(use_redis.keys("*")) == 2


def test_redis_stopped_while_serving(client, caplog):
    process, port = start_redis()
    try:
        with override_settings(CACHES={"default": redis_settings(port)}):
            first = client.get(URL).json()
            assert redis.Redis(port=port).dbsize() == 1
            process.terminate()
            process.wait(timeout=10)
            with caplog.at_level(logging.WARNING):
                again = client.get(URL)
                other = client.get("/connectome/api/available-neurons/?datasets=cook_2020")
    finally:
        process.kill()
    assert again.status_code == 200 and again.json() == first
    assert other.status_code == 200 and "I1L" in other.json()["neurons"]
    assert_outage_logged(caplog)


def assert_outage_logged(caplog):
    """One warning line per failed cache operation, without a traceback."""
    records = [r for r in caplog.records if r.name == "django_redis.cache"]
    assert records
    for record in records:
        assert record.levelname == "WARNING" and record.exc_info is None
        assert record.getMessage().startswith(
            "Redis cache unavailable, answering from the database: Redis ConnectionError"
        )


def test_redis_going_away_is_logged_and_answers_come_from_the_database(client, caplog):
    port = free_port()  # nothing listens here
    with override_settings(CACHES={"default": redis_settings(port)}):
        with caplog.at_level(logging.WARNING):
            response = client.get(URL)
    assert response.status_code == 200
    assert "AVAL" in response.json()["neurons"]
    assert_outage_logged(caplog)


def test_in_memory_cache_by_default():
    assert settings.CACHES["default"]["BACKEND"] == "core.cache.BoundedMemoryCache"
    assert settings.CACHES["default"]["OPTIONS"]["MAX_BYTES"] == 64 * 1024 * 1024  # DJ_MEMORY_CACHE_MB unset
    cache.set("k", "v")
    assert cache.get("k") == "v"
