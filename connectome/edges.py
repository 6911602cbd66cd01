"""What the explorer draws: the neurons of some datasets, and the edges among a selection.

Both functions take validated names (see api.py) and return the JSON-ready dicts of the
original WormWideWeb (spec 5.1), with its weaknesses fixed: a class lists only the neurons
present in the requested datasets, and a gap junction counts once per pair.
"""

import numpy as np

from .catalog import catalog
from .models import Synapse
from .synapse_table import synapse_table


def available_neurons(dataset_ids: list[str]) -> dict:
    """The neurons with at least one synapse in any of the datasets, and their classes."""
    info, table = catalog(), synapse_table()
    present = np.unique(np.concatenate([table.present.get(info.datasets[d], np.empty(0, np.int64))
                                        for d in dataset_ids]))
    neurons = [info.neurons[table.names[i]] for i in present.tolist()]  # in name order
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
    info, table = catalog(), synapse_table()
    selected_neurons, selected_classes = set(neurons), set(classes)
    split_classes = {info.neurons[n].neuron_class for n in neurons}
    members = selected_neurons.union(*(info.classes[c] for c in classes))

    def label(neuron):
        if neuron.name in selected_neurons:
            return neuron.name
        if neuron.neuron_class in selected_classes:
            return neuron.neuron_class
        if show_individual_neuron or neuron.neuron_class in split_classes:
            return neuron.name
        return neuron.neuron_class

    is_member = np.zeros(len(table.names), dtype=bool)
    is_member[[table.index[n] for n in members]] = True
    column = np.full(table.max_dataset + 1, -1, dtype=np.int64)
    column[[info.datasets[d] for d in dataset_ids]] = np.arange(len(dataset_ids))
    pre_in, post_in = is_member[table.pre], is_member[table.post]
    touching = (pre_in | post_in) if show_connected_neuron else (pre_in & post_in)
    rows = np.flatnonzero(touching & (column[table.dataset] >= 0))
    pre, post, electrical = table.pre[rows], table.post[rows], table.electrical[rows]

    # Each neuron's label, numbered in name order, so comparing numbers compares names.
    involved = np.unique(np.concatenate([pre, post])).tolist()
    labels = [label(info.neurons[table.names[i]]) for i in involved]
    label_names = sorted(set(labels))
    number = {name: k for k, name in enumerate(label_names)}
    label_of = np.zeros(len(table.names), dtype=np.int64)
    label_of[involved] = [number[name] for name in labels]
    a, b = label_of[pre], label_of[post]
    swap = electrical & (b < a)
    a, b = np.where(swap, b, a), np.where(swap, a, b)

    edge_keys, edge = np.unique((a * len(label_names) + b) * 2 + electrical, return_inverse=True)
    per_dataset = np.zeros((len(edge_keys), len(dataset_ids)), dtype=np.int64)
    np.add.at(per_dataset, (edge, column[table.dataset[rows]]), table.count[rows])
    kinds = (Synapse.CHEMICAL, Synapse.ELECTRICAL)
    counts = {
        (label_names[key // 2 // len(label_names)], label_names[key // 2 % len(label_names)], kinds[key % 2]): row
        for key, row in zip(edge_keys.tolist(), per_dataset.tolist(), strict=True)
    }

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
