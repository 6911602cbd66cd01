"""The function section of a neuron page: the signal propagation atlas beside the anatomy.

`responses_to` lists the neurons that respond when this one (a member of the class) is
stimulated (this -> responder); `responses_of` the neurons whose stimulation changes this
one (stimulated -> this). One row per measured pair of cells, wild type and unc-31 side by
side, kept when either strain reaches q < q_max. Each row also says in how many of the
chosen datasets the anatomical connection in the same direction exists (chemical synapses,
and gap junctions, which have no direction), at the page's level (cells or classes).
"""

from atlas import funatlas

from .facts import CELL, members, resolve

STRAINS = [funatlas.WILD_TYPE, funatlas.UNC31]


def atlas_members(kind: str, name: str) -> list[str]:
    """The atlas neurons of a cell or class (class AWC: AWCOF, AWCON)."""
    if kind == CELL:
        return [name] if funatlas.in_atlas(name) else []
    return list(funatlas.of_class(name)) or [m for m in members(name) if funatlas.in_atlas(m)]


def function_section(kind: str, name: str, partners: dict, q_max: float) -> dict:
    """What the atlas says about a neuron, with `partners` (neurons/partners.py) for the anatomy."""
    cells = atlas_members(kind, name)
    label = (lambda n: n) if kind == CELL else (lambda n: funatlas.class_of(n) or n)
    outputs = _anatomy(partners, "outputs")
    inputs = _anatomy(partners, "inputs")
    measured = {direction: {cell: {strain: _evidence(cell, direction, strain) for strain in STRAINS} for cell in cells}
                for direction in ("to", "of")}
    downstream = _rows(measured["to"], "to", q_max, label, outputs)
    upstream = _rows(measured["of"], "of", q_max, label, inputs)
    return {
        "q_max": q_max,
        "atlas_cells": cells,
        "not_in_atlas": [m for m in members(name) if not funatlas.in_atlas(m)],
        "responses_to": downstream,
        "responses_of": upstream,
        "never_measured": {
            strain: {f"as_{role}": _never_measured(cells, strain, role) for role in ("stimulated", "responder")}
            for strain in STRAINS
        },
        "atlas_size": len(funatlas.names()),
        "comparison": {
            "downstream": _comparison(measured["to"], "to", outputs, label, q_max, name if kind == CELL else None),
            "upstream": _comparison(measured["of"], "of", inputs, label, q_max, name if kind == CELL else None),
        },
    }


def _never_measured(cells: list[str], strain: str, role: str) -> int | None:
    """Pairs never measured, summed over the cells (None without any cell in the atlas)."""
    return sum(funatlas.never_measured(c, strain, role) for c in cells) if cells else None


def _anatomy(partners: dict, table: str) -> dict[str, dict]:
    """Partner -> {"chemical": datasets with a chemical synapse that way, "gap_junction": ...}."""
    found: dict[str, dict] = {}
    for row in partners[table]:
        found.setdefault(row["partner"], {"chemical": 0, "gap_junction": 0})["chemical"] = row["n_datasets"]
    for row in partners["gap_junctions"]:
        found.setdefault(row["partner"], {"chemical": 0, "gap_junction": 0})["gap_junction"] = row["n_datasets"]
    return found


def _evidence(cell: str, direction: str, strain: str) -> dict:
    lookup = funatlas.responses_to if direction == "to" else funatlas.responses_of
    return {(e.stimulated, e.responder): e for e in lookup(cell, strain)}


def _rows(measured: dict, direction: str, q_max: float, label, anatomy: dict) -> list[dict]:
    rows = []
    for by_strain in measured.values():
        for key in sorted(set().union(*by_strain.values())):
            found = {strain: by_strain[strain].get(key) for strain in STRAINS}
            if not any(e is not None and e.significant(q_max) for e in found.values()):
                continue
            stimulated, responder = key
            partner = responder if direction == "to" else stimulated
            rows.append({
                "stimulated": stimulated,
                "responder": responder,
                "partner_label": label(partner),
                "partner_is_cell": resolve(partner) == (CELL, partner),
                **{strain: _shown(e) for strain, e in found.items()},
                "anatomy": anatomy.get(label(partner), {"chemical": 0, "gap_junction": 0}),
            })
    rows.sort(key=lambda r: (r["wt"] is None or r["wt"]["q"] is None, (r["wt"] or {}).get("q") or 1,
                             r["stimulated"], r["responder"]))
    return rows


def _shown(e) -> dict | None:
    if e is None:
        return None
    return {"dff": _round(e.dff, 4), "q": _round(e.q, 6, significant=True), "q_eq": _round(e.q_eq, 6, significant=True),
            "n": e.n_observations}


def _round(value, digits: int, significant: bool = False):
    if value is None:
        return None
    return float(f"{value:.{digits - 2}e}") if significant else round(value, digits)


def _comparison(evidence: dict, direction: str, anatomy: dict, label, q_max: float, itself: str | None) -> dict:
    """Anatomical partners (that way) by what wild type measured, and the significant
    functional partners that have no synapse with this neuron in the chosen datasets. A
    cell's synapses onto itself are left out: the atlas does not measure a cell's response
    to itself as a connection."""
    measured: dict[str, bool] = {}  # partner label -> any significant pair
    for by_strain in evidence.values():
        for e in by_strain[funatlas.WILD_TYPE].values():
            partner = label(e.responder if direction == "to" else e.stimulated)
            measured[partner] = measured.get(partner, False) or e.significant(q_max)
    connected = sorted(p for p, a in anatomy.items() if (a["chemical"] or a["gap_junction"]) and p != itself)
    return {
        "anatomical_responding": [p for p in connected if measured.get(p)],
        "anatomical_not_responding": [p for p in connected if p in measured and not measured[p]],
        "anatomical_not_measured": [p for p in connected if p not in measured],
        "functional_without_synapse": sorted(p for p, yes in measured.items() if yes and p not in anatomy),
    }
