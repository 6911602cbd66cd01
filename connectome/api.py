"""The connectome JSON endpoints: validate the input, call edges/graph, shape the answer.

URLs, parameters and answers follow the original WormWideWeb (spec 5.1); every bad input
answers 400/404/405 with {"error": "..."}.
"""

from django.views.decorators.csrf import csrf_exempt

from core.api import ApiError, api_view, cached_json, json_body, parse_bool, unique

from . import edges, graph
from .catalog import catalog
from .models import PathGraph

MAX_DATASETS = 15  # every dataset at once
MAX_NAMES = 700  # neurons + classes in one get-edges request (all 657 cells fit)
MAX_BODY_BYTES = 64 * 1024
BROWSER_CACHE_SECONDS = 24 * 3600


def _known_datasets(ids: list[str]) -> list[str]:
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


@api_view("GET")
def available_neurons(request):
    """GET ?datasets=id1,id2: the neurons and classes present in those datasets."""
    ids = _known_datasets([d.strip() for d in request.GET.get("datasets", "").split(",") if d.strip()])
    return cached_json(
        ("available-neurons", sorted(ids)),
        lambda: edges.available_neurons(ids),
        max_age=BROWSER_CACHE_SECONDS,
    )


def _string_list(body: dict, key: str, required: bool = False) -> list[str]:
    value = body.get(key, None if required else [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ApiError(f"'{key}' must be a list of strings.")
    return unique(value)


def _flag(body: dict, key: str) -> bool:
    value = body.get(key, False)
    if not isinstance(value, bool):
        raise ApiError(f"'{key}' must be true or false.")
    return value


@csrf_exempt  # it reads only: scripts may POST without a CSRF token
@api_view("POST")
def get_edges(request):
    """POST {datasets, neurons, classes, show_individual_neuron, show_connected_neuron}."""
    body = json_body(request, MAX_BODY_BYTES)
    if not isinstance(body, dict):
        raise ApiError("Request body must be a JSON object with a 'datasets' list.")
    ids = _known_datasets(_string_list(body, "datasets", required=True))
    neurons, classes = _string_list(body, "neurons"), _string_list(body, "classes")
    if len(neurons) + len(classes) > MAX_NAMES:
        raise ApiError(f"At most {MAX_NAMES} neurons and classes per request.")
    info = catalog()
    unknown = [n for n in neurons if n not in info.neurons] + [c for c in classes if c not in info.classes]
    if unknown:
        raise ApiError(f"Unknown neuron or class name(s): {', '.join(map(repr, unknown))}.", 404)
    individual, connected = _flag(body, "show_individual_neuron"), _flag(body, "show_connected_neuron")
    return cached_json(
        ("get-edges", ids, sorted(neurons), sorted(classes), individual, connected),
        lambda: edges.get_edges(ids, neurons, classes, individual, connected),
    )


@api_view("GET")
def find_paths(request):
    """GET ?dataset=&start=&end=&weighted=&gap_junction=&class=: all shortest paths."""
    params = request.GET
    dataset_id = params.get("dataset", "").strip()
    start, end = params.get("start", "").strip(), params.get("end", "").strip()
    if not (dataset_id and start and end):
        raise ApiError("Give dataset, start and end, e.g. dataset=white_1986_whole&start=ASHL&end=AVAL.")
    weighted = parse_bool(params.get("weighted"), "weighted", True)
    gap_junction = parse_bool(params.get("gap_junction"), "gap_junction", True)
    by_class = parse_bool(params.get("class"), "class", False)
    _known_datasets([dataset_id])
    names = catalog().classes if by_class else catalog().neurons
    kind = "class" if by_class else "neuron"
    for name in (start, end):
        if name not in names:
            hint = " (add class=true to search between classes)" if name in catalog().classes else ""
            raise ApiError(f"Unknown {kind} {name!r}{hint}.", 404)
    return cached_json(
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
            raise ApiError(f"{name} has no {synapses} with other {level}s in {dataset_id}.", 404)
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
