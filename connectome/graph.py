"""Path finding on the connectome: graphs precomputed at import, loaded lazily, searched here.

`precompute_path_graphs()` (run by `init_data_graph_precompute`) stores, per dataset, the
neuron-level and class-level edge lists. `graph_for()` loads the one a request needs on
first use, in whatever process serves it, and keeps it for the life of the process.
`find_paths()` searches it with scipy's compiled Dijkstra.

Graph rules:
- A node is a neuron (or a class, at class level); self-connections are left out.
- u -> v exists when u makes chemical synapses onto v, or (with gap junctions) when u and v
  share a gap junction, which is traversable both ways.
- Class-level counts are sums over the member neurons, not maxima.
- Unweighted search counts hops; weighted search uses 1 / (synapse count of the hop), so
  strongly connected hops are "shorter". Routes whose lengths are equal up to floating-point
  rounding are equally short.
"""

import functools
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra

from core.cache import data_cache, data_version

from .dauer import VOLUME_DATASETS
from .models import Dataset, PathGraph, Synapse

MAX_PATHS = 100
# Two route lengths this close (relative) are a tie: sums of 1/count differ by rounding only.
TIE_TOLERANCE = 1e-12


def precompute_path_graphs(progress=lambda message: None) -> list[dict]:
    """Build and store the neuron- and class-level edge lists of every dataset."""
    PathGraph.objects.all().delete()
    summary = []
    # Path lengths are 1/(synapse count): a dataset weighted by volume (the dauer) has no path graph.
    datasets = list(Dataset.objects.exclude(dataset_id__in=VOLUME_DATASETS).order_by("order"))
    for i, dataset in enumerate(datasets, 1):
        rows = Synapse.objects.filter(dataset=dataset).values_list(
            "pre__name", "pre__neuron_class__name", "post__name", "post__neuron_class__name",
            "synapse_type", "synapse_count",
        )
        levels = _pair_counts(rows)
        PathGraph.objects.bulk_create(
            [PathGraph.from_pair_counts(dataset, level, pairs) for level, pairs in levels.items()]
        )
        n_neuron, n_class = (len(levels[PathGraph.NEURON]), len(levels[PathGraph.CLASS]))
        summary.append({"dataset": dataset.dataset_id, "neuron_edges": n_neuron, "class_edges": n_class})
        progress(
            f"[{i:2}/{len(datasets)}] {dataset.dataset_id:<20} {n_neuron:5} neuron-level, "
            f"{n_class:4} class-level directed edges"
        )
    return summary


def _pair_counts(rows) -> dict[str, dict[tuple[str, str], list[int]]]:
    """{level: {(from, to): [chemical, gap junction]}} for every ordered pair of distinct nodes."""
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
    return levels


@dataclass(frozen=True)
class SearchGraph:
    """One dataset's graph at one level: directed edges between node indices, with counts."""

    nodes: list[str]  # sorted names; a node's index is its position
    index: dict[str, int]
    source: np.ndarray  # per edge, sorted by (source, target)
    target: np.ndarray
    chemical: np.ndarray
    gap: np.ndarray

    def strength(self, gap_junctions: bool) -> np.ndarray:
        """Synapses per edge that the search may use."""
        return self.chemical + self.gap if gap_junctions else self.chemical

    def has_node(self, name: str, gap_junctions: bool) -> bool:
        """Whether `name` has a usable synapse with another node."""
        return self.index.get(name) in self.search(gap_junctions, weighted=True).connected

    def search(self, gap_junctions: bool, weighted: bool) -> "Search":
        """The edges a search may use and their sparse matrices, built once per kind of search."""
        variants = self.__dict__.setdefault("_searches", {})  # frozen: cached beside the fields
        if (gap_junctions, weighted) not in variants:
            variants[gap_junctions, weighted] = Search.of(self, gap_junctions, weighted)
        return variants[gap_junctions, weighted]

    @functools.cached_property
    def _pair_keys(self) -> np.ndarray:
        """source * n + target of every edge: sorted, since the edges are."""
        return self.source.astype(np.int64) * len(self.nodes) + self.target

    def edge_row(self, a: str, b: str) -> int | None:
        """The row of the edge a -> b, or None if there is none (or a name is unknown)."""
        i, j = self.index.get(a), self.index.get(b)
        if i is None or j is None:
            return None
        key = i * len(self.nodes) + j
        row = int(np.searchsorted(self._pair_keys, key))
        return row if row < len(self._pair_keys) and self._pair_keys[row] == key else None

    def counts(self, a: str, b: str) -> tuple[int, int]:
        """(chemical, gap junction) synapse counts of the edge a -> b."""
        row = np.searchsorted(self._pair_keys, self.index[a] * len(self.nodes) + self.index[b])
        return int(self.chemical[row]), int(self.gap[row])


