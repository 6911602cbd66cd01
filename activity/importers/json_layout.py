"""Read one recording in the published per-recording JSON layout (spec 4.4).

This is what the original's data pipeline wrote from the h5 files and what the archives of
the published data hold, so users with those archives can import them:

    {"metadata": {"uid", "paper_id", "dataset_type", "n_neuron", ...},
     "timing": {"mean_timestep" (s), "max_t", "timestamp_confocal" (s), "event": {...}},
     "behavior": {"velocity", "head_angle", "angular_velocity", "pumping", "reversal_events"},
     "gcamp": {"trace_array": [[...n_t...] x n_neuron], "trace_array_original": ...},
     "label": {"<idx>": {...}}, "encoding": {...}}

Traces are neuron-major and the head-curvature sign is already corrected (positive =
dorsal), so no sign flip is applied. `behavior` may be null (no behaviour data); `pumping`,
`trace_array_original`, `label` and `encoding` may be null or absent.
"""

import json
from pathlib import Path

import numpy as np

from activity.models import GCaMPDataset
from core.datafiles import sha256_file

from .errors import Problem, RecordingError
from .labels import parse_labels
from .manifest import ManifestRow
from .recording import Behavior, Recording, mean_timestep, seconds_from_start


def read_json_layout(path: Path, row: ManifestRow, problems: list[Problem]) -> Recording:
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as e:
        raise RecordingError(f"not a readable JSON file ({e})") from e
    if not isinstance(content, dict):
        raise RecordingError("expected a JSON object with metadata, timing, behavior and gcamp")
    metadata, timing, gcamp = (_object(content, key) for key in ("metadata", "timing", "gcamp"))
    for key, expected in (("uid", row.uid), ("paper_id", row.paper_id)):
        if key in metadata and metadata[key] != expected:
            raise RecordingError(f"metadata.{key} is {metadata[key]!r}, but the manifest row is {expected!r}")

    traces = _matrix(gcamp.get("trace_array"), "gcamp.trace_array")
    original = gcamp.get("trace_array_original")
    original = None if original is None else _matrix(original, "gcamp.trace_array_original")
    timestamps = seconds_from_start(
        _vector(timing.get("timestamp_confocal"), "timing.timestamp_confocal"), "timing.timestamp_confocal"
    )
    n_t = traces.shape[1]
    if "max_t" in timing and timing["max_t"] != n_t:
        problems.append(
            Problem(
                "warning", str(path), f"timing.max_t is {timing['max_t']} but the traces have {n_t} frames; using {n_t}"
            )
        )
    step = timing.get("mean_timestep")
    if not isinstance(step, (int, float)) or isinstance(step, bool) or not step > 0:
        step = mean_timestep(timestamps, "timing.timestamp_confocal")

    events = timing.get("event") or row.events
    if not isinstance(events, dict) or not all(
        isinstance(v, list) and all(isinstance(i, int) for i in v) for v in events.values()
    ):
        raise RecordingError("timing.event must map event names to lists of frame numbers")
    try:
        labels = parse_labels(content.get("label") or {}, "label")
    except ValueError as e:
        raise RecordingError(str(e)) from e
    encoding = content.get("encoding")
    if encoding is not None and not isinstance(encoding, dict):
        raise RecordingError("encoding must be an object or null")
    types = metadata.get("dataset_type") or row.types
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        raise RecordingError("metadata.dataset_type must be a list of type ids")

    return Recording(
        paper_id=row.paper_id,
        uid=row.uid,
        source=path,
        source_format=GCaMPDataset.JSON,
        sha256=sha256_file(path),
        traces=traces,
        traces_original=original,
        timestamps=timestamps,
        mean_timestep=float(step),
        behavior=_behavior(content.get("behavior")),
        labels=labels,
        types=list(types),
        events={k: list(v) for k, v in events.items()},
        encoding=encoding,
        meta={**metadata, "uid": row.uid, "paper_id": row.paper_id},
    )


def _object(content: dict, key: str) -> dict:
    value = content.get(key)
    if not isinstance(value, dict):
        raise RecordingError(f"'{key}' is missing or not an object")
    return value


def _vector(values, name: str) -> np.ndarray:
    try:
        array = np.asarray([np.nan if v is None else v for v in values], dtype=np.float64)
    except (TypeError, ValueError):
        raise RecordingError(f"{name} must be a list of numbers") from None
    return array


def _matrix(rows, name: str) -> np.ndarray:
    if not isinstance(rows, list) or not rows or not all(isinstance(r, list) for r in rows):
        raise RecordingError(f"{name} must be a non-empty list of per-neuron lists")
    lengths = {len(r) for r in rows}
    if len(lengths) != 1:
        raise RecordingError(f"{name} rows have different lengths: {sorted(lengths)}")
    return np.vstack([_vector(r, f"{name} row") for r in rows])


def _behavior(block) -> Behavior | None:
    if block is None:
        return None
    if not isinstance(block, dict):
        raise RecordingError("behavior must be an object or null")
    channels = {}
    for name in ("velocity", "head_angle", "angular_velocity"):
        if name not in block:
            raise RecordingError(f"behavior.{name} is missing")
        channels[name] = _vector(block[name], f"behavior.{name}")
    pumping = block.get("pumping")
    pumping = None if pumping is None else _vector(pumping, "behavior.pumping")
    if pumping is not None and np.all(np.isnan(pumping)):
        pumping = None
    reversals = block.get("reversal_events") or []
    if not isinstance(reversals, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(i, int) for i in p) for p in reversals
    ):
        raise RecordingError("behavior.reversal_events must be a list of [start, end] frame pairs")
    return Behavior(pumping=pumping, reversal_events=[list(p) for p in reversals], **channels)
