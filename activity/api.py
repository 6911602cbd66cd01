"""The activity JSON endpoints: validate the input, call the modules above, shape the answer.

URLs and answers follow the original WormWideWeb (spec 5.2), plus several traces and
correlations per request, URL-encoded plot-multiple selections and downloads. Every bad
input answers 400/404/405 with {"error": "..."}; the README documents each endpoint.
"""

from django.http import FileResponse, HttpResponseRedirect, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from connectome.catalog import catalog as connectome_catalog
from core.api import ApiError, api_view, cached_json, json_body, parse_bool, parse_int

from . import downloads, encoding
from . import find_neuron as find_neuron_index
from . import replay as replay_module
from . import traces as trace_module
from .behavior import NO_BEHAVIOR, behavior_arrays, behavior_traces
from .catalog import RecordingInfo, recordings
from .models import GCaMPDataset, GCaMPPaper
from .selection import MAX_RECORDINGS, selection_url

DAY = 24 * 3600
MAX_BODY_BYTES = 64 * 1024
MAX_INDEX_TOKENS = 1000
MAX_TOP = 20


def _recording(dataset_id: str) -> RecordingInfo:
    info = recordings().get(dataset_id)
    if info is None:
        raise ApiError(f"Unknown recording {dataset_id!r}; GET /activity/api/data/datasets/ lists them.", 404)
    return info


def _index(info: RecordingInfo, value) -> int:
    """A 1-based neuron index of the recording: 400 if not a positive integer, 404 if absent."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise ApiError(f"Neuron index {value!r} is not a positive integer (indices start at 1).")
    if int(text) > info.n_neuron:
        raise ApiError(f"{info.dataset_id} has {info.n_neuron} neurons; there is no neuron {int(text)}.", 404)
    return int(text)


def _index_list(info: RecordingInfo, text: str | None) -> list[int]:
    """The `n` parameter: indices joined by ',' or '-', e.g. n=1,2,3; repeats dropped."""
    tokens = [t for t in (text or "").replace("-", ",").split(",") if t.strip()]
    if not tokens:
        raise ApiError("Give neuron indices, e.g. n=1,2,3.")
    if len(tokens) > MAX_INDEX_TOKENS:
        raise ApiError(f"At most {MAX_INDEX_TOKENS} neuron indices per request.")
    return list(dict.fromkeys(_index(info, t) for t in tokens))


@api_view("GET")
def trace(request, dataset_id, idx_neuron):
    """GET /activity/api/data/<dataset_id>/<idx_neuron>/: one z-scored trace."""
    info = _recording(dataset_id)
    idx = _index(info, idx_neuron)
    return cached_json(
        ("activity-trace", dataset_id, idx),
        lambda: {"trace": trace_module.trace_list(info.pk, idx), "idx_neuron": idx, "dataset_id": dataset_id},
        max_age=3 * DAY,
    )


@api_view("GET")
def traces(request, dataset_id):
    """GET .../<dataset_id>/traces/?n=1,2,3: several traces with their labels."""
    info = _recording(dataset_id)
    idxs = _index_list(info, request.GET.get("n"))
    return cached_json(
        ("activity-traces", dataset_id, idxs),
        lambda: {
            "dataset_id": dataset_id,
            "avg_timestep": info.avg_timestep,
            "max_t": info.max_t,
            "neurons": trace_module.traces_answer(dataset_id, idxs),
        },
        max_age=3 * DAY,
    )


@api_view("GET")
def correlation(request, dataset_id):
    """GET .../<dataset_id>/correlation/?n=1,2,3&top=3: pairs, top partners, behaviour r."""
    info = _recording(dataset_id)
    idxs = _index_list(info, request.GET.get("n"))
    top = parse_int(request.GET.get("top"), "top", 3, 0, MAX_TOP)
    return cached_json(
        ("activity-correlation", dataset_id, idxs, top),
        lambda: trace_module.correlation_answer(dataset_id, idxs, top),
        max_age=3 * DAY,
    )


@api_view("GET")
def behavior(request, dataset_id):
    """GET .../<dataset_id>/behavior/: behaviour channels, reversals and events; 404 with an
    explanation if the recording has no behaviour data."""
    info = _recording(dataset_id)
    if not info.has_behavior:
        raise ApiError(f"{dataset_id} {NO_BEHAVIOR}; its neural traces are available.", 404)

    def build():
        dataset = GCaMPDataset.objects.only("behavior", "events").get(pk=info.pk)
        return {
            "data": {
                "behavior": {
                    "traces": behavior_traces(behavior_arrays(dataset.behavior)),
                    "reversal_events": dataset.behavior["reversal_events"],
                },
                "events": dataset.events,
            },
            "dataset_id": dataset_id,
            "avg_timestep": info.avg_timestep,
            "max_t": info.max_t,
        }

    return cached_json(("activity-behavior", dataset_id), build, max_age=7 * DAY)


@api_view("GET")
def encoding_view(request, dataset_id):
    """GET .../<dataset_id>/encoding/: the recording's CePNEM encoding; 404 if it has none."""
    info = _recording(dataset_id)
    if not info.has_encoding:
        raise ApiError(
            f"{dataset_id} has no per-recording encoding (CePNEM) data; "
            "GET /activity/api/data/encoding_table/ has the class-level table.",
            404,
        )
    return cached_json(
        ("activity-encoding", dataset_id),
        lambda: encoding.recording_encoding_answer(GCaMPDataset.objects.get(pk=info.pk)),
        max_age=7 * DAY,
    )


