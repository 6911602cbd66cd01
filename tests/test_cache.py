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


def test_a_new_code_version_never_reads_the_old_redis_keys(client, use_redis, monkeypatch):
    """A deploy that changes the code (same data) builds every answer again under new keys."""
    from connectome import edges

    built = []
    real = edges.available_neurons
    monkeypatch.setattr("connectome.edges.available_neurons", lambda ids: built.append(ids) or real(ids))
    first = client.get(URL)
    assert client.get(URL).json() == first.json() and len(built) == 1  # the second from Redis
    old_keys = {k.decode() for k in use_redis.keys("*")}
    monkeypatch.setattr("core.cache.code_version", lambda: "0.1.0-gnewcommit-snewsource")
    monkeypatch.setattr("core.api.code_version", lambda: "0.1.0-gnewcommit-snewsource")
    again = client.get(URL)
    assert again.status_code == 200 and len(built) == 2  # built again, not read from the old key
    new_keys = {k.decode() for k in use_redis.keys("*")} - old_keys
    assert len(new_keys) == 1 and ":0.1.0-gnewcommit-snewsource:" in new_keys.pop()
    assert again["ETag"] != first["ETag"]


def test_the_etag_follows_the_request_and_if_none_match_gives_304(client):
    first = client.get(URL)
    tag = first["ETag"]
    assert tag.startswith('W/"') and first["Cache-Control"] == "public, max-age=300, must-revalidate"
    assert client.get("/connectome/api/available-neurons/?datasets=cook_2020")["ETag"] != tag
    for header in (tag, tag.removeprefix("W/"), f'"other", {tag}', "*"):
        again = client.get(URL, HTTP_IF_NONE_MATCH=header)
        assert again.status_code == 304 and again.content == b"" and again["ETag"] == tag
        assert again["Cache-Control"] == first["Cache-Control"]
    assert client.get(URL, HTTP_IF_NONE_MATCH='W/"other"').status_code == 200


def test_a_new_import_changes_the_etag(client, tmp_path, django_capture_on_commit_callbacks):
    url = "/connectome/api/available-neurons/?datasets=d"
    tags = []
    for folder, records in [("a", [chem("AVAL", "AVBL", 1)]), ("b", [chem("ASHL", "AVAL", 1)])]:
        with django_capture_on_commit_callbacks(execute=True):
            write_connectome(read_connectome(write_data(tmp_path / folder, {"d": records})))
        tags.append(client.get(url)["ETag"])
    assert tags[0] != tags[1]
    assert client.get(url, HTTP_IF_NONE_MATCH=tags[0]).status_code == 200  # the old copy is stale


def test_reordered_and_repeated_indices_share_one_cached_answer(client):
    from core.cache import BoundedMemoryCache

    base = "/activity/api/data/dag_nwabudike_kang_2023-2022-07-26-31"
    answers = [client.get(f"{base}/traces/", {"n": n}) for n in ("3,1,2", "1-2-3", "2,3,1,3,1")]
    assert len({a.content for a in answers}) == 1 and len({a["ETag"] for a in answers}) == 1
    correlations = [client.get(f"{base}/correlation/", {"n": n}) for n in ("5,1", "1-5-5")]
    assert correlations[0].content == correlations[1].content
    from django.core.cache import caches

    memory = caches["default"]
    assert isinstance(memory, BoundedMemoryCache)
    assert len(memory._cache) == 2, "one traces answer and one correlation answer"


def bounded(max_bytes: int):
    from core.cache import BoundedMemoryCache

    options = {"MAX_BYTES": max_bytes, "MAX_ENTRIES": 10**6}
    memory = BoundedMemoryCache(f"bounded-test-{max_bytes}", {"OPTIONS": options})
    memory.clear()
    return memory


def stored_size(memory, key: str) -> int:
    return memory._size[memory.make_key(key)]


def test_the_memory_cache_holds_at_most_its_bytes_least_recently_used_out_first():
    memory = bounded(100_000)
    for i in range(50):
        memory.set(f"k{i}", bytes(9_000))
        assert memory.total_bytes <= 100_000
    assert 9 <= len(memory._cache) <= 11  # about 100 KB of 9 KB values (plus pickling overhead)
    assert memory.get("k49") is not None and memory.get("k0") is None
    first_kept = min(int(k.rsplit("k", 1)[1]) for k in memory._cache)
    memory.get(f"k{first_kept}")  # used: now the most recent
    memory.set("new", bytes(9_000))
    assert memory.get(f"k{first_kept}") is not None and memory.get(f"k{first_kept + 1}") is None
    assert memory.total_bytes == sum(len(v) for v in memory._cache.values()) <= 100_000


def test_a_value_larger_than_the_bound_is_not_kept_and_replacing_a_value_counts_once():
    memory = bounded(10_000)
    memory.set("small", bytes(1_000))
    memory.set("huge", bytes(20_000))
    assert memory.get("huge") is None and memory.get("small") is not None
    memory.set("small", bytes(2_000))
    assert memory.total_bytes == stored_size(memory, "small") < 2_100
    memory.delete("small")
    assert memory.total_bytes == 0
    memory.set("a", bytes(500))
    memory.clear()
    assert memory.total_bytes == 0 and memory.get("a") is None


def test_answers_through_the_api_stay_within_dj_memory_cache_mb(client):
    """Many different traces answers (20 traces, about 100 KB gzipped each) in a 1 MB cache: it
    never holds more than 1 MB, and evicts to stay so."""
    limit = 1024 * 1024
    config = {**settings.CACHES["default"], "OPTIONS": {"MAX_BYTES": limit, "MAX_ENTRIES": 100_000}}
    with override_settings(CACHES={"default": config}):
        from django.core.cache import caches

        memory = caches["default"]
        memory.clear()
        base = "/activity/api/data/dag_nwabudike_kang_2023-2022-07-26-31/traces/"
        for i in range(1, 60):
            assert client.get(base, {"n": ",".join(str(j) for j in range(i, i + 20))}).status_code == 200
            assert memory.total_bytes <= limit
        assert sum(len(v) for v in memory._cache.values()) == memory.total_bytes
        assert memory.total_bytes > limit // 2  # it filled up, then evicted
        assert len(memory._cache) < 59
