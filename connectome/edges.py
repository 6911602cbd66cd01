"""What the explorer draws: the neurons of some datasets, and the edges among a selection.

Both functions take validated names (see api.py) and return the JSON-ready dicts of the
original WormWideWeb (spec 5.1), with its weaknesses fixed: a class lists only the neurons
present in the requested datasets, and a gap junction counts once per pair.
"""

from django.db.models import Q

from .catalog import catalog
from .models import Dataset, Synapse


def available_neurons(dataset_ids: list[str]) -> dict:
    """The neurons with at least one synapse in any of the datasets, and their classes."""
    info = catalog()
    present = set(
        Dataset.available_neurons.through.objects.filter(
            dataset_id__in=[info.datasets[d] for d in dataset_ids]
        ).values_list("neuron_id", flat=True)
    )
    neurons = sorted((info.by_id[pk] for pk in present), key=lambda n: n.name)
    classes: dict[str, list[str]] = {}
    for n in neurons:
        classes.setdefault(n.neuron_class, []).append(n.name)
    return {
        "neurons": {
            n.name: {
                "neuron_class": n.neuron_class,
                "name": n.name,
                "cell_type": n.cell_type,
                "cell_type_desc": n.cell_type_desc,
            }
            for n in neurons
        },
        "neuron_classes": dict(sorted(classes.items())),
    }


def get_edges(
    dataset_ids: list[str],
    neurons: list[str],
    classes: list[str],
    show_individual_neuron: bool,
    show_connected_neuron: bool,
) -> dict:
    """Aggregate the synapses touching the selection into labelled edges (spec 7.1).

    An endpoint is labelled with its neuron name when the neuron was selected, when
    `show_individual_neuron` is on, or when another neuron of its class was selected
    (the class is then split); otherwise with its class name. Counts of edges that share a
    label are summed, per dataset in `list_count` and over datasets in `count`; `count` adds
    synapse counts only, never a dataset weighted by volume (the dauer), unless every dataset
    is one. A gap junction's labels are in alphabetical order. Unless `show_connected_neuron` is on, only
    edges with both endpoints in the selection are kept.
    """
    info = catalog()
    selected_neurons, selected_classes = set(neurons), set(classes)
    split_classes = {info.neurons[n].neuron_class for n in neurons}
    members = selected_neurons.union(*(info.classes[c] for c in classes))
    ids = [info.neurons[n].id for n in sorted(members)]
    column = {info.datasets[d]: i for i, d in enumerate(dataset_ids)}

    def label(neuron):
        if neuron.name in selected_neurons:
            return neuron.name
        if neuron.neuron_class in selected_classes:
            return neuron.neuron_class
        if show_individual_neuron or neuron.neuron_class in split_classes:
            return neuron.name
        return neuron.neuron_class

    rows = Synapse.objects.filter(dataset_id__in=list(column)).filter(
        Q(pre_id__in=ids) | Q(post_id__in=ids)
    ).values_list("dataset_id", "pre_id", "post_id", "synapse_type", "synapse_count")
    counts: dict[tuple, list[int]] = {}
    for dataset_pk, pre_id, post_id, kind, count in rows:
        pre, post = info.by_id[pre_id], info.by_id[post_id]
        if not show_connected_neuron and not (pre.name in members and post.name in members):
            continue
        a, b = label(pre), label(post)
        if kind == Synapse.ELECTRICAL and b < a:
            a, b = b, a
        per_dataset = counts.setdefault((a, b, kind), [0] * len(dataset_ids))
        per_dataset[column[dataset_pk]] += count

    keys = sorted(counts, key=lambda k: f"{k[0]}!{k[1]}!{k[2]}")
    summed = [i for i, d in enumerate(dataset_ids) if info.units[d] == "synapses"] or list(range(len(dataset_ids)))
    return {
        "datasets": dataset_ids,
        "neurons": sorted({name for a, b, _ in keys for name in (a, b)}),
        "synapses": [
            {"pre": a, "post": b, "type": kind, "count": sum(counts[a, b, kind][i] for i in summed),
             "list_count": counts[a, b, kind]}
            for a, b, kind in keys
        ],
    }

