"""The connectome JSON endpoints: validate the input, call edges/graph, shape the answer.

URLs, parameters and answers follow the original WormWideWeb (spec 5.1); every bad input
answers 400/404/405 with {"error": "..."}. The answers are pre-serialised, cached JSON; the
`*Out` schemas document them in the OpenAPI schema (/api/schema/).
"""

import difflib
from typing import Annotated, Literal

from ninja import Query, Router
from pydantic import BeforeValidator

from core.api import (
    ERRORS,
    NON_BLANK,
    ApiError,
    QueryBool,
    cached_json,
    checked_by,
    declared,
    list_schema,
    matching,
    parse_int,
    query_float,
    query_int,
    unique,
)

from . import diff, edges, graph, matrix, multipaths, pathmatrix
from .catalog import catalog
from .models import PathGraph
from .schemas import (
    MAX_DATASETS,
    MAX_NAMES,
    AvailableNeuronsOut,
    EdgeDiffOut,
    EdgesIn,
    EdgesOut,
    MatrixOut,
    MultiPathsOut,
    PathMatrixOut,
    PathsOut,
)

BROWSER_CACHE_SECONDS = 24 * 3600

router = Router(tags=["connectome"], by_alias=True)


def known_datasets(ids: list[str]) -> list[str]:
    """The ids without repeats; ApiError when none, too many or unknown ones."""
    ids = unique(ids)
    if not ids:
        raise ApiError("Give at least one dataset id, e.g. datasets=white_1986_whole.")
    if len(ids) > MAX_DATASETS:
        raise ApiError(f"At most {MAX_DATASETS} datasets per request ({len(ids)} given).")
    known = catalog().datasets
    unknown = [d for d in ids if d not in known]
    if unknown:
        raise ApiError(
            f"Unknown dataset(s): {', '.join(map(repr, unknown))}. Known: {', '.join(known)}.", 404
        )
    return ids


@router.get(
    "/available-neurons/", response={200: AvailableNeuronsOut, **ERRORS}, url_name="api-available-neurons",
    summary="Neurons and classes of some datasets",
)
def available_neurons(
    request,
    datasets: str = declared(Query(description=f"Dataset ids joined by commas (1 to {MAX_DATASETS}).",
                                   example="white_1986_whole,witvliet_2020_8"), **list_schema(MAX_DATASETS)),
):
    """The neurons with at least one synapse in any of the datasets, and their classes (a class
    lists only its members present in those datasets). Cached by browsers for a day."""
    ids = known_datasets([d.strip() for d in datasets.split(",") if d.strip()])
    return cached_json(
        request,
        ("available-neurons", sorted(ids)),
        lambda: edges.available_neurons(ids),
        max_age=BROWSER_CACHE_SECONDS,
    )


@router.post("/get-edges/", response={200: EdgesOut, **ERRORS}, url_name="api-get-edges",
             summary="Labelled edges among a selection")
def get_edges(request, body: EdgesIn):
    """The synapses among the selected neurons and classes, summed per label: a neuron keeps
    its name when selected, when `show_individual_neuron` is on or when another neuron of its
    class is selected; otherwise it takes its class name. At most 700 neurons plus classes and a
    64 KB body. It changes nothing, so it needs no CSRF token."""
    ids = known_datasets(body.datasets)
    neurons, classes = unique(body.neurons), unique(body.classes)
    if len(neurons) + len(classes) > MAX_NAMES:
        raise ApiError(f"At most {MAX_NAMES} neurons and classes per request.")
    info = catalog()
    unknown = [n for n in neurons if n not in info.neurons] + [c for c in classes if c not in info.classes]
    if unknown:
        raise ApiError(f"Unknown neuron or class name(s): {', '.join(map(repr, unknown))}.", 404)
    individual, connected = body.show_individual_neuron, body.show_connected_neuron
    return cached_json(
        request,
        ("get-edges", ids, sorted(neurons), sorted(classes), individual, connected),
        lambda: edges.get_edges(ids, neurons, classes, individual, connected),
    )


@router.get("/find-paths/", response={200: PathsOut, **ERRORS}, url_name="api-find-paths",
            summary="All shortest paths between two neurons or classes")
