"""The activity JSON endpoints: validate the input, call the modules above, shape the answer.

URLs and answers follow the original WormWideWeb (spec 5.2), plus several traces and
correlations per request, URL-encoded plot-multiple selections and downloads. Every bad
input answers 400/404/405 with {"error": "..."}; the README documents each endpoint. The
answers are pre-serialised, cached JSON; the schemas of schemas.py document them in the
OpenAPI schema (/api/schema/).
"""

from typing import Annotated, Literal

from django.http import FileResponse, HttpResponseRedirect, JsonResponse, StreamingHttpResponse
from ninja import Body, Path, Query, Router
from pydantic import StrictInt, ValidationError, WithJsonSchema, WrapValidator

from connectome.catalog import catalog as connectome_catalog
from core.api import (
    ERRORS,
    INDEX_SCHEMA,
    MAX_INDEX,
    NON_BLANK,
    ApiError,
    ErrorOut,
    NeuronIndex,
    QueryBool,
    as_index,
    cached_json,
    checked_by,
    declared,
    index_list_schema,
    list_schema,
    matching,
    message,
    query_int,
    unique,
)

from . import aligned as aligned_module
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
    """The `n` parameter: indices joined by ',' or '-', e.g. n=1,2,3; sorted, repeats dropped
    (so reorderings of one selection share one cached answer)."""
    if not text.strip():
        raise ApiError("Give neuron indices, e.g. n=1,2,3.")
    tokens = text.replace("-", ",").split(",")
    if len(tokens) > MAX_INDEX_TOKENS:
        raise ApiError(f"At most {MAX_INDEX_TOKENS} neuron indices per request.")
    if any(not t.strip() for t in tokens):
        raise ApiError(f"Neuron indices {text[:40]!r} have an empty entry: give positive integers (indices start at 1) "
                       "joined by ',' or '-', e.g. n=1,2,3; a '-' separates indices, it is not a minus sign.")
    return sorted({_index(info, t) for t in tokens})


def _selection_body(value, handler):
    """The plot-multiple body, with the original's messages (spec 5.2). An index may be written
    12.0: JSON Schema counts it as the integer 12."""
    if not isinstance(value, dict):
        raise message("Data must be a JSON object mapping recording ids to lists of neuron indices")
    value = {key: [_integral(i) for i in idxs] if isinstance(idxs, list) else idxs for key, idxs in value.items()}
    try:
        return handler(value)
    except ValidationError as e:
        raise message("Invalid neuron_ids for dataset_id {dataset_id}: give a list of integers",
                      dataset_id=e.errors()[0]["loc"][0]) from None


def _integral(index):
    return int(index) if isinstance(index, float) and index.is_integer() and 1 <= index <= MAX_INDEX else index


Selection = Annotated[
    dict[str, list[Annotated[StrictInt, WithJsonSchema({"type": "integer", **INDEX_SCHEMA})]]],
    WrapValidator(_selection_body),
    declared(Body(description=f"Recording id -> 1-based neuron indices (1 to {MAX_RECORDINGS} recordings).",
                  example={"dag_nwabudike_kang_2023-2022-07-26-31": [12, 40]}),
             minProperties=1, maxProperties=MAX_RECORDINGS),
]
NeuronIndices = declared(Query(description=f"Neuron indices joined by ',' or '-' (1 to {MAX_INDEX_TOKENS}); answered "
                                           "in index order, repeats dropped.", example="1,2,3"),
                         **index_list_schema(MAX_INDEX_TOKENS))


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


NAME_PATTERN = r"^[A-Za-z0-9_]{1,40}$"  # connectome names: letters, digits, "_"
EVENT_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]{0,49}$"
SECONDS = r"[+-]?(60(\.0{1,6})?|[1-5]?[0-9](\.[0-9]{1,6})?)"  # -60 to 60, up to 6 decimals
WINDOW_PATTERN = rf"^{SECONDS} *, *{SECONDS}$"
# What the schema declares: the windows around the event (start <= 0 < 0.5 <= end), which always
# hold two grid points. The server also takes any other start < end of WINDOW_PATTERN holding two;
# that rule joins both numbers, which a pattern cannot say.
AROUND_EVENT_PATTERN = (r"^(-(60(\.0{1,6})?|[1-5]?[0-9](\.[0-9]{1,6})?)|\+?0(\.0{1,6})?) *, *"
                        r"\+?(60(\.0{1,6})?|[1-5][0-9](\.[0-9]{1,6})?|[1-9](\.[0-9]{1,6})?|0\.[5-9][0-9]{0,5})$")


def _window(text: str) -> str:
    aligned_module.parse_window(text)  # the specific messages first (range, order, grid)
    return matching(WINDOW_PATTERN, "two times in seconds, start,end (e.g. -10,20)")(text)


AlignedNeuron = Annotated[str, checked_by(matching(NAME_PATTERN, "a neuron or class name such as AVA or AVAL"))]
AlignedEvent = Annotated[str, checked_by(matching(EVENT_PATTERN, "an event kind such as reversal_start"))]
AlignedWindow = Annotated[str, checked_by(_window)]
AlignedLR = Annotated[Literal["together", "split"], checked_by(
    matching("together|split", "together (a class's members averaged together) or split (one series per member)"))]
