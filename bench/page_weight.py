"""Page weight and time to a drawn graph, in headless Chromium against the production setup.

Run by hand (`make bench-pages`); prints figures, asserts nothing. What it does:

1. Builds a fresh database with `populate_db` and runs `collectstatic` (DJ_DEBUG=0: hashed,
   gzip-compressed files) into a temporary folder.
2. Starts the production server (gunicorn with gunicorn.conf.py and its workers, DJ_DEBUG=0,
   read-only database, WhiteNoise serving the collected files) on a free loopback port.
3. Weight: opens each page in a fresh browser context (empty cache) and sums, from the
   browser's Resource Timing entries, the bytes each JS and CSS file transferred (its
   compressed body, `encodedBodySize`) and what they unpack to (`decodedBodySize`).
4. Speed: opens the explorer on 20 neurons of white_1986_whole, RUNS times in a fresh
   context, and times navigation start -> the graph drawn (the page has laid out the
   get-edges answer and hidden its loading overlay), as seen by the page's own clock.
   The first run finds the server's cache empty; the median is over all runs.
"""

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from serving import Server, build_database, collect_static

PYTHON = sys.executable
CHROMIUM = "/usr/bin/chromium"

PAGES = [
    "/",
    "/about/",
    "/connectome/",
    "/connectome/explore/",
    "/connectome/path/",
    "/connectome/development/",
    "/connectome/compare/",
    "/about/datasets/",
    "/activity/",
    "/activity/dataset/",
    "/activity/find-neuron/?n=AVAL-AVAR",
    "/activity/explore/dag_nwabudike_kang_2023-2022-07-26-31/?n=89-11&b=v",
    "/activity/explore/dag_nwabudike_kang_2023-2022-01-16-01/?n=1-2&b=v",
    "/activity/plot-multiple/?d=dag_nwabudike_kang_2023-2022-07-26-31:89-11&d=dag_nwabudike_kang_2023-2022-07-27-31:84-102",
    "/activity/encoding/",
    "/activity/encoding/table/",
    "/activity/encoding/connectome/?n=AVAL,AVAR,AVBL,AVBR",
    "/activity/replay/",
    "/connectome/neuron/AVA/",
]
# 20 neurons a worm-behaviour lab looks at: sensory, interneurons and command neurons.
NEURONS = [
    "ASHL", "ASHR", "AWCL", "AWCR", "AIBL", "AIBR", "AIYL", "AIYR", "AIZL", "AIZR",
    "AVAL", "AVAR", "AVBL", "AVBR", "AVDL", "AVDR", "AVEL", "AVER", "RIML", "RIMR",
]
GRAPH_URL = f"/connectome/explore/?ds=white_1986_whole&n={','.join(NEURONS)}&con=0"
# Polled in the page (not with wait_for_function, which the Content-Security-Policy forbids:
# it compiles its argument with eval).
DRAWN = """async () => {
    for (;;) {
        const box = document.getElementById('graph-box');
        if (box && Number(box.dataset.drawn) > 0
                && box.querySelector('[data-role=loading]').classList.contains('d-none')) {
            return performance.now();
        }
        await new Promise((resolve) => requestAnimationFrame(resolve));
    }
}"""
RESOURCES = """() => performance.getEntriesByType('resource').map(e => ({
    name: e.name.split('?')[0], encoded: e.encodedBodySize, decoded: e.decodedBodySize, transfer: e.transferSize,
}))"""


def page_weight(browser, url: str) -> dict:
    """Bytes of the page's JS and CSS (compressed and unpacked), fonts, and everything."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    entries = page.evaluate(RESOURCES)
    context.close()
    code = [e for e in entries if e["name"].endswith((".js", ".css"))]
    fonts = [e for e in entries if e["name"].endswith((".woff", ".woff2"))]
    return {
        "files": len(code),
        "encoded": sum(e["encoded"] for e in code),
        "decoded": sum(e["decoded"] for e in code),
        "fonts": sum(e["encoded"] for e in fonts),
        "all": sum(e["transfer"] for e in entries),
        "plotly": any("plotly" in e["name"] for e in code),
    }


def time_to_graph(browser, url: str) -> float:
    """Milliseconds from navigation start to the drawn graph, in a fresh context."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    drawn = page.evaluate(DRAWN)
    nodes = page.evaluate("window.wormwideweb.graph.visibleNodes().length")
    context.close()
    return drawn, nodes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed loads of the 20-neuron graph")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db, static_root = build_database(Path(tmp)), collect_static(Path(tmp))
        server = Server(db, DJ_STATIC_ROOT=str(static_root))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                print("page weight, empty browser cache (KB = 1000 bytes):")
                print(f"  {'page':<44} {'JS+CSS files':>12} {'compressed':>11} {'unpacked':>9}"
                      f" {'fonts':>7} {'all':>7}  Plotly")
                for path in PAGES:
                    w = page_weight(browser, f"http://127.0.0.1:{server.port}{path}")
                    print(f"  {path:<44} {w['files']:>12} {w['encoded'] / 1000:>8.0f} KB {w['decoded'] / 1000:>6.0f} KB"
                          f" {w['fonts'] / 1000:>4.0f} KB {w['all'] / 1000:>4.0f} KB  {'yes' if w['plotly'] else 'no'}")
                times = []
                for _ in range(args.runs):
                    ms, nodes = time_to_graph(browser, f"http://127.0.0.1:{server.port}{GRAPH_URL}")
                    times.append(ms)
                print(f"\nnavigation -> drawn graph of {nodes} neurons "
                      f"(explorer, white_1986_whole, {args.runs} fresh contexts):")
                print(f"  first (empty server cache) {times[0]:.0f} ms")
                print(f"  median {statistics.median(times):.0f} ms   min {min(times):.0f} ms   max {max(times):.0f} ms")
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