def find_paths(
    request,
    dataset: str = declared(Query(description="Dataset id.", example="white_1986_whole"), **NON_BLANK),
    start: str = declared(Query(description="Neuron (or class, with class=true) name.", example="ASHL"), **NON_BLANK),
    end: str = declared(Query(description="Neuron (or class) name, not the start.", example="AVAL"), **NON_BLANK),
    weighted: QueryBool = Query(True, description="Each hop weighs 1/(synapse count); false counts hops."),
    gap_junction: QueryBool = Query(True, description="Gap junctions may be crossed, in either direction."),
    by_class: QueryBool = Query(False, alias="class", description="Search between neuron classes."),
):
    """All shortest paths from `start` to `end` (at most 100; `n_paths_total` says how many
    exist). Cached by browsers for a day."""
    dataset_id, start, end = dataset.strip(), start.strip(), end.strip()
    if not (dataset_id and start and end):
        raise ApiError("Give dataset, start and end, e.g. dataset=white_1986_whole&start=ASHL&end=AVAL.")
    known_datasets([dataset_id])
    names = catalog().classes if by_class else catalog().neurons
    kind = "class" if by_class else "neuron"
    for name in (start, end):
        if name not in names:
            hint = " (add class=true to search between classes)" if name in catalog().classes else ""
            raise ApiError(f"Unknown {kind} {name!r}{hint}.", 404)
    if start == end:
        raise ApiError(f"start and end are the same ({start}): give two different {kind}s.")
    return cached_json(
        request,
        ("find-paths", dataset_id, start, end, weighted, gap_junction, by_class),
        lambda: _paths_answer(dataset_id, start, end, weighted, gap_junction, by_class),
        max_age=BROWSER_CACHE_SECONDS,
    )


def _paths_answer(dataset_id, start, end, weighted, gap_junction, by_class) -> dict:
    if catalog().units[dataset_id] != "synapses":
        raise ApiError(f"{dataset_id} is weighted by {catalog().units[dataset_id]}, not synapse counts: "
                       "path finding is offered for synapse-count datasets only.", 404)
    level = PathGraph.CLASS if by_class else PathGraph.NEURON
    search_graph = graph.graph_for(dataset_id, level)
    if search_graph is None:
        raise ApiError(f"Dataset {dataset_id!r} has no path-finding graph: run init_data_graph_precompute.", 404)
    for name in (start, end):
        if not search_graph.has_node(name, gap_junction):
            synapses = "synapses" if gap_junction else "chemical synapses"
            level_plural = "classes" if by_class else "neurons"
            raise ApiError(f"{name} has no {synapses} with other {level_plural} in {dataset_id}.", 404)
    result = graph.find_paths(search_graph, start, end, gap_junction, weighted)
    answer = {
        "dataset_id": dataset_id,
        "start_neuron": start,
        "end_neuron": end,
        "use_weights": weighted,
        "use_gap_junction": gap_junction,
        "use_class": by_class,
        "nodes": sorted({n for path in result.paths for n in path}),
        "paths": [_path_answer(search_graph, path, gap_junction) for path in result.paths],
        "n_paths_total": result.n_paths_total,
        "truncated": result.n_paths_total > len(result.paths),
        "max_paths": graph.MAX_PATHS,
    }
    if not result.paths:
        answer["message"] = "No path found"
    if gap_junction and dataset_id in catalog().without_gap_junctions:
        answer["note"] = f"{dataset_id} has no gap-junction data, so paths use chemical synapses only."
    return answer


def _path_answer(search_graph, path: list[str], gap_junction: bool) -> dict:
    hops = graph.hop_edges(search_graph, path, gap_junction)
    return {"path": path, "edges": hops, "total_weight": sum(e["count"] for e in hops)}


DATASET_PATTERN = r"^[A-Za-z0-9_]{1,25}$"
NAMES_PATTERN = r"^([A-Za-z0-9_]{1,40}(,[A-Za-z0-9_]{1,40}){0,%d})?$" % (MAX_NAMES - 1)


