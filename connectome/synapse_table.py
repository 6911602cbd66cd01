"""Every synapse row of the imported connectomes as numpy arrays, loaded once per process.

get-edges and available-neurons read these instead of querying the Synapse table on every
request (about 32,000 rows, 1.3 MB for all 15 datasets). Neurons are numbered by their
position in the catalog's name order, so an index compares as the name does.
"""

from dataclasses import dataclass

import numpy as np

from core.cache import data_cache, data_version

from .catalog import catalog
from .models import Dataset, Synapse


@dataclass(frozen=True)
class SynapseTable:
    names: list[str]  # neuron names, sorted: a neuron's index is its position
    index: dict[str, int]  # name -> index
    dataset: np.ndarray  # per row: dataset primary key
    pre: np.ndarray  # neuron indices
    post: np.ndarray
    electrical: np.ndarray  # bool: a gap junction (stored once per pair)
    count: np.ndarray  # synapses
    max_dataset: int  # the largest dataset primary key
    present: dict[int, np.ndarray]  # dataset primary key -> indices of the neurons with a synapse in it


def synapse_table() -> SynapseTable:
    return _load(data_version())


@data_cache(2)
def _load(version: str) -> SynapseTable:
    names = list(catalog().neurons)
    index = {info.id: i for i, info in enumerate(catalog().neurons.values())}
    rows = list(Synapse.objects.values_list("dataset_id", "pre_id", "post_id", "synapse_type", "synapse_count"))
    dataset, pre, post, kind, count = zip(*rows, strict=True) if rows else ((),) * 5
    through = Dataset.available_neurons.through.objects.values_list("dataset_id", "neuron_id")
    present: dict[int, list[int]] = {}
    for dataset_pk, neuron_pk in through:
        present.setdefault(dataset_pk, []).append(index[neuron_pk])
    return SynapseTable(
        names=names,
        index={name: i for i, name in enumerate(names)},
        dataset=np.array(dataset, dtype=np.int64),
        pre=np.array([index[pk] for pk in pre], dtype=np.int64),
        post=np.array([index[pk] for pk in post], dtype=np.int64),
        electrical=np.array([k == Synapse.ELECTRICAL for k in kind], dtype=bool),
        count=np.array(count, dtype=np.int64),
        max_dataset=max(Dataset.objects.values_list("id", flat=True), default=0),
        present={pk: np.array(sorted(ids), dtype=np.int64) for pk, ids in present.items()},
    )
