"""Benchmark of the activity data: import time and API latency, printed (run by hand).

    .venv/bin/python bench/activity_api.py [--requests N] [--port P]

1. Import: copies the built database (make build) to a temporary file and times the four
   activity build steps on it (init_data_gcamp, update_encoding_dict_neuron_match,
   update_encoding_dict, update_neuron_match_dict), each as its own manage.py process.
2. Latency: starts gunicorn with gunicorn.conf.py (one sync worker, warmed up, DJ_DEBUG=0,
   the database read-only, the in-memory cache) on loopback and times HTTP round trips with http.client: a new
   connection per request, as the sync worker closes it. "cold" is the first request of an
   answer (built from the database), "cached" a repeat of it.

Targets (issue 4): import < 30 s, trace < 3 ms, replay cached < 10 ms (medians).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from serving import ROOT, Server, free_port, percentile

PYTHON = sys.executable
DATABASE = ROOT / "db.sqlite3"
BUILD_STEPS = [
    "init_data_gcamp",
    "update_encoding_dict_neuron_match",
    "update_encoding_dict",
    "update_neuron_match_dict",
]
REPLAY_CONNECTOME = "cook_jarrell_2019_h"


def time_import() -> None:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "db.sqlite3"
        shutil.copy(DATABASE, copy)
        env = {**os.environ, "DJ_DB_PATH": str(copy), "DJ_DB_BUILD": "1", "DJ_DEBUG": "1"}
        total = 0.0
        print("Import (each step a separate manage.py process, Django start-up included):")
        for step in BUILD_STEPS:
            started = time.perf_counter()
            result = subprocess.run(
                [PYTHON, "manage.py", step, "-v", "0"], cwd=ROOT, env=env, capture_output=True, text=True
            )
            seconds = time.perf_counter() - started
            if result.returncode:
                sys.exit(f"{step} failed:\n{result.stdout}{result.stderr}")
            total += seconds
            summary = result.stdout.strip().splitlines()[-1]
            print(f"  {step:<36} {seconds:6.2f} s   {summary}")
        print(f"  {'all activity steps':<36} {total:6.2f} s   (target < 30 s)")


def timed(server: Server, paths: list[str]) -> list[float]:
    seconds = []
    for path in paths:
        status, body, elapsed = server.get(path)
        if status != 200:
            sys.exit(f"GET {path} answered {status}: {body[:200]!r}")
        seconds.append(elapsed)
    return seconds


def report(name: str, seconds: list[float], target_ms: float | None = None, size: int | None = None) -> None:
    ms = [s * 1000 for s in seconds]
    p95 = percentile(ms, 95)
    extra = f"   target < {target_ms:g} ms" if target_ms else ""
    weight = f"   {size / 1024:7.0f} KB gzipped" if size else ""
    print(f"  {name:<34} median {statistics.median(ms):7.2f} ms   p95 {p95:7.2f} ms   n={len(ms):<4}{weight}{extra}")


def time_api(port: int, repeats: int) -> None:
    server = Server(DATABASE, workers=1, port=port)
    try:
        datasets = server.get_json("/activity/api/data/datasets/")
        api = "/activity/api/data"
        traces = [f"{api}/{d['dataset_id']}/{i}/" for d in datasets for i in range(1, d["n_neuron"] + 1)]
        print(f"Latency (gunicorn, 1 worker, loopback; {len(datasets)} recordings, {len(traces)} traces):")
        report("trace, cold", timed(server, traces[:: max(1, len(traces) // repeats)]))
        cached = [traces[i % len(traces)] for i in range(0, len(traces), max(1, len(traces) // repeats))]
        report("trace, cached", timed(server, (cached * 3)[:repeats]), target_ms=3, size=len(server.get(cached[0])[1]))
        behaviour = [f"{api}/{d['dataset_id']}/behavior/" for d in datasets if d["has_behavior"]]
        report("behaviour, cold", timed(server, behaviour))
        report(
            "behaviour, cached", timed(server, (behaviour * repeats)[:repeats]), size=len(server.get(behaviour[0])[1])
        )
        several = [f"{api}/{d['dataset_id']}/traces/?n=1,2,3,4,5" for d in datasets]
        report("5 traces in one request, cold", timed(server, several))
        correlation = [f"{api}/{d['dataset_id']}/correlation/?n=1,2,3" for d in datasets]
        report("correlation of 3 neurons, cold", timed(server, correlation))
        replays = [
            f"{api}/replay/?activity_dataset={d['dataset_id']}&connectome_dataset={REPLAY_CONNECTOME}"
            for d in datasets if d["n_labeled"]
        ]
        cold = timed(server, replays)
        report("replay, first of the process", cold[:1])
        report("replay, cold", cold[1:])
        report(
            "replay, cached",
            timed(server, (replays * repeats)[:repeats]),
            target_ms=10,
            size=len(server.get(replays[0])[1]),
        )
        report("find_neuron, cached", timed(server, [f"{api}/find_neuron/"] * repeats))
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200, help="requests per cached measurement (default 200)")
    parser.add_argument("--port", type=int, default=0, help="port for gunicorn (default: a free one)")
    args = parser.parse_args()
    if not DATABASE.exists():
        sys.exit(f"{DATABASE} is missing: run `make build` first.")
    time_import()
    time_api(args.port or free_port(), args.requests)


if __name__ == "__main__":
    main()
