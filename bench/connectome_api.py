"""Latency of the three connectome APIs, import time and worker memory.

Run by hand (`make bench`); prints figures, asserts nothing. What it does:

1. Builds a fresh database with `populate_db`, then times the connectome import and
   precompute again in one process (as populate_db runs them), start-up included.
2. Starts the production server (gunicorn with gunicorn.conf.py, one worker, DJ_DEBUG=0,
   read-only database) on a free loopback port, and waits until its worker is ready.
3. Cold: restarts the server before each of a few first requests and times that request.
4. Warm: sends the fixed query set below, once to fill the
   caches, then ROUNDS more times, and prints median and p95 round-trip times per API
   (the sync workers close each connection: http.client opens a new one per request).
5. Prints the worker's resident memory after all queries.
6. Start to ready and the first find-paths of each dataset (`cold_start`): a fresh server
   (one worker) per start, timed from launching gunicorn to its worker's "ready" line, then
   one find-paths per dataset, each the first of its dataset in that worker.
7. Throughput (`throughput`): `wrk -c8` (Debian's `wrk`; `apt-get install wrk`) for 10 s on a
   cached find-paths answer, one sync worker.
8. Uncached (`uncached()`, also alone with `--uncached-only`): the same query set against a
   server whose answer cache is off (bench/uncached_settings.py), so every request is computed
   as the first ask of a query is; median and p95 round trips per API, and the worker's CPU
   time per request (from /proc), beside the same figures for the warm server.

The queries are realistic: dozens of sensory->motor neuron pairs and neuron/class
selections over several datasets, as the explorer and path-finder pages send them.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from serving import ROOT, Server, percentile

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


def round_trip(server: Server, method: str, path: str, body: bytes | None) -> float:
    """Seconds from sending the request to having read the whole answer (status must be 200)."""
    status, _, seconds = server.request(method, path, body)
    if status != 200:
        raise SystemExit(f"{method} {path} answered {status}")
    return seconds


def timed_command(env: dict, *args: str) -> float:
    """Seconds that `manage.py <args>` takes, start-up included."""
    started = time.perf_counter()
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


# The connectome import and precompute in one process, each step timed inside it.
IMPORT_AND_PRECOMPUTE = """
import io, time
from django.core.management import call_command
for step in ("init_data_connectome", "init_data_graph_precompute"):
    started = time.perf_counter()
    call_command(step, verbosity=0, stdout=io.StringIO())
    print(f"{step} {time.perf_counter() - started:.2f}")
