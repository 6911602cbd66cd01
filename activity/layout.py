"""A recording in the published per-recording JSON layout (spec 4.4), written from the database.

The layout is the one flavell-lab's WormWideWebData.jl writes for wormwideweb.org and that
init_data_gcamp reads back:

    {"metadata": {"uid", "paper_id", "dataset_type", "n_neuron", "source_filename", "checksum_h5", ...},
     "timing": {"mean_timestep" (s), "max_t", "timestamp_confocal" (s), "event"},
     "behavior": {"velocity" (mm/s), "head_angle" (rad), "angular_velocity" (rad/s),
                  "pumping" (pumps/s, only when measured), "reversal_events": [[start, end], ...]},
     "gcamp": {"trace_array": [[n_t values] x n_neuron], "trace_array_original": (only when imported)},
     "label": {"<1-based trace row>": record}, "encoding": {...} (only when present)}

What is not measured is left out the way the published layout allows: a key the layout makes
optional (`pumping`, `trace_array_original`, `encoding`) is absent, and a recording without
behaviour keeps its `behavior` object with null values (the published files' NaN) for each
channel and no reversal events, so clients that expect the object and one value per frame work.

`recording_json` yields the document in pieces, one trace at a time, so a download of any size
is written with the memory of one trace.
"""

import json
from collections.abc import Iterator

from .behavior import rounded
from .models import GCaMPDataset, GCaMPNeuron, trace_array
from .traces import TRACE_DECIMALS

ORIGINAL_DECIMALS = 6
REQUIRED_CHANNELS = ("velocity", "head_angle", "angular_velocity")


def recording_json(dataset: GCaMPDataset) -> Iterator[bytes]:
    """The recording's JSON document (UTF-8, no spaces), in pieces."""
    neurons = GCaMPNeuron.objects.filter(dataset=dataset).order_by("idx_neuron")
    head = {
        "metadata": {**dataset.meta, "n_neuron": dataset.n_neuron},
        "timing": {
            "mean_timestep": round(dataset.avg_timestep * 60, 9),
            "max_t": dataset.max_t,
            "timestamp_confocal": dataset.timestamp_confocal,
            "event": dataset.events,
        },
        "behavior": behavior_block(dataset.behavior, dataset.max_t),
    }
    yield _dumps(head)[:-1].encode() + b',"gcamp":{"trace_array":'
    labels = {}

    def traces():  # the labels are gathered on the way, for the end of the document
        for idx, label, trace in neurons.values_list("idx_neuron", "label", "trace").iterator(chunk_size=64):
            if label is not None:
                labels[str(idx)] = label
            yield trace

    yield from _rows(traces(), TRACE_DECIMALS)
    if neurons.filter(trace_original__isnull=False).exists():
        yield b',"trace_array_original":'
        yield from _rows(neurons.values_list("trace_original", flat=True).iterator(chunk_size=64), ORIGINAL_DECIMALS)
    tail = {"label": labels}
    if dataset.encoding is not None:
        tail["encoding"] = dataset.encoding
    yield b"}," + _dumps(tail)[1:].encode()


def behavior_block(stored: dict | None, max_t: int) -> dict:
    """The `behavior` object from GCaMPDataset.behavior (None: not measured)."""
    if stored is None:
        return {**{name: [None] * max_t for name in REQUIRED_CHANNELS}, "reversal_events": []}
    return {name: values for name, values in stored.items() if values is not None}


def _rows(traces, decimals: int) -> Iterator[bytes]:
    """A JSON list of per-neuron lists, one neuron per piece."""
    separator = b"["
    for trace in traces:
        yield separator + _dumps(rounded(trace_array(trace), decimals)).encode()
        separator = b","
    yield b"]" if separator == b"," else b"[]"


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
