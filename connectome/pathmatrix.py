"""Source-by-target path matrices: for every pair, the shortest distance and how many
shortest paths there are, in one dataset (the graph rules of graph.py).

Sources and targets are names; each may be a neuron, a class (its members, at neuron level)
or a cell type (`sensory`, `interneuron`, `motor`, `muscle`: the dataset's nodes of that
type). Only nodes with a usable synapse in the dataset are kept; the expansion stops at
MAX_SIDE nodes a side and says what it left out.
"""

from collections import defaultdict

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra

from . import graph
from .catalog import catalog

MAX_SIDE = 30
CELL_TYPES = {"sensory": "s", "interneuron": "i", "motor": "m", "muscle": "b"}  # name -> type code letter


class UnknownName(ValueError):
    """A source or target that is no neuron, class or cell type."""


def expand(names: list[str], g: graph.SearchGraph, by_class: bool, gap_junctions: bool) -> tuple[list[str], list[str]]:
    """(nodes, notes): the names as nodes of the graph, in the order given, at most MAX_SIDE;
    notes say how each shorthand expanded and what was left out."""
    info = catalog()
    nodes, notes = [], []
    for name in names:
        if name.lower() in CELL_TYPES:
            letter = CELL_TYPES[name.lower()]
            cells = [n for n, c in info.neurons.items() if letter in c.cell_type]
            members = sorted({info.neurons[c].neuron_class for c in cells}) if by_class else cells
            what = f"{name}: {{}} {'classes' if by_class else 'neurons'} of that cell type in the dataset"
        elif not by_class and name in info.classes and name not in info.neurons:
            members, what = info.classes[name], f"{name}: the class's {{}} neurons in the dataset"
        elif name in (info.classes if by_class else info.neurons):
            members, what = [name], None
        else:
            kind = "class" if by_class else "neuron, class"
            raise UnknownName(f"Unknown {kind} or cell type {name!r} (cell types: {', '.join(CELL_TYPES)}).")
        present = [m for m in members if g.has_node(m, gap_junctions)]
        if what:
            notes.append(what.format(len(present)))
        elif not present:
            notes.append(f"{name} has no synapses in the dataset, left out")
        nodes.extend(m for m in present if m not in nodes)
    if len(nodes) > MAX_SIDE:
        left_out = ", ".join(nodes[MAX_SIDE:])
        notes.append(f"{len(nodes)} nodes; only the first {MAX_SIDE} are used (left out: {left_out})")
        nodes = nodes[:MAX_SIDE]
    return nodes, notes


def path_matrix(g: graph.SearchGraph, sources: list[str], targets: list[str], gap_junctions: bool,
                weighted: bool) -> tuple[list[list[float | None]], list[list[int | None]]]:
    """(distance, number of shortest paths) for every source (row) and target (column); None
    where the target cannot be reached. Distances are hops, or sums of 1/count (weighted)."""
    strength = g.strength(gap_junctions)
    used = strength > 0
    source, target = g.source[used], g.target[used]
    weight = 1.0 / strength[used] if weighted else np.ones(len(source))
    n = len(g.nodes)
    matrix = csr_array((weight, (source, target)), shape=(n, n))
    rows = [g.index[s] for s in sources]
    cols = [g.index[t] for t in targets]
    dist = dijkstra(matrix, indices=rows) if rows else np.zeros((0, n))
    distances, counts = [], []
    for r, d in zip(rows, dist, strict=True):
        sigma = _count_shortest(d, r, source, target, weight, n)
        distances.append([None if np.isinf(d[c]) else (float(d[c]) if weighted else int(d[c])) for c in cols])
        counts.append([None if np.isinf(d[c]) else sigma[c] for c in cols])
    return distances, counts


def _count_shortest(d: np.ndarray, s: int, source, target, weight, n: int) -> list[int]:
    """The number of shortest paths from s to every node, given the distances d from s: sums
    over the edges on a shortest path, d[u] + w = d[v], taken in order of d[u]."""
    reach = np.isfinite(d[source])
    on = reach & np.isclose(d[source] + weight, d[target], rtol=graph.TIE_TOLERANCE, atol=0)
    u, v = source[on], target[on]
    order = np.argsort(d[u], kind="stable")
    sigma: dict[int, int] = defaultdict(int)
    sigma[s] = 1
    for a, b in zip(u[order].tolist(), v[order].tolist(), strict=True):
        sigma[b] += sigma[a]
    return [sigma.get(i, 0) for i in range(n)]