"""


# Each dataset's first find-paths in a fresh worker: a pair present in it (neurons, then classes).
FIRST_PATHS = {
    "white_1986_whole": ("ASHL", "AVAL"), "white_1986_jsh": ("ASHL", "AVAL"), "white_1986_n2u": ("ASHL", "AVAL"),
    "white_1986_jse": ("AVAL", "AVAR"), "cook_jarrell_2019_h": ("ASHL", "AVAL"),
    "cook_jarrell_2019_m": ("ASHL", "AVAL"), "cook_2020": ("I1L", "M4"),
    **{f"witvliet_2020_{i}": ("ASHL", "AVAL") for i in range(1, 9)},
}


def cold_start(db: Path, starts: int) -> None:
    """Start to ready of a one-worker gunicorn, and the first find-paths of each dataset after it."""
    ready, first = [], {}
    for _ in range(starts):
        started = time.perf_counter()
        server = Server(db, workers=1)
        ready.append(time.perf_counter() - started)
        try:
            for dataset, (a, b) in FIRST_PATHS.items():
                query = urllib.parse.urlencode({"dataset": dataset, "start": a, "end": b})
                path = f"/connectome/api/find-paths/?{query}"
                status, _, seconds = server.request("GET", path)
                if status != 200:
                    raise SystemExit(f"GET {path} answered {status}")
                first.setdefault(dataset, []).append(seconds)
        finally:
            server.stop()
    print(f"\ncold start, {starts} starts of one worker:")
    print(f"  start to ready   median {statistics.median(ready) * 1000:7.1f} ms   max {max(ready) * 1000:7.1f} ms")
    medians = {d: statistics.median(t) for d, t in first.items()}
    slowest = max(medians, key=medians.get)
    print(f"  first find-paths of each dataset ({len(medians)} datasets): median of the medians "
          f"{statistics.median(medians.values()) * 1000:.2f} ms, slowest {slowest} {medians[slowest] * 1000:.2f} ms")


def throughput(db: Path, seconds: int = 10) -> None:
    """find-paths requests per second with wrk -c8 on one sync worker (a cached answer)."""
    wrk = shutil.which("wrk")
    if wrk is None:
        print("\nthroughput: wrk is not installed (apt-get install wrk); skipped")
        return
    server = Server(db, workers=1)
    try:
        path = "/connectome/api/find-paths/?dataset=white_1986_whole&start=ASHL&end=AVAL"
        server.request("GET", path)
        out = subprocess.run([wrk, "-t2", "-c8", f"-d{seconds}s", f"http://127.0.0.1:{server.port}{path}"],
                             check=True, capture_output=True, text=True).stdout
    finally:
        server.stop()
    rate = next(line for line in out.splitlines() if line.startswith("Requests/sec"))
    errors = [line.strip() for line in out.splitlines() if "Non-2xx" in line or "Socket errors" in line]
    print(f"\nthroughput, wrk -t2 -c8 -d{seconds}s, one sync worker, find-paths: {rate.split()[-1]} requests/s"
          + (f" ({'; '.join(errors)})" if errors else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="warm passes over the query set")
    parser.add_argument("--cold", type=int, default=5, help="server restarts per API for cold figures")
    parser.add_argument("--db", type=Path, help="serve this database instead of building one (only steps 6 and 7)")
    parser.add_argument("--uncached-only", action="store_true",
                        help="only the warm and uncached figures (step 8; build once, no cold starts)")
    args = parser.parse_args()
    if args.db:
        cold_start(args.db.resolve(), args.cold)
        throughput(args.db.resolve())
        return
    if args.uncached_only:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "db.sqlite3"
            timed_command({**os.environ, "DJ_DEBUG": "1", "DJ_DB_BUILD": "1", "DJ_DB_PATH": str(db)},
                          "populate_db", "-v", "0")
            uncached(db, args.rounds)
        return

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "db.sqlite3"
        build_env = {**os.environ, "DJ_DEBUG": "1", "DJ_DB_BUILD": "1", "DJ_DB_PATH": str(db)}
        build = timed_command(build_env, "populate_db", "-v", "0")
        started = time.perf_counter()
        steps = subprocess.run([PYTHON, "manage.py", "shell", "--no-imports", "-c", IMPORT_AND_PRECOMPUTE],
                               cwd=ROOT, env=build_env, check=True, capture_output=True, text=True).stdout
        both = time.perf_counter() - started
        print("build:")
        print(f"  populate_db (the whole build: migrate, connectome, activity), one process: {build:.2f} s")
        inside = [line for line in steps.splitlines() if line.startswith("init_data")]
        print(f"  connectome import + precompute, one process with start-up: {both:.2f} s "
              f"(inside it: {' s, '.join(inside)} s)")

        queries = requests()
        print(f"\ncold: first request after a server start, {args.cold} starts per API")
        for api, items in queries.items():
            times = []
            for i in range(args.cold):
                server = Server(db, workers=1)
                try:
                    times.append(round_trip(server, *items[i % len(items)]))
                finally:
                    server.stop()
            print(f"  {api:<18} median {statistics.median(times) * 1000:7.2f} ms   max {max(times) * 1000:7.2f} ms")

        server = Server(db, workers=1)
        try:
            for items in queries.values():
                for item in items:
                    round_trip(server, *item)
            print(f"\nwarm: {args.rounds} rounds after one filling pass, a new connection per request")
            for api, items in queries.items():
                times = [round_trip(server, *item) for _ in range(args.rounds) for item in items]
                print(
                    f"  {api:<18} {len(items):3} queries  median {statistics.median(times) * 1000:6.3f} ms"
                    f"   p95 {percentile(times, 95) * 1000:6.3f} ms"
                )
            print(f"\nworker resident memory after all queries: {server.worker_rss_mb():.0f} MB")
        finally:
            server.stop()
        cold_start(db, args.cold)
        throughput(db)
        uncached(db, args.rounds)


def uncached(db: Path, rounds: int) -> None:
    """Round trips and worker CPU per request, warm (every answer cached) and uncached (cache
    off: every answer computed), on one sync worker."""
    queries = requests()
    print(f"\nwarm and uncached: {rounds} rounds, one sync worker, a new connection per request")
    print(f"  {'':<18} {'':>11}  {'median':>8} {'p95':>8}  {'worker CPU':>10}")
    for mode, env in (("warm", {}), ("uncached", {"DJANGO_SETTINGS_MODULE": "bench.uncached_settings"})):
        server = Server(db, workers=1, **env)
        try:
            for items in queries.values():  # loads graphs and catalogs; fills the cache when warm
                for item in items:
                    round_trip(server, *item)
            for api, items in queries.items():
                cpu = worker_cpu_seconds(server)
                times = [round_trip(server, *item) for _ in range(rounds) for item in items]
                cpu = (worker_cpu_seconds(server) - cpu) / len(times)
                print(f"  {api:<18} {mode:>11}  {statistics.median(times) * 1000:5.2f} ms "
                      f"{percentile(times, 95) * 1000:5.2f} ms  {cpu * 1000:7.2f} ms")
        finally:
            server.stop()


def worker_cpu_seconds(server: Server) -> float:
    """User + system CPU time so far of the server's (first) worker, from /proc."""
    pid = server.process.pid
    worker = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()[0]
    fields = Path(f"/proc/{worker}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


if __name__ == "__main__":
    main()
