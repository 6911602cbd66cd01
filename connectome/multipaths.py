"""Paths across several datasets: each dataset's paths, their union, consensus and evidence.

`find_paths_multi()` searches every dataset's graph (graph.py) for the paths from start to
end: all shortest ones (graph.find_paths) or, with `k`, the k shortest loopless ones (Yen's
algorithm, networkx.shortest_simple_paths), with at most `max_hops` hops. It then joins them:

- A path of the union *exists* in a dataset when each of its hops has a usable synapse there
  (chemical, or a gap junction when they may be crossed), whether or not that dataset's
  search returned it. Its consensus is the number of datasets in which it exists.
- Per dataset where it exists: the summed count (synapses over its hops) and the bottleneck
  (its weakest hop). Over the datasets: `summed_count` is the sum, `bottleneck` the minimum.
- Rank: consensus (more first), then hops (fewer first), then summed count (more first),
  then bottleneck (more first), then the names.
- Per hop: the presynaptic neuron's transmitter identities (Wang et al. 2024, neuron facts)
  and the signal propagation atlas (Randi et al. 2023) for that direction, pre stimulated ->
  post responding, in wild type and unc-31; "not measured" where the pair was never tested.

Bounds: `max_paths` paths in the answer, `MAX_PATHS` per dataset and search, and a time
budget; when one is hit the answer says `truncated` and lists why.
"""

import heapq
import time
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from atlas import funatlas
from neurons import facts

from . import graph
from .catalog import catalog
from .models import PathGraph

MAX_K = 50
MAX_ANSWER_PATHS = 500
DEFAULT_MAX_HOPS = 6
MAX_HOPS = 10
TIME_BUDGET_S = 2.0
# In weighted k-best mode, paths over max_hops are skipped; give up after this many skipped.
MAX_SKIPPED = 500
STRAINS = (funatlas.WILD_TYPE, funatlas.UNC31)
OK, NO_PATH, ABSENT, NOT_SEARCHED = "ok", "no path", "absent", "not searched"


def find_paths_multi(dataset_ids: list[str], start: str, end: str, *, weighted: bool, gap_junctions: bool,
                     by_class: bool, k: int | None = None, max_hops: int = DEFAULT_MAX_HOPS,
                     max_paths: int = MAX_ANSWER_PATHS, budget_s: float | None = None) -> dict:
    """The paths start -> end in each dataset and their union, ranked (see the module doc)."""
    level = PathGraph.CLASS if by_class else PathGraph.NEURON
    budget_s = TIME_BUDGET_S if budget_s is None else budget_s
    deadline = time.perf_counter() + budget_s
    graphs = {d: graph.graph_for(d, level) for d in dataset_ids}
    reasons: list[str] = []
    per_dataset, found = [], {}
    for d in dataset_ids:
        g = graphs[d]
        entry = {"dataset_id": d, "status": OK, "n_paths": 0}
        if time.perf_counter() > deadline:
            entry |= {"status": NOT_SEARCHED, "reason": f"time budget of {budget_s:g} s spent"}
            per_dataset.append(entry)
            continue
        missing = _missing(g, d, level, (start, end), gap_junctions)
        if missing:
            entry |= {"status": ABSENT, "reason": missing}
            per_dataset.append(entry)
            continue
        paths, note = _search(g, start, end, gap_junctions, weighted, k, max_hops, deadline)
        if note:
            reasons.append(f"{d}: {note}")
            entry["truncated"] = note
        for p in paths:
            found.setdefault(tuple(p), []).append(d)
        entry["n_paths"] = len(paths)
        if not paths:
            entry |= {"status": NO_PATH, "reason": f"no path with at most {max_hops} hops"}
        if gap_junctions and d in catalog().without_gap_junctions:
            entry["note"] = f"{d} has no gap-junction data, so paths use chemical synapses only."
        per_dataset.append(entry)
    if any(e["status"] == NOT_SEARCHED for e in per_dataset):
        reasons.append(f"time budget of {budget_s:g} s spent before every dataset was searched")

    usable = {d: graphs[d] for d in dataset_ids if graphs[d] is not None}
    rows = [_path_row(p, found[p], dataset_ids, usable, gap_junctions) for p in found]
    rows.sort(key=lambda r: (-r["consensus"], r["n_hops"], -r["summed_count"], -r["bottleneck"], r["path"]))
    if len(rows) > max_paths:
        reasons.append(f"{len(rows)} distinct paths found; the {max_paths} best ranked are returned")
        rows = rows[:max_paths]
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    hops = sorted({(h["pre"], h["post"]) for r in rows for h in r["hops"]})
    return {
        "datasets": dataset_ids,
        "start": start,
        "end": end,
        "use_weights": weighted,
        "use_gap_junction": gap_junctions,
        "use_class": by_class,
        "mode": "k_shortest" if k else "all_shortest",
        "k": k,
        "max_hops": max_hops,
        "per_dataset": per_dataset,
        "paths": rows,
        "n_paths": len(rows),
        "nodes": sorted({n for r in rows for n in r["path"]}),
        "hop_evidence": [hop_evidence(a, b, by_class) for a, b in hops],
        "truncated": bool(reasons),
        "truncated_reasons": reasons,
        "max_paths": max_paths,
    }


