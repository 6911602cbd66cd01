"""The shapes of the layer API (layers_api.py): request bodies and answers, for the OpenAPI schema."""

from typing import Annotated, Literal

from ninja import Field
from pydantic import BaseModel, StrictStr

from atlas.funatlas import Q_MAX
from core.api import Out, StringList

from .extrasynaptic_sources import DEFAULT_MODEL, MODELS

MAX_NODES = 700  # every cell and class of a drawn graph fits
NodeName = Annotated[StrictStr, Field(min_length=1, max_length=50)]
Nodes = Annotated[list[NodeName], Field(max_length=MAX_NODES)]
ModelId = Literal[tuple(MODELS)]


class ExtrasynapticIn(BaseModel):
    model: ModelId = Field(DEFAULT_MODEL, description="The network model: " + "; ".join(
        f"{key}: {m['name']}" for key, m in MODELS.items()) + ".")
    nodes: Nodes = Field(description=f"The drawn nodes: cell or class names (at most {MAX_NODES}); a class stands "
                                     "for those of its cells that are not nodes themselves.",
                         examples=[["AVA", "RIM", "AIBL", "AIBR"]])
    ligands: StringList = Field([], description="Keep only these ligands (transmitters or peptides, e.g. "
                                                "tyramine, flp-1); only bentley2016 names them. Empty: all.",
                                examples=[["tyramine"]])
    min_pathways: int = Field(1, ge=1, le=100, description="Keep edges with at least this many pathways.")


class LigandOut(Out):
    ligand: str = Field(examples=["flp-1"])
    kind: str = Field(pattern="^(monoamine|neuropeptide)$")


class ExtrasynapticEdgeOut(Out):
    pre: str = Field(description="The releasing node.")
    post: str = Field(description="The receiving node.")
    pathways: int = Field(ge=1, description="Number of ligand-receptor pathways (see class_rule for classes).")
    ligands: list[str] | None = Field(description="The ligands of the pathways; null when the model names none.")
    kinds: list[str] = Field(description="monoamine and/or neuropeptide.")


class ExtrasynapticOut(Out):
    model: str
    model_name: str
    kind: str = Field(description="What the model's ligands are: neuropeptide, monoamine, or both.")
    description: str
    unit: str = Field(description='The unit of "pathways".', examples=["ligand-receptor pathways"])
    citation: str
    class_rule: str = Field(description="How an edge between nodes of several cells is counted.")
    available_ligands: list[LigandOut] = Field(description="Every ligand the model names ([] for the matrices).")
    nodes: list[str]
    ligands: list[str] = Field(description="The ligand filter applied ([] = none).")
    min_pathways: int
    edges: list[ExtrasynapticEdgeOut] = Field(description="Sorted by pre, post.")


class FunctionalIn(BaseModel):
    nodes: Nodes = Field(description=f"The drawn nodes: cell or class names (at most {MAX_NODES}).",
                         examples=[["ASHL", "AVAL", "AVAR", "RIM"]])
    strain: Literal["wt", "unc31"] = Field("wt", description="wt wild type; unc31 unc-31 mutant (no dense-core-vesicle "
                                                              "release, so no neuropeptide signalling).")
    q_max: float = Field(Q_MAX, gt=0, le=1, description="Keep responses with q < q_max (the paper: 0.05).")


class FunctionalEdgeOut(Out):
    stimulated: str = Field(description="The node whose neuron was stimulated (the edge's source).")
    responder: str = Field(description="The node whose neuron responded (the edge's target).")
    dff: float | None = Field(description="Mean ΔF/F of the responder (no unit; > 0 excitation, < 0 inhibition); "
                                          "null when observed without a finite mean.")
    q: float = Field(ge=0, le=1, description="q-value of the response (smaller = more significant).")
    n_observations: int = Field(ge=1, description="Trials in which the pair was observed.")
    pair: list[str] = Field(description="The atlas neurons [stimulated, responder] of the reported pair.")
    significant_pairs: int = Field(ge=1, description="How many member pairs of the two nodes have q < q_max.")


class FunctionalOut(Out):
    strain: str
    strain_name: str
    q_max: float
    unit: str
    citation: str
    class_rule: str
    nodes: list[str]
    not_in_atlas: list[str] = Field(description="Nodes with no neuron in the atlas (they can have no edge).")
    edges: list[FunctionalEdgeOut] = Field(description="Sorted by stimulated, responder.")


class TransmitterEntryOut(Out):
    groups: list[str] = Field(description="Transmitter groups, in the table's order.")
    identities: list[str] = Field(description="The identities as Wang et al. 2024 write them.")


class TransmittersOut(Out):
    source: str
    groups: list[str] = Field(description="Every group, in legend order.")
    cells: dict[str, TransmitterEntryOut] = Field(description="Cell name -> its transmitters (cells Wang et al. list).")
    classes: dict[str, TransmitterEntryOut] = Field(description="Class name -> its cells' transmitters.")
