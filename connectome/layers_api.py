"""The JSON endpoints of the layers drawn over a connectome graph: extrasynaptic edges,
functional (signal propagation atlas) edges, and the neurotransmitter of every cell.

The science lives in connectome/extrasynaptic.py, atlas/layer.py and neurons/transmitters.py;
this module validates names (unknown ones answer 404, with close names) and caches answers.
"""

from ninja import Router

from atlas import layer as functional
from core.api import ERRORS, ApiError, cached_json, unique
from neurons import transmitters

from . import extrasynaptic
from .layers_schemas import ExtrasynapticIn, ExtrasynapticOut, FunctionalIn, FunctionalOut, TransmittersOut
from .node_labels import unknown_names

BROWSER_CACHE_SECONDS = 24 * 3600

router = Router(tags=["layers"], by_alias=True)


def _known_nodes(nodes: list[str]) -> list[str]:
    nodes = unique(nodes)
    unknown = unknown_names(nodes)
    if unknown:
        from neurons.api import unknown_name_message

        others = f" Also unknown: {', '.join(repr(n[:60]) for n in unknown[1:6])}." if len(unknown) > 1 else ""
        raise ApiError(unknown_name_message(unknown[0]) + others, 404)
    return nodes


@router.post("/extrasynaptic/", response={200: ExtrasynapticOut, **ERRORS}, url_name="api-extrasynaptic",
             summary="Extrasynaptic (neuropeptide, monoamine) edges among nodes")
def extrasynaptic_edges(request, body: ExtrasynapticIn):
    """The edges of one extrasynaptic network model among the drawn nodes, weighted by the number
    of ligand-receptor pathways, optionally only those of some ligands. Ripoll-Sánchez et al. 2023
    (three neuropeptide range models, monoamines) or Bentley et al. 2016 (monoamines and
    neuropeptides, each pathway named)."""
    nodes = _known_nodes(body.nodes)
    ligands = sorted(unique(body.ligands))
    if ligands:
        named = {entry["ligand"] for entry in extrasynaptic.ligands(body.model)}
        unknown = [ligand for ligand in ligands if ligand not in named]
        if unknown:
            hint = (f"it names {', '.join(sorted(named))}" if named
                    else "it does not name its ligands (bentley2016 does)")
            raise ApiError(f"Model {body.model} has no ligand {unknown[0]!r}: {hint}.", 404)
    return cached_json(
        request, ("extrasynaptic", body.model, nodes, ligands, body.min_pathways),
        lambda: extrasynaptic.edges(body.model, nodes, ligands, body.min_pathways),
    )


@router.post("/functional/", response={200: FunctionalOut, **ERRORS}, url_name="api-functional",
             summary="Functional (signal propagation atlas) edges among nodes")
def functional_edges(request, body: FunctionalIn):
    """The significant responses of the signal propagation atlas (Randi et al. 2023) among the
    drawn nodes: an edge stimulated -> responder where the responder's activity changed (q < q_max)
    when the stimulated neuron was optogenetically activated, with its mean ΔF/F."""
    nodes = _known_nodes(body.nodes)
    return cached_json(request, ("functional", nodes, body.strain, body.q_max),
                       lambda: functional.edges(nodes, body.strain, body.q_max))


@router.get("/neurotransmitters/", response={200: TransmittersOut, **ERRORS}, url_name="api-neurotransmitters",
            summary="The neurotransmitters of every cell and class, grouped for colouring")
def neurotransmitters(request):
    """Wang et al. 2024's neurotransmitter identities of every cell it lists, and their groups
    (ACh, Glu, GABA, DA, 5-HT, ...), which the graph pages colour nodes by. Cached by browsers for a day."""
    return cached_json(request, ("neurotransmitters",), transmitters.table, max_age=BROWSER_CACHE_SECONDS)
