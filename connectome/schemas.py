"""The shapes of the connectome API: the get-edges body and every answer, for the OpenAPI
schema. The answers themselves are built as dicts by edges.py and api.py."""

from ninja import Field
from pydantic import BaseModel

from core.api import Flag, Out, StringList

MAX_DATASETS = 16  # every dataset at once (15 synapse-count datasets and the dauer)
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
    count: int = Field(description=(
        "Sum of list_count over the synapse-count datasets (a dataset weighted by active-zone volume, "
        "yim_2024_dauer, is never added to synapse counts; alone, its volumes are summed)."))
    list_count: list[int] = Field(description=(
        "Synapse count in each dataset, in the order of `datasets` (yim_2024_dauer: active-zone volume)."))


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


class MatrixPairOut(Out):
    a: list[list[int]] = Field(description="Counts in dataset a: [row][column], row = pre (chemical).")
    b: list[list[int]] = Field(None, description="Counts in dataset b, when given.")
    difference: list[list[float | None]] = Field(
        None, description="a - b, or log2 fold of the normalised counts (null where a or b is 0).")


class MatrixOut(Out):
    a: str
    b: str | None = Field(description="The second dataset, or null.")
    level: str = Field(pattern="^(neuron|class)$")
    order: str = Field(pattern="^(name|type|cluster)$")
    labels: list[str] = Field(description="Row and column labels, in the chosen order.")
    cell_types: list[str] = Field(description="Each label's cell-type code (a class: its first member's).")
    absent: list[str] = Field(description="Selected names with no neuron in the dataset(s), left out.")
    totals: dict[str, int] = Field(description="Each dataset's total synapse count (chemical + gap junctions).")
    units: dict[str, str] = Field(description=(
        "Each dataset's unit: synapses, or active-zone volume (yim_2024_dauer; never added to synapse counts)."))
    chemical: MatrixPairOut = Field(description="Chemical synapses, pre (row) -> post (column).")
    gap: MatrixPairOut = Field(description="Gap junctions (symmetric).")
    difference: str | None = Field(description="subtract or log2fold with two datasets, else null.")
    rule: str = Field(description="How the difference is computed.")
    notes: list[str]


class EdgeDiffRowOut(Out):
    pre: str
    post: str
    type: str = Field(description="c chemical synapse, e gap junction.", pattern="^[ce]$")
    count_a: int = Field(description="Synapses in a (in the unit of `units`).")
    count_b: int = Field(description="Synapses in b (in the unit of `units`).")
    change: float = Field(description="value_b - value_a (counts, or fractions of the total with normalize).")
    fold: float | None = Field(description="value_b / value_a; null unless both counts are > 0.")
    status: str = Field(pattern="^(only_in_a|only_in_b|stronger|weaker|unchanged)$")


class EdgeDiffOut(Out):
    a: str
    b: str
    normalize: bool
    min_count: int
    fold_threshold: float
    totals: dict[str, int] = Field(description="Each dataset's total synapse count (the dauer: total volume).")
    units: dict[str, str] = Field(description="Each dataset's unit: synapses, or active-zone volume (the dauer).")
    rule: str = Field(description="The status rule, in words.")
    notes: list[str]
    counts: dict[str, int] = Field(description="Number of edges of each status.")
    edges: list[EdgeDiffRowOut] = Field(description="Sorted by pre!post!type.")
