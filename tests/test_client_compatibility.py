"""Scripts written against wormwideweb.org, run against our server: what its public clients do.

A production server (gunicorn, gunicorn.conf.py, DEBUG off) on the database populate_db built,
with the downloads populate_db prepared. Each recording listed by `datasets/` is downloaded
and read as the live site's clients read it: `bz2.decompress` + `json.loads` in Python, and
`curl | bunzip2` in a shell; a paper's archive with `curl | tar -xj`.
"""

import bz2
import contextlib
import hashlib
import io
import json
import os
import re
import socket
import subprocess
import sys
import tarfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

GUNICORN = Path(sys.executable).with_name("gunicorn")
CHANNELS = ("velocity", "head_angle", "angular_velocity", "pumping")


@contextlib.contextmanager
def gunicorn(database: Path, **env):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJ_")},
        "DJ_DEBUG": "0", "DJ_HTTPS": "0", "DJ_DB_BUILD": "0", "DJ_DB_PATH": str(database),
        "DJ_SECRET_KEY": "compatibility-tests-only", "DJ_ALLOWED_HOSTS": "127.0.0.1", "WEB_CONCURRENCY": "2", **env,
    }
    server = subprocess.Popen(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "wormwideweb.wsgi"],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{url}/is_healthy/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="module")
def server(built_database):
    with gunicorn(built_database) as url:
        yield url


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        assert response.status == 200
        return response.read()


def check_bundle(bundle: dict, dataset: dict) -> None:
    """What a client of the live site relies on."""
    metadata, timing, gcamp = bundle["metadata"], bundle["timing"], bundle["gcamp"]
    behavior = bundle.get("behavior", {})
    assert isinstance(behavior, dict)
    assert metadata["uid"] == dataset["dataset_name"] and metadata["paper_id"] == dataset["paper_id"]
    assert metadata["n_neuron"] == len(gcamp["trace_array"]) == dataset["n_neuron"]
    n_frames = timing["max_t"]
    assert n_frames == dataset["max_t"] and {len(trace) for trace in gcamp["trace_array"]} == {n_frames}
    assert len(timing["timestamp_confocal"]) == n_frames
    assert all(b > a for a, b in zip(timing["timestamp_confocal"], timing["timestamp_confocal"][1:], strict=False))
    assert timing["mean_timestep"] > 0
    for name in CHANNELS:
        if name in behavior:
            assert len(behavior[name]) == n_frames, name
    assert all(1 <= start <= end <= n_frames for start, end in behavior["reversal_events"])
    if "trace_array_original" in gcamp:
        assert len(gcamp["trace_array_original"]) == metadata["n_neuron"]
    assert re.fullmatch(r"[0-9a-f]{64}", metadata["checksum_h5"])
    assert all(1 <= int(key) <= metadata["n_neuron"] for key in bundle["label"])
    assert len(bundle["label"]) == dataset["n_labeled"]


def test_every_recording_downloads_as_bzip2_json_a_python_client_reads(server):
    datasets = json.loads(get(f"{server}/activity/api/data/datasets/"))
    assert len(datasets) == 9
    for dataset in datasets:
        body = get(f"{server}/activity/api/data/download/{dataset['dataset_id']}/")
        check_bundle(json.loads(bz2.decompress(body)), dataset)
        if not dataset["has_behavior"]:  # the behaviour object is there, with nothing measured in it
            behavior = json.loads(bz2.decompress(body))["behavior"]
            assert all(value is None for name in CHANNELS if name in behavior for value in behavior[name])


def test_every_recording_reads_with_curl_and_bunzip2(server):
    datasets = json.loads(get(f"{server}/activity/api/data/datasets/"))
    for dataset in datasets:
        url = f"{server}/activity/api/data/download/{dataset['dataset_id']}/"
        shell = subprocess.run(["bash", "-o", "pipefail", "-c", f"curl -sSf '{url}' | bunzip2"],
                               capture_output=True, check=True)
        check_bundle(json.loads(shell.stdout), dataset)


def test_a_paper_archive_extracts_with_curl_and_tar(server, tmp_path):
    datasets = [d for d in json.loads(get(f"{server}/activity/api/data/datasets/"))
                if d["paper_id"] == "dag_nwabudike_kang_2023"]
    url = f"{server}/activity/api/data/download/paper/dag_nwabudike_kang_2023/"
    subprocess.run(["bash", "-o", "pipefail", "-c", f"curl -sSf '{url}' | tar -xjf - -C '{tmp_path}'"], check=True)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == sorted(f"dag_nwabudike_kang_2023_{d['dataset_name']}.json" for d in datasets)
    for dataset in datasets:
        check_bundle(json.loads((tmp_path / f"dag_nwabudike_kang_2023_{dataset['dataset_name']}.json").read_text()),
                     dataset)


def test_concurrent_first_requests_to_two_workers_get_one_archive(built_database, tmp_path):
    """An empty download folder (populate_db's files removed): four clients ask at once for a
    paper archive, served by two worker processes; every one gets the same complete archive."""
    with gunicorn(built_database, ACTIVITY_DATA_CACHE_DIR=str(tmp_path / "downloads")) as url:
        bodies = []

        def ask():
            bodies.append(get(f"{url}/activity/api/data/download/paper/dag_nwabudike_kang_2023/"))

        threads = [threading.Thread(target=ask) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(bodies) == 4 and len({hashlib.sha256(b).hexdigest() for b in bodies}) == 1
    archive = tarfile.open(fileobj=io.BytesIO(bodies[0]), mode="r:bz2")
    assert len(archive.getnames()) == 8
    assert not list((tmp_path / "downloads").rglob("*.partial"))