DatasetId = Annotated[str, checked_by(matching(DATASET_PATTERN, "a dataset id such as white_1986_whole"))]
Names = Annotated[str, checked_by(matching(NAMES_PATTERN, f"up to {MAX_NAMES} names joined by commas"))]
Level = Annotated[Literal["neuron", "class"], checked_by(matching("neuron|class", "neuron or class"))]
Order = Annotated[Literal["name", "type", "cluster"], checked_by(
    matching("name|type|cluster", "name, type (cell type, then name) or cluster"))]
DifferenceMode = Annotated[Literal["subtract", "log2fold"], checked_by(
    matching("subtract|log2fold", "subtract (a - b) or log2fold"))]


def _names(text: str, known, kind: str) -> list[str]:
    """The names of a comma list, each checked against `known`; 404 naming the unknown ones."""
    names = unique(n.strip() for n in text.split(",") if n.strip())
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name.upper(), list(known), n=3, cutoff=0.6)
            hint = f" Did you mean {', '.join(close)}?" if close else ""
            raise ApiError(f"Unknown {kind} {name!r}.{hint}", 404)
    return names


def _selection(neurons: str, classes: str) -> tuple[list[str], list[str]]:
    info = catalog()
    selected = _names(neurons, info.neurons, "neuron"), _names(classes, info.classes, "class")
    if sum(map(len, selected)) > MAX_NAMES:
        raise ApiError(f"At most {MAX_NAMES} neurons and classes per request.")
    return selected


NEURONS_QUERY = declared(Query("", example="AVAL,AVAR", description=(
    "Neuron names joined by commas (empty: see classes; both empty: every neuron).")), pattern=NAMES_PATTERN)
CLASSES_QUERY = declared(Query("", example="RIM,AIB", description="Neuron class names joined by commas."),
                         pattern=NAMES_PATTERN)


@router.get("/matrix/", response={200: MatrixOut, **ERRORS}, url_name="api-matrix",
            summary="Connectivity matrix of a selection, or the difference of two datasets")
def matrix_view(
    request,
    a: DatasetId = declared(Query(example="white_1986_whole", description="Dataset id."), pattern=DATASET_PATTERN),
    b: DatasetId = declared(Query("", example="witvliet_2020_8",
                                  description="A second dataset id, for the difference (optional)."),
                            pattern=DATASET_PATTERN),
    neurons: Names = NEURONS_QUERY,
    classes: Names = CLASSES_QUERY,
    level: Level = Query("neuron", description="neuron (neuron by neuron) or class (class by class, members summed)."),
    order: Order = Query("name", description=(
        "name; type (cell type, then name); cluster (average-linkage hierarchical clustering of "
        "each row's log(1 + count) profile).")),
    difference: DifferenceMode = Query("subtract", description=(
        "With b: subtract (a - b of the counts) or log2fold (log2((a / total_a) / (b / total_b)), "
        "null where a or b is 0).")),
):
    """The chemical (pre = row, post = column) and gap-junction (symmetric) count matrices of
    the selected neurons and classes (every neuron of the dataset(s) when none is given), at
    neuron or class level, in dataset a, and with b its matrices and the difference. Selected
    names with no neuron in the dataset(s) are listed in `absent`. Datasets of different units
    (the dauer's active-zone volumes) are never subtracted: the answer gives log2fold instead
    and says so in `notes`."""
    known_datasets([a] + ([b] if b else []))
    selected_neurons, selected_classes = _selection(neurons, classes)
    return cached_json(
        request,
        ("matrix", a, b, sorted(selected_neurons), sorted(selected_classes), level, order, difference),
        lambda: matrix.build_matrix(a, b or None, level, selected_neurons + selected_classes, order, difference),
        max_age=BROWSER_CACHE_SECONDS,
    )


# Several datasets, k best paths, matrices. The patterns declare what the server accepts, so
# every request the schema allows gets an answer (200, or 404 for an unknown name).
ID = "[A-Za-z0-9_]{1,40}"
NAME_PATTERN = f"^{ID}$"
DATASETS_PATTERN = f"^{ID}(,{ID}){{0,{MAX_DATASETS - 1}}}$"
PATH_NAMES_PATTERN = f"^{ID}(,{ID}){{0,{pathmatrix.MAX_SIDE - 1}}}$"
OneName = Annotated[str, checked_by(matching(NAME_PATTERN, "one name of letters, digits and _"))]
DatasetList = Annotated[str, checked_by(matching(
    DATASETS_PATTERN, f"1 to {MAX_DATASETS} dataset ids joined by commas"))]
