"""The activity and encoding pages. Each view renders its template with the small tables its
script needs (pages.py, handed over with json_script); the scripts fetch traces, behaviour,
correlations, encoding and replays from the JSON API. Bad URL parameters give a message on
the page, an unknown recording the 404 page; never a 500.
"""

from django.shortcuts import render

from connectome.views import datasets_for_pages
from core.references import SOURCES

from . import pages
from .catalog import recordings
from .selection import parse_selection


def index(request):
    """Overview: what the neural activity pages do, and the recordings served."""
    return render(request, "activity/index.html", {"papers": pages.papers(), "n_recordings": len(recordings())})


def encoding_index(request):
    """Overview of the encoding pages."""
    return render(request, "activity/encoding_index.html")


def _cite_papers(papers: list[dict]) -> str:
    """The Cite control's ids for a page listing recordings: the papers with recordings served."""
    return ",".join(p["paper_id"] for p in papers if p["n_recordings"] and p["paper_id"] in SOURCES)


def dataset_browser(request):
    """Every recording in a table: filter, sort, plot, download."""
    papers = pages.papers()
    return render(request, "activity/datasets.html",
                  {"papers": papers, "types": pages.dataset_types(), "cite_ids": _cite_papers(papers)})


def find_neuron(request):
    """Recordings that hold chosen NeuroPAL-identified neurons."""
    papers = pages.papers()
    return render(request, "activity/find_neuron.html",
                  {"papers": papers, "types": pages.dataset_types(), "cite_ids": _cite_papers(papers)})


def explore(request, dataset_id: str):
    """One recording: traces and behaviour, correlations, the linked connectome, encoding."""
    found = pages.recording(dataset_id)
    if found is None:
        return render(request, "404.html", status=404, context={
            "message": f"There is no recording “{dataset_id}”.",
            "link": ("/activity/dataset/", "See every recording"),
        })
    info, dataset = found
    indices, bad_indices = pages.parse_indices(request.GET.get("n", ""), info.n_neuron)
    behaviors, bad_behaviors = pages.parse_behaviors(request.GET.get("b", ""))
    problems = []
    if bad_indices:
        problems.append(
            f"Not neurons of this recording (it has 1 to {info.n_neuron}), so left out: {', '.join(bad_indices)}."
        )
    if bad_behaviors:
        problems.append(
            f"Unknown behaviours left out: {', '.join(bad_behaviors)} (known: {', '.join(pages.BEHAVIOR_KEYS)})."
        )
    summary = pages.recording_summary(info, dataset)
    return render(request, "activity/explore.html", {
        "recording": summary,
        "dataset": dataset,
        "types": pages.dataset_types(),
        "neurons": pages.neurons(info),
        "initial": {"n": indices, "b": behaviors, "problems": problems},
        "connectome_datasets": datasets_for_pages() if summary["neuropal"] else [],
    })


def plot_multiple(request):
    """One plot per recording of a selection encoded in the URL (selection.py)."""
    problems, plots = [], []
    values = request.GET.getlist("d")
    if request.GET.get("token") and not values:
        problems.append(
            "This link is from the old site, whose plot links expired after minutes. "
            "Links to this page now hold the selection itself and never expire: find the recordings again below."
        )
    elif values:
        try:
            selection = parse_selection(values)
        except ValueError as e:
            selection = {}
            problems.append(str(e))
        for dataset_id, idxs in selection.items():
            found = pages.recording(dataset_id)
            if found is None:
                problems.append(f"There is no recording “{dataset_id[:100]}”, so it is left out.")
                continue
            info, dataset = found
            bad = [i for i in idxs if i > info.n_neuron]
            if bad:
                problems.append(f"{dataset_id} has {info.n_neuron} neurons: left out {', '.join(map(str, bad))}.")
            plots.append({**pages.recording_summary(info, dataset), "neurons": [i for i in idxs if i <= info.n_neuron]})
    return render(request, "activity/plot_multiple.html", {
        "plots": plots, "problems": problems, "types": pages.dataset_types(),
        "cite_ids": ",".join(p["dataset_id"] for p in plots),
    })


def aligned(request):
    """A neuron's activity around events, averaged across recordings, with the behaviour beneath."""
    return render(request, "activity/aligned.html", {"choices": pages.aligned_choices(), "papers": pages.papers()})


def encoding_table(request):
    """The class-level CePNEM table and the per-neuron table, with configurable columns."""
    return render(request, "activity/encoding_table.html", {"cite_ids": "atanas_kim_2023"})


def encoding_connectome(request):
    """The connectome coloured by an encoding feature."""
    return render(request, "activity/encoding_connectome.html",
                  {"datasets": datasets_for_pages(), "cite_ids": "atanas_kim_2023"})


def replay(request):
    """A recording's activity replayed on the connectome of its neurons."""
    labelled = [
        {"dataset_id": r.dataset_id, "dataset_name": r.dataset_name, "paper_id": r.paper_id, "n_labeled": r.n_labeled}
        for r in recordings().values() if r.n_labeled
    ]
    return render(request, "activity/replay.html", {
        "datasets": datasets_for_pages(), "recordings": labelled, "papers": pages.papers(),
        "event_styles": pages.event_styles(),
    })
