"""The bundled recordings read straight from their files (h5py, json, csv), as an oracle for
the downloads: what a recording's published JSON must hold, computed without the importer or
the download code.

The h5 files are Julia's: h5py reads a (n_neuron, n_t) matrix as (n_t, n_neuron) and the
(n_rev, 2) reversal matrix as (2, n_rev) (data/dag_nwabudike_kang_2023/README.md).
"""

import csv
import hashlib
import json
import re
from pathlib import Path

import h5py
import numpy as np
import pytest
from django.conf import settings

DAG = "dag_nwabudike_kang_2023"
ATANAS = "atanas_kim_2023"


def manifest_row(paper_id: str, uid: str) -> dict:
    with open(settings.DATA_DIR / f"wormwideweb-data/activity/raw/{paper_id}.csv", newline="") as f:
        return next(row for row in csv.DictReader(f) if row["uid"] == uid)


def h5_path(uid: str) -> Path:
    return next((settings.DATA_DIR / DAG / "h5").glob(f"*/{uid}-data.h5"))


def mean_timestep(timestamps: np.ndarray) -> float:
    """Mean interval, leaving out intervals over 1.2 x the median (the segment gap)."""
    intervals = np.diff(timestamps)
    return float(intervals[intervals <= 1.2 * np.median(intervals)].mean())


def expected(paper_id: str, uid: str) -> dict:
    """The recording as its raw files give it, in the units of the published layout."""
    return _from_h5(uid) if paper_id == DAG else _from_subset(uid)


def _from_h5(uid: str) -> dict:
    row, path = manifest_row(DAG, uid), h5_path(uid)
    sign = -1.0 if row["θh_pos_is_ventral"] == "true" else 1.0
    with h5py.File(path, "r") as f:
        timestamps = f["timing/timestamp_confocal"][()]
        pumping = f["behavior/pumping"][()]
        recording = {
            "traces": f["gcamp/trace_array"][()].T,
            "traces_original": f["gcamp/trace_array_original"][()].T,
            "timestamps": timestamps - timestamps[0],
            "velocity": f["behavior/velocity"][()],
            "head_angle": sign * f["behavior/head_angle"][()],
            "angular_velocity": sign * f["behavior/angular_velocity"][()],
            "pumping": None if np.all(np.isnan(pumping)) else pumping,
            "reversal_events": f["behavior/reversal_events"][()].T.astype(int).tolist(),
        }
    labels = json.loads((settings.DATA_DIR / DAG / "labels/neuropal_label.json").read_text())["data"]
    events = {name: [int(i) for i in frames.split(",")]
              for name, frames in re.findall(r"(\w+)=\[([^\]]*)\]", row["event"])}
    return {
        **recording,
        "metadata": {"uid": uid, "paper_id": DAG, "dataset_type": row["type"].split(","),
                     "source_filename": path.name, "checksum_h5": hashlib.sha256(path.read_bytes()).hexdigest()},
        "mean_timestep": mean_timestep(timestamps),
        "events": events,
        "labels": labels.get(uid, {}).get("idx_neuron-label", {}),
    }


def _from_subset(uid: str) -> dict:
    path = settings.DATA_DIR / "atanas_kim_2023_subset" / f"{uid}_labeled_traces.json"
    content = json.loads(path.read_text())
    timestamps = np.asarray(content["timestamps_s"])
    return {
        "traces": np.asarray(content["trace_array"]),
        "traces_original": None,
        "timestamps": timestamps - timestamps[0],
        "velocity": None,
        "metadata": {"uid": uid, "paper_id": ATANAS, "checksum_h5": manifest_row(ATANAS, uid)["checksum"],
                     "checksum_source": hashlib.sha256(path.read_bytes()).hexdigest()},
        "mean_timestep": mean_timestep(timestamps),
        "events": {},
        "names": content["neurons"],
    }


def assert_published_layout(document: dict, paper_id: str, uid: str) -> None:
    """Check a downloaded recording against its raw files."""
    raw = expected(paper_id, uid)
    n_neuron, n_t = raw["traces"].shape
    assert raw["metadata"].items() <= document["metadata"].items()
    assert document["metadata"]["n_neuron"] == n_neuron
    timing = document["timing"]
    assert timing["max_t"] == n_t and timing["event"] == raw["events"]
    assert timing["mean_timestep"] == pytest.approx(raw["mean_timestep"], abs=1e-9)
    np.testing.assert_allclose(timing["timestamp_confocal"], raw["timestamps"], atol=1e-6)
    gcamp = document["gcamp"]
    np.testing.assert_allclose(gcamp["trace_array"], raw["traces"], atol=1e-5)  # float32, 5 decimals
    behavior = document["behavior"]
    if raw["traces_original"] is None:
        assert "trace_array_original" not in gcamp
    else:
        np.testing.assert_allclose(gcamp["trace_array_original"], raw["traces_original"], atol=2e-6)
    if raw["velocity"] is None:  # not measured: the object, null values, no reversal events
        assert behavior == {name: [None] * n_t for name in ("velocity", "head_angle", "angular_velocity")} | {
            "reversal_events": []}
        assert set(document["label"]) == {str(i) for i in range(1, n_neuron + 1)}
        assert [document["label"][str(i)]["label"] for i in range(1, n_neuron + 1)] == raw["names"]
        return
    for name in ("velocity", "head_angle", "angular_velocity"):
        np.testing.assert_allclose(behavior[name], raw[name], atol=1e-6, err_msg=name)
    if raw["pumping"] is None:
        assert "pumping" not in behavior
    else:
        np.testing.assert_allclose(behavior["pumping"], raw["pumping"], atol=1e-6)
    assert behavior["reversal_events"] == raw["reversal_events"]
    assert document["label"] == raw["labels"]
