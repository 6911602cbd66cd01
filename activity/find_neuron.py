"""Find recordings by NeuroPAL label (spec 4.6 `neuropal_match`, 7.4).

`build_neuron_match()` (run by `update_neuron_match_dict`) indexes every labelled trace by
class, side and dorsal/ventral position; `find_neuron_answer()` serves that index in the
original's JSON shape: a key "<class>_<lr>_<dv>" (e.g. "AVA_l_x", "RMD_?_d") maps each
recording to the trace indices carrying that label.
"""

from collections import defaultdict

from .models import GCaMPDataset, GCaMPDatasetType, GCaMPNeuron, GCaMPPaper, NeuronMatch


def build_neuron_match() -> int:
    """Replace the NeuronMatch table from the labelled neurons; return its row count."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    rows = GCaMPNeuron.objects.exclude(neuron_class="").values_list(
        "dataset_id", "neuron_class", "lr", "dv", "idx_neuron"
    )
    for dataset_id, neuron_class, lr, dv, idx in rows:
        groups[dataset_id, neuron_class, lr, dv].append(idx)
    NeuronMatch.objects.all().delete()
    NeuronMatch.objects.bulk_create(
        NeuronMatch(dataset_id=d, neuron_class=c, lr=lr, dv=dv, idx_neurons=sorted(idxs))
        for (d, c, lr, dv), idxs in sorted(groups.items())
    )
    return len(groups)


def find_neuron_answer() -> dict:
    """{"class", "match", "neuropal_datasets_data", "papers", "neuropal_dataset_type"}."""
    classes: dict[str, set] = defaultdict(set)
    match: dict[str, dict] = defaultdict(dict)
    rows = NeuronMatch.objects.order_by("neuron_class", "lr", "dv", "dataset__order").values_list(
        "neuron_class", "lr", "dv", "dataset__dataset_id", "idx_neurons"
    )
    for neuron_class, lr, dv, dataset_id, idxs in rows:
        classes[neuron_class].add((dv, lr))
        match[f"{neuron_class}_{lr}_{dv}"][dataset_id] = idxs
    datasets = list(
        GCaMPDataset.objects.filter(n_labeled__gt=0).select_related("paper").prefetch_related("dataset_types").order_by("order")
    )
    papers = list(GCaMPPaper.objects.filter(datasets__in=datasets).distinct().order_by("order"))
    types = GCaMPDatasetType.objects.filter(datasets__in=datasets).distinct().order_by("type_id")
    return {
        "class": {c: [list(pair) for pair in sorted(pairs)] for c, pairs in sorted(classes.items())},
        "match": dict(match),
        "neuropal_datasets_data": [
            {
                "paper": paper_summary(d.paper),
                "dataset_id": d.dataset_id,
                "dataset_name": d.dataset_name,
                "dataset_type": sorted(t.type_id for t in d.dataset_types.all()),
                "n_neuron": d.n_neuron,
                "n_labeled": d.n_labeled,
                "max_t": d.max_t,
            }
            for d in datasets
        ],
        "papers": [paper_summary(p) for p in papers],
        "neuropal_dataset_type": {t.type_id: type_summary(t) for t in types},
    }


def paper_summary(paper: GCaMPPaper) -> dict:
    return {"paper_id": paper.paper_id, "title": paper.title_full, "title_short": paper.title_short}


def type_summary(dataset_type: GCaMPDatasetType) -> dict:
    return {
        "type_id": dataset_type.type_id,
        "description": dataset_type.description,
        "name": dataset_type.name,
        "background-color": dataset_type.color_background,
    }
