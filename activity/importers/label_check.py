"""The label check: do a recording's NeuroPAL label keys name the traces they label?

The published label files key each label by a 1-based trace row, and the importer reads them
so. A public audit found recordings whose keys exceed the trace count, i.e. keys that are
NeuroPAL ROI ids (the segmentation of the NeuroPAL image), not trace rows: read as rows, every
label of such a recording sits on the wrong trace. So every recording with labels, whatever
its source, is checked before its labels are kept:

1. **The ROI-to-trace match**, where the recording's h5 file holds one (the ANTSUN export's
   `neuropal_registration/roi_match`: NeuroPAL ROI r matches trace row roi_match[r-1], 0 for
   none; `roi_match_confidence` beside it). Each label record names its ROI(s) (`roi_id`). If
   the keys agree with the match (key == roi_match[roi - 1]) they are trace rows; if they are
   the ROI ids themselves (key == roi_id, or no record names a ROI and some key exceeds the
   trace count), each is moved to the trace row its ROI matches, when the match has the
   confidence flavell-lab's NeuroPALData.jl requires (>= 2); labels of unmatched ROIs are
   dropped. Keys agreeing with neither (under 90 %) fail the check.
2. **Keys above the trace count** (after that mapping) fail the check.
3. **Bilateral pairs.** The two neurons of a left/right pair (AVAL/AVAR, RIML/RIMR: same class
   and dorsal/ventral position, one L and one R) are strongly correlated. The mean Pearson r
   of the labelled pairs is compared with the same pairs shifted by one trace row (the larger
   of the shifts up and down, so labels off by one show as shifted pairs more alike), and with
   random pairs: the mean r over every pair of distinct traces, with its spread `sd`. The pairs
   pass when there are at least MIN_PAIRS, their mean exceeds the shifted one, and it exceeds
   the random mean by at least Z_MIN standard errors: z = (r_pairs - r_random) / (sd / sqrt(n)).
   Labels the match table confirmed also pass with fewer pairs, but never against a failed
   pair test: the two lines of evidence must not disagree.

A recording that fails is imported with its traces and without labels, with a warning naming
it and the figures. README ("Labels on the right trace") gives the figures of the bundled data.
"""

from dataclasses import dataclass

import h5py
import numpy as np

from .errors import Problem
from .recording import Recording

ROI_MATCH, ROI_CONFIDENCE = "neuropal_registration/roi_match", "neuropal_registration/roi_match_confidence"
MIN_MATCH_CONFIDENCE = 2.0  # NeuroPALData.jl match_roi's θ_confidence
MIN_AGREEMENT = 0.9  # share of labels (with a ROI id) that must agree with the match table
MIN_PAIRS = 3
Z_MIN = 3.0


@dataclass(frozen=True)
class RoiMatch:
    """neuropal_registration of an h5 file: for NeuroPAL ROI r, rows[r - 1] is the matched
    1-based trace row (0: none) and confidence[r - 1] the registration's confidence."""

    rows: np.ndarray
    confidence: np.ndarray | None

    def row(self, roi: int, confident: bool = False) -> int | None:
        if not 1 <= roi <= self.rows.size or self.rows[roi - 1] < 1:
            return None
        if confident and self.confidence is not None and not self.confidence[roi - 1] >= MIN_MATCH_CONFIDENCE:
            return None
        return int(self.rows[roi - 1])


def read_roi_match(f: h5py.File) -> RoiMatch | None:
    """The match table of an open h5 file, or None when it has none."""
    if not isinstance(f.get(ROI_MATCH), h5py.Dataset):
        return None
    rows = np.asarray(f[ROI_MATCH][()]).ravel()
    if not np.issubdtype(rows.dtype, np.number):
        return None
    confidence = f.get(ROI_CONFIDENCE)
    confidence = np.asarray(confidence[()], dtype=np.float64).ravel() if isinstance(confidence, h5py.Dataset) else None
    if confidence is not None and confidence.size != rows.size:
        confidence = None
    return RoiMatch(np.nan_to_num(rows.astype(np.float64)).astype(np.int64), confidence)


@dataclass
class LabelCheck:
    """The figures of one recording's check, as the import summary prints them."""

    dataset_id: str
    n_traces: int
    n_keys: int  # label keys as read
    n_above: int  # keys as read above the trace count
    keys: str = "trace rows"  # or "ROI ids"
    match: str = ""  # what the match table said, "" without one
    n_pairs: int = 0
    r_pairs: float | None = None
    r_shifted: float | None = None
    r_random: float | None = None
    z: float | None = None
    failure: str = ""  # why the labels were refused; "" when kept

    @property
    def passed(self) -> bool:
        return not self.failure

    def figures(self) -> str:
        parts = [f"{self.n_keys} label keys, {self.n_above} above the {self.n_traces} traces"]
        if self.match:
            parts.append(self.match)
        if self.n_pairs:
            parts.append(
                f"{self.n_pairs} left/right pairs r = {self.r_pairs:.2f} vs {_r(self.r_shifted)} shifted by one "
                f"vs {_r(self.r_random)} random pairs (z = {self.z:.1f})"
            )
        else:
            parts.append("no labelled left/right pair")
        return "; ".join(parts)

    def summary(self) -> str:
        verdict = "kept" if self.passed else f"REFUSED ({self.failure})"
        return f"{self.dataset_id}: labels {verdict}: {self.figures()}"


