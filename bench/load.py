"""Load: 8 concurrent clients for 60 s against the production server, over a realistic mix.

Run by hand (`make load`); prints figures, asserts nothing. It builds a fresh database,
collects the static files, starts gunicorn with gunicorn.conf.py (its default workers) on
loopback and drives it with wrk (Debian package `wrk`, a C load generator, so the client
does not compete for Python's interpreter): 2 threads, 8 connections, each connection
sending the next request of the mix as soon as the last answer arrived, accepting gzip as
browsers do. Two runs:

- **API mix**: available-neurons, get-edges, find-paths (the queries of connectome_api.py),
  single traces, behaviour and replay of the bundled recordings.
- **Full mix**: the same, with every fifth request a page.

Each run starts on a fresh server and an empty cache, so the first pass of the mix is cold.
The workers share a private redis-server (DJ_USE_REDIS=1), as production replicas do;
`--no-redis` gives each worker its own in-memory cache instead.
Target (issue 6): zero errors, p95 under 50 ms for the API mix.
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from connectome_api import requests as connectome_requests
from serving import Server, build_database, collect_static, free_port

PAGES = ["/", "/about/", "/connectome/", "/connectome/explore/", "/connectome/path/",
         "/connectome/development/", "/connectome/compare/", "/activity/", "/activity/dataset/",
         "/activity/find-neuron/", "/activity/encoding/", "/activity/encoding/table/",
         "/activity/replay/", "/about/datasets/"]

WRK_SCRIPT = """
local requests = %s
local i = 0
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
init = function(args)
  i = (id - 1) * math.floor(#requests / 2)  -- the two threads start half the mix apart
end
request = function()
  i = i %% #requests + 1
  local r = requests[i]
  if r[3] then
    return wrk.format(r[1], r[2], {["Accept-Encoding"] = "gzip", ["Content-Type"] = "application/json"}, r[3])
  end
  return wrk.format(r[1], r[2], {["Accept-Encoding"] = "gzip"})
end
done = function(summary, latency, _)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, summary.bytes, latency.mean))
end
"""


def lua_table(items: list[tuple[str, str, bytes | None]]) -> str:
    rows = [f"{{{json.dumps(m)}, {json.dumps(p)}, {json.dumps(b.decode()) if b else 'nil'}}}" for m, p, b in items]
    return "{\n" + ",\n".join(rows) + "\n}"


def activity_requests(server: Server) -> list[tuple[str, str, None]]:
    """Traces (every tenth neuron), behaviour and replays of the bundled recordings."""
    api = "/activity/api/data"
    recordings = server.get_json(f"{api}/datasets/")
    items = []
    for r in recordings:
        items += [("GET", f"{api}/{r['dataset_id']}/{i}/", None) for i in range(1, r["n_neuron"] + 1, 10)]
        if r["has_behavior"]:
            items.append(("GET", f"{api}/{r['dataset_id']}/behavior/", None))
        if r["n_labeled"]:
            items += [("GET", f"{api}/replay/?activity_dataset={r['dataset_id']}&connectome_dataset={c}", None)
                      for c in ("white_1986_whole", "cook_jarrell_2019_h")]
    return items


def run_wrk(server: Server, items: list, seconds: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT % lua_table(items))
        script.flush()
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", script.name,
             f"http://127.0.0.1:{server.port}"], capture_output=True, text=True, check=True,
        ).stdout
    values = next(line.split()[1:] for line in out.splitlines() if line.startswith("RESULT"))
    keys = ["requests", "duration_us", "socket_errors", "status_errors", "p50_us", "p95_us", "p99_us",
            "max_us", "bytes", "mean_us"]
    return dict(zip(keys, map(float, values), strict=True))


def report(name: str, r: dict, n_queries: int) -> None:
    seconds = r["duration_us"] / 1e6
    print(f"{name} ({n_queries} distinct requests, cycled):")
    print(f"  {r['requests']:.0f} requests in {seconds:.1f} s = {r['requests'] / seconds:.0f} requests/s, "
          f"{r['bytes'] / seconds / 1e6:.1f} MB/s")
    print(f"  latency median {r['p50_us'] / 1000:.2f} ms, p95 {r['p95_us'] / 1000:.2f} ms, "
          f"p99 {r['p99_us'] / 1000:.2f} ms, max {r['max_us'] / 1000:.0f} ms")
    print(f"  errors: {r['socket_errors']:.0f} socket, {r['status_errors']:.0f} non-2xx/3xx answers")


class Redis:
    """A private, empty redis-server on a free port."""

    def __init__(self):
        self.port = free_port()
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            if subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True).returncode == 0:
                return
            time.sleep(0.05)

    def settings(self) -> dict:
        return {"DJ_USE_REDIS": "1", "DJ_REDIS_URI": f"redis://127.0.0.1:{self.port}/0"}

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--no-redis", action="store_true", help="per-worker memory caches instead of Redis")
    args = parser.parse_args()
    for tool, package in (("wrk", "wrk"), ("redis-server", "redis-server")):
        if shutil.which(tool) is None and not (tool == "redis-server" and args.no_redis):
            sys.exit(f"{tool} is missing: sudo apt-get install {package}")

    with tempfile.TemporaryDirectory() as tmp:
        db, static_root = build_database(Path(tmp)), collect_static(Path(tmp))
        static = {"DJ_STATIC_ROOT": str(static_root)}

        server = Server(db, **static)
        try:
            api = [item for items in connectome_requests().values() for item in items] + activity_requests(server)
            pages = [("GET", p, None) for p in PAGES if server.get(p)[0] == 200]
        finally:
            server.stop()
        cache = "each worker its own memory cache" if args.no_redis else "one shared Redis"
        print(f"gunicorn: {server.workers} sync workers, {cache}; wrk: 2 threads, {args.connections} "
              f"connections, {args.seconds} s per run; pages: {', '.join(p for _, p, _ in pages)}\n")

        full = [
            item for i, a in enumerate(api) for item in ([a] + ([pages[i // 4 % len(pages)]] if i % 4 == 3 else []))
        ]
        for name, items in (("API mix", api), ("Full mix (pages included)", full)):
            redis = None if args.no_redis else Redis()
            server = Server(db, **static, **(redis.settings() if redis else {}))
            try:
                report(name, run_wrk(server, items, args.seconds, args.connections), len(items))
            finally:
                server.stop()
                if redis:
                    redis.stop()


if __name__ == "__main__":
    main()
