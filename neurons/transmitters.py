"""Neurotransmitter groups for colouring graphs (Wang et al. 2024), request time.

Each identity the atlas writes ("ACh", "*Glu - NEW", "Glu; tyramine (synthesis + uptake) -
NEW", "5-HT (uptake)", "unknown (orphan)") falls into one group, by its first word once the
marks of the table are removed (a leading `*`, ` - NEW`, what is in brackets): ACh, Glu, GABA,
DA (dopamine), 5-HT (serotonin, with its uptake-only and alternative-synthesis cells),
octopamine, tyramine, betaine, other monoamine (5-HTP, PEOH and the unknown monoamines) and unknown
(orphan cells and anything else). A cell's groups keep the table's order, once each; a class
takes its cells' groups in order. Cells the atlas does not list (muscles, other cells) have no
group.
"""

import re

from connectome.catalog import catalog

from .facts import cell_facts

SOURCE = ("Wang C, Vidal B, Sural S, et al., Hobert O. A neurotransmitter atlas of C. elegans males and "
          "hermaphrodites. eLife 13, RP95402 (2024). doi:10.7554/eLife.95402")
GROUPS = ["ACh", "Glu", "GABA", "DA", "5-HT", "octopamine", "tyramine", "betaine", "other monoamine", "unknown"]
_FIRST_WORDS = {"ach": "ACh", "glu": "Glu", "gaba": "GABA", "da": "DA", "5-ht": "5-HT", "octopamine": "octopamine",
                "tyramine": "tyramine", "betaine": "betaine", "5-htp": "other monoamine", "peoh": "other monoamine"}


def group(identity: str) -> str:
    """The group of one identity as written in the atlas."""
    text = re.sub(r"\(.*?\)|\s-\s*new\b", " ", identity.lower()).replace("*", " ").replace("?", " ").strip()
    if "monoamine" in text:
        return "other monoamine"
    first = text.split()[0] if text.split() else ""
    return _FIRST_WORDS.get(first, "unknown")


def groups_of(cells: list[str]) -> list[str]:
    """The groups of some cells' identities, in order, once each."""
    found = [group(t) for cell in cells for t in (cell_facts(cell)["transmitters"] or [])]
    return list(dict.fromkeys(found))


def table() -> dict:
    """Every cell and class with a group: {"source", "groups", "cells": {name: {...}}, "classes": {...}}."""
    info = catalog()
    cells = {}
    for name in info.neurons:
        identities = cell_facts(name)["transmitters"]
        if identities:
            cells[name] = {"groups": groups_of([name]), "identities": identities}
    classes = {}
    for name, members in info.classes.items():
        found = groups_of(members)
        if found and name not in info.neurons:
            classes[name] = {"groups": found, "identities": list(dict.fromkeys(
                t for m in members for t in (cell_facts(m)["transmitters"] or [])))}
    return {"source": SOURCE, "groups": GROUPS, "cells": cells, "classes": classes}