def _missing(g, dataset_id: str, level: str, names, gap_junctions: bool) -> str | None:
    """Why the search cannot run in this dataset, or None."""
    if g is None:
        return f"{dataset_id} has no path-finding graph"
    synapses = "synapses" if gap_junctions else "chemical synapses"
    absent = [n for n in names if not g.has_node(n, gap_junctions)]
    if absent:
        return " and ".join(f"{n} has no {synapses} with other {level}s in {dataset_id}" for n in dict.fromkeys(absent))
    return None


def _search(g, start, end, gap_junctions, weighted, k, max_hops, deadline) -> tuple[list[list[str]], str | None]:
    """(paths, why they are incomplete or None)."""
    if start == end:
        return [], None
    if k is None:
        result = graph.find_paths(g, start, end, gap_junctions, weighted)
        paths = [p for p in result.paths if len(p) - 1 <= max_hops]
        if result.n_paths_total > len(result.paths):
            return paths, f"{result.n_paths_total} shortest paths; the first {len(result.paths)} by name are used"
        return paths, None
    return k_shortest(g, start, end, gap_junctions, weighted, k, max_hops, deadline)


def k_shortest(g, start, end, gap_junctions, weighted, k, max_hops, deadline) -> tuple[list[list[str]], str | None]:
    """The k shortest loopless paths with at most max_hops hops, by Yen's algorithm: each
    path found in turn gives spur paths (scipy's Dijkstra with the root's nodes and the
    known paths' next edges removed); the shortest candidate not yet taken is the next path.
    Among candidates of equal length, fewer hops and then names come first."""
    yen = _yen_graph(g, gap_junctions, weighted)
    matrix, weight, edge, into, t = yen.matrix, yen.weight, yen.edge, yen.into, g.index[end]
    s = g.index[start]

    def shortest(spur: int, blocked: np.ndarray) -> tuple[float, list[int]] | None:
        matrix.data[blocked] = np.inf
        try:
            dist, pred = dijkstra(matrix, indices=spur, return_predecessors=True)
        finally:
            matrix.data[blocked] = weight[blocked]
        if np.isinf(dist[t]):
            return None
        path = [t]
        while path[-1] != spur:
            path.append(int(pred[path[-1]]))
        return float(dist[t]), path[::-1]

    first = shortest(s, np.zeros(0, dtype=int))
    if first is None:
        return [], None
    # Lawler's refinement: a path need only spur from where it left the path it came from
    # (`start_at`); the spurs before that point are its parent's, already among the candidates.
    taken, kept, seen, candidates, skipped, start_at = [first[1]], [], {tuple(first[1])}, [], 0, 0
    while True:
        path = taken[-1]
        if len(path) - 1 <= max_hops:
            kept.append(path)
            if len(kept) == k:
                return _names(g, kept), None
        elif not weighted:
            return _names(g, kept), None  # hop order: no later path is shorter
        else:
            skipped += 1
            if skipped >= MAX_SKIPPED:
                return _names(g, kept), f"{skipped} paths over {max_hops} hops skipped; stopped at {len(kept)} of {k}"
        for i in range(start_at, len(path) - 1):
            if time.perf_counter() > deadline:
                return _names(g, kept), f"time budget spent after {len(kept)} of {k} paths"
            root = path[: i + 1]
            cut = [edge[p[i], p[i + 1]] for p in taken if p[: i + 1] == root]
            blocked = np.concatenate([np.array(cut, dtype=int), *(into[u] for u in root[:-1])])
            spur = shortest(path[i], blocked)
            if spur is None:
                continue
            total = root[:-1] + spur[1]
            if tuple(total) not in seen:
                seen.add(tuple(total))
                cost = sum(weight[edge[a, b]] for a, b in pairwise(total))
                heapq.heappush(candidates, (round(cost, 9), len(total), [g.nodes[x] for x in total], total, i))
        if not candidates:
            return _names(g, kept), None
        *_, best, start_at = heapq.heappop(candidates)
        taken.append(best)


def _names(g, paths: list[list[int]]) -> list[list[str]]:
    return [[g.nodes[i] for i in p] for p in paths]


