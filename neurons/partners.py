"""A neuron's (or class's) partners in every connectome, and their trend through development.

The counts are connectome/edges.py's get-edges, so its counting rules hold: a class sums its
member pairs, a gap junction counts once per pair. A cell page lists partner cells, a class
page partner classes. A dataset in which the neuron has no synapse at all does not measure
it (a male-only cell in a hermaphrodite, a tail cell in a head reconstruction): its column
is None ("not in this dataset") with the reason, never 0; so are gap junctions in datasets
imported without them (Witvliet). Means and ranges are over the datasets that measure it.

Dataset groups, from the dataset table (connectome_datasets.json): `pharynx` (type pharynx),
`development` (the Witvliet series, connectome/stages.py), `male` (named "... male)"), and
`adult_hermaphrodite`: the others (White 1986 compilation, N2U, JSE and the L4 JSH, Cook 2019
hermaphrodite).
"""

import re
from dataclasses import dataclass

from connectome.dauer import VOLUME_DATASETS
from connectome.edges import get_edges
from connectome.models import Dataset, Synapse
from connectome.stages import DEVELOPMENT_PREFIX, development_stages, stage_means
from core.cache import data_cache, data_version

from .facts import CELL, CLASS, category, members

GROUPS = {
    "adult_hermaphrodite": "Adult hermaphrodite",
    "development": "Development series (Witvliet 2021)",
    "male": "Male",
    "pharynx": "Pharynx",
}
TABLES = ["inputs", "outputs", "gap_junctions"]
TOP_DEVELOPMENT = 8  # partners shown as trend lines, per direction


@dataclass(frozen=True)
class DatasetInfo:
    id: str
    name: str
    type: str  # complete / head / tail / pharynx
    group: str  # a key of GROUPS
    has_gap_junctions: bool
    time: float  # hours


def datasets() -> list[DatasetInfo]:
    """Every connectome dataset, in display order, with its group."""
    return _datasets(data_version())


@data_cache(2)
def _datasets(version: str) -> list[DatasetInfo]:
    # Partner tables average synapse counts: a dataset weighted by volume (the dauer) is not one of them.
    rows = Dataset.objects.exclude(dataset_id__in=VOLUME_DATASETS).order_by("order").values_list(
        "dataset_id", "name", "dataset_type", "skip_gap_junction", "animal_time")
    return [DatasetInfo(d, name, kind, dataset_group(d, name, kind), not skip, float(time))
            for d, name, kind, skip, time in rows]


def citations() -> dict[str, list[str]]:
    """Dataset id -> its short citations."""
    return _citations(data_version())


@data_cache(2)
def _citations(version: str) -> dict[str, list[str]]:
    return dict(Dataset.objects.values_list("dataset_id", "citation"))


def dataset_group(dataset_id: str, name: str, dataset_type: str) -> str:
    """The group of a dataset (see the module docstring)."""
    if dataset_type == "pharynx":
        return "pharynx"
    if dataset_id.startswith(DEVELOPMENT_PREFIX):
        return "development"
    if re.search(r"\bmale\b", name, re.IGNORECASE):
        return "male"
    return "adult_hermaphrodite"


def groups() -> dict[str, dict]:
    """{group: {"label", "datasets": [ids]}} for the groups that have datasets."""
    found = {}
    for d in datasets():
        found.setdefault(d.group, {"label": GROUPS[d.group], "datasets": []})["datasets"].append(d.id)
    return {g: found[g] for g in GROUPS if g in found}


@data_cache(256)
def _edges(version: str, kind: str, name: str) -> dict:
    """get-edges over every dataset for one neuron or class and all its partners."""
    ids = [d.id for d in datasets()]
    if kind == CELL:
        return get_edges(ids, [name], [], True, True)
    return get_edges(ids, [], [name], False, True)


