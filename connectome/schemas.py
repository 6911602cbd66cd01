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


# find-paths-multi and path-matrix


class DatasetPathsOut(Out):
    dataset_id: str
    status: str = Field(description='"ok", "no path", "absent" (start or end has no synapses there) or '
                                    '"not searched" (time budget spent).', pattern="^(ok|no path|absent|not searched)$")
    n_paths: int = Field(description="Paths this dataset's search returned.")
    reason: str = Field(None, description="Why there is no path, or why the dataset was not searched.")
    truncated: str = Field(None, description="Why this dataset's search is incomplete.")
    note: str = Field(None, description="Said when the dataset has no gap-junction data.")


class MultiHopOut(Out):
    pre: str
    post: str
    chemical: list[int] = Field(description="Chemical synapses pre -> post in each dataset of `datasets` (0: none).")
    gap_junction: list[int] = Field(description="Gap junctions between pre and post in each dataset (0: none, or "
                                                "gap junctions not used).")
    n_datasets: int = Field(description="Datasets in which this hop exists.")


class PathCountsOut(Out):
    summed_count: int = Field(description="Synapses summed over the path's hops.")
    bottleneck: int = Field(description="Synapses of the weakest hop.")


class MultiPathOut(Out):
    rank: int = Field(description="1 = best: consensus, then fewer hops, then more synapses, then stronger bottleneck.")
    path: list[str]
    n_hops: int
    consensus: int = Field(description="Datasets in which every hop of the path exists.")
    exists_in: list[str] = Field(description="Those datasets.")
    found_in: list[str] = Field(description="Datasets whose search returned this path.")
    summed_count: int = Field(description="Synapses along the path, summed over the datasets where it exists.")
    bottleneck: int = Field(description="The weakest hop's synapses in any dataset where the path exists.")
    per_dataset: dict[str, PathCountsOut] = Field(description="Per dataset where the path exists.")
    hops: list[MultiHopOut]


class AtlasPairOut(Out):
    stimulated: str
    responder: str
    dff: float | None = Field(description="Mean ΔF/F of the responder (no unit); null if no finite mean.")
    q: float | None = Field(description="The atlas's q-value that the responder responds (small = significant).")
    q_eq: float | None = Field(description="The atlas's equivalence-test q-value (small = evidence of no response).")
    n_observations: int = Field(description="Trials in which the pair was observed.")
    significant: bool = Field(description="q < 0.05, the atlas's threshold.")


class AtlasStrainOut(Out):
    status: str = Field(pattern="^(measured|not measured|not in the atlas)$")
    reason: str = Field(None)
    pairs: list[AtlasPairOut] = Field(description="Each measured (stimulated, responder) pair: one for neurons, "
                                                  "the member pairs for classes.")


class HopEvidenceOut(Out):
    pre: str
    post: str
    transmitters: list[str] | None = Field(description="The presynaptic neuron's (or class's) transmitter identities "
                                                       "(Wang et al. 2024); null if none listed.")
    atlas: dict[str, AtlasStrainOut] = Field(description="Signal propagation atlas (Randi et al. 2023), pre "
                                                         "stimulated -> post responding: wt and unc31.")


class MultiPathsOut(Out):
    datasets: list[str]
    start: str
    end: str
    use_weights: bool
    use_gap_junction: bool
    use_class: bool
    mode: str = Field(pattern="^(all_shortest|k_shortest)$")
    k: int | None
    max_hops: int
    per_dataset: list[DatasetPathsOut]
    paths: list[MultiPathOut] = Field(description="The union of every dataset's paths, by rank.")
    n_paths: int
    nodes: list[str]
    hop_evidence: list[HopEvidenceOut] = Field(description="Every hop of `paths`, sorted by pre, post.")
    truncated: bool = Field(description="Whether a bound (paths, time budget) left something out.")
    truncated_reasons: list[str]
    max_paths: int


class PathMatrixOut(Out):
    dataset_id: str
    use_weights: bool
    use_gap_junction: bool
    use_class: bool
    sources: list[str] = Field(description="Rows: the expanded sources.")
    targets: list[str] = Field(description="Columns: the expanded targets.")
    distance: list[list[float | None]] = Field(description="Hops (or sum of 1/count, weighted); null: unreachable.")
    n_shortest_paths: list[list[int | None]] = Field(description="Number of shortest paths; null: unreachable.")
    notes: list[str] = Field(description="How shorthands expanded; what was left out.")
    max_side: int
