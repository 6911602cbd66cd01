"""The activity JSON endpoints: validate the input, call the modules above, shape the answer.

URLs and answers follow the original WormWideWeb (spec 5.2), plus several traces and
correlations per request, URL-encoded plot-multiple selections and downloads. Every bad
input answers 400/404/405 with {"error": "..."}; the README documents each endpoint. The
answers are pre-serialised, cached JSON; the schemas of schemas.py document them in the
OpenAPI schema (/api/schema/).
"""

from typing import Annotated

from django.http import FileResponse, HttpResponseRedirect, JsonResponse
from ninja import Body, Path, Query, Router
from pydantic import StrictInt, ValidationError, WithJsonSchema, WrapValidator

from connectome.catalog import catalog as connectome_catalog
from core.api import ERRORS, ApiError, NeuronIndex, QueryBool, as_index, cached_json, message, query_int, unique

from . import downloads, encoding, schemas
from . import find_neuron as find_neuron_index
from . import replay as replay_module
from . import traces as trace_module
from .behavior import NO_BEHAVIOR, behavior_arrays, behavior_traces
from .catalog import RecordingInfo, recordings
from .models import GCaMPDataset, GCaMPPaper
from .selection import MAX_RECORDINGS, selection_url

DAY = 24 * 3600
MAX_INDEX_TOKENS = 1000
MAX_TOP = 20
MAX_ZIP = 20

router = Router(tags=["activity"], by_alias=True)
RecordingId = Annotated[str, Path(description="Recording id (GET /activity/api/data/datasets/ lists them).",
                                  example="dag_nwabudike_kang_2023-2022-07-26-31")]


def _recording(dataset_id: str) -> RecordingInfo:
    info = recordings().get(dataset_id)
    if info is None:
        raise ApiError(f"Unknown recording {dataset_id!r}; GET /activity/api/data/datasets/ lists them.", 404)
    return info


def _index(info: RecordingInfo, value) -> int:
    """A 1-based neuron index of the recording: 400 if not a positive integer, 404 if absent."""
    idx = as_index(value)
    if idx is None:
        raise ApiError(f"Neuron index {str(value)[:40]!r} is not a positive integer (indices start at 1).")
    if idx > info.n_neuron:
        raise ApiError(f"{info.dataset_id} has {info.n_neuron} neurons; there is no neuron {idx}.", 404)
    return idx


def _index_list(info: RecordingInfo, text: str) -> list[int]:
    """The `n` parameter: indices joined by ',' or '-', e.g. n=1,2,3; repeats dropped."""
    tokens = [t for t in text.replace("-", ",").split(",") if t.strip()]
    if not tokens:
        raise ApiError("Give neuron indices, e.g. n=1,2,3.")
    if len(tokens) > MAX_INDEX_TOKENS:
        raise ApiError(f"At most {MAX_INDEX_TOKENS} neuron indices per request.")
    return unique(_index(info, t) for t in tokens)


def _selection_body(value, handler):
    """The plot-multiple body, with the original's messages (spec 5.2)."""
    if not isinstance(value, dict):
        raise message("Data must be a JSON object mapping recording ids to lists of neuron indices")
    try:
        return handler(value)
    except ValidationError as e:
        raise message("Invalid neuron_ids for dataset_id {dataset_id}: give a list of integers",
                      dataset_id=e.errors()[0]["loc"][0]) from None


Selection = Annotated[
    dict[str, list[Annotated[StrictInt, WithJsonSchema({"type": "integer", "minimum": 1})]]],
    WrapValidator(_selection_body),
    Body(description=f"Recording id -> 1-based neuron indices (1 to {MAX_RECORDINGS} recordings).",
         example={"dag_nwabudike_kang_2023-2022-07-26-31": [12, 40]}),
]
NeuronIndices = Query(description=f"Neuron indices joined by ',' or '-' (at most {MAX_INDEX_TOKENS}).",
                      example="1,2,3")


# Fixed paths first: /api/data/{dataset_id}/{idx_neuron}/ would otherwise swallow them.


@router.post("/plot-multiple-data/", response={200: schemas.PlotMultipleOut, **ERRORS}, url_name="plot-multiple-data",
             summary="Plot-multiple page URL of a selection")
