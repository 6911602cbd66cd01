"""Latency of the neuron API, and the neuron page's time to its tables drawn in headless Chromium.

Run by hand (`make bench-neurons`); prints figures, asserts nothing. What it does:

1. Builds a fresh database with `populate_db` and collects the production static files.
2. Cold: starts the production server (gunicorn, gunicorn.conf.py, one worker, DJ_DEBUG=0,
   read-only database) before each of COLD first requests, each for a class page over all
   datasets (GET /connectome/api/neuron/<class>/), and times that request.
3. Page: on a new server (DJ_DEBUG=0, collected static files), opens /connectome/neuron/<name>/
   RUNS times in a fresh browser context and times navigation start -> every table drawn
   (the page sets body[data-ready] once it has drawn the API's answer), by the page's own
   clock. The first load of each name finds the server's cache empty.
4. Warm: on the same server, the fixed query set below (class and cell pages, all datasets
   and dataset groups), once to fill the cache, then ROUNDS more times: median and p95.
"""

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from serving import Server, build_database, collect_static, percentile

CHROMIUM = "/usr/bin/chromium"
CLASSES = ["AVA", "RIM", "AIB", "ASH", "AIY", "SMD", "RMD", "VA", "DA", "IL2"]
CELLS = ["AVAL", "ASHL", "AIYL", "VA01", "DB03", "HOA", "PVCL", "RIMR"]
GROUPS = ["", "white_1986_whole,cook_jarrell_2019_h,white_1986_jsh,white_1986_n2u,white_1986_jse",
          ",".join(f"witvliet_2020_{i}" for i in range(1, 9))]
PAGE_NAMES = ["AVA", "ASHL", "VA01", "HOA"]
READY = """async () => {
    for (;;) {
        if (document.body.dataset.ready === '1') return performance.now();
        await new Promise((resolve) => requestAnimationFrame(resolve));
    }
}"""


def path(name: str, datasets: str = "") -> str:
    return f"/connectome/api/neuron/{name}/" + (f"?datasets={datasets}" if datasets else "")


def timed(server: Server, url: str) -> float:
    status, _, seconds = server.get(url)
    if status != 200:
        raise SystemExit(f"GET {url} answered {status}")
    return seconds


def page_ready(browser, url: str) -> float:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    ms = page.evaluate(READY)
    context.close()
    return ms


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="warm passes over the query set")
    parser.add_argument("--cold", type=int, default=6, help="server restarts for cold figures")
    parser.add_argument("--runs", type=int, default=8, help="page loads per name")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db, static_root = build_database(Path(tmp)), collect_static(Path(tmp))
        cold = []
        for i in range(args.cold):
            server = Server(db, workers=1)
            try:
                cold.append(timed(server, path(CLASSES[i % len(CLASSES)])))
            finally:
                server.stop()
        print(f"cold: first request after a server start, a class page over all 15 datasets ({args.cold} starts)")
        print(f"  median {statistics.median(cold) * 1000:.1f} ms   max {max(cold) * 1000:.1f} ms")

        server = Server(db, workers=1, DJ_STATIC_ROOT=str(static_root))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                print(f"\npage ready (navigation -> every table drawn), {args.runs} fresh contexts per page, "
                      "DJ_DEBUG=0:")
                for name in PAGE_NAMES:
                    times = [page_ready(browser, f"http://127.0.0.1:{server.port}/connectome/neuron/{name}/")
                             for _ in range(args.runs)]
                    print(f"  {name:<6} first (empty server cache) {times[0]:5.0f} ms"
                          f"   median {statistics.median(times):5.0f} ms"
                          f"   max {max(times):5.0f} ms")
                browser.close()

            queries = {
                "class, all datasets": [path(c) for c in CLASSES],
                "cell, all datasets": [path(c) for c in CELLS],
                "class or cell, a group": [path(n, g) for n in CLASSES[:4] + CELLS[:4] for g in GROUPS[1:]],
            }
            first = [timed(server, url) for urls in queries.values() for url in urls]
            print(f"\nfirst request of each query on a running worker (some cached by the page loads): median "
                  f"{statistics.median(first) * 1000:.1f} ms, max {max(first) * 1000:.1f} ms")
            print(f"warm: {args.rounds} rounds after one filling pass, a new connection per request")
            for kind, urls in queries.items():
                times = [timed(server, url) for _ in range(args.rounds) for url in urls]
                print(f"  {kind:<24} {len(urls):3} queries  median {statistics.median(times) * 1000:6.3f} ms"
                      f"   p95 {percentile(times, 95) * 1000:6.3f} ms")
        finally:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
