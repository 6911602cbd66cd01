"""The neuron JSON endpoints: one neuron or class page as JSON, and the name search.

Both live under /connectome/api/ (wormwideweb/api.py). Unknown names answer 404 with close
names suggested; bad parameters 400; answers are cached like every other endpoint.
"""

from ninja import Path, Query, Router

from connectome.api import known_datasets
from connectome.dauer import VOLUME_DATASETS
from connectome.schemas import MAX_DATASETS
from core.api import ERRORS, ApiError, cached_json, declared, list_schema, query_float

from . import facts, partners
from .page import neuron_answer
from .schemas import NeuronPageOut, NeuronSearchOut

BROWSER_CACHE_SECONDS = 24 * 3600
MAX_QUERY = 100  # characters of a search

router = Router(tags=["neurons"], by_alias=True)


def unknown_name_message(name: str) -> str:
    """'Unknown neuron or class ...', with close names when there are some."""
    close = facts.suggestions(name)
    search = " Search by name or full name at /connectome/api/neuron-search/?q=..."
    hint = f" Did you mean {', '.join(close)}?" if close else search
    return f"Unknown neuron or class {name[:60]!r}.{hint}"


@router.get("/neuron/{name}/", response={200: NeuronPageOut, **ERRORS}, url_name="api-neuron",
            summary="Everything known about one neuron or class")
def neuron(
    request,
    name: str = Path(description="A cell (AVAL) or class (AVA) name, as the connectome writes it.", example="AVA"),
    datasets: str = declared(Query("", description=f"Connectome dataset ids joined by commas, for the partner tables "
                                                   f"(default: all; at most {MAX_DATASETS}).",
                                   example="white_1986_whole,cook_jarrell_2019_h"),
                             pattern=rf"^[\s,]*$|{list_schema(MAX_DATASETS)['pattern']}"),
    q: float = query_float(0.05, 0.0, 1.0, "Atlas rows and the anatomy comparison keep pairs with q < this."),
):
    """Identity and facts, partners in every chosen connectome (counts per dataset, datasets with
    the connection, mean, min-max, share of the neuron's total in %), the top partners through
    development, the signal propagation atlas in both directions with the anatomy beside it,
    the recordings that identify it with its correlation to behaviour, and its class's CePNEM
    encoding. Cached by browsers for a day."""
    if facts.resolve(name) is None:
        raise ApiError(unknown_name_message(name), 404)
    requested = [d.strip() for d in datasets.split(",") if d.strip()]
    ids = known_datasets(requested) if requested else [d.id for d in partners.datasets()]
    weighted = [d for d in ids if d in VOLUME_DATASETS]
    if weighted:
        raise ApiError(f"{', '.join(weighted)} is weighted by {VOLUME_DATASETS[weighted[0]]}, not synapse counts: "
                       "the partner tables compare synapse-count datasets only.", 404)  # well formed: no 400
    return cached_json(
        request, ("neuron", name, ids, q), lambda: neuron_answer(name, ids, q), max_age=BROWSER_CACHE_SECONDS
    )


@router.get("/neuron-search/", response={200: NeuronSearchOut, **ERRORS}, url_name="api-neuron-search",
            summary="Find cells and classes by name, full name or description")
def neuron_search(request, q: str = declared(Query(description=f"What was typed (at most {MAX_QUERY} characters).",
                                                   example="anterior deirid"), maxLength=MAX_QUERY)):
    """Up to 12 cells and classes, best first: the exact name, the name written another way
    (VA1 -> VA01), names starting with `q`, then full names and descriptions holding it.
    Cached by browsers for a day."""
    query = q.strip()
    if len(query) > MAX_QUERY:
        raise ApiError(f"Parameter 'q' is longer than {MAX_QUERY} characters.")
    return cached_json(request, ("neuron-search", query), lambda: {"query": query, "results": facts.search(query)},
                       max_age=BROWSER_CACHE_SECONDS)
