"""Which drawn node stands for which cell, for the layers drawn over a graph.

A graph's nodes are cell names ("AVAL") and class names ("RIM"). A cell node stands for
itself; a class node for those of its cells that are not nodes themselves, as get-edges
labels them (edges.py).
"""

from .catalog import catalog


def cells_of_nodes(nodes: list[str]) -> dict[str, str]:
    """cell -> the node standing for it, for validated node names (cells or classes)."""
    info = catalog()
    owner = {n: n for n in nodes if n in info.neurons}
    for node in nodes:
        if node not in info.neurons:
            for cell in info.classes[node]:
                owner.setdefault(cell, node)
    return owner


def unknown_names(nodes: list[str]) -> list[str]:
    info = catalog()
    return [n for n in nodes if n not in info.neurons and n not in info.classes]
