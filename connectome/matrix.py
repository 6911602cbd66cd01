"""Connectivity matrices of a selection: neuron-by-neuron or class-by-class, chemical synapses
and gap junctions, of one dataset or the difference of two.

Rules (also in the README):
- matrix[i][j] of chemical synapses is the count from row i (pre) to column j (post); gap
  junctions are symmetric (a pair's count in both cells, a self-pair on the diagonal).
- At class level a cell sums its member pairs (as get-edges does).
- The difference of two datasets is either a - b of the counts, or log2 fold:
  log2((a / total_a) / (b / total_b)), each dataset normalised by its total synapse count
  (chemical + gap junctions, each pair once); null where a or b is 0. Datasets of different
  units (the dauer's volumes) are never subtracted: log2 fold instead, said in `notes`.
- Orders: "name"; "type" (cell type, then name); "cluster": the leaf order of average-linkage
  hierarchical clustering (scipy, euclidean) of each row's log(1 + count) profile, outgoing
  and incoming chemical and gap junctions, of both datasets when two are given.
"""


import numpy as np
from django.db.models import Q, Sum

from core.cache import data_cache, data_version

from .catalog import catalog
from .dauer import UNIT_NOTE
from .models import Dataset, Synapse

NEURON, CLASS = "neuron", "class"
ORDERS = ("name", "type", "cluster")
SUBTRACT, LOG2FOLD = "subtract", "log2fold"
TYPE_ORDER = "simnbu"  # sensory, interneuron, motor, ... (the cell-type code letters)


def dataset_totals() -> dict[str, int]:
    """dataset_id -> its total synapse count (chemical + gap junctions, each pair once; the
    dauer: its total active-zone volume)."""
    return _totals(data_version())


@data_cache(2)
def _totals(version: str) -> dict[str, int]:
    sums = dict(Dataset.objects.annotate(total=Sum("synapses__synapse_count")).values_list("dataset_id", "total"))
    return {d: int(t or 0) for d, t in sums.items()}


def present_neurons(dataset_ids: list[str]) -> set[str]:
    """Names of the neurons with a synapse in any of the datasets."""
    info = catalog()
    ids = Dataset.available_neurons.through.objects.filter(
        dataset_id__in=[info.datasets[d] for d in dataset_ids]
    ).values_list("neuron_id", flat=True)
    return {info.by_id[pk].name for pk in ids}


def labels_of(level: str, names: list[str], present: set[str]) -> tuple[list[str], list[str]]:
    """The row labels of a selection (neuron or class names; none = the whole connectome) and
    the names left out because no neuron of theirs is in the datasets."""
    info = catalog()
    if not names:
        names = sorted(present)
    labels, absent = set(), []
    for name in names:
        members = [name] if name in info.neurons else info.classes[name]
        members = [m for m in members if m in present]
        if not members:
            absent.append(name)
        elif level == NEURON:
            labels.update(members)
        else:
            labels.update(info.neurons[m].neuron_class for m in members)
    return sorted(labels), absent


