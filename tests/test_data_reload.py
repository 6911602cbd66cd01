"""A database replaced under a running server (runserver, gunicorn): every API answers from the
new data or a clear 503, never a 500, an old primary key or an old label.

Database B is database A after a new import changed it: a connectome dataset and a recording
gone, a trace relabelled, new input hashes. Each server serves A, then B (the file replaced
as populate_db replaces it), then no file, then A again.
"""

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.api_examples import example_get_urls, openapi_schema
from tests.conftest import run_manage
from tests.live_server import ROOT, free_port, serve, server_env

GONE_DATASET = "white_1986_whole"
GONE_RECORDING = "dag_nwabudike_kang_2023-2022-07-26-38"
RELABELLED = "dag_nwabudike_kang_2023-2022-07-26-31"
NEW_LABEL = "RELABELLED"

CHANGE = f"""
from activity.models import GCaMPDataset, GCaMPNeuron
from connectome.models import Dataset
from core.models import ImportedData
Dataset.objects.filter(dataset_id={GONE_DATASET!r}).delete()
GCaMPDataset.objects.filter(dataset_id={GONE_RECORDING!r}).delete()
GCaMPNeuron.objects.filter(dataset__dataset_id={RELABELLED!r}, idx_neuron=1).update(neuron_name={NEW_LABEL!r})
for row in ImportedData.objects.all():
    row.sha256 = "b" * 64
    row.save()
"""


@pytest.fixture(scope="module")
def databases(built_database, tmp_path_factory) -> tuple[Path, Path]:
    """(A, B): the built database, and a copy changed as a new import would change it."""
    folder = tmp_path_factory.mktemp("reload")
    a, b = folder / "a.sqlite3", folder / "b.sqlite3"
    shutil.copy(built_database, a)
    shutil.copy(built_database, b)
    run_manage("shell", "-c", CHANGE, env={"DJ_DEBUG": "1", "DJ_DB_BUILD": "1", "DJ_DB_PATH": str(b)})
    return a, b


@pytest.fixture(scope="module")
def urls(django_db_blocker) -> list[str]:
    with django_db_blocker.unblock():
        return example_get_urls(openapi_schema())


@contextlib.contextmanager
def gunicorn(env: dict):
    """gunicorn as production runs it (gunicorn.conf.py: preload, warm-up), two workers."""
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py", "wormwideweb.wsgi"],
        cwd=ROOT, env={**env, "DJ_DB_BUILD": "0", "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if get(url, "/is_healthy/")[0] == 200:
                break
            time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


def get(base: str, path: str) -> tuple[int, str, bytes]:
    """(status, content type, body) of GET base+path; (0, "", b"") if nothing answers."""
    try:
        with urllib.request.urlopen(base + path, timeout=120) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()
    except OSError:
        return 0, "", b""


def swap(source: Path, target: Path) -> None:
    """Replace target by a copy of source in one rename, as populate_db replaces the database."""
    building = target.with_name(target.name + ".building")
    shutil.copy(source, building)
    os.replace(building, target)
    time.sleep(1.3)  # the data version looks at the file at most once a second


def answers(base: str, urls: list[str]) -> dict[str, tuple[int, str, bytes]]:
    return {url: get(base, url) for url in urls}


def label_of_trace_1(base: str) -> str:
    status, _, body = get(base, f"/activity/api/data/{RELABELLED}/traces/?n=1")
    assert status == 200, body
    return json.loads(body)["neurons"][0]["label"]


def check_serves_a(base: str, urls: list[str]) -> str:
    for url, (status, kind, body) in answers(base, urls).items():
        assert status in (200, 404) and kind.startswith(("application/json", "application/", "text/")), (url, status)
        assert status == 200 or url.endswith("/encoding/"), (url, body[:200])  # dag recordings have no CePNEM
    return json.loads(get(base, "/api/version/")[2])["data_version"]


@pytest.mark.parametrize("server", ["runserver", "gunicorn"])
def test_a_replaced_database_is_served_new_or_503_never_500(server, databases, urls, tmp_path):
    a, b = databases
    db = tmp_path / "db.sqlite3"
    shutil.copy(a, db)
    env = server_env(db)
    with (serve(env) if server == "runserver" else gunicorn(env)) as base:
        version_a = check_serves_a(base, urls)
        original_label = label_of_trace_1(base)
        assert original_label != NEW_LABEL

        swap(b, db)
        for url, (status, _, body) in answers(base, urls).items():
            assert status in (200, 404), (url, status, body[:300])
        for _ in range(6):  # each gunicorn worker
            version = json.loads(get(base, "/api/version/")[2])["data_version"]
            assert version != version_a and version.startswith("bbbbbbbbbbbb")
            assert label_of_trace_1(base) == NEW_LABEL
            status, _, body = get(base, f"/connectome/api/find-paths/?dataset={GONE_DATASET}&start=ASHL&end=AVAL")
            assert status == 404 and GONE_DATASET in json.loads(body)["error"]
            status, _, body = get(base, f"/connectome/api/available-neurons/?datasets={GONE_DATASET}")
            assert status == 404
            for path in (f"/activity/api/data/{GONE_RECORDING}/1/", f"/activity/api/data/{GONE_RECORDING}/behavior/"):
                status, _, body = get(base, path)
                assert status == 404 and "Unknown recording" in json.loads(body)["error"], path
            datasets = json.loads(get(base, "/activity/api/data/datasets/")[2])
            assert GONE_RECORDING not in {d["dataset_id"] for d in datasets}

        db.unlink()
        time.sleep(1.3)
        for url, (status, kind, body) in answers(base, urls).items():
            assert status == 503 and kind == "application/json", (url, status)
            assert "does not exist" in json.loads(body)["error"], url
        status, kind, body = get(base, "/connectome/path/")
        assert status == 503 and kind.startswith("text/html") and b"The data is not available right now" in body
        assert b"does not exist" in body
        assert get(base, "/is_healthy/")[:1] == (500,)

        swap(a, db)
        assert check_serves_a(base, urls) == version_a
        for _ in range(4):
            assert label_of_trace_1(base) == original_label
