"""CePNEM encoding: the class-level table of Atanas & Kim 2023, its match to connectome
neurons, and the per-recording encoding blocks (spec 4.6, 7.6).

`build_*` functions fill the derived tables (run by the update_encoding_* commands);
`*_answer` functions shape what the APIs serve.
"""

import math
from pathlib import Path

from connectome.models import Neuron
from core.importing import DataImportError, load_json

from .models import EncodingClass, EncodingNeuronMatch, GCaMPDataset, GCaMPNeuron

# The 24 fraction columns of encoding_table.json, in order (spec 7.6).
ENCODING_COLUMNS = [
    "fwd", "rev", "fwd_slope_pos", "fwd_slope_neg", "rev_slope_pos", "rev_slope_neg",
    "slope_fwd_gt_rev", "slope_fwd_lt_rev",
    "dorsal", "ventral", "fwd_dorsal", "fwd_ventral", "rev_dorsal", "rev_ventral",
    "more_dorsal_fwd", "more_ventral_fwd",
    "act", "inh", "fwd_act", "fwd_inh", "rev_act", "rev_inh", "more_act_fwd", "more_inh_fwd",
]
# Per-class values of encoding_table.json, stored in EncodingClass fields of the same name.
VALUE_KEYS = [
    "enc_strength_v", "enc_strength_hc", "enc_strength_pumping", "enc_v", "enc_hc", "enc_pumping",
    "tau", "encoding_variability",
]
# Keys of a per-recording encoding block (spec 4.4): the importer requires them, the encoding
# API serves them (spec 5.2). The per-neuron ones are lists of n_neuron values.
RECORDING_PER_NEURON = [
    "rel_enc_str_v", "rel_enc_str_θh", "rel_enc_str_P", "forwardness", "dorsalness", "feedingness", "tau_vals",
]
RECORDING_KEYS = ["neuron_categorization", "encoding_changing_neurons", *RECORDING_PER_NEURON]
# Recordings of the per-neuron encoding dictionary: this paper, labelled, and no other types.
DICT_PAPER = "atanas_kim_2023"
DICT_TYPES = {"atanas_kim_2023-baseline", "common-neuropal"}
MULTI_MEMBER_CLASSES = {"RMD", "RME"}  # classes of more than 2 neurons: only <c>L, <c>R match


def table_path(data_dir: Path) -> Path:
    return Path(data_dir) / "wormwideweb-data/activity/encoding_table.json"


def read_encoding_table(path: Path) -> list[dict]:
    """One dict per class: name, count, the VALUE_KEYS and the 24 `fractions`."""
    table = load_json(path)
    keys = ["class", "count", "encoding_table", *VALUE_KEYS]
    if not isinstance(table, dict) or any(not isinstance(table.get(k), list) for k in keys):
        raise DataImportError(f"{path}: needs the lists {', '.join(keys)}")
    n = len(table["class"])
    if any(len(table[k]) != n for k in keys):
        raise DataImportError(f"{path}: the lists {', '.join(keys)} must all have {n} entries")
    rows = []
    for i, name in enumerate(table["class"]):
        where = f"{path}, class #{i + 1} ({name})"
        fractions = table["encoding_table"][i]
        if not isinstance(name, str) or not name or any(r["name"] == name for r in rows):
            raise DataImportError(f"{where}: empty or repeated class name")
        if not isinstance(fractions, list) or len(fractions) != len(ENCODING_COLUMNS):
            raise DataImportError(f"{where}: encoding_table row must have {len(ENCODING_COLUMNS)} values")
        values = {k: _number(table[k][i], f"{where}, {k}") for k in VALUE_KEYS}
        count = table["count"][i]
        if not isinstance(count, int) or count < 0:
            raise DataImportError(f"{where}: count must be a non-negative integer")
        rows.append({"name": name, "count": count, **values, "fractions": [_number(f, where) for f in fractions]})
    return rows


