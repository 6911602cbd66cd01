"""What activity requests need, held in memory per process and keyed by the data version.

`recordings()` is the table of recordings (one query, used to validate every request);
`arrays(dataset_id)` holds one recording's trace matrix, neuron names and behaviour, loaded
on first use for correlations and replay.
"""

from dataclasses import dataclass

import numpy as np
from django.db.models import BooleanField, ExpressionWrapper, Q

from core.cache import data_cache, data_version

from .behavior import behavior_arrays
from .models import GCaMPDataset, GCaMPNeuron, trace_array


@dataclass(frozen=True)
class RecordingInfo:
    pk: int
    dataset_id: str
    dataset_name: str  # the uid
    paper_id: str
    n_neuron: int
    n_labeled: int
    max_t: int
    avg_timestep: float  # minutes per frame
    has_behavior: bool
    has_encoding: bool


@dataclass(frozen=True)
class RecordingArrays:
    traces: np.ndarray  # (n_neuron, max_t) z-scored
    names: tuple[str, ...]  # label of each trace ("" if unlabelled); names[i] is trace i + 1
    behavior: dict[str, np.ndarray] | None  # API key (v, hc, av, f) -> values in API units
    reversal_events: tuple[tuple[int, int], ...]
    events: dict[str, list[int]]


def recordings() -> dict[str, RecordingInfo]:
    """Every imported recording by dataset id, in display order."""
    return _recordings(data_version())


def arrays(dataset_id: str) -> RecordingArrays:
    """The traces, names and behaviour of one imported recording."""
    return _arrays(data_version(), dataset_id)


@data_cache(2)
def _recordings(version: str) -> dict[str, RecordingInfo]:
    rows = (
        GCaMPDataset.objects.order_by("order")
        .annotate(
            has_behavior=ExpressionWrapper(Q(behavior__isnull=False), output_field=BooleanField()),
            has_encoding=ExpressionWrapper(Q(encoding__isnull=False), output_field=BooleanField()),
        )
        .values_list(
            "id", "dataset_id", "dataset_name", "paper__paper_id", "n_neuron", "n_labeled", "max_t",
            "avg_timestep", "has_behavior", "has_encoding",
        )
    )
    return {row[1]: RecordingInfo(*row) for row in rows}


@data_cache(16)
def _arrays(version: str, dataset_id: str) -> RecordingArrays:
    dataset = GCaMPDataset.objects.only("id", "behavior", "events").get(dataset_id=dataset_id)
    rows = list(GCaMPNeuron.objects.filter(dataset=dataset).order_by("idx_neuron").values_list("neuron_name", "trace"))
    stored = dataset.behavior
    return RecordingArrays(
        traces=np.vstack([trace_array(trace) for _, trace in rows]),
        names=tuple(name for name, _ in rows),
        behavior=None if stored is None else behavior_arrays(stored),
        reversal_events=tuple((s, e) for s, e in (stored or {}).get("reversal_events", [])),
        events=dataset.events,
    )
