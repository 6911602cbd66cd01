"""What the activity pages hand to their scripts (json_script): small tables of papers, dataset
types, event styles and one recording's neurons. Traces, behaviour, correlations and encoding
come from the JSON API (api.py), fetched by the pages for what they show. The tables of every
page (papers, types, event styles) are read once per process and data version.
"""


from django.db.models import Count, Q

from core.api import as_index
from core.cache import data_cache, data_version

from .behavior import CHANNELS
from .catalog import RecordingInfo, recordings
from .models import GCaMPDataset, GCaMPDatasetType, GCaMPEventStyle, GCaMPNeuron, GCaMPPaper

NEUROPAL_TYPE = "common-neuropal"
DEFAULT_EVENT_STYLE = {"color": "rgba(255,0,0,1)", "width": 2.0}
BEHAVIOR_KEYS = [key for key, *_ in CHANNELS]


def papers() -> list[dict]:
    """Every paper: id, titles, repository and how many recordings are served."""
    return _papers(data_version())


@data_cache(2)
def _papers(version: str) -> list[dict]:
    rows = GCaMPPaper.objects.annotate(n=Count("datasets")).order_by("order")
    return [
        {"paper_id": p.paper_id, "title_short": p.title_short, "title": p.title_full,
         "repository": p.repository_url, "n_recordings": p.n}
        for p in rows
    ]


def dataset_types() -> dict[str, dict]:
    """Every dataset type by id: name, description, colour and paper (null for common types)."""
    return _dataset_types(data_version())


@data_cache(2)
def _dataset_types(version: str) -> dict[str, dict]:
    return {
        t.type_id: {"type_id": t.type_id, "name": t.name, "description": t.description,
                    "color": t.color_background, "paper_id": t.paper.paper_id if t.paper else None}
        for t in GCaMPDatasetType.objects.select_related("paper").order_by("type_id")
    }


def event_styles() -> dict[str, dict[str, dict]]:
    """{paper_id: {event: {color, width}}}: each paper's styles over the common ones."""
    return _event_styles(data_version())


@data_cache(2)
def _event_styles(version: str) -> dict[str, dict[str, dict]]:
    common, by_paper = {}, {}
    for style in GCaMPEventStyle.objects.select_related("paper"):
        look = {"color": style.color, "width": style.width}
        if style.paper is None:
            common[style.event_id] = look
        else:
            by_paper.setdefault(style.paper.paper_id, {})[style.event_id] = look
    return {p.paper_id: {**common, **by_paper.get(p.paper_id, {})} for p in GCaMPPaper.objects.all()}


def event_style(styles: dict, paper_id: str, event: str) -> dict:
    return styles.get(paper_id, {}).get(event, DEFAULT_EVENT_STYLE)


def recording_summary(info: RecordingInfo, dataset: GCaMPDataset) -> dict:
    """One recording as the explore and plot-multiple pages describe it."""
    types = sorted(t.type_id for t in dataset.dataset_types.all())
    styles = event_styles()
    return {
        "dataset_id": info.dataset_id,
        "dataset_name": info.dataset_name,
        "paper_id": info.paper_id,
        "paper_title": dataset.paper.title_short,
        "types": types,
        "neuropal": NEUROPAL_TYPE in types,
        "n_neuron": info.n_neuron,
        "n_labeled": info.n_labeled,
        "max_t": info.max_t,
        "avg_timestep": info.avg_timestep,
        "has_behavior": info.has_behavior,
        "has_encoding": info.has_encoding,
        "events": dataset.events,
        "event_styles": {e: event_style(styles, info.paper_id, e) for e in dataset.events},
    }


def recording(dataset_id: str) -> tuple[RecordingInfo, GCaMPDataset] | None:
    """The recording's catalogue row and model, or None if there is no such recording."""
    info = recordings().get(dataset_id)
    if info is None:
        return None
    dataset = (
        GCaMPDataset.objects.select_related("paper").prefetch_related("dataset_types")
        .defer("timestamp_confocal", "behavior", "encoding").get(pk=info.pk)
    )
    return info, dataset


