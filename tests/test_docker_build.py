"""The Dockerfile's build, performed without Docker (scripts/docker_dry_run.py), then served.

Builds the image's folder from the committed tree in a clean temporary folder, starts its
CMD (gunicorn, DJ_DEBUG=0, the database built into the image) and asks it what a browser
and a load balancer would.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def image(tmp_path_factory):
    out = tmp_path_factory.mktemp("docker")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJ_", "DJANGO_"))}
    result = subprocess.run([sys.executable, "scripts/docker_dry_run.py", str(out)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def server(image):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJ_", "DJANGO_"))}
    env.update(image["env"], PORT=str(port), WEB_CONCURRENCY="1", DJ_HTTPS="0",
               DJ_SECRET_KEY="docker-test-secret-key", DJ_ALLOWED_HOSTS="localhost")
    process = subprocess.Popen(image["cmd"], cwd=image["workdir"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            get(url, "/is_healthy/")
            break
        except OSError:
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=10)


def get(url: str, path: str, **headers):
    request = urllib.request.Request(url + path, headers={"Host": "localhost", **headers})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, response.headers, response.read()


def test_the_image_builds_its_database_and_static_files(image):
    workdir = image["workdir"]
    assert os.path.getsize(os.path.join(workdir, "db.sqlite3")) > 1_000_000
    assert os.path.exists(os.path.join(workdir, "staticfiles/staticfiles.json"))
    assert image["env"] == {"DJ_DEBUG": "0", "DJ_DB_BUILD": "0", "PORT": "8000"}


def test_the_image_is_healthy_and_answers_the_apis(server):
    assert get(server, "/is_healthy/")[::2] == (200, b"OK")
    status, headers, body = get(server, "/connectome/api/find-paths/?dataset=white_1986_whole&start=ASHL&end=AVAL")
    assert status == 200 and json.loads(body)["paths"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]


def test_pages_use_hashed_static_files_served_compressed_for_a_year(server):
    status, _, body = get(server, "/")
    assert status == 200
    stylesheet = re.search(rb'href="(/static/core/site\.[0-9a-f]{12}\.css)"', body).group(1).decode()
    status, headers, _ = get(server, stylesheet, **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in headers["Cache-Control"] and "immutable" in headers["Cache-Control"]
