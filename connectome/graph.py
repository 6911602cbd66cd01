"""Path finding on the connectome: graphs precomputed at import, loaded lazily, searched here.

`precompute_path_graphs()` (run by `init_data_graph_precompute`) stores, per dataset, the
neuron-level and class-level edge lists. `find_paths()` loads the graph it needs on first
use, in whatever process serves the request, and keeps it for the life of the process.

Graph rules:
- A node is a neuron (or a class, at class level); self-connections are left out.
- u -> v exists when u makes chemical synapses onto v, or (with gap junctions) when u and v
  share a gap junction, which is traversable both ways.
- Class-level counts are sums over the member neurons, not maxima.
- Unweighted search counts hops; weighted search uses 1 / (synapse count of the hop), so
  strongly connected hops are "shorter".
"""

import functools
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from core.cache import data_version

from .models import Dataset, PathGraph, Synapse

MAX_PATHS = 100


def precompute_path_graphs(progress=lambda message: None) -> list[dict]:
    """Build and store the neuron- and class-level edge lists of every dataset."""
    PathGraph.objects.all().delete()
    summary = []
    datasets = list(Dataset.objects.order_by("order"))
    for i, dataset in enumerate(datasets, 1):
        rows = Synapse.objects.filter(dataset=dataset).values_list(
            "pre__name", "pre__neuron_class__name", "post__name", "post__neuron_class__name",
            "synapse_type", "synapse_count",
        )
        neuron_edges, class_edges = _edge_lists(rows)
        PathGraph.objects.bulk_create(
            [
                PathGraph(dataset=dataset, level=PathGraph.NEURON, edges=neuron_edges),
                PathGraph(dataset=dataset, level=PathGraph.CLASS, edges=class_edges),
            ]
        )
        summary.append(
            {"dataset": dataset.dataset_id, "neuron_edges": len(neuron_edges), "class_edges": len(class_edges)}
        )
        progress(
            f"[{i:2}/{len(datasets)}] {dataset.dataset_id:<20} {len(neuron_edges):5} neuron-level, "
            f"{len(class_edges):4} class-level directed edges"
        )
    return summary


def _edge_lists(rows) -> tuple[list, list]:
    """[from, to, chemical, gap junction] for every ordered pair, neuron and class level."""
    levels = {PathGraph.NEURON: defaultdict(lambda: [0, 0]), PathGraph.CLASS: defaultdict(lambda: [0, 0])}
    for pre, pre_class, post, post_class, kind, count in rows:
        for level, (a, b) in ((PathGraph.NEURON, (pre, post)), (PathGraph.CLASS, (pre_class, post_class))):
            if a == b:
                continue
            if kind == Synapse.CHEMICAL:
                levels[level][a, b][0] += count
            else:
                levels[level][a, b][1] += count
                levels[level][b, a][1] += count
    return tuple(sorted([a, b, c, e] for (a, b), (c, e) in edges.items()) for edges in levels.values())


@dataclass(frozen=True)
class PathResult:
    paths: list[list[str]]  # at most MAX_PATHS, in a stable order
    n_paths_total: int  # how many shortest paths exist
    graph: nx.DiGraph


def graph_for(dataset_id: str, level: str, gap_junctions: bool) -> nx.DiGraph | None:
    """The search graph of one dataset (None if the dataset has no precomputed graph)."""
    return _load_graph(data_version(), dataset_id, level, gap_junctions)


@functools.lru_cache(maxsize=64)
def _load_graph(version: str, dataset_id: str, level: str, gap_junctions: bool):
    row = PathGraph.objects.filter(dataset__dataset_id=dataset_id, level=level).first()
    if row is None:
        return None
    graph = nx.DiGraph()
    for a, b, chemical, gap in row.edges:
        strength = chemical + gap if gap_junctions else chemical
        if strength:
            graph.add_edge(a, b, chemical=chemical, gap=gap if gap_junctions else 0, weight=1 / strength)
    return graph


def find_paths(graph: nx.DiGraph, start: str, end: str, weighted: bool, limit: int = MAX_PATHS) -> PathResult:
    """All shortest paths from start to end (the first `limit` of them, and their number)."""
    if start not in graph or end not in graph:
        return PathResult([], 0, graph)
    if weighted:
        predecessors, distance = nx.dijkstra_predecessor_and_distance(graph, start, weight="weight")
    else:
        predecessors, distance = nx.predecessor(graph, start, return_seen=True)
    if end not in predecessors:
        return PathResult([], 0, graph)
    return PathResult(
        _paths(predecessors, start, end, limit), _count(predecessors, distance, end), graph
    )


def _count(predecessors: dict, distance: dict, end: str) -> int:
    """The number of shortest paths: nodes in order of distance, each the sum of its parents."""
    counts = {}
    for node in sorted(predecessors, key=distance.__getitem__):
        counts[node] = sum(counts[p] for p in predecessors[node]) if predecessors[node] else 1
    return counts[end]


def _paths(predecessors: dict, start: str, end: str, limit: int) -> list[list[str]]:
    """Walk the predecessor DAG back from end, in name order, until `limit` paths."""
    paths, stack = [], [(end, [end])]
    while stack and len(paths) < limit:
        node, suffix = stack.pop()
        if node == start:
            paths.append(suffix[::-1])
            continue
        for previous in sorted(predecessors[node], reverse=True):
            stack.append((previous, suffix + [previous]))
    return paths


def hop_edges(graph: nx.DiGraph, path: list[str]) -> list[dict]:
    """Each hop's real synapses: a chemical and a gap-junction edge are listed separately."""
    edges = []
    for a, b in zip(path, path[1:]):
        data = graph.edges[a, b]
        if data["chemical"]:
            edges.append({"pre": a, "post": b, "count": data["chemical"], "type": Synapse.CHEMICAL})
        if data["gap"]:
            edges.append({"pre": a, "post": b, "count": data["gap"], "type": Synapse.ELECTRICAL})
    return edges