@dataclass(frozen=True)
class Search:
    """What one kind of search (gap junctions or not, weighted or not) uses of a SearchGraph."""

    source: np.ndarray  # the usable edges (strength > 0), sorted by (source, target)
    target: np.ndarray
    weight: np.ndarray  # 1 / strength, or 1 per hop
    forward: csr_array
    backward: csr_array  # the transpose, for distances to the end
    connected: frozenset[int]  # nodes with a usable edge

    @classmethod
    def of(cls, graph: SearchGraph, gap_junctions: bool, weighted: bool) -> "Search":
        strength = graph.strength(gap_junctions)
        used = strength > 0
        source, target = graph.source[used], graph.target[used]
        weight = 1.0 / strength[used] if weighted else np.ones(len(source))
        n = len(graph.nodes)
        forward = csr_array((weight, (source, target)), shape=(n, n))
        return cls(source, target, weight, forward, forward.T.tocsr(),
                   frozenset(np.concatenate([source, target]).tolist()))


def graph_for(dataset_id: str, level: str) -> SearchGraph | None:
    """The search graph of one dataset (None if the dataset has no precomputed graph)."""
    return _load_graph(data_version(), dataset_id, level)


@data_cache(64)
def _load_graph(version: str, dataset_id: str, level: str) -> SearchGraph | None:
    row = PathGraph.objects.filter(dataset__dataset_id=dataset_id, level=level).first()
    if row is None:
        return None
    source, target, chemical, gap = row.edge_array().T
    return SearchGraph(row.nodes, {name: i for i, name in enumerate(row.nodes)},
                       source, target, chemical, gap)


@dataclass(frozen=True)
class PathResult:
    paths: list[list[str]]  # at most `limit`, in name order
    n_paths_total: int  # how many shortest paths exist


def find_paths(graph: SearchGraph, start: str, end: str, gap_junctions: bool, weighted: bool,
               limit: int = MAX_PATHS) -> PathResult:
    """All shortest paths from start to end (the first `limit` of them, and their number).

    Distances from the start and to the end (Dijkstra on the graph and its transpose) pick
    the edges that lie on some shortest path: d(start, u) + w(u, v) + d(v, end) = d(start, end).
    Those edges form a DAG whose paths from start to end are exactly the shortest paths.
    """
    search = graph.search(gap_junctions, weighted)
    source, target, weight = search.source, search.target, search.weight
    s, t = graph.index[start], graph.index[end]
    from_start = dijkstra(search.forward, indices=s)
    to_end = dijkstra(search.backward, indices=t)
    total = from_start[t]
    if np.isinf(total):
        return PathResult([], 0)
    on_path = np.isclose(from_start[source] + weight + to_end[target], total, rtol=TIE_TOLERANCE, atol=0)
    successors: dict[int, list[int]] = defaultdict(list)
    for u, v in zip(source[on_path].tolist(), target[on_path].tolist(), strict=True):
        successors[u].append(v)  # edges are sorted, so successors are in name order
    return PathResult(
        [[graph.nodes[i] for i in path] for path in _first_paths(successors, s, t, limit)],
        _count_paths(successors, s, t),
    )


def _count_paths(successors: dict[int, list[int]], start: int, end: int) -> int:
    """The number of start -> end paths in the DAG."""

    @functools.cache
    def count(node: int) -> int:
        return 1 if node == end else sum(count(v) for v in successors[node])

    return count(start)


def _first_paths(successors: dict[int, list[int]], start: int, end: int, limit: int) -> list[list[int]]:
    """The first `limit` start -> end paths of the DAG, in lexicographic (name) order."""
    paths, stack = [], [[start]]
    while stack and len(paths) < limit:
        path = stack.pop()
        if path[-1] == end:
            paths.append(path)
            continue
        stack.extend(path + [v] for v in reversed(successors[path[-1]]))
    return paths


def hop_edges(graph: SearchGraph, path: list[str], gap_junctions: bool) -> list[dict]:
    """Each hop's real synapses: a chemical and a gap-junction edge are listed separately."""
    edges = []
    for a, b in pairwise(path):
        chemical, gap = graph.counts(a, b)
        if chemical:
            edges.append({"pre": a, "post": b, "count": chemical, "type": Synapse.CHEMICAL})
        if gap and gap_junctions:
            edges.append({"pre": a, "post": b, "count": gap, "type": Synapse.ELECTRICAL})
    return edges