def _number(value, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise DataImportError(f"{where}: {value!r} is not a number")
    return float(value)


def build_encoding_classes(rows: list[dict]) -> int:
    """Replace the EncodingClass table; return the number of classes."""
    EncodingClass.objects.all().delete()
    EncodingClass.objects.bulk_create(EncodingClass(order=i, **row) for i, row in enumerate(rows))
    return len(rows)


def match_neurons(class_names: list[str]) -> tuple[dict[str, str], list[str]]:
    """Connectome neuron -> encoding class, and the problems found (spec 4.6).

    A class name that is a neuron maps to itself (RID, ASEL); a connectome class maps all its
    members (RIB -> RIBL, RIBR), except RMD and RME, of which only <c>L and <c>R match (their
    D/V members have classes of their own, RMDD, RMED ...); otherwise <c>L and <c>R must both
    be neurons (SMBD -> SMBDL, SMBDR). A name matching nothing is a problem. So is a member
    of a matched connectome class left without an encoding class.
    """
    members: dict[str, list[str]] = {}
    for name, neuron_class in Neuron.objects.values_list("name", "neuron_class__name"):
        members.setdefault(neuron_class, []).append(name)
    neurons = {n for names in members.values() for n in names}
    match, problems = {}, []
    for c in class_names:
        if c in neurons:
            found = [c]
        elif c in members and (len(members[c]) <= 2 or c in MULTI_MEMBER_CLASSES):
            found = members[c] if len(members[c]) <= 2 else [f"{c}L", f"{c}R"]
        elif f"{c}L" in neurons and f"{c}R" in neurons:
            found = [f"{c}L", f"{c}R"]
        else:
            problems.append(f"encoding class {c!r} matches no connectome neuron")
            continue
        for neuron in found:
            if neuron in match:
                problems.append(f"{neuron} matches both {match[neuron]!r} and {c!r}; kept {match[neuron]!r}")
            elif neuron in neurons:
                match[neuron] = c
            else:
                problems.append(f"encoding class {c!r}: {neuron} is not a connectome neuron")
    touched = {cls for cls, names in members.items() if any(n in match for n in names)}
    for cls in sorted(touched):
        unmatched = sorted(n for n in members[cls] if n not in match)
        if unmatched:
            problems.append(f"class {cls}: {', '.join(unmatched)} have no encoding class")
    return match, problems


def build_neuron_match(match: dict[str, str]) -> int:
    EncodingNeuronMatch.objects.all().delete()
    EncodingNeuronMatch.objects.bulk_create(
        EncodingNeuronMatch(neuron=n, encoding_class=c) for n, c in sorted(match.items())
    )
    return len(match)


def encoding_table_answer() -> dict:
    """The class-level table in the column layout of encoding_table.json, plus the column
    names of `encoding_table` and the connectome neuron -> class match."""
    rows = list(EncodingClass.objects.order_by("order"))
    answer = {"class": [r.name for r in rows], "count": [r.count for r in rows]}
    for key in VALUE_KEYS:
        answer[key] = [getattr(r, key) for r in rows]
    answer["encoding_table"] = [r.fractions for r in rows]
    answer["columns"] = ENCODING_COLUMNS
    answer["neuron_match"] = dict(EncodingNeuronMatch.objects.values_list("neuron", "encoding_class"))
    return answer


def recording_encoding_answer(dataset: GCaMPDataset) -> dict:
    """The encoding API answer of one recording that has an encoding block."""
    return {"n_neuron": dataset.n_neuron, **{k: dataset.encoding[k] for k in RECORDING_KEYS}}


def dictionary_datasets():
    """The recordings of the per-neuron encoding dictionary (spec 4.6)."""
    candidates = GCaMPDataset.objects.filter(
        paper__paper_id=DICT_PAPER, n_labeled__gt=0, encoding__isnull=False
    ).defer("timestamp_confocal", "behavior")
    return [
        d for d in candidates.prefetch_related("dataset_types").order_by("order")
        if {t.type_id for t in d.dataset_types.all()} <= DICT_TYPES
    ]


def encoding_dictionary_answer() -> dict:
    """{dataset_id: {"neuron": {idx: identity}, "encoding": ..., "dataset_name": uid}}."""
    answer = {}
    for dataset in dictionary_datasets():
        answer[dataset.dataset_id] = {
            "neuron": neuron_data(dataset),
            "encoding": recording_encoding_answer(dataset),
            "dataset_name": dataset.dataset_name,
        }
    return answer


def neuron_data(dataset: GCaMPDataset) -> dict:
    """{idx: {"name": "12 (AVAL)", "label", "class", "idx_neuron"}} for every trace."""
    rows = GCaMPNeuron.objects.filter(dataset=dataset).order_by("idx_neuron")
    return {
        str(idx): {
            "name": f"{idx} ({name})" if name else str(idx),
            "label": name,
            "class": neuron_class or None,
            "idx_neuron": idx,
        }
        for idx, name, neuron_class in rows.values_list("idx_neuron", "neuron_name", "neuron_class")
    }
