"""The small, fixed tables every connectome request needs, loaded once per process.

The neuron table (657 cells) and the dataset list are read from the database on first use
and kept in memory, keyed by the data version, so validating a request and naming the
neurons of a query need no extra database round trip.
"""

from dataclasses import dataclass

from core.cache import data_cache, data_version

from .dauer import VOLUME_DATASETS
from .models import Dataset, Neuron


@dataclass(frozen=True)
class NeuronInfo:
    id: int
    name: str
    neuron_class: str
    cell_type: str
    cell_type_desc: str


@dataclass(frozen=True)
class Catalog:
    neurons: dict[str, NeuronInfo]  # by name
    by_id: dict[int, NeuronInfo]
    classes: dict[str, list[str]]  # class -> member neuron names, sorted
    datasets: dict[str, int]  # dataset_id -> primary key, in display order
    without_gap_junctions: frozenset[str]  # dataset ids whose gap junctions are skipped
    units: dict[str, str]  # dataset_id -> unit of its weights: "synapses", or a volume (dauer.py)


def catalog() -> Catalog:
    """The neuron and dataset tables of the imported data."""
    return _load(data_version())


@data_cache(2)
def _load(version: str) -> Catalog:
    neurons = {
        name: NeuronInfo(pk, name, cls, cell_type, desc)
        for pk, name, cls, cell_type, desc in Neuron.objects.order_by("name").values_list(
            "id", "name", "neuron_class__name", "cell_type", "cell_type_desc"
        )
    }
    classes: dict[str, list[str]] = {}
    for info in neurons.values():
        classes.setdefault(info.neuron_class, []).append(info.name)
    return Catalog(
        neurons=neurons,
        by_id={info.id: info for info in neurons.values()},
        classes=dict(sorted(classes.items())),
        datasets=dict(Dataset.objects.order_by("order").values_list("dataset_id", "id")),
        without_gap_junctions=frozenset(
            Dataset.objects.filter(skip_gap_junction=True).values_list("dataset_id", flat=True)
        ),
        units={d: VOLUME_DATASETS.get(d, "synapses") for d in Dataset.objects.values_list("dataset_id", flat=True)},
    )
