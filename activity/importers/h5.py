"""Read one recording in the HDF5 layout of the ANTSUN export (`<uid>-data.h5`), with h5py.

The files are written by Julia, so a Julia (n_neuron, n_t) matrix reads in h5py as
(n_t, n_neuron) and a (n_rev, 2) matrix as (2, n_rev). The orientation of each matrix is
detected from the length of `timing/timestamp_confocal`, so files written either way by
h5py are read correctly; a matrix with no axis of that length is refused. Frames are 1-based.

Transformations (spec 4.3): head_angle and angular_velocity are multiplied by -1 when the
manifest's `θh_pos_is_ventral` is true, so positive always means dorsal; the mean time step
leaves out the segment gap; a pumping channel that is all NaN was not measured (None).
"""

from pathlib import Path

import h5py
import numpy as np

from activity.models import GCaMPDataset
from core.datafiles import sha256_file

from .errors import RecordingError
from .manifest import ManifestRow
from .recording import Behavior, Recording, mean_timestep, seconds_from_start

TRACES, TRACES_ORIGINAL = "gcamp/trace_array", "gcamp/trace_array_original"
TIMESTAMPS = "timing/timestamp_confocal"
REQUIRED_BEHAVIOR = ("velocity", "head_angle", "angular_velocity")


def read_h5(path: Path, row: ManifestRow, labels: dict[int, dict]) -> Recording:
    """The recording in `path`; raise RecordingError naming what is missing or inconsistent."""
    try:
        with h5py.File(path, "r") as f:
            timestamps = seconds_from_start(_dataset(f, TIMESTAMPS), TIMESTAMPS)
            n_t = timestamps.size
            traces = _neuron_major(_dataset(f, TRACES), n_t, TRACES)
            original = None
            if TRACES_ORIGINAL in f:
                original = _neuron_major(_dataset(f, TRACES_ORIGINAL), n_t, TRACES_ORIGINAL)
            channels = {name: _frames(f, f"behavior/{name}", n_t) for name in REQUIRED_BEHAVIOR}
            pumping = _frames(f, "behavior/pumping", n_t) if "behavior/pumping" in f else None
            reversals = _reversal_events(_dataset(f, "behavior/reversal_events"))
    except OSError as e:
        raise RecordingError(f"not a readable HDF5 file ({e})") from e
    if pumping is not None and np.all(np.isnan(pumping)):
        pumping = None  # not measured in this strain
    sign = -1.0 if row.theta_h_pos_is_ventral else 1.0
    sha256 = sha256_file(path)
    return Recording(
        paper_id=row.paper_id,
        uid=row.uid,
        source=path,
        source_format=GCaMPDataset.H5,
        sha256=sha256,
        traces=traces,
        traces_original=original,
        timestamps=timestamps,
        mean_timestep=mean_timestep(timestamps, TIMESTAMPS),
        behavior=Behavior(
            velocity=channels["velocity"],
            head_angle=sign * channels["head_angle"],
            angular_velocity=sign * channels["angular_velocity"],
            pumping=pumping,
            reversal_events=reversals,
        ),
        labels=dict(labels),
        types=list(row.types),
        events={k: list(v) for k, v in row.events.items()},
        meta={
            "uid": row.uid,
            "paper_id": row.paper_id,
            "dataset_type": list(row.types),
            "n_neuron": traces.shape[0],
            "source_filename": path.name,
            "checksum_h5": sha256,
        },
    )


def _dataset(f: h5py.File, name: str) -> np.ndarray:
    if name not in f or not isinstance(f[name], h5py.Dataset):
        raise RecordingError(f"'{name}' is missing")
    try:
        return np.asarray(f[name][()])
    except (OSError, TypeError, ValueError) as e:
        raise RecordingError(f"'{name}' cannot be read ({e})") from e


def _numeric(values: np.ndarray, name: str) -> np.ndarray:
    if not np.issubdtype(values.dtype, np.number):
        raise RecordingError(f"'{name}' holds {values.dtype} values, not numbers")
    return values.astype(np.float64)


def _neuron_major(matrix: np.ndarray, n_t: int, name: str) -> np.ndarray:
    """A traces matrix as (n_neuron, n_t), whichever way the file stored it."""
    matrix = _numeric(matrix, name)
    if matrix.ndim != 2:
        raise RecordingError(f"'{name}' must be a 2-D matrix, not shape {matrix.shape}")
    rows, columns = matrix.shape
    if rows == n_t:  # Julia's (n_neuron, n_t) as h5py reads it; also the square case
        return np.ascontiguousarray(matrix.T)
    if columns == n_t:
        return np.ascontiguousarray(matrix)
    raise RecordingError(
        f"'{name}' has shape {matrix.shape} but '{TIMESTAMPS}' has {n_t} timestamps: neither "
        "axis has one value per timestamp, so traces and time do not line up"
    )


def _frames(f: h5py.File, name: str, n_t: int) -> np.ndarray:
    values = _numeric(_dataset(f, name), name)
    if values.shape != (n_t,):
        raise RecordingError(f"'{name}' has shape {values.shape}, expected {n_t} values (one per timestamp)")
    return values


def _reversal_events(values: np.ndarray) -> list[list[int]]:
    """(2, n_rev), (n_rev, 2), an empty vector or one [start, end] vector -> [[start, end], ...]."""
    name = "behavior/reversal_events"
    if values.size == 0:
        return []
    if not np.issubdtype(values.dtype, np.number) or not np.all(np.equal(np.mod(values, 1), 0)):
        raise RecordingError(f"'{name}' must hold integer frame numbers")
    values = values.astype(np.int64)
    if values.ndim == 1 and values.size == 2:
        return [values.tolist()]
    if values.ndim == 2 and values.shape[0] == 2:
        return values.T.tolist()
    if values.ndim == 2 and values.shape[1] == 2:
        return values.tolist()
    raise RecordingError(f"'{name}' has shape {values.shape}; expected (2, n_reversals)")
