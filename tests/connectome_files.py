"""The connectome files read straight, for tests to check answers against: networkx graphs
built from data/wormwideweb-data without the importer (names renamed by the configuration,
syn lists summed, a gap junction counted once per pair as the larger of its two directions,
`proctodeum` dropped, no gap junctions where the dataset list skips them)."""

import csv
import functools
import json
from collections import defaultdict
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
CONNECTOME = ROOT / "data/wormwideweb-data/connectome"
CONFIG = ROOT / "data/wormwideweb-data/config"
DATASETS = json.loads((CONNECTOME / "connectome_datasets.json").read_text())
ALL_DATASETS = [d["id"] for d in DATASETS]
WITHOUT_GAP_JUNCTIONS = {d["id"] for d in DATASETS if d.get("skip_gap_junction")}


@functools.cache
def neuron_table() -> dict[str, dict]:
    with open(CONNECTOME / "connectome_neurons.csv", encoding="utf-8-sig") as f:
        return {row["name"].strip(): {k: v.strip() for k, v in row.items()} for row in csv.DictReader(f)}


@functools.cache
def file_counts(dataset: str) -> tuple[dict, dict]:
    """(chemical {(pre, post): count}, gap junctions {frozenset pair: count})."""
    with open(CONFIG / "connectome_neurons_replacement.csv", encoding="utf-8-sig") as f:
        rename = {row["original"].strip(): row["replacement"].strip() for row in csv.DictReader(f)}
    by_type: dict[int, dict] = {0: defaultdict(int), 2: defaultdict(int)}
    for record in json.loads((CONNECTOME / f"connectome/{dataset}.json").read_text()):
        pre, post = (rename.get(n.strip(), n.strip()) for n in (record["pre"], record["post"]))
        if "proctodeum" in (pre, post):
            continue
        by_type[record["typ"]][pre, post] += sum(record["syn"])
    gaps: dict[frozenset, int] = defaultdict(int)
    for (a, b), n in ([] if dataset in WITHOUT_GAP_JUNCTIONS else by_type[2].items()):
        gaps[frozenset((a, b))] = max(gaps[frozenset((a, b))], n)
    return dict(by_type[0]), dict(gaps)


def hop_counts(dataset: str, a: str, b: str, by_class: bool = False) -> tuple[int, int]:
    """(chemical a -> b, gap junctions a - b) in the file; summed over members for classes."""
    chemical, gaps = file_counts(dataset)
    if a == b:
        return 0, 0
    if not by_class:
        return chemical.get((a, b), 0), gaps.get(frozenset((a, b)), 0)
    cls = {n: row["class"] for n, row in neuron_table().items()}
    c = sum(n for (p, q), n in chemical.items() if cls.get(p) == a and cls.get(q) == b and p != q)
    e = sum(n for pair, n in gaps.items() if len(pair) == 2 and {cls.get(x) for x in pair} == {a, b})
    return c, e


@functools.cache
def oracle_graph(dataset: str, gap_junctions: bool = True, by_class: bool = False) -> nx.DiGraph:
    """Directed graph with `count` (usable synapses) and `weight` (1/count) on each edge;
    class level sums over members and drops same-class edges."""
    chemical, gaps = file_counts(dataset)
    cls = {n: row["class"] for n, row in neuron_table().items()}
    label = (lambda n: cls[n]) if by_class else (lambda n: n)
    counts: dict[tuple, int] = defaultdict(int)
    for (a, b), n in chemical.items():
        if label(a) != label(b):
            counts[label(a), label(b)] += n
    if gap_junctions:
        for pair, n in gaps.items():
            if len(pair) != 2:
                continue
            a, b = sorted(pair)
            if label(a) != label(b):
                counts[label(a), label(b)] += n
                counts[label(b), label(a)] += n
    graph = nx.DiGraph()
    for (a, b), n in counts.items():
        if n > 0:
            graph.add_edge(a, b, count=n, weight=1.0 / n)
    return graph
