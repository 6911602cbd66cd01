"""The functional layer (request time): signal propagation atlas edges among drawn nodes.

`edges(nodes, strain, q_max)` gives an edge stimulated -> responder for every ordered pair of
distinct nodes (cells or classes, see connectome/node_labels.py) with a measured response at
q < q_max (Randi et al. 2023: entry [i, j] of the atlas is i's response when j was stimulated,
so the edge is j -> i). A node standing for several atlas neurons (a class; AWC stands for the
atlas's AWCON and AWCOF) takes the most significant of its member pairs (smallest q; ties: the
larger |ΔF/F|), whose mean ΔF/F, q and trials the edge reports, with the number of member pairs
that are significant. A neuron's response to its own stimulation is no edge.
"""

import numpy as np

from connectome.catalog import catalog
from connectome.node_labels import cells_of_nodes

from . import funatlas
from .funatlas import STRAIN_NAMES

CITATION = ("Randi F, Sharma AK, Dvali S, Leifer AM. Neural signal propagation atlas of Caenorhabditis elegans. "
            "Nature 623, 406-414 (2023). doi:10.1038/s41586-023-06683-4")
UNIT = "ΔF/F (mean change in fluorescence of the responder, no unit)"
CLASS_RULE = "the member pair with the smallest q (ties: larger |ΔF/F|)"


def atlas_owner(nodes: list[str]) -> dict[str, str]:
    """atlas neuron -> the node standing for it."""
    owner = {cell: node for cell, node in cells_of_nodes(nodes).items() if funatlas.in_atlas(cell)}
    info = catalog()
    for node in nodes:  # the atlas neurons that are no cell (AWCON, AWCOF) belong to their class
        if node in info.classes and node not in info.neurons:
            for name in funatlas.of_class(node):
                owner.setdefault(name, node)
    return owner


def edges(nodes: list[str], strain: str = funatlas.WILD_TYPE, q_max: float = funatlas.Q_MAX) -> dict:
    """The significant responses among validated nodes, as the API answers them (module doc)."""
    names, s = funatlas.matrices(strain)
    owner = atlas_owner(nodes)
    label = np.array([owner.get(name, "") for name in names], dtype=object)
    with np.errstate(invalid="ignore"):
        significant = (s.n > 0) & (s.q < q_max)
    np.fill_diagonal(significant, False)
    has_label = label != ""
    significant &= has_label[:, None] & has_label[None, :]
    best: dict[tuple[str, str], tuple] = {}
    members: dict[tuple[str, str], int] = {}
    for i, j in zip(*np.nonzero(significant), strict=True):  # i responds, j stimulated
        key = (label[j], label[i])
        if key[0] == key[1]:
            continue
        dff = float(s.dff[i, j])
        rank = (float(s.q[i, j]), -abs(dff) if np.isfinite(dff) else 0.0)
        members[key] = members.get(key, 0) + 1
        if key not in best or rank < best[key][0]:
            best[key] = (rank, int(j), int(i))
    found = []
    for key in sorted(best):
        _, j, i = best[key]
        dff = float(s.dff[i, j])
        found.append({
            "stimulated": key[0], "responder": key[1],
            "dff": dff if np.isfinite(dff) else None, "q": float(s.q[i, j]), "n_observations": int(s.n[i, j]),
            "pair": [names[j], names[i]], "significant_pairs": members[key],
        })
    return {
        "strain": strain, "strain_name": STRAIN_NAMES[strain], "q_max": q_max, "unit": UNIT,
        "citation": CITATION, "class_rule": CLASS_RULE, "nodes": list(nodes),
        "not_in_atlas": [n for n in nodes if n not in set(owner.values())], "edges": found,
    }