def plot_multiple_data(request, selection: Selection):
    """Answers the URL of the plot-multiple page for {dataset_id: [idx, ...]}: 1 to 50
    recordings, indices that exist, repeats dropped. The selection lives in the URL, so the
    POST stores nothing and needs no CSRF token."""
    if not selection:
        raise ApiError("Give at least one recording.")
    if len(selection) > MAX_RECORDINGS:
        raise ApiError(f"At most {MAX_RECORDINGS} recordings ({len(selection)} given).")
    checked = {}
    for dataset_id, idxs in selection.items():
        info = _recording(dataset_id)
        checked[dataset_id] = unique(_index(info, i) for i in idxs)
    return JsonResponse({"status": "success", "redirect": selection_url(checked)})


@router.get("/api/data/datasets/", response={200: list[schemas.RecordingOut], **ERRORS}, url_name="api-datasets",
            summary="Every recording")
def datasets(request):
    """One row per recording. Cached by browsers for a day."""

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

    return cached_json(request, ("activity-datasets",), build, max_age=DAY)


@router.get("/api/data/find_neuron/", response={200: schemas.FindNeuronOut, **ERRORS}, url_name="api-find-neuron",
            summary="NeuroPAL label index")
def find_neuron(request):
    """Which recordings hold a neuron, by NeuroPAL label. Cached by browsers for 12 hours."""
    return cached_json(request, ("activity-find-neuron",), find_neuron_index.find_neuron_answer, max_age=12 * 3600)


@router.get("/api/data/atanas_kim_2023_encoding/", response={200: dict[str, schemas.EncodingRecordingOut], **ERRORS},
            url_name="api-encoding-dictionary", summary="Per-neuron encoding dictionary")
def atanas_kim_2023_encoding(request):
    """The CePNEM encoding of each labelled baseline/NeuroPAL Atanas & Kim 2023 recording that
    has one, keyed by recording id. Cached by browsers for a day."""
    return cached_json(request, ("activity-encoding-dictionary",), encoding.encoding_dictionary_answer, max_age=DAY)


@router.get("/api/data/encoding_table/", response={200: schemas.EncodingTableOut, **ERRORS},
            url_name="api-encoding-table", summary="Class-level encoding table")
def encoding_table(request):
    """The class-level CePNEM summary of Atanas & Kim 2023, its tuning columns and the match of
    connectome neurons to its classes. Cached by browsers for a day."""
    return cached_json(request, ("activity-encoding-table",), encoding.encoding_table_answer, max_age=DAY)


@router.get("/api/data/replay/", response={200: schemas.ReplayOut, **ERRORS}, url_name="api-replay",
            summary="Activity replayed on a connectome")
def replay(
    request,
    activity_dataset: str = Query(description="Recording id.", example="dag_nwabudike_kang_2023-2022-07-26-31"),
    connectome_dataset: str = Query(description="Connectome dataset id.", example="cook_jarrell_2019_h"),
    include_electrical: QueryBool = Query(True, description="Include gap junctions."),
    show_connected: QueryBool = Query(False, description="Also neurons connected to the recorded ones."),
    min_synapse_chemical: int = query_int(1, 1, 5000, "Fewest chemical synapses for an edge."),
    min_synapse_electrical: int = query_int(1, 1, 5000, "Fewest gap junctions for an edge."),
):
    """One recording's labelled activity on one connectome: normalised traces, the edges among
    the neurons, whole-connectome degrees and centralities, behaviour correlations (spec 7.5).
    400 if fewer than 3 labelled neurons are in the connectome. Cached by browsers for 12 hours."""
    activity_id, connectome_id = activity_dataset.strip(), connectome_dataset.strip()
    if not activity_id or not connectome_id:
        raise ApiError("Give activity_dataset and connectome_dataset, e.g. activity_dataset="
                       "dag_nwabudike_kang_2023-2022-07-26-31&connectome_dataset=cook_jarrell_2019_h.")
    options = (include_electrical, show_connected, min_synapse_chemical, min_synapse_electrical)
    _recording(activity_id)
    if connectome_id not in connectome_catalog().datasets:
        raise ApiError(f"Unknown connectome dataset {connectome_id!r}.", 404)

    def build():
        try:
            return replay_module.replay(activity_id, connectome_id, *options)
        except replay_module.ReplayError as e:
            raise ApiError(str(e)) from e

    return cached_json(request, ("activity-replay", activity_id, connectome_id, *options), build, max_age=12 * 3600)


