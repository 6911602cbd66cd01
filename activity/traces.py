"""Traces and correlations of one recording, computed with numpy for the neurons asked for.

Pearson r throughout. A correlation is null when it is undefined (a constant series, or
fewer than 3 frames where both series have values). Nothing is precomputed as an N x N
blob: the pairs among a handful of neurons and their top partners take microseconds.
"""

import numpy as np

from .behavior import rounded
from .catalog import arrays
from .models import GCaMPNeuron, trace_array

TRACE_DECIMALS = 5  # z-scored traces are stored as float32: 5 decimals are exact
R_DECIMALS = 3


def trace_list(dataset_pk: int, idx_neuron: int) -> list:
    """One z-scored trace as a JSON-ready list (one small query)."""
    data = GCaMPNeuron.objects.values_list("trace", flat=True).get(dataset_id=dataset_pk, idx_neuron=idx_neuron)
    return rounded(trace_array(data), TRACE_DECIMALS)


def traces_answer(dataset_id: str, idxs: list[int]) -> list[dict]:
    """[{"idx_neuron", "label", "trace"}] for the given 1-based indices, in their order."""
    recording = arrays(dataset_id)
    return [
        {"idx_neuron": i, "label": recording.names[i - 1], "trace": rounded(recording.traces[i - 1], TRACE_DECIMALS)}
        for i in idxs
    ]


def pearson(a: np.ndarray, b: np.ndarray) -> float | None:
    """r between two series over the frames where both are finite; None if undefined."""
    both = np.isfinite(a) & np.isfinite(b)
    if both.sum() < 3:
        return None
    a, b = a[both] - a[both].mean(), b[both] - b[both].mean()
    denominator = np.sqrt((a * a).sum() * (b * b).sum())
    if denominator == 0:
        return None
    return float(np.clip((a * b).sum() / denominator, -1.0, 1.0))


def correlation_rows(matrix: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """r of each of `rows` (indices, 0-based) with every row of `matrix`: (len(rows), n).
    Constant rows give NaN."""
    centred = matrix - matrix.mean(axis=1, keepdims=True)
    norms = np.sqrt((centred * centred).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        unit = centred / norms[:, None]
        return np.clip(unit[rows] @ unit.T, -1.0, 1.0)


def _r(value: float | None) -> float | None:
    return None if value is None or not np.isfinite(value) else round(float(value), R_DECIMALS)


def correlation_answer(dataset_id: str, idxs: list[int], top: int) -> dict:
    """Pairs among `idxs` (sorted by |r|), the `top` partners of each in the whole recording,
    and each neuron's r with each behaviour channel (null if the recording has none)."""
    recording = arrays(dataset_id)
    rows = np.asarray(idxs) - 1
    r = correlation_rows(recording.traces, rows)
    pairs = [
        {"a": a, "b": b, "r": _r(r[i, b - 1])}
        for i, a in enumerate(idxs)
        for b in idxs[i + 1:]
    ]
    pairs.sort(key=lambda p: (p["r"] is None, -abs(p["r"] or 0)))
    partners = {}
    for i, a in enumerate(idxs):
        scores = np.where(np.isfinite(r[i]), np.abs(r[i]), -1.0)
        scores[a - 1] = -2.0  # not itself
        order = np.argsort(-scores, kind="stable")[:top]
        partners[str(a)] = [
            {"idx_neuron": int(j) + 1, "label": recording.names[j], "r": _r(r[i, j])}
            for j in order
            if scores[j] >= 0
        ]
    behavior = None
    if recording.behavior is not None:
        behavior = {
            str(a): {key: _r(pearson(recording.traces[a - 1], values)) for key, values in recording.behavior.items()}
            for a in idxs
        }
    return {"dataset_id": dataset_id, "neurons": idxs, "pairs": pairs, "top": partners, "behavior": behavior}