def check_labels(recording: Recording, problems: list[Problem]) -> LabelCheck | None:
    """Check recording.labels (1-based key -> record); keep them, moved to trace rows where the
    match table says so, or empty them with a warning. None when the recording has no labels."""
    if not recording.labels:
        return None
    n = recording.n_neuron
    result = LabelCheck(recording.dataset_id, n, len(recording.labels), sum(k > n for k in recording.labels))
    labels, confirmed = dict(recording.labels), False
    if recording.roi_match is not None:
        labels, confirmed = _apply_match(labels, recording.roi_match, n, result)
    if not result.failure and any(k > n for k in labels):
        above = sorted(k for k in labels if k > n)
        result.failure = f"{len(above)} label keys exceed the {n} traces (up to {above[-1]}): they are not trace rows"
    if not result.failure:
        _pair_test(recording.traces, labels, result)
        pairs_fail = result.n_pairs >= MIN_PAIRS and not _pairs_pass(result)
        if pairs_fail:
            result.failure = "labelled left/right pairs are no more alike than shifted or random pairs"
        elif not confirmed and not _pairs_pass(result):
            result.failure = (
                f"cannot be verified: {result.n_pairs} labelled left/right pairs (at least {MIN_PAIRS} needed) "
                "and no ROI-to-trace match in the file"
            )
    if result.failure:
        recording.labels = {}
        problems.append(Problem(
            "warning", str(recording.source),
            f"{recording.dataset_id}: labels refused, traces imported without them: {result.failure} "
            f"({result.figures()})",
        ))
    else:
        recording.labels = labels
    return result


def _apply_match(labels: dict[int, dict], match: RoiMatch, n: int, result: LabelCheck) -> tuple[dict, bool]:
    """The labels keyed by trace row through the match table, and whether it confirmed them."""
    with_roi = {k: _rois(r) for k, r in labels.items() if _rois(r)}
    if with_roi:
        as_rows = [k for k, rois in with_roi.items() if any(match.row(roi) == k for roi in rois)]
        as_rois = [k for k, rois in with_roi.items() if k in rois]
        if len(as_rows) >= MIN_AGREEMENT * len(with_roi):
            dropped = len(with_roi) - len(as_rows)
            result.match = f"roi_match agrees with {len(as_rows)} of {len(with_roi)} keys" + (
                f" ({dropped} others dropped)" if dropped else "")
            kept = set(as_rows) | (set(labels) - set(with_roi))
            return {k: r for k, r in labels.items() if k in kept}, True
        if len(as_rois) < MIN_AGREEMENT * len(with_roi):
            result.failure = (
                f"the keys are neither the trace rows roi_match gives ({len(as_rows)} of {len(with_roi)}) "
                f"nor the ROI ids ({len(as_rois)} of {len(with_roi)})"
            )
            return labels, False
    elif not any(k > n for k in labels):
        return labels, False  # nothing says the keys are ROI ids: they are tested as trace rows
    mapped: dict[int, dict] = {}
    for roi, record in labels.items():
        row = match.row(roi, confident=True)
        if row is not None and (row not in mapped or _confidence(record) > _confidence(mapped[row])):
            mapped[row] = record
    result.keys = "ROI ids"
    result.match = f"keys are ROI ids: roi_match moves {len(mapped)} of {len(labels)} to trace rows"
    return mapped, True


def _pair_test(traces: np.ndarray, labels: dict[int, dict], result: LabelCheck) -> None:
    """The correlation figures of the labelled left/right pairs (1-based rows in labels)."""
    n = traces.shape[0]
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.corrcoef(traces)
    between = r[np.triu_indices(n, 1)]
    between = between[np.isfinite(between)]
    if between.size:
        result.r_random, spread = float(between.mean()), float(between.std())
    pairs = bilateral_pairs(labels)
    result.n_pairs = len(pairs)
    if not pairs or not between.size:
        return
    result.r_pairs = float(np.nanmean([r[a - 1, b - 1] for a, b in pairs]))
    shifts = [[r[a - 1 + d, b - 1 + d] for a, b in pairs if 1 <= a + d <= n and 1 <= b + d <= n] for d in (1, -1)]
    result.r_shifted = max((float(np.nanmean(s)) for s in shifts if s), default=None)
    result.z = (result.r_pairs - result.r_random) / (spread / np.sqrt(len(pairs))) if spread > 0 else 0.0


def bilateral_pairs(labels: dict[int, dict]) -> list[tuple[int, int]]:
    """(left row, right row) of each class and dorsal/ventral position labelled exactly once on
    each side, names with '?' left out."""
    sides: dict[tuple[str, str], dict[str, list[int]]] = {}
    for row, record in labels.items():
        side = str(record.get("LR") or "").upper()
        if side in ("L", "R") and "?" not in str(record.get("label", "")):
            group = (str(record.get("neuron_class") or ""), str(record.get("DV") or "").upper())
            sides.setdefault(group, {"L": [], "R": []})[side].append(row)
    return sorted((g["L"][0], g["R"][0]) for g in sides.values() if len(g["L"]) == len(g["R"]) == 1)


def _pairs_pass(result: LabelCheck) -> bool:
    return (
        result.n_pairs >= MIN_PAIRS
        and result.z is not None
        and result.z >= Z_MIN
        and (result.r_shifted is None or result.r_pairs > result.r_shifted)
    )


def _rois(record: dict) -> list[int]:
    """The ROI ids of a label record: an int, a list of ints or "12/13"."""
    value = record.get("roi_id")
    values = value if isinstance(value, list) else str(value).split("/") if isinstance(value, str) else [value]
    rois = []
    for v in values:
        if isinstance(v, bool):
            continue
        if isinstance(v, (int, float)) and float(v).is_integer():
            rois.append(int(v))
        elif isinstance(v, str) and v.strip().isdigit():
            rois.append(int(v))
    return rois


def _confidence(record: dict) -> float:
    value = record.get("confidence")
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else float("-inf")


def _r(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"
