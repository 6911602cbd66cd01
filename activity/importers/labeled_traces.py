"""Read a recording in the labelled-trace layout of data/atanas_kim_2023_subset/.

    {"uid", "paper_id", "description", "timestamps_s": [n_t seconds],
     "neurons": [n_neuron NeuroPAL names], "trace_array": [[n_t values] x n_neuron]}

Every trace is named, so every neuron is labelled; its class and sides come from the
connectome neuron table. The layout carries no behaviour and no raw traces: the recording
is stored with no behaviour (null), never with zeros. Trace indices are the positions in
`neurons` (1-based), which are not the indices of the full published recording.
"""

import json
from pathlib import Path

import numpy as np

from activity.models import GCaMPDataset
from core.datafiles import sha256_file

from .errors import RecordingError
from .manifest import ManifestRow
from .recording import Recording, mean_timestep, seconds_from_start

SIDES = {"l": "L", "r": "R", "d": "D", "v": "V", "": "undefined"}


def read_labeled_traces(path: Path, row: ManifestRow, connectome_neurons: dict[str, tuple[str, str, str]]) -> Recording:
    """`connectome_neurons` maps a neuron name to (class, lr, dv) as in the connectome table."""
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as e:
        raise RecordingError(f"not a readable JSON file ({e})") from e
    if not isinstance(content, dict) or any(k not in content for k in ("timestamps_s", "neurons", "trace_array")):
        raise RecordingError("expected an object with timestamps_s, neurons and trace_array")
    if content.get("uid", row.uid) != row.uid:
        raise RecordingError(f"uid is {content['uid']!r}, but the manifest row is {row.uid!r}")
    names, rows = content["neurons"], content["trace_array"]
    if not isinstance(names, list) or not isinstance(rows, list) or len(names) != len(rows) or not rows:
        raise RecordingError(f"{len(rows)} traces for {len(names)} neuron names")
    try:
        traces = np.asarray(rows, dtype=np.float64)
        timestamps = seconds_from_start(np.asarray(content["timestamps_s"], dtype=np.float64), "timestamps_s")
    except (TypeError, ValueError):
        raise RecordingError("trace_array must be a matrix of numbers and timestamps_s a list of numbers") from None
    if traces.ndim != 2:
        raise RecordingError("trace_array rows have different lengths")
    labels = {}
    for idx, name in enumerate(names, 1):
        if name not in connectome_neurons:
            raise RecordingError(f"neuron {idx} is named {name!r}, which is not in the connectome neuron table")
        neuron_class, lr, dv = connectome_neurons[name]
        labels[idx] = {
            "label": name, "neuron_class": neuron_class, "LR": SIDES[lr], "DV": SIDES[dv],
            "region": "", "roi_id": None, "confidence": None,
        }
    note = str(content.get("description", "")).strip()
    return Recording(
        paper_id=row.paper_id,
        uid=row.uid,
        source=path,
        source_format=GCaMPDataset.LABELED_TRACES,
        sha256=sha256_file(path),
        traces=traces,
        traces_original=None,
        timestamps=timestamps,
        mean_timestep=mean_timestep(timestamps, "timestamps_s"),
        behavior=None,
        labels=labels,
        types=list(row.types),
        events={k: list(v) for k, v in row.events.items()},
        meta={
            "uid": row.uid,
            "paper_id": row.paper_id,
            "dataset_type": list(row.types),
            "n_neuron": len(names),
            "source_filename": path.name,
            "note": f"{note} This file carries no behaviour data.".strip(),
        },
    )