CELL_TYPES = ", ".join(pathmatrix.CELL_TYPES)
SideNames = Annotated[str, checked_by(matching(
    PATH_NAMES_PATTERN, f"1 to {pathmatrix.MAX_SIDE} neuron, class or cell-type names joined by commas"))]
OptionalK = Annotated[int | None, BeforeValidator(parse_int(1, multipaths.MAX_K))]


def _split(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


def _check_name(name: str, by_class: bool) -> None:
    names = catalog().classes if by_class else catalog().neurons
    if name not in names:
        hint = " (add class=true to search between classes)" if name in catalog().classes else ""
        raise ApiError(f"Unknown {'class' if by_class else 'neuron'} {name!r}{hint}.", 404)


@router.get("/find-paths-multi/", response={200: MultiPathsOut, **ERRORS}, url_name="api-find-paths-multi",
            summary="Paths between two neurons or classes across several datasets, with consensus and evidence")
def find_paths_multi(
    request,
    datasets: DatasetList = declared(Query(example="white_1986_whole,witvliet_2020_8",
                                           description=f"1 to {MAX_DATASETS} dataset ids joined by commas."),
                                     pattern=DATASETS_PATTERN),
    start: OneName = declared(Query(example="ASHL", description="Neuron (or class, with class=true)."),
                              pattern=NAME_PATTERN),
    end: OneName = declared(Query(example="AVAL", description="Neuron (or class)."), pattern=NAME_PATTERN),
    weighted: QueryBool = Query(True, description="Each hop weighs 1/(synapse count); false counts hops."),
    gap_junction: QueryBool = Query(True, description="Gap junctions may be crossed, in either direction."),
    by_class: QueryBool = Query(False, alias="class", description="Search between neuron classes."),
    k: OptionalK = Query(None, ge=1, le=multipaths.MAX_K, description=(
        f"The k (1-{multipaths.MAX_K}) shortest loopless paths per dataset (Yen); absent: all shortest paths "
        f"(at most {graph.MAX_PATHS} per dataset).")),
    max_hops: int = query_int(multipaths.DEFAULT_MAX_HOPS, 1, multipaths.MAX_HOPS,
                              "Longest path kept, in hops."),
):
    """Each dataset's paths from `start` to `end`, their union ranked by consensus (datasets in
    which the whole path exists), then hops, then synapses; each hop's counts in every dataset,
    the presynaptic transmitters and the signal propagation atlas's evidence. A dataset in which
    start or end has no synapses is listed as "absent". At most 500 paths and about 2 s of
    search: `truncated` says when a bound was hit, and why."""
    ids = known_datasets(_split(datasets))
    start, end = start.strip(), end.strip()
    for name in (start, end):
        _check_name(name, by_class)
    return cached_json(
        request,
        ("find-paths-multi", ids, start, end, weighted, gap_junction, by_class, k, max_hops),
        lambda: multipaths.find_paths_multi(ids, start, end, weighted=weighted, gap_junctions=gap_junction,
                                            by_class=by_class, k=k, max_hops=max_hops),
        max_age=BROWSER_CACHE_SECONDS,
    )


@router.get("/edge-diff/", response={200: EdgeDiffOut, **ERRORS}, url_name="api-edge-diff",
            summary="Edge-by-edge difference of two connectomes")
def edge_diff_view(
    request,
    a: DatasetId = declared(Query(example="white_1986_whole", description="Dataset id."), pattern=DATASET_PATTERN),
    b: DatasetId = declared(Query(example="witvliet_2020_8", description="Dataset id."), pattern=DATASET_PATTERN),
    neurons: Names = NEURONS_QUERY,
    classes: Names = CLASSES_QUERY,
    normalize: QueryBool = Query(False, description=(
        "Compare each count divided by its dataset's total synapse count.")),
    min_count: int = query_int(1, 1, 100000, "List an edge when max(count_a, count_b) >= min_count."),
    fold_threshold: float = query_float(2.0, 1.0, 1000.0, (
        "stronger when value_b / value_a >= this, weaker when <= its inverse.")),
):
    """Every edge of the selection (labelled as get-edges labels them; every neuron of either
    dataset when none is given) with its count in a and in b, the change (b - a), the fold
    (b / a) and a status: only_in_a, only_in_b, stronger, weaker or unchanged (`rule` states
    the rule). Gap junctions are left out when either dataset has no gap-junction data. Datasets
    of different units (the dauer's active-zone volumes) are always normalised, and `notes`
    says so."""
    known_datasets([a, b])
    selected_neurons, selected_classes = _selection(neurons, classes)
    return cached_json(
        request,
        ("edge-diff", a, b, sorted(selected_neurons), sorted(selected_classes), normalize, min_count, fold_threshold),
        lambda: diff.edge_diff(a, b, selected_neurons, selected_classes, normalize, min_count, fold_threshold,
                               catalog().without_gap_junctions),
        max_age=BROWSER_CACHE_SECONDS,
    )


@router.get("/path-matrix/", response={200: PathMatrixOut, **ERRORS}, url_name="api-path-matrix",
            summary="Shortest distances and path counts from sources to targets")
def path_matrix(
    request,
    dataset: OneName = declared(Query(example="white_1986_whole", description="Dataset id."), pattern=NAME_PATTERN),
    sources: SideNames = declared(Query(example="ASHL,ASHR,AWCL", description=(
        f"Neurons, classes or cell types ({CELL_TYPES}) joined by commas; expanded to at "
        f"most {pathmatrix.MAX_SIDE} nodes of the dataset.")), pattern=PATH_NAMES_PATTERN),
    targets: SideNames = declared(Query(example="AVA,AVB", description="As sources."), pattern=PATH_NAMES_PATTERN),
    weighted: QueryBool = Query(True, description="Distances as sums of 1/(synapse count); false counts hops."),
    gap_junction: QueryBool = Query(True, description="Gap junctions may be crossed, in either direction."),
    by_class: QueryBool = Query(False, alias="class", description="Between neuron classes."),
):
    """For every source and target: the shortest distance and the number of shortest paths,
    null where the target cannot be reached. `notes` say how classes and cell types expanded
    and what the cap of 30 a side left out."""
    dataset_id = dataset.strip()
    known_datasets([dataset_id])
    return cached_json(
        request,
        ("path-matrix", dataset_id, _split(sources), _split(targets), weighted, gap_junction, by_class),
        lambda: _matrix_answer(dataset_id, _split(sources), _split(targets), weighted, gap_junction, by_class),
        max_age=BROWSER_CACHE_SECONDS,
    )


def _matrix_answer(dataset_id, sources, targets, weighted, gap_junction, by_class) -> dict:
    level = PathGraph.CLASS if by_class else PathGraph.NEURON
    search_graph = graph.graph_for(dataset_id, level)
    if search_graph is None:
        raise ApiError(f"Dataset {dataset_id!r} has no path-finding graph: run init_data_graph_precompute.", 404)
    try:
        rows, row_notes = pathmatrix.expand(sources, search_graph, by_class, gap_junction)
        cols, col_notes = pathmatrix.expand(targets, search_graph, by_class, gap_junction)
    except pathmatrix.UnknownName as e:
        raise ApiError(str(e), 404) from None
    distance, counts = pathmatrix.path_matrix(search_graph, rows, cols, gap_junction, weighted)
    notes = [f"sources: {n}" for n in row_notes] + [f"targets: {n}" for n in col_notes]
    if gap_junction and dataset_id in catalog().without_gap_junctions:
        notes.append(f"{dataset_id} has no gap-junction data, so paths use chemical synapses only.")
    return {
        "dataset_id": dataset_id, "use_weights": weighted, "use_gap_junction": gap_junction, "use_class": by_class,
        "sources": rows, "targets": cols, "distance": distance, "n_shortest_paths": counts, "notes": notes,
        "max_side": pathmatrix.MAX_SIDE,
    }
