"""The connectome pages. Each hands its data to its script with json_script.

The pages draw everything else from the JSON APIs (api.py), so a view only renders the
template with the dataset list (and, for the development page, its stages).
"""

from django.shortcuts import render
from django.utils.html import strip_tags

from .dauer import VOLUME_DATASETS
from .models import Dataset
from .schemas import MAX_DATASETS
from .stages import development_stages

DATASET_GROUPS = {"complete": "Complete", "head": "Head ganglia", "tail": "Tail ganglia", "pharynx": "Pharynx"}


def datasets_for_pages() -> list[dict]:
    """The datasets as the pages show them: names, groups, ages and citations."""
    return [
        {
            "id": d.dataset_id,
            "name": d.name,
            "type": d.dataset_type,
            "group": DATASET_GROUPS.get(d.dataset_type, d.dataset_type.capitalize()),
            "time": None if d.dataset_id in VOLUME_DATASETS else float(d.animal_time),  # the dauer: no age in hours
            "unit": VOLUME_DATASETS.get(d.dataset_id, "synapses"),
            "description": strip_tags(d.description),
            "citation": d.citation,
            "has_gap_junctions": not d.skip_gap_junction,
        }
        for d in Dataset.objects.order_by("order")
    ]


def _page(request, template: str, **context):
    return render(request, f"connectome/{template}", {"datasets": datasets_for_pages(), **context})


def index(request):
    """Overview: what each connectome page does, and the datasets."""
    return _page(request, "index.html")


def explore(request):
    """Draw the connections among chosen neurons and classes, in one or several datasets."""
    return _page(request, "explore.html")


def path(request):
    """All shortest paths from one neuron (or class) to another."""
    return _page(request, "path.html")


def path_several(request):
    """Paths across several datasets: the consensus table, the graph and each hop's evidence."""
    return _page(request, "path_several.html", max_datasets=MAX_DATASETS)


def path_matrix(request):
    """Shortest distances and path counts from sources to targets, as a heatmap."""
    return _page(request, "path_matrix.html")


def development(request):
    """How the connections of chosen neurons change across the developmental series."""
    datasets = datasets_for_pages()
    return render(
        request,
        "connectome/development.html",
        {"datasets": datasets, "stages": development_stages(datasets)},
    )


def compare(request):
    """Two datasets side by side, and the connections gained, lost and changed."""
    return _page(request, "compare.html")


def matrix(request):
    """The connectivity matrix of a selection, in one dataset or the difference of two."""
    return _page(request, "matrix.html")
