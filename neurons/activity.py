"""The activity and encoding sections of a neuron page.

Recordings: the NeuroPAL labels of the activity app (the labels its find-neuron index is
built from). A cell page takes the traces labelled with exactly that cell (never a label
with "?"); a class page every trace of the class, uncertain sides included, as find-neuron's
"AVA (any)" does.

Correlation with behaviour: Pearson r of each trace with each behaviour channel
(activity/traces.py), averaged over the neuron's traces within a recording, then summarised
across the recordings that have the channel: mean, standard deviation (n - 1; None for one
recording) and min-max. Pumping only where it was measured.

Encoding: the class-level CePNEM rows (activity/encoding.py) of the encoding classes the
neuron's cells belong to.
"""

import statistics
from collections import defaultdict
from urllib.parse import quote

import numpy as np

from activity.behavior import CHANNELS, behavior_arrays
from activity.catalog import recordings
from activity.encoding import ENCODING_COLUMNS, VALUE_KEYS
from activity.models import EncodingClass, EncodingNeuronMatch, GCaMPDataset, GCaMPNeuron, trace_array
from activity.traces import pearson

from .facts import CELL, members

R_DECIMALS = 3


def explore_url(dataset_id: str, idxs: list[int], has_behavior: bool) -> str:
    """The activity explorer on these traces (and velocity, when the recording has behaviour)."""
    query = f"?n={'-'.join(map(str, idxs))}" + ("&b=v" if has_behavior else "")
    return f"/activity/explore/{quote(dataset_id)}/{query}"


def activity_section(kind: str, name: str) -> dict:
    """{"recordings": [...], "behavior": [per channel summary]}."""
    labels = GCaMPNeuron.objects.filter(**({"neuron_name": name} if kind == CELL else {"neuron_class": name}))
    rows = labels.values_list("dataset__dataset_id", "idx_neuron", "neuron_name", "trace").order_by(
        "dataset__order", "idx_neuron")
    traces: dict[str, list] = defaultdict(list)
    for dataset_id, idx, label, trace in rows:
        traces[dataset_id].append((idx, label, trace))
    info = recordings()
    behaviour = dict(GCaMPDataset.objects.filter(dataset_id__in=list(traces), behavior__isnull=False)
                     .values_list("dataset_id", "behavior"))
    found, per_channel = [], defaultdict(list)
    for dataset_id, items in traces.items():
        recording = info[dataset_id]
        channels = behavior_arrays(behaviour[dataset_id]) if dataset_id in behaviour else {}
        r = {}
        for key, values in channels.items():
            rs = [pearson(trace_array(t), values) for _, _, t in items]
            rs = [x for x in rs if x is not None]
            if rs:
                r[key] = round(float(np.mean(rs)), R_DECIMALS)
                per_channel[key].append(r[key])
        idxs = [idx for idx, _, _ in items]
        found.append({
            "dataset_id": dataset_id,
            "dataset_name": recording.dataset_name,
            "paper_id": recording.paper_id,
            "traces": [{"idx_neuron": idx, "label": label} for idx, label, _ in items],
            "has_behavior": recording.has_behavior,
            "behavior_r": r,
            "explore_url": explore_url(dataset_id, idxs, recording.has_behavior),
        })
    return {"recordings": found, "behavior": [_summary(key, per_channel[key]) for key, *_ in CHANNELS]}


def _summary(key: str, values: list[float]) -> dict:
    _, _, channel_name, unit, _ = next(c for c in CHANNELS if c[0] == key)
    rounded = lambda x: None if x is None else round(x, R_DECIMALS)  # noqa: E731
    return {
        "key": key,
        "name": channel_name,
        "unit": unit,
        "n_recordings": len(values),
        "mean_r": rounded(statistics.fmean(values)) if values else None,
        "sd_r": rounded(statistics.stdev(values)) if len(values) > 1 else None,
        "min_r": min(values) if values else None,
        "max_r": max(values) if values else None,
    }


def encoding_section(kind: str, name: str) -> dict:
    """The CePNEM summary rows of the neuron's encoding classes (none: `rows` is [])."""
    cells = [name] if kind == CELL else members(name)
    classes = sorted(set(EncodingNeuronMatch.objects.filter(neuron__in=cells).values_list("encoding_class", flat=True)))
    rows = []
    for row in EncodingClass.objects.filter(name__in=classes).order_by("order"):
        rows.append({
            "class": row.name,
            "count": row.count,
            **{key: getattr(row, key) for key in VALUE_KEYS},
            "fractions": dict(zip(ENCODING_COLUMNS, row.fractions, strict=True)),
        })
    return {
        "rows": rows,
        "columns": ENCODING_COLUMNS,
        "table_url": f"/activity/encoding/table/?q={quote(classes[0])}" if classes else None,
    }