DOWNLOAD = {200: None, 302: None, **ERRORS}


@router.get("/api/data/download/paper/{paper_id}/", response=DOWNLOAD, url_name="api-download-paper",
            summary="Every recording of a paper (.tar.bz2)",
            openapi_extra={"responses": {
                200: {"description": "<paper_id>.tar.bz2 of the published per-recording JSON files.",
                      "content": {"application/x-bzip2": {"schema": {"type": "string", "format": "binary"}}}},
                302: {"description": "Redirect to a signed download URL (when a GCS bucket is set)."}}})
def download_paper(request, paper_id: str = Path(description="Paper id.", example="dag_nwabudike_kang_2023")):
    """`<paper_id>.tar.bz2` holding `<paper_id>/<paper_id>_<uid>.json` for each of the paper's
    recordings in the database."""
    if not GCaMPPaper.objects.filter(paper_id=paper_id).exists():
        raise ApiError(f"Unknown paper {paper_id!r}.", 404)
    recordings_of_paper = (
        GCaMPDataset.objects.filter(paper__paper_id=paper_id).select_related("paper").order_by("order")
    )
    if not recordings_of_paper.exists():
        raise ApiError(f"No recording of {paper_id} is in this database.", 404)
    name = downloads.paper_object(paper_id)
    if downloads.signing_enabled():
        return _signed_redirect(name)
    path = downloads.cached_file(name, lambda: downloads.paper_archive_bytes(list(recordings_of_paper)))
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"{paper_id}.tar.bz2",
                        content_type="application/x-bzip2")


