"""What the benchmark scripts share: the production server on loopback and timed requests."""

import gzip
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_database(folder: Path) -> Path:
    """A fresh database built from the bundled data by populate_db, in folder."""
    db = folder / "db.sqlite3"
    subprocess.run([sys.executable, "manage.py", "populate_db", "-v", "0"], cwd=ROOT, check=True,
                   env={**_base_env(), "DJ_DEBUG": "1", "DJ_DB_BUILD": "1", "DJ_DB_PATH": str(db)},
                   stdout=subprocess.DEVNULL)
    return db


def collect_static(folder: Path) -> Path:
    """The production static files (hashed, gzipped) collected into folder/static; start the
    Server with DJ_STATIC_ROOT set to it."""
    static_root = folder / "static"
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, check=True,
                   env={**_base_env(), "DJ_DEBUG": "0", "DJ_SECRET_KEY": "bench-only",
                        "DJ_ALLOWED_HOSTS": "127.0.0.1", "DJ_STATIC_ROOT": str(static_root)})
    return static_root


def _base_env() -> dict:
    """This process's environment without any DJ_ setting."""
    return {k: v for k, v in os.environ.items() if not k.startswith("DJ_")}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Server:
    """gunicorn with gunicorn.conf.py on loopback: DEBUG off, plain HTTP, the database read-only.

    `workers` defaults to gunicorn.conf.py's (2 x cores + 1). The server is ready when every
    worker has warmed up (its "ready" line from post_worker_init).
    """

    def __init__(self, db: Path, workers: int | None = None, port: int | None = None, **env):
        self.port = port or free_port()
        self.workers = workers or 2 * len(os.sched_getaffinity(0)) + 1
        environment = {
            **_base_env(),
            "DJ_DEBUG": "0", "DJ_HTTPS": "0", "DJ_DB_BUILD": "0", "DJ_DB_PATH": str(db),
            "DJ_SECRET_KEY": "bench-only", "DJ_ALLOWED_HOSTS": "127.0.0.1",
            "WEB_CONCURRENCY": str(self.workers), **env,
        }
        self.process = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}", "wormwideweb.wsgi"],
            cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        ready = 0
        for line in self.process.stderr:
            ready += "ready" in line
            if ready == self.workers:
                threading.Thread(target=self.process.stderr.read, daemon=True).start()
                return
        raise SystemExit("gunicorn did not start")

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes, float]:
        """(status, body, seconds) of one round trip on a new connection, as the sync worker closes
        it. Like a browser, it accepts gzip: `body` may be gzipped (see Content-Encoding)."""
        headers = {"Accept-Encoding": "gzip", **({"Content-Type": "application/json"} if body else {})}
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        connection.close()
        return response.status, content, time.perf_counter() - started

    def get(self, path: str) -> tuple[int, bytes, float]:
        return self.request("GET", path)

    def get_json(self, path: str):
        """The decoded JSON answer of GET path."""
        status, body, _ = self.get(path)
        if status != 200:
            raise SystemExit(f"GET {path} answered {status}")
        return json.loads(gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body)

    def worker_rss_mb(self, field: str = "VmRSS") -> float:
        """Resident memory of the first worker (`VmHWM`: its peak so far)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        status = Path(f"/proc/{children[0]}/status").read_text()
        kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith(field))
        return kb / 1024

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)  # a loaded machine may take more than 10 s
