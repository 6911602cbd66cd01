"""The Python client's tests: against live servers of this project on the real bundled data,
and small fake servers started by the tests for what a real server should never do.

The Django project is a package named `wormwideweb` too, so in this test process the client
is imported from its source under the name `wormwideweb_client`; `test_client_wheel.py`
installs the built wheel into a fresh virtualenv and imports it by its real name there.
"""

import importlib.util
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CLIENT_SOURCE = ROOT / "clients/python/src/wormwideweb"
if str(ROOT) not in sys.path:  # `tests.live_server`, whichever way pytest was started
    sys.path.insert(0, str(ROOT))

from tests.live_server import build_database, encoding_data_tree, serve, server_env  # noqa: E402


def _load_client():
    spec = importlib.util.spec_from_file_location(
        "wormwideweb_client", CLIENT_SOURCE / "__init__.py", submodule_search_locations=[str(CLIENT_SOURCE)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["wormwideweb_client"] = module
    spec.loader.exec_module(module)
    return module


wormwideweb_client = _load_client()


@pytest.fixture(scope="session")
def live_env(tmp_path_factory) -> dict:
    """The environment of a server on a database built from the bundled data."""
    env = server_env(tmp_path_factory.mktemp("client-db") / "db.sqlite3")
    build_database(env)
    return env


@pytest.fixture(scope="session")
def live_url(live_env):
    with serve(live_env) as url:
        yield url


@pytest.fixture(scope="session")
def encoding_url(tmp_path_factory):
    """A server whose one recording (a small seeded fixture) has a CePNEM encoding block."""
    root = encoding_data_tree(tmp_path_factory.mktemp("client-encoding-data"))
    env = server_env(tmp_path_factory.mktemp("client-encoding-db") / "db.sqlite3", data_dir=root)
    build_database(env, data_dir=root)
    with serve(env) as url:
        yield url


@pytest.fixture
def ww(live_url):
    """A client of the live server, without disk cache; quick to give up on network errors."""
    return wormwideweb_client.Client(live_url, retries=1, backoff=0.01)


class FakeServer:
    """An HTTP server that answers from a script: each request takes the next step, the last
    step repeats. A step is (status, body, headers) or "drop" (close without answering).
    `requests` records (method, path, headers) of every request."""

    def __init__(self):
        self.steps: list = [(200, {}, {})]
        self.requests: list[tuple[str, str, dict]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self):
                fake.requests.append((self.command, self.path, dict(self.headers)))
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                step = fake.steps.pop(0) if len(fake.steps) > 1 else fake.steps[0]
                if step == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                status, body, headers = step
                content = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", headers.pop("Content-Type", "application/json"))
                self.send_header("Content-Length", str(len(content)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def script(self, *steps):
        self.steps = [s if s == "drop" else (s[0], s[1], dict(s[2]) if len(s) > 2 else {}) for s in steps]
        self.requests.clear()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_server():
    server = FakeServer()
    yield server
    server.close()
