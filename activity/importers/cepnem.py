"""Per-recording CePNEM encoding from the six published CePNEM files (Atanas & Kim 2023).

WormWideWebData.jl writes them (`generate_encoding_files`, `save_dict_to_h5`): each holds a
group `data` with one entry per recording uid, and a group `metadata` with the checksum of
its source (`blake3_...`). Julia stores arrays column-major, so h5py reads a Julia (a, b)
matrix as (b, a); the shapes here are as h5py reads them.

    neuron_categorization              data/<uid>/<range>/all, /v/{fwd, rev, ...}, /θh/{dorsal, ...},
                                       /P/{act, inh, ...}: 1-based neuron indices
    encoding_changes_corrected         data/<uid>/<pair of ranges>/all: neurons whose encoding changes
    relative_encoding_strength_median  data/<uid>/{v, θh, P}: (n_range, n_neuron) medians
    tuning_strength                    data/<uid>/<range>/<neuron>/{v_fwd, θh_dorsal, P_pos}: numbers
    sampled_tau_vals_median            data/<uid>: (n_neuron, n_range) median EWMA timescale, s
    fit_ranges                         data/<uid>: (2, n_range) first and last frame of each range

Ranges are numbered from 1. `encoding_block()` turns one uid into the `encoding` block of the
published per-recording JSON, as the original's `get_encoding_dictionary` does:
- `tau_vals`, `rel_enc_str_v`, `rel_enc_str_θh`, `rel_enc_str_P`: the median over the ranges
  in which the neuron is in `all` (it encodes behaviour), else 0;
- `forwardness`, `dorsalness`, `feedingness`: the median tuning strength `v_fwd`, `θh_dorsal`,
  `P_pos` over the ranges in which it is fwd or rev (dorsal or ventral; act or inh), else 0;
- `encoding_changing_neurons`: the neurons of every pair in encoding_changes_corrected, when
  there is more than one range (sorted);
- `neuron_categorization` as in the file, `ranges` as the published JSON writes the fit
  ranges: column by column, [[first frames], [last frames]].
A value that is not finite becomes null. Each file may be plain (`.h5`) or as downloaded
(`.h5.bz2`, decompressed into a temporary file). tuning_strength holds some 25 values per
neuron, range and recording (hundreds of thousands of small datasets): only the three used are
read, for the neurons and ranges that need them.
"""

import bz2
import shutil
import tempfile
from pathlib import Path

import h5py
import numpy as np

from .errors import Problem
from .recording import Recording

CEPNEM_FILES = (
    "neuron_categorization", "encoding_changes_corrected", "relative_encoding_strength_median",
    "tuning_strength", "sampled_tau_vals_median", "fit_ranges",
)
WITHOUT = "imported without encoding"
BEHAVIOURS = {  # behaviour -> (its categories that count as tuned, tuning-strength key, output key)
    "v": (("fwd", "rev"), "v_fwd", "forwardness"),
    "θh": (("dorsal", "ventral"), "θh_dorsal", "dorsalness"),
    "P": (("act", "inh"), "P_pos", "feedingness"),
}


class Cepnem:
    """The six files of one paper: five read whole ({file name: {uid: content}}), tuning_strength
    read per recording; and the checksums of their sources."""

    def __init__(self, paths: dict[str, Path]):
        self._folder = tempfile.TemporaryDirectory(prefix="cepnem-")  # removed with this object
        self.data, self.checksums = {}, {}
        for name, path in paths.items():
            readable = self._readable(path)
            with h5py.File(readable, "r") as f:
                if "data" not in f:
                    raise ValueError(f"{path.name} has no 'data' group")
                for key, value in (tree(f["metadata"]) if "metadata" in f else {}).items():
                    if key.startswith(("blake", "sha256")):
                        self.checksums[key] = value
                if name == "tuning_strength":
                    self.tuning, self.tuning_uids = readable, set(f["data"])
                else:
                    self.data[name] = tree(f["data"])

    def _readable(self, path: Path) -> Path:
        """The file itself, or its .bz2 content decompressed into the temporary folder."""
        if path.suffix != ".bz2":
            return path
        target = Path(self._folder.name) / path.stem
        with bz2.open(path) as source, open(target, "wb") as f:
            shutil.copyfileobj(source, f, 1 << 20)
        return target

    def encoding(self, uid: str) -> dict | None:
        """The recording's encoding block, or None if the files do not cover it."""
        if uid not in self.tuning_uids or any(uid not in content for content in self.data.values()):
            return None
        with h5py.File(self.tuning, "r") as f:
            return encoding_block(tuning_strength=f["data"][uid], **{n: c[uid] for n, c in self.data.items()})


def find_cepnem(folders: list[Path], problems: list[Problem]) -> Cepnem | None:
    """The paper's CePNEM files (in its folders, .h5 or .h5.bz2), or None; an incomplete or
    unreadable set is a warning, and the recordings are then imported without encoding."""
    found = {}
    for name in CEPNEM_FILES:
        for folder in folders:
            for path in (folder / f"{name}.h5", folder / f"{name}.h5.bz2"):
                if path.is_file() and name not in found:
                    found[name] = path
    if not found:
        return None
    where = str(next(iter(found.values())).parent)
    missing = [name for name in CEPNEM_FILES if name not in found]
    if missing:
        problems.append(Problem("warning", where, f"CePNEM files missing: {', '.join(missing)}; {WITHOUT}"))
        return None
    try:
        return Cepnem(found)
    except (OSError, ValueError, EOFError) as e:
        problems.append(Problem("warning", where, f"CePNEM files not readable ({e}); {WITHOUT}"))
        return None


