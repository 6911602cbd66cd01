"""Benchmark of GET /activity/api/aligned/ (activity around events, across recordings), printed.

    .venv/bin/python bench/aligned_api.py [--requests N] [--scale] [--keep DIR] [--db FILE]

Starts gunicorn (gunicorn.conf.py, one sync worker, warmed up, DJ_DEBUG=0, read-only
database, in-memory cache) on a database built for the run and times HTTP round trips:

- "first of the process": the first aligned request of a fresh worker (it also reads which
  names and events the recordings hold);
- "cold": the first request of each answer, computed from the database: every identified
  class around reversal starts (-10 to 20 s), then with lr=split, then 120 s windows;
- "warm": repeats of one answer, served from the cache.

The database is built from the bundled data (8 recordings with behaviour), or with --scale
from bench/scale.py's CLEARLY SYNTHETIC 91 recordings of the real sizes (generated for the run,
never served; a reversal every 40 frames, NeuroPAL labels on 60 % of the traces); --keep DIR
keeps it, and --db DIR/db.sqlite3 times it again without rebuilding.
"""

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from serving import Server, build_database, percentile

API = "/activity/api/aligned/"


def report(name: str, seconds: list[float], size: int | None = None) -> None:
    ms = [s * 1000 for s in seconds]
    weight = f"   {size / 1024:6.0f} KB gzipped" if size else ""
    print(f"  {name:<44} median {statistics.median(ms):8.2f} ms   p95 {percentile(ms, 95):8.2f} ms   "
          f"max {max(ms):8.2f} ms   n={len(ms):<4}{weight}")


def timed(server: Server, paths: list[str]) -> tuple[list[float], int]:
    """Seconds of each request (404s included: a class none of whose recordings has the event)."""
    seconds, found = [], 0
    for path in paths:
        status, body, elapsed = server.get(path)
        if status not in (200, 404):
            sys.exit(f"GET {path} answered {status}: {body[:300]!r}")
        found += status == 200
        seconds.append(elapsed)
    return seconds, found


def classes(server: Server) -> list[str]:
    index = server.get_json("/activity/api/data/find_neuron/")
    return sorted(index["class"])


def time_aligned(db: Path, repeats: int) -> None:
    server = Server(db, workers=1)
    try:
        names = classes(server)
        first, _ = timed(server, [f"{API}?neuron=AVA&event=reversal_start&window=-10,20"])
        print(f"Latency (gunicorn, 1 worker, loopback; {len(names)} identified classes):")
        report("first of the process (AVA, -10 to 20 s)", first)
        for label, query in (("cold, each class, -10 to 20 s", "window=-10,20"),
                             ("cold, each class, lr=split", "window=-10,20&lr=split"),
                             ("cold, each class, -60 to 60 s", "window=-60,60")):
            seconds, found = timed(server, [f"{API}?neuron={n}&event=reversal_start&{query}" for n in names])
            report(f"{label} ({found} answers)", seconds)
        warm = f"{API}?neuron=AVA&event=reversal_start&window=-10,20"
        seconds, _ = timed(server, [warm] * repeats)
        report("warm (cached), AVA -10 to 20 s", seconds, size=len(server.get(warm)[1]))
        split = f"{API}?neuron=AVA&event=reversal_start&window=-60,60&lr=split"
        seconds, _ = timed(server, [split] * repeats)
        report("warm (cached), AVA -60 to 60 s, split", seconds, size=len(server.get(split)[1]))
        print(f"Worker memory after these requests: {server.worker_rss_mb():.0f} MB")
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200, help="warm requests (default 200)")
    parser.add_argument("--scale", action="store_true",
                        help="91 synthetic recordings of the real sizes (bench/scale.py)")
    parser.add_argument("--keep", type=Path, help="keep the data and database in this folder")
    parser.add_argument("--db", type=Path, help="time this database (e.g. one kept by --scale --keep DIR)")
    args = parser.parse_args()
    if args.db:
        print(f"Database: {args.db}")
        return time_aligned(args.db, args.requests)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="wormwideweb-aligned-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        if args.scale:
            import scale

            data = scale.generate(folder)
            db = folder / "db.sqlite3"
            build = {"DJ_DEBUG": "1", "DJ_DB_BUILD": "1", "DJ_DB_PATH": str(db)}
            scale.run(["populate_db", "--data-dir", str(data)], build)
            print("Database: 91 synthetic recordings (bench/scale.py)")
        else:
            db = build_database(folder)
            print("Database: the bundled recordings")
        time_aligned(db, args.requests)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