def partner_tables(kind: str, name: str, dataset_ids: list[str]) -> dict:
    """{"datasets": [...], "inputs", "outputs", "gap_junctions": [rows], "totals": {...}} over
    `dataset_ids` (in that order). Each row: partner, counts (per dataset, None where not
    measured), n_datasets (with at least one synapse), n_measured, mean, min, max (over the
    measured datasets) and share_pct (the row's share of the neuron's total in each dataset)."""
    edges = _edges(data_version(), kind, name)
    column = {d: i for i, d in enumerate(edges["datasets"])}
    info = {d.id: d for d in datasets()}
    present = _present(edges)
    measured = {
        table: [present[column[d]] and (table != "gap_junctions" or info[d].has_gap_junctions) for d in dataset_ids]
        for table in TABLES
    }
    counts: dict[str, dict[str, list[int]]] = {t: {} for t in TABLES}
    for s in edges["synapses"]:
        per_dataset = [s["list_count"][column[d]] for d in dataset_ids]
        if s["type"] == Synapse.ELECTRICAL:
            partner = s["post"] if s["pre"] == name else s["pre"]
            _add(counts["gap_junctions"], partner, per_dataset)
            continue
        if s["post"] == name:
            _add(counts["inputs"], s["pre"], per_dataset)
        if s["pre"] == name:
            _add(counts["outputs"], s["post"], per_dataset)
    totals = {t: [sum(c[i] for c in counts[t].values()) if measured[t][i] else None for i in range(len(dataset_ids))]
              for t in TABLES}
    tables = {t: _rows(counts[t], measured[t], totals[t]) for t in TABLES}
    return {
        "datasets": [_dataset_column(info[d], present[column[d]], name, kind) for d in dataset_ids],
        **tables,
        "totals": totals,
    }


def _add(table: dict, partner: str, per_dataset: list[int]) -> None:
    row = table.setdefault(partner, [0] * len(per_dataset))
    for i, n in enumerate(per_dataset):
        row[i] += n


def _present(edges: dict) -> list[bool]:
    """Per dataset of the get-edges answer: whether the neuron has any synapse in it."""
    present = [False] * len(edges["datasets"])
    for s in edges["synapses"]:
        for i, n in enumerate(s["list_count"]):
            present[i] = present[i] or n > 0
    return present


def _rows(table: dict, measured: list[bool], totals: list) -> list[dict]:
    rows = []
    for partner, per_dataset in table.items():
        counts = [n if m else None for n, m in zip(per_dataset, measured, strict=True)]
        values = [n for n in counts if n is not None]
        rows.append({
            "partner": partner,
            "counts": counts,
            "n_datasets": sum(n > 0 for n in values),
            "n_measured": len(values),
            "mean": round(sum(values) / len(values), 2) if values else None,
            "min": min(values) if values else None,
            "max": max(values) if values else None,
            "share_pct": [round(100 * n / t, 1) if n is not None and t else None
                          for n, t in zip(counts, totals, strict=True)],
        })
    rows = [r for r in rows if r["n_datasets"]]
    rows.sort(key=lambda r: (-(r["mean"] or 0), -r["n_datasets"], r["partner"]))
    return rows


def _dataset_column(d: DatasetInfo, present: bool, name: str, kind: str) -> dict:
    return {
        "id": d.id, "name": d.name, "group": d.group, "has_gap_junctions": d.has_gap_junctions,
        "present": present, "absent_reason": None if present else absence_reason(d, name, kind),
    }


def absence_reason(d: DatasetInfo, name: str, kind: str) -> str:
    """Why a neuron has no synapse in a dataset, in one sentence."""
    cells = members(name)
    categories = {category(c) for c in cells}
    what = "class" if kind == CLASS else "cell"
    if categories == {"male"} and d.group != "male":
        return f"{name} is a male-specific {what}: only the male connectome (Cook et al. 2019) has it."
    if categories == {"hermaphrodite"} and d.group == "male":
        return f"{name} is a hermaphrodite-specific {what}: the male has none."
    if d.type in ("head", "tail", "pharynx"):
        return f"{name} has no synapse in this reconstruction, which covers the {d.type} only."
    return f"{name} has no synapse in this dataset."


def development(kind: str, name: str) -> dict:
    """The top partners' chemical synapse counts at each Witvliet stage (the mean over the
    stage's animals, connectome/stages.py), inputs and outputs separately. The series has no
    gap junctions."""
    series = [d for d in datasets() if d.id.startswith(DEVELOPMENT_PREFIX)]
    stages = development_stages([{"id": d.id, "name": d.name, "time": d.time} for d in series])
    ids = [d.id for d in series]
    tables = partner_tables(kind, name, ids)
    result = {"stages": [{"label": s["label"], "hours": s["hours"], "datasets": s["datasets"]} for s in stages]}
    for table in ("inputs", "outputs"):
        top = tables[table][:TOP_DEVELOPMENT]
        result[table] = [
            {"partner": r["partner"],
             "counts": [None if m is None else round(m, 2)
                        for m in stage_means(dict(zip(ids, r["counts"], strict=True)), stages)]}
            for r in top
        ]
    return result
