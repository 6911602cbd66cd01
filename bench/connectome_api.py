"""Latency of the three connectome APIs, import time and worker memory.

Run by hand (`make bench`); prints figures, asserts nothing. What it does:

1. Builds a fresh database with `populate_db` and reports the import + precompute time.
2. Starts the production server (gunicorn with gunicorn.conf.py, one worker, DJ_DEBUG=0,
   read-only database) on a free loopback port, and waits until its worker is ready.
3. Cold: restarts the server before each of a few first requests and times that request.
4. Warm: sends the fixed query set below, once to fill the
   caches, then ROUNDS more times, and prints median and p95 round-trip times per API
   (the sync workers close each connection: http.client opens a new one per request).
5. Prints the worker's resident memory after all queries.

The queries are realistic: dozens of sensory->motor neuron pairs and neuron/class
selections over several datasets, as the explorer and path-finder pages send them.
"""

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

DATASET_SETS = [
    ["white_1986_whole"],
    ["cook_jarrell_2019_h"],
    ["witvliet_2020_7", "witvliet_2020_8"],
    ["white_1986_whole", "cook_jarrell_2019_h", "witvliet_2020_8"],
    [f"witvliet_2020_{i}" for i in range(1, 9)],
    ["cook_jarrell_2019_m"],
    ["white_1986_jsh", "white_1986_n2u"],
    ["cook_2020"],
]
SELECTIONS = [
    # (neurons, classes, show_individual_neuron, show_connected_neuron)
    ([], ["AVA", "RIM"], False, False),
    ([], ["AVA", "AVB", "AVD", "AVE", "PVC"], False, True),
    (["ASHL", "ASHR"], ["AVA", "AIB", "RIM"], False, False),
    ([], ["ASH", "AWC", "AIY", "AIZ", "RIA", "RIB", "AVA", "AVB", "SMD", "RMD"], True, False),
    (["AVAL"], ["AVB", "RIM", "AVD"], False, True),
    ([], ["ADL", "ASK", "AWB", "AIA", "AIB", "AIZ", "RIS", "RIG", "AVA", "AVE",
          "AVD", "PVC", "AVB", "RIM", "SAA", "SMB", "SMD", "RMD", "URY", "OLQ"], False, False),
]
PATHS = [
    # (dataset, start, end, class)
    ("white_1986_whole", "ASHL", "AVAL", False),
    ("white_1986_whole", "AWCL", "AVBL", False),
    ("white_1986_whole", "ALML", "VA08", False),
    ("white_1986_whole", "PLML", "DB03", False),
    ("white_1986_whole", "ASKR", "RMDVL", False),
    ("white_1986_whole", "ADLL", "AVAR", False),
    ("white_1986_whole", "AWBL", "SMDDR", False),
    ("white_1986_whole", "ASEL", "AIYL", False),
    ("cook_jarrell_2019_h", "ASHL", "AVAL", False),
    ("cook_jarrell_2019_h", "AFDL", "AIYL", False),
    ("cook_jarrell_2019_h", "ASHR", "DA01", False),
    ("cook_jarrell_2019_h", "AWAL", "SMBDL", False),
    ("cook_jarrell_2019_h", "PHAL", "AVAR", False),
    ("cook_jarrell_2019_h", "IL2DL", "RMDDR", False),
    ("cook_jarrell_2019_m", "ASHL", "AVAL", False),
    ("cook_jarrell_2019_m", "ALML", "VB02", False),
    ("witvliet_2020_8", "ASHL", "AVAL", False),
    ("witvliet_2020_8", "AWCR", "AIBL", False),
    ("witvliet_2020_8", "ASH", "AVA", True),
    ("witvliet_2020_8", "AWC", "RIM", True),
    ("witvliet_2020_1", "ASJL", "AVAL", False),
    ("white_1986_whole", "ASH", "AVA", True),
    ("white_1986_whole", "AWC", "SMD", True),
    ("white_1986_whole", "ALM", "VA", True),
    ("cook_jarrell_2019_h", "ASH", "VB", True),
    ("cook_jarrell_2019_h", "IL2", "RMD", True),
    ("cook_2020", "I1L", "M4", False),
    ("white_1986_jsh", "ASHL", "AVAL", False),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def requests() -> dict[str, list[tuple[str, str, bytes | None]]]:
    """The fixed query set: {api: [(method, path, body)]}."""
    available = [
        ("GET", "/connectome/api/available-neurons/?datasets=" + ",".join(ids), None)
        for ids in DATASET_SETS
    ]
    edges = [
        (
            "POST",
            "/connectome/api/get-edges/",
            json.dumps(
                {"datasets": ids, "neurons": neurons, "classes": classes,
                 "show_individual_neuron": individual, "show_connected_neuron": connected}
            ).encode(),
        )
        for ids in DATASET_SETS[:5]
        for neurons, classes, individual, connected in SELECTIONS
    ]
    paths = [
        (
            "GET",
            "/connectome/api/find-paths/?"
            + urllib.parse.urlencode(
                {"dataset": ds, "start": a, "end": b, "class": str(c).lower(), "weighted": w,
                 "gap_junction": g}
            ),
            None,
        )
        for ds, a, b, c in PATHS
        for w, g in (("false", "true"), ("true", "true"))
    ]
    return {"available-neurons": available, "get-edges": edges, "find-paths": paths}


class Server:
    """gunicorn serving the database read-only, one worker, DEBUG off."""

    def __init__(self, db: Path):
        self.port = free_port()
        env = {
            **os.environ,
            "DJ_DEBUG": "0", "DJ_HTTPS": "0", "DJ_DB_BUILD": "0", "DJ_DB_PATH": str(db),
            "DJ_SECRET_KEY": "bench-only", "DJ_ALLOWED_HOSTS": "127.0.0.1",
            "WEB_CONCURRENCY": "1",
        }
        env.pop("DJ_USE_REDIS", None)
        self.process = subprocess.Popen(
            [str(Path(PYTHON).with_name("gunicorn")), "-c", "gunicorn.conf.py",
             "--bind", f"127.0.0.1:{self.port}", "wormwideweb.wsgi"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        self.wait_until_ready()

    def wait_until_ready(self):
        """Wait for the worker's "ready" line (gunicorn.conf.py's post_worker_init)."""
        for line in self.process.stderr:
            if "ready" in line:
                threading.Thread(target=self.process.stderr.read, daemon=True).start()
                return
        raise SystemExit("gunicorn did not start")

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port)

    def worker_rss_mb(self) -> float:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        status = Path(f"/proc/{children[0]}/status").read_text()
        kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
        return kb / 1024

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=10)


def round_trip(conn: http.client.HTTPConnection, method: str, path: str, body: bytes | None) -> float:
    """Seconds from sending the request to having read the whole answer (status must be 200)."""
    headers = {"Content-Type": "application/json"} if body else {}
    started = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise SystemExit(f"{method} {path} answered {response.status}")
    return elapsed


def timed_command(env: dict, command: str) -> float:
    """Seconds that `manage.py <command>` takes, start-up included."""
    started = time.perf_counter()
    subprocess.run([PYTHON, "manage.py", command, "-v", "0"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="warm passes over the query set")
    parser.add_argument("--cold", type=int, default=5, help="server restarts per API for cold figures")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "db.sqlite3"
        build_env = {**os.environ, "DJ_DEBUG": "1", "DJ_DB_BUILD": "1", "DJ_DB_PATH": str(db)}
        build = timed_command(build_env, "populate_db")
        import_s = timed_command(build_env, "init_data_connectome")
        precompute_s = timed_command(build_env, "init_data_graph_precompute")
        print("build (each a whole manage.py process, Django start-up included):")
        print(f"  populate_db (migrate + import + precompute) {build:.2f} s")
        print(f"  init_data_connectome {import_s:.2f} s + init_data_graph_precompute {precompute_s:.2f} s"
              f" = {import_s + precompute_s:.2f} s")

        queries = requests()
        print(f"\ncold: first request after a server start, {args.cold} starts per API")
        for api, items in queries.items():
            times = []
            for i in range(args.cold):
                server = Server(db)
                try:
                    times.append(round_trip(server.connection(), *items[i % len(items)]))
                finally:
                    server.stop()
            print(f"  {api:<18} median {statistics.median(times) * 1000:7.2f} ms   max {max(times) * 1000:7.2f} ms")

        server = Server(db)
        try:
            conn = server.connection()
            for items in queries.values():
                for item in items:
                    round_trip(conn, *item)
            print(f"\nwarm: {args.rounds} rounds after one filling pass, a new connection per request")
            for api, items in queries.items():
                times = [round_trip(conn, *item) for _ in range(args.rounds) for item in items]
                print(
                    f"  {api:<18} {len(items):3} queries  median {statistics.median(times) * 1000:6.3f} ms"
                    f"   p95 {percentile(times, 95) * 1000:6.3f} ms"
                )
            print(f"\nworker resident memory after all queries: {server.worker_rss_mb():.0f} MB")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
