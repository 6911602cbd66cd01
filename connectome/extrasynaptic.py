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
edge from the node to itself. A model's edges are read on its first request, once per process and data version.
"""

import functools

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
    if MODELS[model]["layout"] != "list":
        return []
    named = {(ligand, kind) for _, _, ligand, _, kind, _ in _rows(data_version(), model)}
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
    for pre, post, ligand, receptor, kind, _ in _rows(data_version(), model):
        a, b = owner.get(pre), owner.get(post)
        if a is not None and b is not None and (not wanted or ligand in wanted):
            pathways.setdefault((a, b), set()).add((ligand, receptor, kind))
    return [{"pre": a, "post": b, "pathways": len(ways), "ligands": sorted({ligand for ligand, _, _ in ways}),
             "kinds": sorted({kind for _, _, kind in ways})} for (a, b), ways in sorted(pathways.items())]


def _counted_edges(model: str, nodes: list[str]) -> list[dict]:
    """A Ripoll-Sánchez matrix's edges: the largest count of any pair of cells per ordered node pair,
    found on the model's arrays (tens of thousands of cell pairs) with numpy."""
    pre, post, counts = _pairs(data_version(), model)
    neurons = catalog().neurons
    order = sorted(nodes)  # node indices in name order, so numpy's row-major order is the sorted order
    index = {node: i for i, node in enumerate(order)}
    node_of = np.full(max(info.id for info in neurons.values()) + 1, -1)  # neuron id -> node index
    for cell, node in cells_of_nodes(nodes).items():
        node_of[neurons[cell].id] = index[node]
    a, b = node_of[pre], node_of[post]
    drawn = (a >= 0) & (b >= 0)
    largest = np.zeros((len(order), len(order)), dtype=counts.dtype)
    np.maximum.at(largest, (a[drawn], b[drawn]), counts[drawn])
    rows, columns = np.nonzero(largest)
    kinds = [MODELS[model]["kind"]]
    return [{"pre": order[i], "post": order[j], "pathways": n, "ligands": None, "kinds": kinds}
            for i, j, n in zip(rows.tolist(), columns.tolist(), largest[rows, columns].tolist(), strict=True)]


@functools.lru_cache(maxsize=16)
def _rows(version: str, model: str) -> list[tuple[str, str, str, str, str, int]]:
    """A Bentley list: [(pre, post, ligand, receptor, kind, pathways)] by cell name."""
    name = {info.id: n for n, info in catalog().neurons.items()}
    return [(name[pre], name[post], ligand, receptor, kind, n) for pre, post, ligand, receptor, kind, n
            in ExtrasynapticEdge.objects.filter(model=model).values_list(
                "pre_id", "post_id", "ligand", "receptor", "kind", "pathways").order_by("id")]


@functools.lru_cache(maxsize=16)
def _pairs(version: str, model: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A Ripoll-Sánchez matrix: its cell pairs as arrays of pre and post neuron ids and pathway counts."""
    rows = ExtrasynapticEdge.objects.filter(model=model).values_list("pre_id", "post_id", "pathways")
    table = np.array(list(rows), dtype=np.int64).reshape(-1, 3)
    return table[:, 0], table[:, 1], table[:, 2]
