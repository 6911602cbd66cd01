"""Edge-by-edge difference of two connectomes: every edge of a selection (the whole connectome
when none is given) with its count in a and in b, the change and a status.

Rules (stated in every answer and in the README):
- Edges are labelled as get-edges labels them (a class collapses its members unless one of
  them is selected); with no selection, every neuron of either dataset, neuron by neuron.
- value = the count, or with normalize the count divided by the dataset's total synapse count
  (chemical + gap junctions, each pair once), so datasets of different sizes compare.
- change = value_b - value_a; fold = value_b / value_a (null unless both counts are > 0).
- status: only_in_a (count_b = 0), only_in_b (count_a = 0), stronger (fold >= F, stronger in
  b), weaker (fold <= 1/F), unchanged otherwise; F = `fold_threshold` (default 2).
- An edge is listed when max(count_a, count_b) >= min_count.
- When either dataset has no gap-junction data, gap junctions are left out.
- Datasets of different units (the dauer's volumes) are always normalised.
"""

from .catalog import catalog
from .edges import get_edges
from .matrix import dataset_totals, present_neurons, unit_notes

STATUSES = ("only_in_a", "only_in_b", "stronger", "weaker", "unchanged")


def rule_text(normalize: bool, fold_threshold: float, min_count: int) -> str:
    value = "count / the dataset's total synapse count" if normalize else "synapse count"
    return (
        f"value = {value}; change = value_b - value_a; fold = value_b / value_a. "
        f"only_in_a: count_b = 0; only_in_b: count_a = 0; stronger: fold >= {fold_threshold:g}; "
        f"weaker: fold <= 1/{fold_threshold:g}; unchanged otherwise. "
        f"Listed when max(count_a, count_b) >= {min_count}."
    )


def significant(value: float) -> float:
    """The value to 6 significant digits."""
    return float(f"{value:.6g}")


def status_of(count_a: int, count_b: int, fold: float | None, fold_threshold: float) -> str:
    if count_b == 0:
        return "only_in_a"
    if count_a == 0:
        return "only_in_b"
    if fold >= fold_threshold:
        return "stronger"
    if fold <= 1 / fold_threshold:
        return "weaker"
    return "unchanged"


def edge_diff(a: str, b: str, neurons: list[str], classes: list[str], normalize: bool,
              min_count: int, fold_threshold: float, without_gaps: frozenset[str]) -> dict:
    """The edges of the selection in a and b with their change and status."""
    if not neurons and not classes:
        neurons = sorted(present_neurons([a, b]))
    ids = [a] if a == b else [a, b]
    units = catalog().units
    notes = unit_notes([a, b])
    if units[a] != units[b] and not normalize:
        normalize = True
        notes.append(f"{a} ({units[a]}) and {b} ({units[b]}) differ in unit: each is normalised by its total.")
    answer = get_edges(ids, neurons, classes, False, False)
    totals = dataset_totals()
    scale_a = 1 / max(totals[a], 1) if normalize else 1
    scale_b = 1 / max(totals[b], 1) if normalize else 1
    skip_gaps = a in without_gaps or b in without_gaps
    rows = []
    for s in answer["synapses"]:
        if s["type"] == "e" and skip_gaps:
            continue
        count_a, count_b = s["list_count"][0], s["list_count"][-1]
        if max(count_a, count_b) < min_count:
            continue
        value_a, value_b = count_a * scale_a, count_b * scale_b
        fold = value_b / value_a if count_a and count_b else None
        rows.append({
            "pre": s["pre"], "post": s["post"], "type": s["type"],
            "count_a": count_a, "count_b": count_b,
            "change": significant(value_b - value_a) if normalize else count_b - count_a,
            "fold": None if fold is None else significant(fold),
            "status": status_of(count_a, count_b, fold, fold_threshold),
        })
    if skip_gaps:
        gapless = ", ".join(d for d in dict.fromkeys([a, b]) if d in without_gaps)
        notes.append(f"Gap junctions are left out: {gapless} has no gap-junction data.")
    counts = dict.fromkeys(STATUSES, 0)
    for row in rows:
        counts[row["status"]] += 1
    return {
        "a": a, "b": b, "normalize": normalize, "min_count": min_count, "fold_threshold": fold_threshold,
        "totals": {a: totals[a], b: totals[b]}, "units": {a: catalog().units[a], b: catalog().units[b]},
        "rule": rule_text(normalize, fold_threshold, min_count),
        "notes": notes, "counts": counts, "edges": rows,
    }