AlignedBehavior = Annotated[Literal["v", "hc", "av", "f"], checked_by(
    matching("v|hc|av|f", "a behaviour key: v (velocity), hc (head curvature), av (angular velocity) or f (pumping)"))]


@router.get("/api/aligned/", response={200: schemas.AlignedOut, **ERRORS}, url_name="api-aligned",
            summary="Activity around events, averaged across recordings")
def aligned(
    request,
    neuron: AlignedNeuron = declared(Query(example="AVA", description=(
        "A NeuroPAL-identified neuron (AVAL) or class (AVA), any case; 404 if no recording identifies it.")),
        pattern=NAME_PATTERN),
    event: AlignedEvent = declared(Query(aligned_module.REVERSAL_START, example="reversal_start", description=(
        "reversal_start, reversal_end, or an event of the manifests (e.g. patchEncounter, heat); "
        "404 if no recording has it.")), pattern=EVENT_PATTERN),
    window: AlignedWindow = declared(Query("-10,20", example="-10,20", description=(
        f"start,end in seconds relative to the event, within -{aligned_module.MAX_SECONDS:g} to "
        f"{aligned_module.MAX_SECONDS:g}, start < end, holding at least two points of the "
        f"{aligned_module.STEP} s grid (the window is snapped inward to the grid). The schema's pattern "
        "declares the windows around the event (start <= 0, end >= 0.5); any other start < end that "
        "holds two grid points is answered too.")), pattern=AROUND_EVENT_PATTERN),
    lr: AlignedLR = Query("together", description=(
        "together: a class's traces averaged together; split: one series per member (AVAL, AVAR), "
        "traces of uncertain side left out.")),
    behavior: AlignedBehavior = Query("v", description=(
        "The behaviour channel cut around the same events: v (velocity, 0.1 mm/s), hc (head curvature, "
        "rad), av (angular velocity, rad/s), f (pumping, pumps/s).")),
):
    """The z-scored activity of a neuron or class around every event of a kind, in seconds
    relative to the event, linearly interpolated onto a 0.5 s grid, averaged within each
    recording (over its events and the class's traces), then across recordings: the mean,
    its 95 % t-interval over recordings (null with one recording), the numbers of recordings
    and events, and each recording's mean; the behaviour channel likewise, around the same
    events. Events whose window runs off the recording or across its segment gap are
    dropped and counted. 404 if the neuron is never identified, the event never occurs, or
    never in a recording identifying the neuron. Cached by browsers for a day."""
    start, end = aligned_module.parse_window(window)
    try:
        target, kind = aligned_module.resolve(neuron), aligned_module.check_event(event)
    except aligned_module.NotFound as e:
        raise ApiError(str(e), 404) from e

    def build():
        try:
            return aligned_module.aligned(target.name, kind, (start, end), lr, behavior)
        except aligned_module.NotFound as e:
            raise ApiError(str(e), 404) from e

    return cached_json(request, ("activity-aligned", target.name, kind, start, end, lr, behavior), build, max_age=DAY)


@router.get("/api/data/datasets/", response={200: list[schemas.RecordingOut], **ERRORS}, url_name="api-datasets",
            summary="Every recording")
def datasets(request):
    """One row per recording. Cached by browsers for a day."""

    def build():
        rows = (
            GCaMPDataset.objects.select_related("paper").prefetch_related("dataset_types").order_by("order")
            .only("dataset_id", "dataset_name", "paper__paper_id", "n_neuron", "n_labeled", "max_t", "avg_timestep",
                  "events")
        )
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
    activity_dataset: str = declared(Query(description="Recording id.",
                                           example="dag_nwabudike_kang_2023-2022-07-26-31"), **NON_BLANK),
    connectome_dataset: str = declared(Query(description="Connectome dataset id.", example="cook_jarrell_2019_h"),
                                       **NON_BLANK),
    include_electrical: QueryBool = Query(True, description="Include gap junctions."),
    show_connected: QueryBool = Query(False, description="Also neurons connected to the recorded ones."),
    min_synapse_chemical: int = query_int(1, 1, 5000, "Fewest chemical synapses for an edge."),
    min_synapse_electrical: int = query_int(1, 1, 5000, "Fewest gap junctions for an edge."),
):
    """One recording's labelled activity on one connectome: normalised traces, the edges among
    the neurons, whole-connectome degrees and centralities, behaviour correlations (spec 7.5).
    404 if fewer than 3 labelled neurons are in the connectome. Cached by browsers for 12 hours."""
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
            raise ApiError(str(e), 404) from e  # a valid request, for a pair that has no replay

    return cached_json(request, ("activity-replay", activity_id, connectome_id, *options), build, max_age=12 * 3600)


DOWNLOAD = {200: None, 302: None, **ERRORS, 503: ErrorOut}  # 503: the server cannot write its download files


