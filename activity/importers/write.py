"""Replace the activity tables with what read.py checked, in one transaction.

Either the whole import is written or, if anything fails, the database keeps the previous
import: nothing half-imported stays.
"""

from django.db import reset_queries, transaction

from activity.behavior import rounded
from activity.models import (
    GCaMPDataset,
    GCaMPDatasetType,
    GCaMPEventStyle,
    GCaMPNeuron,
    GCaMPPaper,
    NeuronMatch,
    trace_bytes,
)
from core.importing import delete_all, forget_cached_versions
from core.models import ImportedData

from .read import ActivityData
from .recording import Behavior, Recording

SOURCE = "activity"
DECIMALS = 6  # behaviour values and timestamps are stored to 6 decimals


@transaction.atomic
def write_activity(data: ActivityData, data_dir, progress=lambda message: None) -> list[dict]:
    """Replace papers, types, styles, recordings and neurons; return one row per recording.

    The find-neuron index is emptied too: `update_neuron_match_dict` rebuilds it.
    """
    delete_all([NeuronMatch, GCaMPNeuron, GCaMPDataset, GCaMPEventStyle, GCaMPDatasetType, GCaMPPaper])
    papers = {}
    for order, paper in enumerate(data.papers):
        papers[paper["paper_id"]] = GCaMPPaper.objects.create(order=order, **paper)
    types = {
        t["type_id"]: GCaMPDatasetType.objects.create(
            paper=papers.get(t["paper_id"]), **{k: v for k, v in t.items() if k != "paper_id"}
        )
        for t in data.types
    }
    GCaMPEventStyle.objects.bulk_create(
        GCaMPEventStyle(paper=papers.get(s["paper_id"]), **{k: v for k, v in s.items() if k != "paper_id"})
        for s in data.styles
    )
    summary = []
    for order, recording in enumerate(data.recordings):
        dataset = _write_recording(recording, order, papers[recording.paper_id], types, data_dir)
        summary.append(
            {
                "dataset": dataset.dataset_id,
                "neurons": dataset.n_neuron,
                "labelled": dataset.n_labeled,
                "frames": dataset.max_t,
                "behaviour": dataset.behavior is not None,
                "encoding": dataset.encoding is not None,
            }
        )
        progress(f"[{order + 1}/{len(data.recordings)}] wrote {dataset.dataset_id}")
        reset_queries()  # with DEBUG on, Django keeps every statement, trace bytes included
    ImportedData.objects.update_or_create(source=SOURCE, defaults={"sha256": data.sha256})
    transaction.on_commit(forget_cached_versions)
    return summary


def _write_recording(recording: Recording, order: int, paper, types, data_dir) -> GCaMPDataset:
    source = recording.source
    if source.is_relative_to(data_dir):
        source = source.relative_to(data_dir)
    dataset = GCaMPDataset.objects.create(
        dataset_id=recording.dataset_id,
        paper=paper,
        dataset_name=recording.uid,
        order=order,
        meta=recording.meta,
        source_file=str(source),
        source_format=recording.source_format,
        dataset_sha256=recording.sha256,
        avg_timestep=recording.mean_timestep / 60,
        max_t=recording.max_t,
        n_neuron=recording.n_neuron,
        n_labeled=len(recording.identities),
        timestamp_confocal=rounded(recording.timestamps, DECIMALS),
        behavior=behavior_json(recording.behavior),
        events=recording.events,
        encoding=recording.encoding,
    )
    dataset.dataset_types.set([types[t] for t in recording.type_ids])
    original = recording.traces_original
    GCaMPNeuron.objects.bulk_create(
        GCaMPNeuron(
            dataset=dataset,
            idx_neuron=idx,
            neuron_name=identity[0],
            neuron_class=identity[1],
            lr=identity[2],
            dv=identity[3],
            label=recording.labels.get(idx),
            trace=trace_bytes(recording.traces[idx - 1]),
            trace_original=None if original is None else trace_bytes(original[idx - 1]),
        )
        for idx in range(1, recording.n_neuron + 1)
        for identity in [recording.identities.get(idx, ("", "", "n", "n"))]
    )
    return dataset


def behavior_json(behavior: Behavior | None) -> dict | None:
    """The stored form of GCaMPDataset.behavior (None: no behaviour data)."""
    if behavior is None:
        return None
    return {
        "velocity": rounded(behavior.velocity, DECIMALS),
        "head_angle": rounded(behavior.head_angle, DECIMALS),
        "angular_velocity": rounded(behavior.angular_velocity, DECIMALS),
        "pumping": None if behavior.pumping is None else rounded(behavior.pumping, DECIMALS),
        "reversal_events": [[int(s), int(e)] for s, e in behavior.reversal_events],
    }
