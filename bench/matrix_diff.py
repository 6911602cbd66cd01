"""Edge-by-edge difference of two whole connectomes, and the matrix page at 100 x 100.

Run by hand (`make bench-matrix`); prints figures, asserts nothing. What it does:

1. Builds a fresh database with `populate_db` and collects the static files (DJ_DEBUG=0).
2. Starts the production server (gunicorn, one worker, read-only database).
3. edge-diff: for each pair of whole connectomes below, times the first request (computed:
   the server's cache is empty for it) and then ROUNDS more (warm: the cached answer), round
   trip on a new connection each; prints the medians. Target: warm median < 20 ms.
4. matrix page: opens /connectome/matrix/ on 100 neurons of white_1986_whole in headless
   Chromium, RUNS times in a fresh context, and times navigation start -> the heatmap drawn
   (`data-ready="true"` on #matrix), by the page's own clock. Target: median < 1 s.
"""

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from serving import Server, build_database, collect_static, percentile

CHROMIUM = "/usr/bin/chromium"
PAIRS = [
    ("white_1986_whole", "cook_jarrell_2019_h"),
    ("witvliet_2020_1", "witvliet_2020_8"),
    ("cook_jarrell_2019_h", "cook_jarrell_2019_m"),
    ("white_1986_whole", "witvliet_2020_8"),
]
READY = """async () => {
    for (;;) {
        const plot = document.getElementById('matrix');
        if (plot && plot.dataset.ready === 'true') return performance.now();
        await new Promise((resolve) => requestAnimationFrame(resolve));
    }
}"""


def bench_diff(server: Server, rounds: int) -> None:
    print("edge-diff of two whole connectomes (GET /connectome/api/edge-diff/?a=&b=, round trip):")
    cold, warm = [], []
    for a, b in PAIRS:
        for normalize in ("false", "true"):
            path = f"/connectome/api/edge-diff/?a={a}&b={b}&normalize={normalize}"
            status, body, seconds = server.get(path)
            assert status == 200, (path, status)
            cold.append(seconds * 1000)
            times = [server.get(path)[2] * 1000 for _ in range(rounds)]
            warm.extend(times)
            n_edges = len(server.get_json(path)["edges"])
            print(f"  {a} vs {b} normalize={normalize}: {n_edges} edges, computed {cold[-1]:.0f} ms, "
                  f"warm median {statistics.median(times):.1f} ms")
    print(f"  computed (first request) median {statistics.median(cold):.0f} ms, max {max(cold):.0f} ms")
    print(f"  warm median {statistics.median(warm):.1f} ms, p95 {percentile(warm, 95):.1f} ms  (target < 20 ms)")


def bench_matrix_page(server: Server, runs: int) -> None:
    from playwright.sync_api import sync_playwright

    names = sorted(server.get_json("/connectome/api/available-neurons/?datasets=white_1986_whole")["neurons"])[:100]
    url = f"http://127.0.0.1:{server.port}/connectome/matrix/?ds=white_1986_whole&n={','.join(names)}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        times = []
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(url, wait_until="domcontentloaded")
            times.append(page.evaluate(READY))
            size = page.evaluate("document.getElementById('matrix').data[0].z.length")
            context.close()
        browser.close()
    print(f"\nmatrix page, {size} x {size} neurons of white_1986_whole, navigation -> heatmap drawn "
          f"({runs} fresh contexts):")
    print(f"  first (empty server cache) {times[0]:.0f} ms")
    print(f"  median {statistics.median(times):.0f} ms   min {min(times):.0f} ms   max {max(times):.0f} ms"
          "  (target < 1000 ms)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50, help="warm requests per edge-diff query")
    parser.add_argument("--runs", type=int, default=10, help="timed loads of the matrix page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db, static_root = build_database(Path(tmp)), collect_static(Path(tmp))
        server = Server(db, workers=1, DJ_STATIC_ROOT=str(static_root))
        try:
            bench_diff(server, args.rounds)
            bench_matrix_page(server, args.runs)
        finally:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