@router.get("/api/data/download/paper/{paper_id}/", response=DOWNLOAD, url_name="api-download-paper",
            summary="Every recording of a paper (.tar.bz2)",
            openapi_extra={"responses": {
                200: {"description": "<paper_id>.tar.bz2: a tar of the paper's <paper_id>_<uid>.json files "
                                     "(published per-recording layout), bzip2-compressed.",
                      "content": {"application/x-bzip2": {"schema": {"type": "string", "format": "binary"}}}},
                302: {"description": "Redirect to a signed download URL (when a GCS bucket is set)."}}})
def download_paper(request, paper_id: str = Path(description="Paper id.", example="dag_nwabudike_kang_2023")):
    """`<paper_id>.tar.bz2` holding `<paper_id>_<uid>.json` for each of the paper's recordings in
    the database, as wormwideweb.org packs it."""
    if not GCaMPPaper.objects.filter(paper_id=paper_id).exists():
        raise ApiError(f"Unknown paper {paper_id!r}.", 404)
    if not GCaMPDataset.objects.filter(paper__paper_id=paper_id).exists():
        raise ApiError(f"No recording of {paper_id} is in this database.", 404)
    if downloads.signing_enabled():
        return _signed_redirect(downloads.paper_object(paper_id))
    path = _prepared(lambda: downloads.paper_file(paper_id))
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"{paper_id}.tar.bz2",
                        content_type="application/x-bzip2")


@router.get("/api/data/download/zip/", response={200: None, **ERRORS, 503: ErrorOut}, url_name="api-download-zip",
            summary=f"Chosen recordings as one zip (1 to {MAX_ZIP})",
            openapi_extra={"responses": {
                200: {"description": "wormwideweb-recordings.zip of the recordings' <paper_id>_<uid>.json.bz2 "
                                     "files, stored as they are.",
                      "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}}}})
def download_zip(request, d: str = declared(Query(
        description=f"Recording ids joined by ',' (1 to {MAX_ZIP}).",
        example="dag_nwabudike_kang_2023-2022-07-26-31,dag_nwabudike_kang_2023-2022-07-26-38"),
        **list_schema(MAX_ZIP))):
    """The recordings as one zip of their `.json.bz2` downloads (the dataset browser's "download
    selected"), streamed with its Content-Length, so a page can show the progress. Built from
    the server's files, whether or not downloads are signed URLs of a bucket."""
    ids = unique(i.strip() for i in d.split(",") if i.strip())
    if not ids:
        raise ApiError("Give recording ids, e.g. d=<dataset_id>,<dataset_id>.")
    if len(ids) > MAX_ZIP:
        raise ApiError(
            f"At most {MAX_ZIP} recordings per zip ({len(ids)} given); a paper's archive has all of its recordings."
        )
    infos = [_recording(dataset_id) for dataset_id in ids]
    archive = _prepared(lambda: downloads.recordings_zip(infos))
    response = StreamingHttpResponse(archive, content_type="application/zip")
    response["Content-Length"] = str(len(archive))
    response["Content-Disposition"] = 'attachment; filename="wormwideweb-recordings.zip"'
    return response


@router.get("/api/data/download/{dataset_id}/", response=DOWNLOAD, url_name="api-download",
            summary="One recording (bzip2 of the published JSON layout)",
            openapi_extra={"responses": {
                200: {"description": "<paper_id>_<uid>.json.bz2: the recording in the published per-recording "
                                     "JSON layout, bzip2-compressed (bz2.decompress, or bunzip2, gives the JSON).",
                      "content": {"application/x-bzip2": {"schema": {"type": "string", "format": "binary"}}}},
                302: {"description": "Redirect to a signed download URL (when a GCS bucket is set)."}}})
def download_recording(request, dataset_id: RecordingId):
    """The recording as `<paper_id>_<uid>.json.bz2`, bzip2 of the published per-recording layout
    (`metadata`, `timing`, `behavior`, `gcamp`, `label`, `encoding`), as wormwideweb.org serves it."""
    info = _recording(dataset_id)
    if downloads.signing_enabled():
        return _signed_redirect(downloads.recording_object(info.paper_id, info.dataset_name))
    path = _prepared(lambda: downloads.recording_file(info))
    return FileResponse(path.open("rb"), as_attachment=True,
                        filename=downloads.recording_filename(info.paper_id, info.dataset_name),
                        content_type="application/x-bzip2")


def _prepared(build):
    """build()'s download; 503 with the reason if the server cannot write its download files."""
    try:
        return build()
    except OSError as e:
        raise ApiError(
            f"The download cannot be prepared on this server ({e.strerror or e}); "
            "run `manage.py export_activity_data` where ACTIVITY_DATA_CACHE_DIR is writable.", 503
        ) from e


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
def trace(request, dataset_id: RecordingId,
          idx_neuron: NeuronIndex = declared(Path(description="1-based neuron index."), **INDEX_SCHEMA)):
    """One z-scored trace. Cached by browsers for 3 days."""
    info = _recording(dataset_id)
    idx = _index(info, idx_neuron)
    return cached_json(
        request,
        ("activity-trace", dataset_id, idx),
        lambda: {"trace": trace_module.trace_list(info.pk, idx), "idx_neuron": idx, "dataset_id": dataset_id},
        max_age=3 * DAY,
    )
