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

from core.cache import data_version

from .catalog import catalog
from .extrasynaptic_sources import MODELS, UNIT
from .models import ExtrasynapticEdge
from .node_labels import cells_of_nodes

RULE_PER_PAIR = "largest count of any pair of their cells (the matrix does not name pathways)"
RULE_DISTINCT = "distinct ligand-receptor pathways joining any of their cells"


def ligands(model: str) -> list[dict]:
    """The ligands a model names (only the Bentley lists name them), sorted: {"ligand", "kind"}."""
    named = {(ligand, kind) for _, _, ligand, _, kind, _ in _rows(model) if ligand}
    return [{"ligand": ligand, "kind": kind} for ligand, kind in sorted(named)]


def edges(model: str, nodes: list[str], ligand_filter: list[str] = (), min_pathways: int = 1) -> dict:
    """The model's edges among validated nodes, as the API answers them (see module doc)."""
    owner = cells_of_nodes(nodes)
    wanted = set(ligand_filter)
    named = MODELS[model]["layout"] == "list"
    counts: dict[tuple[str, str], int] = {}
    pathways: dict[tuple[str, str], set] = {}
    for pre, post, ligand, receptor, kind, n in _rows(model):
        a, b = owner.get(pre), owner.get(post)
        if a is None or b is None or (wanted and ligand not in wanted):
            continue
        if named:
            pathways.setdefault((a, b), set()).add((ligand, receptor, kind))
        else:
            counts[a, b] = max(counts.get((a, b), 0), n)
    found = []
    for key in sorted(pathways or counts):
        if named:
            ways = pathways[key]
            edge = {"pre": key[0], "post": key[1], "pathways": len(ways),
                    "ligands": sorted({ligand for ligand, _, _ in ways}),
                    "kinds": sorted({kind for _, _, kind in ways})}
        else:
            edge = {"pre": key[0], "post": key[1], "pathways": counts[key], "ligands": None,
                    "kinds": [MODELS[model]["kind"]]}
        if edge["pathways"] >= min_pathways:
            found.append(edge)
    spec = MODELS[model]
    return {
        "model": model, "model_name": spec["name"], "kind": spec["kind"], "description": spec["description"],
        "unit": UNIT, "citation": spec["citation"], "class_rule": RULE_DISTINCT if named else RULE_PER_PAIR,
        "available_ligands": ligands(model), "nodes": list(nodes), "ligands": list(ligand_filter),
        "min_pathways": min_pathways, "edges": found,
    }


def _rows(model: str) -> list[tuple[str, str, str, str, str, int]]:
    return _load(data_version()).get(model, [])


@functools.lru_cache(maxsize=2)
def _load(version: str) -> dict[str, list]:
    """model -> [(pre, post, ligand, receptor, kind, pathways)] by cell name."""
    name = {info.id: n for n, info in catalog().neurons.items()}
    rows: dict[str, list] = {}
    for model, pre, post, ligand, receptor, kind, n in ExtrasynapticEdge.objects.values_list(
            "model", "pre_id", "post_id", "ligand", "receptor", "kind", "pathways").order_by("id"):
        rows.setdefault(model, []).append((name[pre], name[post], ligand, receptor, kind, n))
    return rows
