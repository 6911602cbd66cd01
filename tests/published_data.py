"""Fixture files in the layout of the published Zenodo records (WormWideWebData.jl):
processed_h5.tar.bz2 (a flat tar of <uid>-data.h5 recordings and h5_sha256.csv),
neuropal_label.json.bz2 and the six CePNEM files, written as Julia's HDF5.jl writes them.

Julia stores arrays column-major, so a Julia (a, b) matrix is read by h5py as (b, a): the
CePNEM matrices are given here as Julia shows them and written transposed.
"""

import bz2
import hashlib
import io
import json
import tarfile
from pathlib import Path

import h5py
import numpy as np

from activity.importers.cepnem import CEPNEM_FILES
from tests.activity_fixtures import write_h5

THETA = "θh"

# The example of WormWideWebData.jl's own test of get_encoding_dictionary (test/runtests.jl),
# for a recording of 2 neurons and 2 time ranges, and the answers that test asserts.
JULIA_EXAMPLE = {
    "neuron_categorization": {
        "1": {"all": [1, 2], "v": {"fwd": [1], "rev": []}, THETA: {"dorsal": [2], "ventral": []},
              "P": {"act": [], "inh": []}},
        "2": {"all": [1], "v": {"fwd": [], "rev": [2]}, THETA: {"dorsal": [], "ventral": []},
              "P": {"act": [1], "inh": []}},
    },
    "encoding_changes_corrected": {"1": {"all": [1]}, "2": {"all": [2]}},
    "tuning_strength": {
        "1": {"1": {"v_fwd": 1.0, "θh_dorsal": 0.0, "P_pos": 0.5}, "2": {"v_fwd": 0.1, "θh_dorsal": 0.7, "P_pos": 0.3}},
        "2": {"1": {"v_fwd": 1.2, "θh_dorsal": 0.0, "P_pos": 0.2}, "2": {"v_fwd": 0.2, "θh_dorsal": 0.9, "P_pos": 0.4}},
    },
    "sampled_tau_vals_median": [[10.0, 20.0], [30.0, 40.0]],  # Julia (n_range, n_neuron)
    "fit_ranges": [[1, 50], [51, 100]],  # Julia (n_range, 2)
    "relative_encoding_strength_median": {  # Julia (n_neuron, n_range) each
        "v": [[0.2, 0.4], [0.8, 1.0]], THETA: [[0.5, 0.7], [1.1, 1.3]], "P": [[0.9, 1.1], [1.5, 1.7]],
    },
}
MATRICES = ("sampled_tau_vals_median", "fit_ranges", "relative_encoding_strength_median")
JULIA_EXPECTED = {  # asserted by that test: tau, forwardness, dorsalness, feedingness, v strength, changes
    "tau_vals": [20.0, 20.0], "forwardness": [1.0, 0.2], "dorsalness": [0.0, 0.7], "feedingness": [0.2, 0.0],
    "rel_enc_str_v": [0.3, 0.8], "encoding_changing_neurons": [1, 2],
    # the same rule, by hand: neuron 1 encodes in ranges 1 and 2, neuron 2 in range 1
    "rel_enc_str_θh": [0.6, 1.1], "rel_enc_str_P": [1.0, 1.5],
    "ranges": [[1, 51], [50, 100]],  # as JSON.jl writes the Julia matrix: column by column
}


def write_cepnem(folder: Path, by_uid: dict[str, dict], compress: bool = True,
                 skip: tuple[str, ...] = ()) -> list[Path]:
    """The six CePNEM files for {uid: entries in the layout of JULIA_EXAMPLE}, as
    <name>.h5.bz2 (as published) or <name>.h5; `skip` leaves files out."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in CEPNEM_FILES:
        if name in skip:
            continue
        buffer = io.BytesIO()
        with h5py.File(buffer, "w") as f:
            for uid, entries in by_uid.items():
                _write(f, f"data/{uid}", entries[name], matrix=name in MATRICES)
            f["metadata/blake3_" + name] = hashlib.sha256(name.encode()).hexdigest()
        path = folder / (f"{name}.h5.bz2" if compress else f"{name}.h5")
        path.write_bytes(bz2.compress(buffer.getvalue()) if compress else buffer.getvalue())
        paths.append(path)
    return paths


def _write(f: h5py.File, where: str, value, matrix: bool) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _write(f, f"{where}/{key}", item, matrix)
    elif matrix:
        f[where] = np.asarray(value).T  # Julia (a, b) -> h5py (b, a)
    elif isinstance(value, list):
        f[where] = np.asarray(value, dtype=np.int64)  # neuron indices; empty ones too
    else:
        f[where] = value


def random_cepnem(n_neuron: int, seed: int) -> dict:
    """CePNEM entries of one recording with 2 ranges and random categories and values."""
    rng = np.random.default_rng(seed)
    pick = lambda: sorted(int(i) for i in rng.choice(np.arange(1, n_neuron + 1), size=n_neuron // 2, replace=False))  # noqa: E731
    categorization = {
        str(r): {"all": pick(), "v": {"fwd": pick(), "rev": pick()}, THETA: {"dorsal": pick(), "ventral": pick()},
                 "P": {"act": pick(), "inh": []}}
        for r in (1, 2)
    }
    return {
        "neuron_categorization": categorization,
        "encoding_changes_corrected": {"(1, 2)": {"all": pick()}},
        "tuning_strength": {str(r): {str(i): {"v_fwd": float(rng.normal()), "θh_dorsal": float(rng.normal()),
                                              "P_pos": float(rng.normal())}
                                     for i in range(1, n_neuron + 1)} for r in (1, 2)},
        "sampled_tau_vals_median": rng.uniform(1, 30, size=(2, n_neuron)).tolist(),
        "fit_ranges": [[1, 10], [11, 20]],
        "relative_encoding_strength_median": {
            b: rng.uniform(0, 1, size=(n_neuron, 2)).tolist() for b in ("v", THETA, "P")
        },
    }


def h5_archive(path: Path, recordings: dict[str, dict], extra: dict[str, bytes] | None = None,
               roi_matches: dict[str, dict[int, int]] | None = None) -> dict[str, str]:
    """processed_h5.tar.bz2 of <uid>-data.h5 files made from {uid: arrays} (plus `extra`
    members, and a NeuroPAL ROI-to-trace match for the uids in `roi_matches`), flat, with
    h5_sha256.csv as WormWideWebData.jl packs it; return {uid: sha256}."""
    folder = path.parent / ".h5-fixtures"
    checksums, members = {}, {}
    for uid, arrays in recordings.items():
        h5 = write_h5(folder / f"{uid}-data.h5", arrays, roi_match=(roi_matches or {}).get(uid))
        members[h5.name] = h5.read_bytes()
        checksums[uid] = hashlib.sha256(members[h5.name]).hexdigest()
    csv = "filename,sha256\n" + "".join(f"{uid}-data.h5,{sha}\n" for uid, sha in checksums.items())
    members["h5_sha256.csv"] = csv.encode()
    members.update(extra or {})
    with tarfile.open(path, "w:bz2") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return checksums


def label_file(labels: dict[str, dict]) -> bytes:
    """neuropal_label.json.bz2 for {uid: {"<idx>": record}}, in the published layout."""
    content = {"data": {uid: {"idx_neuron-label": block} for uid, block in labels.items()},
               "metadata": {"blake3_neuropal_dict": "0" * 64}}
    return bz2.compress(json.dumps(content).encode())
