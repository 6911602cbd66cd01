"""The connectome JSON endpoints: validate the input, call edges/graph, shape the answer.

URLs, parameters and answers follow the original WormWideWeb (spec 5.1); every bad input
answers 400/404/405 with {"error": "..."}. The answers are pre-serialised, cached JSON; the
`*Out` schemas document them in the OpenAPI schema (/api/schema/).
"""

from ninja import Query, Router

from core.api import ERRORS, NON_BLANK, ApiError, QueryBool, cached_json, declared, list_schema, unique

from . import edges, graph
from .catalog import catalog
from .models import PathGraph
from .schemas import MAX_DATASETS, MAX_NAMES, AvailableNeuronsOut, EdgesIn, EdgesOut, PathsOut

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