@router.get("/api/data/download/zip/", response={200: None, **ERRORS}, url_name="api-download-zip",
            summary=f"Chosen recordings as one zip (1 to {MAX_ZIP})",
            openapi_extra={"responses": {
                200: {"description": "wormwideweb-recordings.zip of <paper_id>_<uid>.json files (published layout).",
                      "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}}}})
def download_zip(request, d: str = Query(description=f"Recording ids joined by ',' (1 to {MAX_ZIP}).",
                                         example="dag_nwabudike_kang_2023-2022-07-26-31,dag_nwabudike_kang_2023-2022-07-26-38")):
    """The recordings as one zip of their published-JSON files (the dataset browser's "download
    selected"), with its Content-Length, so a page can show the progress. Built from the
    database, whether or not downloads are signed URLs of a bucket."""
    ids = unique(i.strip() for i in d.split(",") if i.strip())
    if not ids:
        raise ApiError("Give recording ids, e.g. d=<dataset_id>,<dataset_id>.")
    if len(ids) > MAX_ZIP:
        raise ApiError(
            f"At most {MAX_ZIP} recordings per zip ({len(ids)} given); a paper's archive has all of its recordings."
        )
    infos = [_recording(dataset_id) for dataset_id in ids]
    return FileResponse(downloads.recordings_zip(infos), as_attachment=True, filename="wormwideweb-recordings.zip",
                        content_type="application/zip")


@router.get("/api/data/download/{dataset_id}/", response=DOWNLOAD, url_name="api-download",
            summary="One recording (published JSON layout)",
            openapi_extra={"responses": {
                200: {"description": "<paper_id>_<uid>.json in the published per-recording JSON layout.",
                      "content": {"application/json": {"schema": {"type": "object"}}}},
                302: {"description": "Redirect to a signed download URL (when a GCS bucket is set)."}}})
def download_recording(request, dataset_id: RecordingId):
    """The recording as `<paper_id>_<uid>.json` in the published per-recording layout
    (`metadata`, `timing`, `behavior`, `gcamp`, `label`, `encoding`)."""
    info = _recording(dataset_id)
    name = downloads.recording_object(info.paper_id, info.dataset_name)
    if downloads.signing_enabled():
        return _signed_redirect(name)
    path = downloads.cached_file(
        name, lambda: downloads.recording_bytes(GCaMPDataset.objects.select_related("paper").get(pk=info.pk))
    )
    return FileResponse(path.open("rb"), as_attachment=True,
                        filename=downloads.recording_filename(info.paper_id, info.dataset_name),
                        content_type="application/json")


def _signed_redirect(object_name: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(downloads.signed_url(object_name))
    response["Cache-Control"] = "no-store"  # the URL expires
    return response


@router.get("/api/data/{dataset_id}/behavior/", response={200: schemas.BehaviorOut, **ERRORS}, url_name="api-behavior",
            summary="Behaviour of a recording")
def behavior(request, dataset_id: RecordingId):
    """Behaviour channels (velocity, head curvature, angular velocity, pumping), reversals and
    events; 404 with an explanation if the recording has none. Cached by browsers for 7 days."""
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

    return cached_json(request, ("activity-behavior", dataset_id), build, max_age=7 * DAY)


@router.get("/api/data/{dataset_id}/encoding/", response={200: schemas.EncodingOut, **ERRORS}, url_name="api-encoding",
            summary="CePNEM encoding of a recording")
def encoding_view(request, dataset_id: RecordingId):
    """The recording's per-neuron CePNEM encoding; 404 if it has none. Cached by browsers for
    7 days."""
    info = _recording(dataset_id)
    if not info.has_encoding:
        raise ApiError(
            f"{dataset_id} has no per-recording encoding (CePNEM) data; "
            "GET /activity/api/data/encoding_table/ has the class-level table.",
            404,
        )
    return cached_json(
        request,
        ("activity-encoding", dataset_id),
        lambda: encoding.recording_encoding_answer(GCaMPDataset.objects.get(pk=info.pk)),
        max_age=7 * DAY,
    )


@router.get("/api/data/{dataset_id}/traces/", response={200: schemas.TracesOut, **ERRORS}, url_name="api-traces",
            summary="Several traces with their labels")
def traces(request, dataset_id: RecordingId, n: str = NeuronIndices):
    """Several z-scored traces at once. Cached by browsers for 3 days."""
    info = _recording(dataset_id)
    idxs = _index_list(info, n)
    return cached_json(
        request,
        ("activity-traces", dataset_id, idxs),
        lambda: {
            "dataset_id": dataset_id,
            "avg_timestep": info.avg_timestep,
            "max_t": info.max_t,
            "neurons": trace_module.traces_answer(dataset_id, idxs),
        },
        max_age=3 * DAY,
    )


@router.get("/api/data/{dataset_id}/correlation/", response={200: schemas.CorrelationOut, **ERRORS},
            url_name="api-correlation", summary="Correlations of some neurons")
def correlation(
    request,
    dataset_id: RecordingId,
    n: str = NeuronIndices,
    top: int = query_int(3, 0, MAX_TOP, "Best-correlated partners of each neuron in the whole recording."),
):
    """Pearson r of the pairs among the `n` neurons, the `top` partners of each in the whole
    recording, and each neuron's r with each behaviour channel. Cached by browsers for 3 days."""
    info = _recording(dataset_id)
    idxs = _index_list(info, n)
    return cached_json(
        request,
        ("activity-correlation", dataset_id, idxs, top),
        lambda: trace_module.correlation_answer(dataset_id, idxs, top),
        max_age=3 * DAY,
    )


@router.get("/api/data/{dataset_id}/{idx_neuron}/", response={200: schemas.TraceOut, **ERRORS}, url_name="api-trace",
            summary="One trace")
def trace(request, dataset_id: RecordingId, idx_neuron: NeuronIndex = Path(ge=1, description="1-based neuron index.")):
    """One z-scored trace. Cached by browsers for 3 days."""
    info = _recording(dataset_id)
    idx = _index(info, idx_neuron)
    return cached_json(
        request,
        ("activity-trace", dataset_id, idx),
        lambda: {"trace": trace_module.trace_list(info.pk, idx), "idx_neuron": idx, "dataset_id": dataset_id},
        max_age=3 * DAY,
    )
