"""The extrasynaptic layer (request time): the edges of one network model among drawn nodes.

`edges(model, nodes, ligands, min_pathways)` gives, for every ordered pair of nodes (cells or
classes, see node_labels.py) joined in the model, the number of ligand-receptor pathways
(extrasynaptic_sources.UNIT):

- between two cells, the model's count for that pair;
- between nodes that stand for several cells (classes), for the Bentley 2016 lists (which name
  each pathway) the number of distinct (ligand, receptor) pathways joining any of their cells;
  for the Ripoll-Sánchez 2023 matrices (which count pathways without naming them) the largest
  count of any pair of their cells, a lower bound of the distinct pathways.

A node's pathways to itself (a class's cells to each other, or a cell's autocrine loop) are an
edge from the node to itself. The model's edges are loaded once per process and data version.
"""

import functools
from typing import NamedTuple

import numpy as np

from core.cache import data_version

from .catalog import catalog
from .extrasynaptic_sources import MODELS, UNIT
from .models import ExtrasynapticEdge
from .node_labels import cells_of_nodes

RULE_PER_PAIR = "largest count of any pair of their cells (the matrix does not name pathways)"
RULE_DISTINCT = "distinct ligand-receptor pathways joining any of their cells"


def ligands(model: str) -> list[dict]:
    """The ligands a model names (only the Bentley lists name them), sorted: {"ligand", "kind"}."""
    named = {(ligand, kind) for _, _, ligand, _, kind, _ in _load(data_version()).lists.get(model, [])}
    return [{"ligand": ligand, "kind": kind} for ligand, kind in sorted(named)]


def edges(model: str, nodes: list[str], ligand_filter: list[str] = (), min_pathways: int = 1) -> dict:
    """The model's edges among validated nodes, as the API answers them (see module doc)."""
    spec = MODELS[model]
    named = spec["layout"] == "list"
    found = _named_edges(model, nodes, set(ligand_filter)) if named else _counted_edges(model, nodes)
    return {
        "model": model, "model_name": spec["name"], "kind": spec["kind"], "description": spec["description"],
        "unit": UNIT, "citation": spec["citation"], "class_rule": RULE_DISTINCT if named else RULE_PER_PAIR,
        "available_ligands": ligands(model), "nodes": list(nodes), "ligands": list(ligand_filter),
        "min_pathways": min_pathways, "edges": [edge for edge in found if edge["pathways"] >= min_pathways],
    }


def _named_edges(model: str, nodes: list[str], wanted: set[str]) -> list[dict]:
    """A Bentley list's edges: distinct (ligand, receptor, kind) pathways per ordered node pair."""
    owner = cells_of_nodes(nodes)
    pathways: dict[tuple[str, str], set] = {}
    for pre, post, ligand, receptor, kind, _ in _load(data_version()).lists.get(model, []):
        a, b = owner.get(pre), owner.get(post)
        if a is not None and b is not None and (not wanted or ligand in wanted):
            pathways.setdefault((a, b), set()).add((ligand, receptor, kind))
    return [{"pre": a, "post": b, "pathways": len(ways), "ligands": sorted({ligand for ligand, _, _ in ways}),
             "kinds": sorted({kind for _, _, kind in ways})} for (a, b), ways in sorted(pathways.items())]


def _counted_edges(model: str, nodes: list[str]) -> list[dict]:
    """A Ripoll-Sánchez matrix's edges: the largest count of any pair of cells per ordered node pair,
    found on the model's arrays (tens of thousands of cell pairs) with numpy."""
    loaded = _load(data_version())
    if model not in loaded.counts:
        return []
    pre, post, counts = loaded.counts[model]
    order = sorted(nodes)  # node indices in name order, so numpy's row-major order is the sorted order
    index = {node: i for i, node in enumerate(order)}
    node_of = np.full(len(loaded.cells), -1)
    for cell, node in cells_of_nodes(nodes).items():
        node_of[loaded.cells[cell]] = index[node]
    a, b = node_of[pre], node_of[post]
    drawn = (a >= 0) & (b >= 0)
    largest = np.zeros((len(order), len(order)), dtype=counts.dtype)
    np.maximum.at(largest, (a[drawn], b[drawn]), counts[drawn])
    rows, columns = np.nonzero(largest)
    kinds = [MODELS[model]["kind"]]
    return [{"pre": order[i], "post": order[j], "pathways": n, "ligands": None, "kinds": kinds}
            for i, j, n in zip(rows.tolist(), columns.tolist(), largest[rows, columns].tolist(), strict=True)]


class _Loaded(NamedTuple):
    cells: dict[str, int]  # cell name -> position in the count arrays
    lists: dict[str, list]  # Bentley model -> [(pre, post, ligand, receptor, kind, pathways)] by cell name
    counts: dict[str, tuple]  # Ripoll-Sánchez model -> (pre positions, post positions, pathways) arrays


@functools.lru_cache(maxsize=2)
def _load(version: str) -> _Loaded:
    """Every model's edges, once per process and data version."""
    names = {info.id: n for n, info in catalog().neurons.items()}
    cells = {n: i for i, n in enumerate(sorted(names.values()))}
    lists: dict[str, list] = {}
    pairs: dict[str, list] = {}
    for model, pre, post, ligand, receptor, kind, n in ExtrasynapticEdge.objects.values_list(
            "model", "pre_id", "post_id", "ligand", "receptor", "kind", "pathways").order_by("id"):
        if MODELS[model]["layout"] == "list":
            lists.setdefault(model, []).append((names[pre], names[post], ligand, receptor, kind, n))
        else:
            pairs.setdefault(model, []).append((cells[names[pre]], cells[names[post]], n))
    counts = {model: tuple(np.array(column, dtype=np.int64) for column in zip(*rows, strict=True))
              for model, rows in pairs.items()}
    return _Loaded(cells, lists, counts)
