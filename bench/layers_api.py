"""Time of the explorer's layers, computed in-process (no cache): extrasynaptic edges of each
model and functional edges among many nodes, and the neurotransmitter table.

Run by hand (`make bench-layers`); prints figures, asserts nothing. With `--db` it reads that
database, otherwise it builds a fresh one with `populate_db`. For each query it times the first
call in the process (which loads the model's edges or the atlas arrays) and then the median of
ROUNDS more calls, the work of a request whose answer is not cached yet.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from serving import ROOT, build_database

CLASSES = ["ASH", "AWC", "AIY", "AIZ", "RIA", "RIB", "AVA", "AVB", "SMD", "RMD", "ADL", "ASK", "AWB", "AIA",
           "AIB", "RIS", "RIG", "AVE", "AVD", "PVC"]


def timed(fn, rounds: int) -> tuple[float, float]:
    started = time.perf_counter()
    fn()
    first = time.perf_counter() - started
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return first, statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a built database (default: build one)")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or build_database(Path(tmp))
        os.environ.update({"DJ_DB_PATH": str(db), "DJ_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "wormwideweb.settings"})
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from atlas import layer
        from connectome import extrasynaptic
        from connectome.catalog import catalog
        from connectome.extrasynaptic_sources import MODELS
        from neurons import transmitters

        info = catalog()
        every_cell = [n for n, c in info.neurons.items() if c.cell_type not in ("b", "u")]
        print(f"in-process, no cache; first call (loads) and median of {args.rounds} more")
        for model in MODELS:
            for label, nodes in ((f"{len(every_cell)} cells", every_cell), ("20 classes", CLASSES)):
                first, median = timed(lambda m=model, n=nodes: extrasynaptic.edges(m, n), args.rounds)
                edges = len(extrasynaptic.edges(model, nodes)["edges"])
                print(f"  extrasynaptic {model:<22} {label:<10} {edges:6} edges   first {first * 1000:7.1f} ms"
                      f"   median {median * 1000:6.1f} ms")
        for label, nodes in ((f"{len(every_cell)} cells", every_cell), ("20 classes", CLASSES)):
            first, median = timed(lambda n=nodes: layer.edges(n, "wt", 0.05), args.rounds)
            edges = len(layer.edges(nodes)["edges"])
            print(f"  functional wt q<0.05 {label:<17} {edges:6} edges   first {first * 1000:7.1f} ms"
                  f"   median {median * 1000:6.1f} ms")
        first, median = timed(transmitters.table, args.rounds)
        print(f"  neurotransmitter table                              first {first * 1000:7.1f} ms"
              f"   median {median * 1000:6.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
