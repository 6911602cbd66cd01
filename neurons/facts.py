"""What is known about a cell or class, and finding one by name: plain functions, no HTTP.

- `resolve(name)`: ("cell", "AVAL"), ("class", "AVA") or None. A name that is both (a class
  of one cell, such as RID) is a cell.
- `identity(name)`, `transmitters(name)`, `positions()`: the imported facts (NeuronFacts).
- `suggestions(name)`: close names for an unknown one (`AVAl` -> AVAL, `VA1` -> VA01,
  `ava` -> AVA), by the rules of connectome/names.py, then by spelling.
- `search(query)`: cells and classes by name, full name or description ("anterior deirid"
  finds ADE), for the navigation bar.

The facts table and the search index are loaded once per process (and data version).
"""

import difflib
import re
from dataclasses import dataclass

from connectome.catalog import catalog
from connectome.models import Neuron
from connectome.names import by_lowercase, matches
from core.cache import data_cache, data_version

from .models import NeuronFacts

CELL, CLASS = "cell", "class"
FACT_FIELDS = [
    "full_name", "description", "wormatlas_type", "lineage", "transmitters", "transmitter_table", "receptors",
    "body_segment", "neuropal_rgb",
]
SEARCH_LIMIT = 12
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class _Table:
    facts: dict[str, dict]  # cell -> {fact: value or None, "position_um": {x, y, z} or None}
    category: dict[str, str]  # cell -> shared / male / hermaphrodite / pharynx
    lowercase: dict[str, str]  # every cell and class name in lower case -> itself
    index: list[tuple[str, str, str, str, frozenset]]  # (name, kind, text shown, text, its words)


def resolve(name: str) -> tuple[str, str] | None:
    """("cell", name) or ("class", name) for an exact connectome name, else None."""
    info = catalog()
    if name in info.neurons:
        return CELL, name
    if name in info.classes:
        return CLASS, name
    return None


def members(name: str) -> list[str]:
    """The cells of a class, or [name] for a cell."""
    kind, name = resolve(name)
    return catalog().classes[name] if kind == CLASS else [name]


def cell_facts(cell: str) -> dict:
    """Every fact of one cell (None where no source gives it)."""
    return _table().facts.get(cell) or {**dict.fromkeys(FACT_FIELDS), "position_um": None}


def category(cell: str) -> str:
    """shared, male, hermaphrodite or pharynx (connectome_neurons.csv)."""
    return _table().category[cell]


def transmitters(name: str) -> list[str] | None:
    """The neurotransmitter identities of a cell, or of a class's cells (in order, once
    each); None when no cell has any."""
    found = [t for cell in members(name) for t in (cell_facts(cell)["transmitters"] or [])]
    return list(dict.fromkeys(found)) or None


def identity(name: str) -> dict:
    """The identity section of a neuron page: name, class, members, type and each cell's facts."""
    kind, name = resolve(name)
    info = catalog()
    cells = members(name)
    neuron_class = info.neurons[name].neuron_class if kind == CELL else name
    types = list(dict.fromkeys(info.neurons[c].cell_type for c in cells))
    descriptions = list(dict.fromkeys(info.neurons[c].cell_type_desc for c in cells))
    categories = sorted({category(c) for c in cells})
    return {
        "name": name,
        "kind": kind,
        "neuron_class": neuron_class,
        "members": info.classes[neuron_class],
        "cell_type": "".join(types),
        "cell_type_desc": ", ".join(descriptions),
        "category": ", ".join(categories),
        "transmitters": transmitters(name),
        "cells": [{"name": c, **cell_facts(c)} for c in cells],
    }


def positions() -> dict[str, list[float]]:
    """Every cell's 3D atlas position [x, y, z] in µm (Skuhersky et al. 2022), for the worm picture."""
    return {
        cell: [facts["position_um"][k] for k in ("x", "y", "z")]
        for cell, facts in _table().facts.items()
        if facts["position_um"]
    }


