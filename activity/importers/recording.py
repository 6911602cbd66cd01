"""One recording as read from any layout, checked before it may enter the database.

Each reader (h5.py, json_layout.py, labeled_traces.py) returns a `Recording` in the same
units; `check()` enforces what every layout must satisfy and raises RecordingError with a
message saying what is wrong.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..encoding import RECORDING_KEYS, RECORDING_PER_NEURON
from ..models import TRACE_DTYPE
from ..segments import GAP_FACTOR
from .errors import RecordingError

if TYPE_CHECKING:
    from .label_check import LabelCheck, RoiMatch

ZSCORE_TOLERANCE = 1e-3  # z-scored traces: each mean within 0 +- this, sd (ddof=1) within 1 +- this


@dataclass
class Behavior:
    """Behaviour channels, one value per frame, after the sign correction.

    velocity in mm/s (forward positive); head_angle in rad and angular_velocity in rad/s
    (positive = dorsal); pumping in pumps/s or None when not measured; reversal_events as
    1-based inclusive [start, end] frame pairs.
    """

    velocity: np.ndarray
    head_angle: np.ndarray
    angular_velocity: np.ndarray
    pumping: np.ndarray | None
    reversal_events: list[list[int]]

    def channels(self) -> dict[str, np.ndarray]:
        found = {"velocity": self.velocity, "head_angle": self.head_angle, "angular_velocity": self.angular_velocity}
        if self.pumping is not None:
            found["pumping"] = self.pumping
        return found


@dataclass
class Recording:
    paper_id: str
    uid: str
    source: Path
    source_format: str  # GCaMPDataset.H5 / JSON / LABELED_TRACES
    sha256: str
    traces: np.ndarray  # (n_neuron, n_t) z-scored, neuron-major
    traces_original: np.ndarray | None  # same shape, un-normalised; None if absent
    timestamps: np.ndarray  # (n_t,) seconds from the first volume
    mean_timestep: float  # seconds per frame, segment gaps left out
    behavior: Behavior | None  # None: the recording has no behaviour data
    labels: dict[int, dict]  # 1-based trace index -> label record (best confidence)
    types: list[str]  # type ids as in the manifest (without the paper prefix)
    events: dict[str, list[int]]
    encoding: dict | None = None
    meta: dict = field(default_factory=dict)
    roi_match: "RoiMatch | None" = None  # the h5 file's NeuroPAL ROI-to-trace match, if any
    # Filled in by read.py: the label check, full type ids, and (name, class, lr, dv) of each
    # labelled neuron.
    label_check: "LabelCheck | None" = None
    type_ids: list[str] = field(default_factory=list)
    identities: dict[int, tuple[str, str, str, str]] = field(default_factory=dict)

    def keep_stored_precision(self) -> None:
        """Once checked, hold the traces as the database stores them (float32), which halves
        what an import of every recording holds in memory."""
        self.traces = self.traces.astype(TRACE_DTYPE)
        if self.traces_original is not None:
            self.traces_original = self.traces_original.astype(TRACE_DTYPE)

    @property
    def dataset_id(self) -> str:
        return f"{self.paper_id}-{self.uid}"

    @property
    def n_neuron(self) -> int:
        return self.traces.shape[0]

    @property
    def max_t(self) -> int:
        return self.traces.shape[1]


def seconds_from_start(timestamps: np.ndarray, name: str) -> np.ndarray:
    """Timestamps relative to the first one; they must be finite and increasing."""
    timestamps = np.asarray(timestamps, dtype=np.float64)
    if timestamps.ndim != 1 or timestamps.size < 2:
        raise RecordingError(f"{name} must be a list of at least 2 times, not shape {timestamps.shape}")
    if not np.all(np.isfinite(timestamps)) or np.any(np.diff(timestamps) <= 0):
        raise RecordingError(f"{name} must be finite and strictly increasing")
    return timestamps - timestamps[0]


def mean_timestep(timestamps: np.ndarray, name: str) -> float:
    """Mean interval between volumes in seconds, leaving out at most one segment gap."""
    intervals = np.diff(timestamps)
    gaps = intervals > GAP_FACTOR * np.median(intervals)
    if gaps.sum() > 1:
        raise RecordingError(
            f"{name} has {int(gaps.sum())} gaps longer than {GAP_FACTOR} x the median interval; "
            "at most one (a break between two segments) is allowed"
        )
    return float(intervals[~gaps].mean())


def check(recording: Recording) -> None:
    """Raise RecordingError if the recording is inconsistent (its labels: label_check.py)."""
    traces = recording.traces
    if traces.ndim != 2 or traces.shape[0] < 1:
        raise RecordingError(f"traces must be a non-empty neurons x frames matrix, not shape {traces.shape}")
    n_neuron, n_t = traces.shape
    if recording.timestamps.shape != (n_t,):
        raise RecordingError(f"{n_t} frames of traces but {recording.timestamps.size} timestamps")
    if recording.traces_original is not None and recording.traces_original.shape != traces.shape:
        raise RecordingError(
            f"original traces have shape {recording.traces_original.shape}, the z-scored ones {traces.shape}"
        )
    if not np.all(np.isfinite(traces)):
        raise RecordingError("the z-scored traces hold NaN or infinite values")
    if n_t > 2:
        means, sds = traces.mean(axis=1), traces.std(axis=1, ddof=1)
        off = np.flatnonzero((np.abs(means) > ZSCORE_TOLERANCE) | (np.abs(sds - 1) > ZSCORE_TOLERANCE))
        if off.size:
            i = off[0]
            raise RecordingError(
                f"{off.size} trace(s) are not z-scored, e.g. neuron {i + 1} has mean {means[i]:.3g} and sd {sds[i]:.3g}"
            )
    if recording.behavior is not None:
        for name, values in recording.behavior.channels().items():
            if values.shape != (n_t,):
                raise RecordingError(f"behaviour '{name}' has {values.size} values for {n_t} frames")
        for start, end in recording.behavior.reversal_events:
            if not 1 <= start <= end <= n_t:
                raise RecordingError(f"reversal [{start}, {end}] is not within frames 1..{n_t}")
    for name, frames in recording.events.items():
        outside = [f for f in frames if not 1 <= f <= n_t]
        if outside:
            raise RecordingError(f"event '{name}' at frame(s) {outside} is not within frames 1..{n_t}")
    if recording.encoding is not None:
        _check_encoding(recording.encoding, n_neuron)


def _check_encoding(encoding: dict, n_neuron: int) -> None:
    missing = [k for k in RECORDING_KEYS if k not in encoding]
    if missing:
        raise RecordingError(f"encoding block lacks {', '.join(missing)}")
    for key in RECORDING_PER_NEURON:
        values = encoding[key]
        if not isinstance(values, list) or len(values) != n_neuron:
            raise RecordingError(f"encoding '{key}' must have one value per neuron ({n_neuron})")
        if not all(v is None or isinstance(v, (int, float)) for v in values):
            raise RecordingError(f"encoding '{key}' must hold numbers")
    if not isinstance(encoding["neuron_categorization"], dict):
        raise RecordingError("encoding 'neuron_categorization' must be an object keyed by time range")
    changing = encoding["encoding_changing_neurons"]
    if not isinstance(changing, list) or not all(isinstance(i, int) and 1 <= i <= n_neuron for i in changing):
        raise RecordingError("encoding 'encoding_changing_neurons' must list neuron indices")
