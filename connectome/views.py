"""The connectome pages. Each hands its data to its script with json_script.

The pages draw everything else from the JSON APIs (api.py), so a view only renders the
template with the dataset list (and, for the development page, its stages).
"""

import re

from django.shortcuts import render
from django.utils.html import strip_tags

from .models import Dataset

DATASET_GROUPS = {"complete": "Complete", "head": "Head ganglia", "tail": "Tail ganglia", "pharynx": "Pharynx"}
# The Witvliet et al. (2021) developmental series: eight animals from birth to adulthood.
DEVELOPMENT_PREFIX = "witvliet_2020_"


def datasets_for_pages() -> list[dict]:
    """The datasets as the pages show them: names, groups, ages and citations."""
    return [
        {
            "id": d.dataset_id,
            "name": d.name,
            "type": d.dataset_type,
            "group": DATASET_GROUPS.get(d.dataset_type, d.dataset_type.capitalize()),
            "time": float(d.animal_time),
            "description": strip_tags(d.description),
            "citation": d.citation,
            "has_gap_junctions": not d.skip_gap_junction,
        }
        for d in Dataset.objects.order_by("order")
    ]


def development_stages(datasets: list[dict]) -> list[dict]:
    """The stages of the developmental series, in order of age.

    Animals of the same age form one stage (datasets 7 and 8 are both adults of ~50 h, and
    the page shows their mean). A stage is named by the stage in its datasets' names, e.g.
    "Witvliet et al., 2020, Dataset 1 (L1)" -> "L1".
    """
    stages: dict[float, dict] = {}
    for d in datasets:
        if not d["id"].startswith(DEVELOPMENT_PREFIX):
            continue
        stage = stages.setdefault(d["time"], {"hours": d["time"], "datasets": [], "name": ""})
        stage["datasets"].append(d["id"])
        found = re.search(r"\(([^)]+)\)\s*$", d["name"])
        stage["name"] = stage["name"] or (found.group(1) if found else "")
    ordered = sorted(stages.values(), key=lambda s: s["hours"])
    for s in ordered:
        hours = f"{s['hours']:g} h"
        s["label"] = f"{s['name'][:1].upper()}{s['name'][1:]} {hours}".strip()
    return ordered


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