@api_view("GET")
def atanas_kim_2023_encoding(request):
    """GET /activity/api/data/atanas_kim_2023_encoding/: the per-neuron encoding dictionary."""
    return cached_json(("activity-encoding-dictionary",), encoding.encoding_dictionary_answer, max_age=DAY)


@api_view("GET")
def encoding_table(request):
    """GET /activity/api/data/encoding_table/: the class-level CePNEM summary (96 classes)."""
    return cached_json(("activity-encoding-table",), encoding.encoding_table_answer, max_age=DAY)


@api_view("GET")
def datasets(request):
    """GET /activity/api/data/datasets/: one row per recording."""

    def build():
        rows = GCaMPDataset.objects.select_related("paper").prefetch_related("dataset_types").order_by("order")
        return [
            {
                "dataset_id": d.dataset_id,
                "dataset_name": d.dataset_name,
                "paper_id": d.paper.paper_id,
                "dataset_type": sorted(t.type_id for t in d.dataset_types.all()),
                "n_neuron": d.n_neuron,
                "n_labeled": d.n_labeled,
                "max_t": d.max_t,
                "avg_timestep": d.avg_timestep,
                "has_behavior": info.has_behavior,
                "has_encoding": info.has_encoding,
                "events": d.events,
            }
            for d in rows
            for info in [recordings()[d.dataset_id]]
        ]

    return cached_json(("activity-datasets",), build, max_age=DAY)


@api_view("GET")
def find_neuron(request):
    """GET /activity/api/data/find_neuron/: the NeuroPAL label index of all recordings."""
    return cached_json(("activity-find-neuron",), find_neuron_index.find_neuron_answer, max_age=12 * 3600)


@csrf_exempt  # it stores nothing: the answer is a URL built from the body
@api_view("POST")
def plot_multiple_data(request):
    """POST {dataset_id: [idx, ...]}: answers the plot-multiple page URL of that selection."""
    body = json_body(request, MAX_BODY_BYTES)
    if not isinstance(body, dict):
        raise ApiError("Data must be a JSON object {dataset_id: [neuron indices]}.")
    if not body:
        raise ApiError("Give at least one recording.")
    if len(body) > MAX_RECORDINGS:
        raise ApiError(f"At most {MAX_RECORDINGS} recordings ({len(body)} given).")
    selection = {}
    for dataset_id, idxs in body.items():
        if not isinstance(idxs, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in idxs):
            raise ApiError(f"Invalid neuron_ids for dataset_id {dataset_id}: give a list of integers.")
        info = _recording(dataset_id)
        selection[dataset_id] = list(dict.fromkeys(_index(info, i) for i in idxs))
    return JsonResponse({"status": "success", "redirect": selection_url(selection)})


@api_view("GET")
def replay(request):
    """GET /activity/api/data/replay/?activity_dataset=&connectome_dataset=&...: spec 7.5."""
    params = request.GET
    activity_id, connectome_id = params.get("activity_dataset", "").strip(), params.get("connectome_dataset", "").strip()
    if not activity_id or not connectome_id:
        raise ApiError("Give activity_dataset and connectome_dataset, e.g. activity_dataset="
                       "dag_nwabudike_kang_2023-2022-07-26-31&connectome_dataset=cook_jarrell_2019_h.")
    options = (
        parse_bool(params.get("include_electrical"), "include_electrical", True),
        parse_bool(params.get("show_connected"), "show_connected", False),
        parse_int(params.get("min_synapse_chemical"), "min_synapse_chemical", 1, 1, 5000),
        parse_int(params.get("min_synapse_electrical"), "min_synapse_electrical", 1, 1, 5000),
    )
    _recording(activity_id)
    if connectome_id not in connectome_catalog().datasets:
        raise ApiError(f"Unknown connectome dataset {connectome_id!r}.", 404)

    def build():
        try:
            return replay_module.replay(activity_id, connectome_id, *options)
        except replay_module.ReplayError as e:
            raise ApiError(str(e))

    return cached_json(("activity-replay", activity_id, connectome_id, *options), build, max_age=12 * 3600)


@api_view("GET")
def download_recording(request, dataset_id):
    """GET /activity/api/data/download/<dataset_id>/: the recording in the published JSON layout."""
    _recording(dataset_id)
    dataset = GCaMPDataset.objects.select_related("paper").get(dataset_id=dataset_id)
    name = downloads.recording_object(dataset)
    if downloads.signing_enabled():
        return _signed_redirect(name)
    path = downloads.cached_file(name, lambda: downloads.recording_bytes(dataset))
    return FileResponse(path.open("rb"), as_attachment=True, filename=downloads.recording_filename(dataset),
                        content_type="application/json")


@api_view("GET")
def download_paper(request, paper_id):
    """GET /activity/api/data/download/paper/<paper_id>/: every recording of a paper, .tar.bz2."""
    if not GCaMPPaper.objects.filter(paper_id=paper_id).exists():
        raise ApiError(f"Unknown paper {paper_id!r}.", 404)
    datasets = list(GCaMPDataset.objects.filter(paper__paper_id=paper_id).select_related("paper").order_by("order"))
    if not datasets:
        raise ApiError(f"No recording of {paper_id} is in this database.", 404)
    name = downloads.paper_object(paper_id)
    if downloads.signing_enabled():
        return _signed_redirect(name)
    path = downloads.cached_file(name, lambda: downloads.paper_archive_bytes(datasets))
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"{paper_id}.tar.bz2",
                        content_type="application/x-bzip2")


def _signed_redirect(object_name: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(downloads.signed_url(object_name))
    response["Cache-Control"] = "no-store"  # the URL expires
    return response