def attach_encoding(recording: Recording, cepnem: Cepnem, problems: list[Problem]) -> None:
    """Give an h5 recording its encoding block; a uid the files do not cover keeps none (a
    warning: CePNEM files whose uids match no recording would otherwise go unnoticed)."""
    where = str(recording.source.name)
    try:
        block = cepnem.encoding(recording.uid)
    except (KeyError, TypeError, ValueError, IndexError) as e:
        problems.append(Problem("warning", where, f"CePNEM encoding of {recording.uid} is malformed ({e!r}); "
                                f"{WITHOUT}"))
        return
    if block is None:
        problems.append(Problem("warning", where, f"the CePNEM files have no entry for {recording.uid}; {WITHOUT}"))
        return
    n = len(block["tau_vals"])
    if n != recording.n_neuron:
        problems.append(Problem("warning", where, f"CePNEM encoding covers {n} neurons, the recording "
                                f"{recording.n_neuron}; {WITHOUT}"))
        return
    recording.encoding = block
    recording.meta.update(cepnem.checksums)


def encoding_block(neuron_categorization: dict, encoding_changes_corrected: dict,
                   relative_encoding_strength_median: dict, tuning_strength: dict, sampled_tau_vals_median,
                   fit_ranges) -> dict:
    """One recording's encoding block from its entries of the six files (see the module docstring)."""
    categorization, changes, tuning = neuron_categorization, encoding_changes_corrected, tuning_strength
    tau, strength, ranges = sampled_tau_vals_median, relative_encoding_strength_median, np.asarray(fit_ranges)
    if ranges.ndim != 2 or 2 not in ranges.shape:
        raise ValueError(f"fit_ranges has shape {ranges.shape}, expected (2, n_range)")
    if ranges.shape[0] != 2:
        ranges = ranges.T
    n_range = ranges.shape[1]
    tau = _oriented(tau, n_range, range_axis=1, name="sampled_tau_vals_median")
    n_neuron = tau.shape[0]
    strength = {b: _oriented(strength[b], n_range, range_axis=0, name=f"relative_encoding_strength_median/{b}")
                for b in BEHAVIOURS}
    segments = {int(r): _index_sets(groups) for r, groups in categorization.items()}
    block = {k: [0.0] * n_neuron for k in ("tau_vals", "rel_enc_str_v", "rel_enc_str_θh", "rel_enc_str_P",
                                           "forwardness", "dorsalness", "feedingness")}
    for idx in range(1, n_neuron + 1):
        encoding = sorted(r for r, s in segments.items() if idx in s["all"])
        if encoding:
            block["tau_vals"][idx - 1] = np.median(tau[idx - 1, np.asarray(encoding) - 1])
            for b in BEHAVIOURS:
                block[f"rel_enc_str_{b}"][idx - 1] = np.median(strength[b][np.asarray(encoding) - 1, idx - 1])
        for b, (categories, key, output) in BEHAVIOURS.items():
            tuned = sorted(r for r, s in segments.items() if any(idx in s[b][c] for c in categories))
            if tuned:
                block[output][idx - 1] = np.median([_tuning(tuning, r, idx, key) for r in tuned])
    changing = sorted({int(i) for pair in changes.values() for i in _indices(pair["all"])}) if n_range > 1 else []
    return {
        "ranges": ranges.astype(int).tolist(),
        "neuron_categorization": {str(r): _plain(groups) for r, groups in categorization.items()},
        "encoding_changing_neurons": changing,
        **{k: [_finite(v) for v in values] for k, values in block.items()},
    }


def tree(node):
    """An h5py group as nested dicts of numpy arrays, numbers and strings."""
    if isinstance(node, h5py.Group):
        return {key: tree(node[key]) for key in node}
    if node.shape is None:  # an empty (null) dataspace
        return np.zeros(0)
    value = node[()]
    return value.decode() if isinstance(value, bytes) else value


def _tuning(tuning, r: int, idx: int, key: str) -> float:
    """One tuning strength, from the open file (one lookup by path) or from nested dicts."""
    if isinstance(tuning, h5py.Group):
        return float(tuning[f"{r}/{idx}/{key}"][()])
    return float(tuning[str(r)][str(idx)][key])


def _oriented(matrix, n_range: int, range_axis: int, name: str) -> np.ndarray:
    """A (neurons x ranges) or (ranges x neurons) matrix with its ranges on `range_axis`."""
    matrix = np.asarray(matrix, dtype=np.float64)
    if matrix.ndim != 2 or n_range not in matrix.shape:
        raise ValueError(f"{name} has shape {matrix.shape}, expected one axis of {n_range} ranges")
    return matrix if matrix.shape[range_axis] == n_range else matrix.T


def _indices(values) -> list[int]:
    return [int(i) for i in np.asarray(values).ravel()]


def _index_sets(groups: dict) -> dict:
    """{"all": {..}, "v": {"fwd": {..}, ...}, ...} with sets of neuron indices."""
    sets = {"all": set(_indices(groups["all"]))}
    for b, (categories, _, _) in BEHAVIOURS.items():
        sets[b] = {c: set(_indices(groups[b].get(c, []))) for c in categories}
    return sets


def _plain(value):
    """File content as JSON values: index arrays -> lists of ints."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return [int(i) if float(i).is_integer() else float(i) for i in np.asarray(value).ravel()]


def _finite(value) -> float | None:
    value = float(value)
    return value if np.isfinite(value) else None
