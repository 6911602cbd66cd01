"""Frame rate of the circuit replay (/activity/replay/) playing at 1x in headless Chromium.

Run by hand (`make bench-replay`); prints figures, asserts nothing. What it does:

1. Builds a fresh database with `populate_db`, collects the production static files and starts
   gunicorn (one worker, DJ_DEBUG=0).
2. For each case (a recording on cook_jarrell_2019_h, with every labelled neuron shown, then
   with their connected neurons too): opens the page in a 1280x800 window, waits for the graph,
   times a rebuild (the chemical threshold changed, so edges are filtered again and laid out),
   then presses Play at 1x and counts for SECONDS, with its own requestAnimationFrame loop in the
   page: browser frames per second, the longest gap between two frames, and the recording frames
   shown against those due by the clock (10 per second at 1x): a frame due but never shown is
   dropped. The page's own counts (window.wormwideweb.playback) are printed beside them.

The cases: the recording with the most labelled neurons (the page's default) and the longest
recording (atanas_kim_2023-2022-08-02-01, 1600 frames). Targets: >= 30 browser frames per second
and no dropped frame.
"""

import argparse
import sys
import tempfile
from pathlib import Path

from serving import Server, build_database, collect_static

CHROMIUM = "/usr/bin/chromium"
CONNECTOME = "cook_jarrell_2019_h"
RECORDINGS = ["dag_nwabudike_kang_2023-2022-08-02-38", "atanas_kim_2023-2022-08-02-01"]
TOURS_SEEN = """try {
  for (const name of ["activity-replay"]) localStorage.setItem(`wormwideweb:tour-${name}`, "seen");
} catch {}"""
LOADED = """async () => {
    for (;;) {
        const box = document.getElementById('replay-box');
        if (box.dataset.frame !== undefined && box.dataset.drawn !== undefined) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}"""
# A rebuild: the chemical threshold changed, timed until the next frame is drawn.
REBUILD = """async () => {
    const input = document.getElementById('min-chemical');
    const started = performance.now();
    input.value = String(Number(input.value) + 1);
    input.dispatchEvent(new Event('change'));
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return performance.now() - started;
}"""
# Play for `seconds`, counting browser frames and the recording frames shown, then pause.
PLAY = """async (seconds) => {
    const box = document.getElementById('replay-box');
    const frames = Number(document.getElementById('frame').max) + 1;
    const shown = () => Number(box.dataset.frame);
    document.getElementById('play').click();
    const start = performance.now();
    let [count, last, gap, advanced, previous] = [0, start, 0, 0, shown()];
    await new Promise((resolve) => {
        const tick = (now) => {
            count += 1;
            gap = Math.max(gap, now - last);
            last = now;
            const current = shown();
            if (current !== previous) advanced += 1; // a frame shown (one skipped is not counted)
            previous = current;
            if (now - start < seconds * 1000) requestAnimationFrame(tick); else resolve();
        };
        requestAnimationFrame(tick);
    });
    const elapsed = performance.now() - start;
    document.getElementById('play').click();
    return {fps: count / (elapsed / 1000), gap, advanced, due: Math.floor(elapsed / 100),
            page: window.wormwideweb.playback || null, meta: document.getElementById('replay-meta').textContent};
}"""


def run_case(browser, url: str, seconds: float) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(TOURS_SEEN)
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(url)
    page.evaluate(LOADED)
    page.wait_for_timeout(1000)  # the layout settles
    rebuild = page.evaluate(REBUILD)
    page.evaluate(LOADED)
    page.wait_for_timeout(1000)
    result = page.evaluate(PLAY, seconds)
    context.close()
    return {**result, "rebuild": rebuild}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="playing time per case")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db, static_root = build_database(Path(tmp)), collect_static(Path(tmp))
        server = Server(db, workers=1, DJ_STATIC_ROOT=str(static_root))
        base = f"http://127.0.0.1:{server.port}/activity/replay/?connectome_dataset={CONNECTOME}"
        print(f"circuit replay at 1x for {args.seconds:g} s per case, {CONNECTOME}, headless Chromium 1280x800")
        print(f"{'recording':<38} {'neurons':<10} {'shown':>16} {'rebuild':>9} {'fps':>6} {'max gap':>8}"
              f" {'frames shown/due':>17} {'dropped':>8}  page's own count")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                for recording in RECORDINGS:
                    for connected in (False, True):
                        url = f"{base}&activity_dataset={recording}" + ("&show_connected=1" if connected else "")
                        r = run_case(browser, url, args.seconds)
                        shown = r["meta"].split("(")[0].replace("Showing ", "").strip()
                        own = r["page"]
                        own_text = (f"{own['browserFrames'] / (own['ms'] / 1000):.0f} fps, {own['shown']} shown,"
                                    f" {own['dropped']} dropped" if own else "none")
                        print(f"{recording:<38} {'+connected' if connected else 'labelled':<10} {shown:>16}"
                              f" {r['rebuild']:>6.0f} ms {r['fps']:>6.1f} {r['gap']:>5.0f} ms"
                              f" {r['advanced']:>8}/{r['due']:<8} {max(0, r['due'] - r['advanced']):>8}  {own_text}")
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
