"""The shapes of the connectome API: the get-edges body and every answer, for the OpenAPI
schema. The answers themselves are built as dicts by edges.py and api.py."""

from ninja import Field
from pydantic import BaseModel

from core.api import Flag, Out, StringList

MAX_DATASETS = 15  # every dataset at once
MAX_NAMES = 700  # neurons + classes in one get-edges request (all 657 cells fit)


class NeuronOut(Out):
    neuron_class: str = Field(examples=["AVA"])
    name: str = Field(examples=["AVAL"])
    cell_type: str = Field(description="Type code letters (s sensory, i interneuron, m motor, ...).", examples=["i"])
    cell_type_desc: str = Field(examples=["interneuron"])


class AvailableNeuronsOut(Out):
    neurons: dict[str, NeuronOut] = Field(description="Neuron name -> neuron, for every neuron with a synapse.")
    neuron_classes: dict[str, list[str]] = Field(description="Class -> its members present in the datasets.")


class EdgesIn(BaseModel):  # not ninja.Schema, which would read a JSON list as an empty object
    datasets: StringList = Field(description=f"Dataset ids (1 to {MAX_DATASETS}).",
                                 examples=[["white_1986_whole", "witvliet_2020_8"]],
                                 json_schema_extra={"minItems": 1, "maxItems": MAX_DATASETS})
    neurons: StringList = Field([], description=f"Neuron names to show individually ({MAX_NAMES} names at most, "
                                "with the classes).", examples=[["AVAL"]], json_schema_extra={"maxItems": MAX_NAMES})
    classes: StringList = Field([], description="Neuron class names.", examples=[["AVA", "RIM"]],
                                json_schema_extra={"maxItems": MAX_NAMES})
    show_individual_neuron: Flag = Field(False, description="Split every class into its neurons.")
    show_connected_neuron: Flag = Field(False, description="Also the edges to neurons outside the selection.")


class SynapseOut(Out):
    pre: str
    post: str
    type: str = Field(description="c chemical synapse, e gap junction (labels in alphabetical order).",
                      pattern="^[ce]$")
    count: int = Field(description="Sum of list_count.")
    list_count: list[int] = Field(description="Synapse count in each dataset, in the order of `datasets`.")


class EdgesOut(Out):
    datasets: list[str]
    neurons: list[str] = Field(description="Every label used by the synapses, sorted.")
    synapses: list[SynapseOut] = Field(description="Sorted by pre!post!type.")


class HopOut(Out):
    pre: str
    post: str
    count: int
    type: str = Field(pattern="^[ce]$")


class PathOut(Out):
    path: list[str]
    edges: list[HopOut] = Field(description="Each hop's synapses; a hop with both kinds has two entries.")
    total_weight: int = Field(description="Sum of the counts of `edges`.")


class PathsOut(Out):
    dataset_id: str
    start_neuron: str
    end_neuron: str
    use_weights: bool
    use_gap_junction: bool
    use_class: bool
    nodes: list[str] = Field(description="Every neuron (or class) on a returned path, sorted.")
    paths: list[PathOut]
    n_paths_total: int = Field(description="How many shortest paths exist.")
    truncated: bool = Field(description="Whether paths were left out (more than max_paths).")
    max_paths: int
    message: str = Field(None, description='"No path found" when there is none.')
    note: str = Field(None, description="Said when the dataset has no gap-junction data.")