def count_matrices(dataset_id: str, level: str, labels: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The (chemical, gap junction) count matrices among the labels in one dataset."""
    info = catalog()
    index = {label: i for i, label in enumerate(labels)}
    row_of = {}
    for name, neuron in info.neurons.items():
        label = name if level == NEURON else neuron.neuron_class
        if label in index:
            row_of[neuron.id] = index[label]
    ids = list(row_of)
    rows = Synapse.objects.filter(dataset_id=info.datasets[dataset_id]).filter(
        Q(pre_id__in=ids) & Q(post_id__in=ids)
    ).values_list("pre_id", "post_id", "synapse_type", "synapse_count")
    n = len(labels)
    chemical, gap = np.zeros((n, n), dtype=np.int64), np.zeros((n, n), dtype=np.int64)
    for pre, post, kind, count in rows:
        i, j = row_of[pre], row_of[post]
        if kind == Synapse.CHEMICAL:
            chemical[i, j] += count
        else:
            gap[i, j] += count
            if i != j:
                gap[j, i] += count
    return chemical, gap


def order_of(order: str, labels: list[str], level: str, matrices: list[np.ndarray]) -> list[int]:
    """The permutation of the labels for the chosen order."""
    n = len(labels)
    if order == "type":
        info = catalog()

        def cell_type(label):
            code = info.neurons[label if level == NEURON else info.classes[label][0]].cell_type[:1]
            return TYPE_ORDER.index(code) if code in TYPE_ORDER else len(TYPE_ORDER)

        return sorted(range(n), key=lambda i: (cell_type(labels[i]), labels[i]))
    if order == "cluster" and n >= 3:
        # Imported here, not at start: scipy.cluster adds about 0.15-0.2 s to a server's start-up.
        from scipy.cluster.hierarchy import leaves_list, linkage

        profile = np.log1p(np.hstack([m for matrix in matrices for m in (matrix, matrix.T)]).astype(float))
        return [int(i) for i in leaves_list(linkage(profile, method="average", metric="euclidean"))]
    return list(range(n))


def difference(a: np.ndarray, b: np.ndarray, mode: str, total_a: int, total_b: int) -> list[list]:
    """a - b, or log2 fold of the normalised counts (None where a or b is 0), rounded."""
    if mode == SUBTRACT:
        return (a - b).tolist()
    with np.errstate(divide="ignore", invalid="ignore"):
        fold = np.log2((a / max(total_a, 1)) / (b / max(total_b, 1)))
    return [[round(float(v), 4) if np.isfinite(v) else None for v in row] for row in fold]


def unit_notes(ids: list[str]) -> list[str]:
    """A note for each dataset weighted by something other than synapse counts."""
    units = catalog().units
    return [f"{d} is weighted by {units[d]} ({UNIT_NOTE}), not synapse counts." for d in dict.fromkeys(ids)
            if units[d] != "synapses"]


def build_matrix(a: str, b: str | None, level: str, names: list[str], order: str, mode: str) -> dict:
    """The matrices of the selection in dataset a (and b), in the chosen order."""
    ids = [a] if b is None else [a, b]
    labels, absent = labels_of(level, names, present_neurons(ids))
    per_dataset = [count_matrices(d, level, labels) for d in ids]
    perm = order_of(order, labels, level, [m for pair in per_dataset for m in pair])
    labels = [labels[i] for i in perm]
    per_dataset = [tuple(m[np.ix_(perm, perm)] for m in pair) for pair in per_dataset]
    info = catalog()
    totals = dataset_totals()
    notes = []
    if b is not None and mode == SUBTRACT and info.units[a] != info.units[b]:
        mode = LOG2FOLD
        notes.append(f"{a} ({info.units[a]}) and {b} ({info.units[b]}) cannot be subtracted: "
                     "shown as log2 fold of the normalised values.")
    answer = {
        "a": a,
        "b": b,
        "level": level,
        "order": order,
        "labels": labels,
        "cell_types": [info.neurons[lab if level == NEURON else info.classes[lab][0]].cell_type for lab in labels],
        "absent": absent,
        "totals": {d: totals[d] for d in ids},
        "units": {d: info.units[d] for d in ids},
        "chemical": {"a": per_dataset[0][0].tolist()},
        "gap": {"a": per_dataset[0][1].tolist()},
        "difference": None,
        "rule": "",
        "notes": notes,
    }
    answer["notes"] += unit_notes(ids)
    for d in ids:
        if d in info.without_gap_junctions:
            answer["notes"].append(f"{d} has no gap-junction data: its gap-junction matrix is all zeros.")
    if b is not None:
        answer["difference"] = mode
        answer["rule"] = (
            "a - b of the synapse counts." if mode == SUBTRACT else
            "log2((a / total_a) / (b / total_b)), each dataset normalised by its total synapse count; "
            "null where a or b is 0."
        )
        for k, key in enumerate(("chemical", "gap")):
            answer[key]["b"] = per_dataset[1][k].tolist()
            answer[key]["difference"] = difference(
                per_dataset[0][k], per_dataset[1][k], mode, totals[a], totals[b]
            )
    return answer
