"""Small hand-made activity data trees in the layout of data/ (h5 files, JSON layouts).

The values are random but seeded; the real data's tests read data/ instead.
"""

import csv
import json
import shutil
from pathlib import Path

import h5py
import numpy as np
from django.conf import settings

from activity.importers import read_activity, write_activity

PAPER = "atanas_kim_2023"  # the paper id the per-neuron encoding dictionary uses
MANIFEST_COLUMNS = ["filename", "checksum", "uid", "θh_pos_is_ventral", "label", "type", "event", "t_range"]


def zscored(rng, n_neuron: int, n_t: int) -> np.ndarray:
    """(n_neuron, n_t) traces with mean 0 and sd 1 per neuron."""
    x = rng.normal(size=(n_neuron, n_t))
    return (x - x.mean(axis=1, keepdims=True)) / x.std(axis=1, ddof=1, keepdims=True)


def recording_arrays(seed: int = 0, n_neuron: int = 4, n_t: int = 20, step: float = 0.6) -> dict:
    """Arrays of one small recording, neuron-major, head curvature in the raw sign."""
    rng = np.random.default_rng(seed)
    return {
        "traces": zscored(rng, n_neuron, n_t),
        "traces_original": rng.uniform(0.1, 2.0, size=(n_neuron, n_t)),
        "timestamps": 1000.0 + step * np.arange(n_t),
        "velocity": rng.normal(0, 0.05, n_t),
        "head_angle": rng.normal(0, 0.3, n_t),
        "angular_velocity": rng.normal(0, 0.2, n_t),
        "pumping": rng.uniform(0, 4, n_t),
        "reversal_events": np.array([[2, 9], [4, 12]]),  # (2, n_rev): starts, ends
    }


def write_h5(path: Path, arrays: dict, julia_order: bool = True, skip: tuple[str, ...] = ()) -> Path:
    """An h5 file in the ANTSUN layout. julia_order stores traces as (n_t, n_neuron), the way
    h5py reads Julia's files; otherwise as (n_neuron, n_t)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    names = {
        "gcamp/trace_array": "traces", "gcamp/trace_array_original": "traces_original",
        "timing/timestamp_confocal": "timestamps", "behavior/velocity": "velocity",
        "behavior/head_angle": "head_angle", "behavior/angular_velocity": "angular_velocity",
        "behavior/pumping": "pumping", "behavior/reversal_events": "reversal_events",
    }
    with h5py.File(path, "w") as f:
        for h5_name, key in names.items():
            if h5_name in skip or arrays.get(key) is None:
                continue
            value = arrays[key]
            if key.startswith("traces") and julia_order:
                value = value.T
            f[h5_name] = value
    return path


def write_tree(
    root: Path,
    rows: list[dict],
    labels: dict | None = None,
    paper: str = PAPER,
    types: dict | None = None,
) -> Path:
    """A data folder with the real shared activity inputs but a manifest of `rows` for
    `paper` (each {"uid", "theta_ventral", "label", "type", "event", "checksum"}); files are
    written by the caller under root/<paper>/. `labels` becomes labels/neuropal_label.json."""
    real = settings.DATA_DIR / "wormwideweb-data"
    shared = root / "wormwideweb-data/activity"
    (shared / "raw").mkdir(parents=True)
    shutil.copytree(real / "config", root / "wormwideweb-data/config")
    for name in ("encoding_table.json", "event_styles.json"):
        shutil.copy(real / "activity" / name, shared / name)
    papers = [p for p in json.loads((real / "activity/papers.json").read_text()) if p["paper_id"] == paper]
    if not papers:
        papers = [{"paper_id": paper, "title_full": "Fixture paper", "title_short": "Fixture"}]
    (shared / "papers.json").write_text(json.dumps(papers))
    all_types = types or json.loads((real / "activity/dataset_types.json").read_text())
    (shared / "dataset_types.json").write_text(json.dumps(all_types))
    with open(shared / f"raw/{paper}.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(MANIFEST_COLUMNS)
        for row in rows:
            writer.writerow([
                f"{row['uid']}-data.h5", row.get("checksum", ""), row["uid"],
                str(row.get("theta_ventral", True)).lower(), str(row.get("label", False)).lower(),
                row.get("type", "baseline"), row.get("event", ""), "",
            ])
    (root / paper).mkdir(exist_ok=True)
    if labels is not None:
        (root / paper / "labels").mkdir(parents=True, exist_ok=True)
        content = {"data": {uid: {"idx_neuron-label": block} for uid, block in labels.items()}, "metadata": {}}
        (root / paper / "labels/neuropal_label.json").write_text(json.dumps(content))
    return root


def label(name: str, neuron_class: str, lr: str = "undefined", dv: str = "undefined", confidence: float = 4) -> dict:
    return {
        "label": name,
        "neuron_class": neuron_class,
        "LR": lr,
        "DV": dv,
        "region": "",
        "roi_id": 1,
        "confidence": confidence,
    }


def json_document(arrays: dict, uid: str, paper: str = PAPER, labels: dict | None = None, encoding: dict | None = None,
                  behavior: bool = True) -> dict:
    """A recording in the published JSON layout (head curvature already sign-corrected)."""
    document = {
        "metadata": {
            "uid": uid,
            "paper_id": paper,
            "dataset_type": ["baseline", "neuropal"],
            "n_neuron": arrays["traces"].shape[0],
        },
        "timing": {
            "mean_timestep": float(np.diff(arrays["timestamps"]).mean()),
            "max_t": arrays["traces"].shape[1],
            "timestamp_confocal": (arrays["timestamps"] - arrays["timestamps"][0]).tolist(),
            "event": {},
        },
        "behavior": {
            "velocity": arrays["velocity"].tolist(),
            "head_angle": arrays["head_angle"].tolist(),
            "angular_velocity": arrays["angular_velocity"].tolist(),
            "pumping": None,
            "reversal_events": arrays["reversal_events"].T.tolist(),
        } if behavior else None,
        "gcamp": {"trace_array": arrays["traces"].tolist(), "trace_array_original": arrays["traces_original"].tolist()},
        "label": labels or {},
    }
    if encoding is not None:
        document["encoding"] = encoding
    return document


def encoding_block(n_neuron: int, seed: int = 1) -> dict:
    """A CePNEM encoding block of the published layout for n_neuron neurons."""
    rng = np.random.default_rng(seed)
    per_neuron = lambda: np.round(rng.uniform(-1, 1, n_neuron), 4).tolist()  # noqa: E731 (a one-line helper)
    return {
        "ranges": [[1, 10], [11, 20]],
        "neuron_categorization": {
            "1": {"v": {"fwd": [1], "rev": [2]}, "θh": {"dorsal": [3]}, "P": {"act": []}, "all": [1, 2, 3]}
        },
        "encoding_changing_neurons": [2],
        "rel_enc_str_v": per_neuron(), "rel_enc_str_θh": per_neuron(), "rel_enc_str_P": per_neuron(),
        "forwardness": per_neuron(), "dorsalness": per_neuron(), "feedingness": per_neuron(),
        "tau_vals": np.round(rng.uniform(1, 30, n_neuron), 3).tolist(),
    }


def import_tree(root: Path):
    """read + write the fixture tree; return what was read (reports and problems)."""
    data = read_activity(root)
    write_activity(data, root)
    from core.cache import data_version

    data_version.cache_clear()
    return data
