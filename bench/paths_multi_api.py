"""Latency of find-paths-multi (all 15 datasets, k = 10) and of 30 x 30 path matrices.

Run by hand (`make bench`); prints figures, asserts nothing. Against the production server
(gunicorn, one worker, DJ_DEBUG=0, read-only database) on a database built by populate_db
(or the one given with --db):

1. Computed: each query of the fixed set once, in a worker already warmed up by one other
   query (graphs, atlas and neuron facts loaded): the time of the search itself.
2. Warm: the same queries ROUNDS more times, answered from the server's cache, as a
   repeated or shared link is.

Prints median and p95 round-trip times of each, per endpoint.
"""

import argparse
import statistics
import tempfile
import urllib.parse
from pathlib import Path

from serving import Server, build_database, percentile

ALL = ["white_1986_whole", "cook_jarrell_2019_h", "cook_jarrell_2019_m", "white_1986_jsh", "white_1986_n2u",
       "white_1986_jse", *(f"witvliet_2020_{i}" for i in range(1, 9)), "cook_2020"]
PAIRS = [  # (start, end, class)
    ("ASHL", "AVAL", False), ("AWCL", "AVBL", False), ("ASKR", "RMDVL", False), ("ADLL", "AVAR", False),
    ("AWBL", "SMDDR", False), ("ASEL", "AIYL", False), ("AFDL", "AIYL", False), ("IL2DL", "RMDDR", False),
    ("ASH", "AVA", True), ("AWC", "RIM", True), ("ASH", "RIA", True), ("IL2", "RMD", True),
]
MATRICES = [  # (dataset, sources, targets, class)
    ("white_1986_whole", "sensory", "motor", False),
    ("cook_jarrell_2019_h", "sensory", "interneuron", False),
    ("witvliet_2020_8", "sensory", "interneuron", False),
    ("cook_jarrell_2019_m", "sensory", "motor", True),
]
ROUNDS = 5


def queries() -> dict[str, list[str]]:
    multi = [
        "/connectome/api/find-paths-multi/?" + urllib.parse.urlencode(
            {"datasets": ",".join(ALL), "start": a, "end": b, "class": str(c).lower(), "k": 10, "weighted": w})
        for a, b, c in PAIRS for w in ("true", "false")
    ]
    matrix = [
        "/connectome/api/path-matrix/?" + urllib.parse.urlencode(
            {"dataset": d, "sources": s, "targets": t, "class": str(c).lower(), "weighted": w})
        for d, s, t, c in MATRICES for w in ("true", "false")
    ]
    return {"find-paths-multi, 15 datasets, k=10": multi, "path-matrix, 30 x 30": matrix}


def time_get(server: Server, path: str) -> float:
    status, _, seconds = server.get(path)
    if status != 200:
        raise SystemExit(f"GET {path} answered {status}")
    return seconds


def line(name: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return f"{name:<48} median {statistics.median(ms):7.1f} ms, p95 {percentile(ms, 95):7.1f} ms, max {max(ms):7.1f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing database (default: build one with populate_db)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or build_database(Path(folder))
        server = Server(db, workers=1)
        try:
            # Warm the worker: graphs of every dataset, the atlas and the neuron facts.
            time_get(server, "/connectome/api/find-paths-multi/?" + urllib.parse.urlencode(
                {"datasets": ",".join(ALL), "start": "ASJL", "end": "AVDL", "k": 2}))
            for name, paths in queries().items():
                computed = [time_get(server, p) for p in paths]
                warm = [time_get(server, p) for _ in range(ROUNDS) for p in paths]
                print(line(f"{name}, computed ({len(paths)} queries)", computed))
                print(line(f"{name}, warm ({len(warm)} requests)", warm))
        finally:
            server.stop()


if __name__ == "__main__":
    main()