@dataclass(frozen=True)
class _YenGraph:
    matrix: csr_matrix  # weights, edited during a search and restored
    weight: np.ndarray  # per edge, in the order of matrix.data
    edge: dict[tuple[int, int], int]  # (u, v) -> edge index
    into: list[np.ndarray]  # per node, the indices of its incoming edges


def _yen_graph(g: graph.SearchGraph, gap_junctions: bool, weighted: bool) -> _YenGraph:
    """The search graph as Yen's algorithm uses it, built once per graph and options."""
    key = (id(g), gap_junctions, weighted)
    cached = _YEN_GRAPHS.get(key)
    if cached is None or cached[0] is not g:
        if len(_YEN_GRAPHS) >= 128:
            _YEN_GRAPHS.clear()
        strength = g.strength(gap_junctions)
        used = strength > 0
        source, target = g.source[used], g.target[used]  # sorted by (source, target)
        n = len(g.nodes)
        weight = 1.0 / strength[used] if weighted else np.ones(len(source))
        indptr = np.searchsorted(source, np.arange(n + 1)).astype(np.int32)
        matrix = csr_matrix((weight.copy(), target.astype(np.int32), indptr), shape=(n, n))
        edge = {(u, v): i for i, (u, v) in enumerate(zip(source.tolist(), target.tolist(), strict=True))}
        order = np.argsort(target, kind="stable")
        bounds = np.searchsorted(target[order], np.arange(n + 1))
        into = [order[bounds[v]:bounds[v + 1]] for v in range(n)]
        cached = _YEN_GRAPHS[key] = (g, _YenGraph(matrix, weight, edge, into))
    return cached[1]


_YEN_GRAPHS: dict[tuple, tuple] = {}  # (id(graph), options) -> (graph, _YenGraph), the graph kept alive


def _path_row(path: tuple[str, ...], found_in: list[str], dataset_ids: list[str], graphs: dict,
              gap_junctions: bool) -> dict:
    hops, exists = [], []
    for a, b in pairwise(path):
        chemical, gap = [], []
        for d in dataset_ids:
            c, e = _counts(graphs.get(d), a, b)
            chemical.append(c)
            gap.append(e if gap_junctions else 0)
        exists.append([c + e > 0 for c, e in zip(chemical, gap, strict=True)])
        hops.append({"pre": a, "post": b, "chemical": chemical, "gap_junction": gap,
                     "n_datasets": sum(exists[-1])})
    in_dataset = [all(column) for column in zip(*exists, strict=True)]
    totals = {d: [h["chemical"][i] + h["gap_junction"][i] for h in hops]
              for i, d in enumerate(dataset_ids) if in_dataset[i]}
    return {
        "path": list(path),
        "n_hops": len(path) - 1,
        "consensus": len(totals),
        "exists_in": list(totals),
        "found_in": found_in,
        "summed_count": sum(sum(t) for t in totals.values()),
        "bottleneck": min(min(t) for t in totals.values()),
        "per_dataset": {d: {"summed_count": sum(t), "bottleneck": min(t)} for d, t in totals.items()},
        "hops": hops,
    }


def _counts(g, a: str, b: str) -> tuple[int, int]:
    row = None if g is None else g.edge_row(a, b)
    return (0, 0) if row is None else (int(g.chemical[row]), int(g.gap[row]))


def hop_evidence(pre: str, post: str, by_class: bool) -> dict:
    """What is known about the hop pre -> post beyond the connectome."""
    return {
        "pre": pre,
        "post": post,
        "transmitters": facts.transmitters(pre),
        "atlas": {strain: atlas_evidence(pre, post, strain, by_class) for strain in STRAINS},
    }


def atlas_evidence(pre: str, post: str, strain: str, by_class: bool) -> dict:
    """The atlas's measurements of pre stimulated -> post responding (every member pair of
    two classes at class level)."""
    stimulated = funatlas.of_class(pre) if by_class else ((pre,) if funatlas.in_atlas(pre) else ())
    responders = funatlas.of_class(post) if by_class else ((post,) if funatlas.in_atlas(post) else ())
    absent = [n for n, members in ((pre, stimulated), (post, responders)) if not members]
    if absent:
        return {"status": "not in the atlas", "reason": f"{' and '.join(absent)} not among the atlas's neurons",
                "pairs": []}
    pairs = [e for j in stimulated for i in responders if i != j and (e := funatlas.pair(j, i, strain))]
    if not pairs:
        return {"status": "not measured", "pairs": []}
    return {"status": "measured", "pairs": [
        {"stimulated": e.stimulated, "responder": e.responder, "dff": e.dff, "q": e.q, "q_eq": e.q_eq,
         "n_observations": e.n_observations, "significant": e.significant()} for e in pairs
    ]}