def neurons(info: RecordingInfo) -> list[dict]:
    """The recording's traces: [{idx, label, class}] in index order ("" when unlabelled)."""
    rows = GCaMPNeuron.objects.filter(dataset_id=info.pk).order_by("idx_neuron")
    return [
        {"idx": idx, "label": name, "class": neuron_class}
        for idx, name, neuron_class in rows.values_list("idx_neuron", "neuron_name", "neuron_class")
    ]


def parse_indices(text: str, n_neuron: int) -> tuple[list[int], list[str]]:
    """The `n` parameter of the explore page ("1-2-3", or with commas): the valid 1-based
    indices in order, repeats dropped, and the tokens that are not neurons of the recording."""
    valid, bad = [], []
    for token in text.replace(",", "-").split("-"):
        token = token.strip()
        if not token:
            continue
        index = as_index(token)
        if index is not None and index <= n_neuron:
            if index not in valid:
                valid.append(index)
        else:
            bad.append(token[:20])
    return valid, bad


def parse_behaviors(text: str) -> tuple[list[str], list[str]]:
    """The `b` parameter ("v-hc"): the known behaviour keys in order, and the unknown ones."""
    tokens = [t.strip() for t in text.replace(",", "-").split("-") if t.strip()]
    known = [t for t in dict.fromkeys(tokens) if t in BEHAVIOR_KEYS]
    return known, [t[:20] for t in tokens if t not in BEHAVIOR_KEYS]


def paper_coverage() -> list[dict]:
    """One row per paper for /about/datasets/: recordings served, how many carry NeuroPAL
    identities, behaviour and per-recording encoding, and the labelled share of traces."""
    rows = GCaMPPaper.objects.annotate(
        n=Count("datasets"),
        n_neuropal=Count("datasets", filter=Q(datasets__n_labeled__gt=0)),
        n_behavior=Count("datasets", filter=Q(datasets__behavior__isnull=False)),
        n_encoding=Count("datasets", filter=Q(datasets__encoding__isnull=False)),
    ).order_by("order")
    result = []
    for p in rows:
        sums = GCaMPDataset.objects.filter(paper=p).values_list("n_neuron", "n_labeled")
        traces = sum(n for n, _ in sums)
        labelled = sum(n for _, n in sums)
        result.append({
            "paper": p, "n": p.n, "n_neuropal": p.n_neuropal, "n_behavior": p.n_behavior,
            "n_encoding": p.n_encoding, "traces": traces, "labelled": labelled,
            "labelled_percent": round(100 * labelled / traces) if traces else None,
        })
    return result


EVENT_NAMES = {  # how the aligned page names the kinds of events it knows; others keep their manifest name
    "reversal_start": "Reversal start",
    "reversal_end": "Reversal end",
    "patchEncounter": "Food-patch encounter",
    "heat": "Heat stimulus",
}


def aligned_choices() -> dict:
    """The aligned page's pickers: identified classes and neurons, kinds of events (each with the
    number of recordings holding it), behaviour channels, and the window's limits."""
    from . import aligned

    known = aligned.identified()
    return {
        "classes": [{"name": c, "members": list(m), "n_recordings": known.recordings_with[c]}
                    for c, m in known.classes.items()],
        "neurons": [{"name": n, "class": c, "n_recordings": known.recordings_with[n]}
                    for n, c in known.neurons.items()],
        "events": [{"kind": k, "name": EVENT_NAMES.get(k, k), "n_recordings": n} for k, n in known.events.items()],
        "behaviours": [{"key": key, "name": name, "unit": unit} for key, _, name, unit, _ in CHANNELS],
        "max_seconds": aligned.MAX_SECONDS,
        "step": aligned.STEP,
    }