def suggestions(name: str, limit: int = 5) -> list[str]:
    """Cell and class names close to an unknown `name`, best first."""
    table, info = _table(), catalog()
    known = {**info.neurons, **info.classes}
    found = list(matches(name, known, lowercase=table.lowercase).names)
    close = difflib.get_close_matches(name.lower(), table.lowercase, n=limit, cutoff=0.6)
    found += [table.lowercase[c] for c in close]
    return list(dict.fromkeys(found))[:limit]


def search(query: str, limit: int = SEARCH_LIMIT) -> list[dict]:
    """Cells and classes matching `query`, best first: the exact name, a name written another
    way (VA1 -> VA01), names starting with it, then full names and descriptions holding it
    as a phrase, then holding every word of it as a word start (classes before their cells).
    Each {"name", "kind", "text"}."""
    query = query.strip()
    if not query:
        return []
    table, info = _table(), catalog()
    lowered = query.lower()
    words = _WORD.findall(lowered)
    scored = {}
    alias = matches(query, {**info.neurons, **info.classes}, lowercase=table.lowercase).names
    for name, kind, shown, text, text_words in table.index:
        low = name.lower()
        if low == lowered:
            score = 0
        elif name in alias:
            score = 1
        elif low.startswith(lowered):
            score = 2 + len(name) / 100
        elif words and f" {' '.join(words)}" in f" {text}":
            score = 3
        elif words and all(any(w.startswith(q) for w in text_words) for q in words):
            score = 4
        else:
            continue
        scored[name] = (score, kind == CELL, name, kind, shown)
    best = sorted(scored.values())[:limit]
    return [{"name": name, "kind": kind, "text": text} for _, _, name, kind, text in best]


def search_text(name: str, kind: str) -> str:
    """The full name shown beside a name (a class's without the side), else its cell type."""
    return _shown_text(_table(), name, kind)


def _table() -> _Table:
    return _load(data_version())


@data_cache(2)
def _load(version: str) -> _Table:
    info = catalog()
    facts = {}
    for row in NeuronFacts.objects.values():
        xyz = [row["x_um"], row["y_um"], row["z_um"]]
        position = None if None in xyz else dict(zip("xyz", xyz, strict=True))
        facts[row["name"]] = {**{f: row[f] for f in FACT_FIELDS}, "position_um": position}
    categories = dict(Neuron.objects.values_list("name", "cell_category"))
    lowercase = by_lowercase([*info.neurons, *info.classes])
    table = _Table(facts, categories, lowercase, [])
    for cls, cells in info.classes.items():
        if cls not in info.neurons:
            words = [w for c in cells for w in _fact_words(facts, c)]
            table.index.append((cls, CLASS, _shown_text(table, cls, CLASS), " ".join(words), frozenset(words)))
    for cell in info.neurons:
        words = _fact_words(facts, cell)
        table.index.append((cell, CELL, _shown_text(table, cell, CELL), " ".join(words), frozenset(words)))
    return table


def _fact_words(facts: dict, cell: str) -> list[str]:
    """The words of a cell's full name and description, in lower case."""
    found = facts.get(cell) or {}
    return _WORD.findall(" ".join(found.get(k) or "" for k in ("full_name", "description")).lower())


def _shown_text(table: _Table, name: str, kind: str) -> str:
    """What the search list shows beside a name: the full name (a class's: its first cell's,
    without the side), else the cell type."""
    info = catalog()
    cells = info.classes[name] if kind == CLASS else [name]
    full = (table.facts.get(cells[0]) or {}).get("full_name")
    if full and kind == CLASS and len(cells) > 1:
        full = re.sub(r"\s+(Left|Right|Dorsal|Ventral|[LR]|\d+)(\s+(Left|Right))?$", "", full)
    return full or info.neurons[cells[0]].cell_type_desc
