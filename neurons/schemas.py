"""The shapes of the neuron API's answers, for the OpenAPI schema. The answers themselves are
built as dicts by neurons/page.py and its section modules."""

from ninja import Field

from core.api import Out

NOT_MEASURED = "null where not measured"


class AtlasPositionOut(Out):
    x: float = Field(description="Anterior -> posterior, µm (0-800).")
    y: float = Field(description="The atlas's third axis, µm.")
    z: float = Field(description="Left-right, µm (left > 0).")


class CellFactsOut(Out):
    name: str = Field(examples=["AVAL"])
    full_name: str | None = Field(description=f"WormAtlas full name; {NOT_MEASURED}.")
    description: str | None
    wormatlas_type: str | None
    lineage: str | None
    transmitters: list[str] | None = Field(description="Wang et al. 2024 identities, as written.")
    transmitter_table: str | None = Field(description="hermaphrodite or male (Wang et al. 2024 table).")
    receptors: list[str] | None = Field(description="Receptor genes (OpenWorm owmeta); [] none listed.")
    body_segment: str | None = Field(description="Head, Midbody, Tail ... (Ripoll-Sánchez et al. 2023).")
    neuropal_rgb: list[float] | None = Field(description="NeuroPAL colour, r, g, b in 0-1; [0, 0, 0] = "
                                                         "pan-neuronal marker only.")
    position_um: AtlasPositionOut | None = Field(description="3D atlas position (Skuhersky et al. 2022).")


class NeuronIdentityOut(Out):
    name: str
    kind: str = Field(pattern="^(cell|class)$")
    neuron_class: str
    members: list[str]
    cell_type: str = Field(description="Type code letters (s sensory, i interneuron, m motor, ...).")
    cell_type_desc: str
    category: str = Field(description="shared, male, hermaphrodite or pharynx (connectome_neurons.csv).")
    transmitters: list[str] | None
    cells: list[CellFactsOut] = Field(description="The cell, or each cell of the class.")


class DatasetGroupOut(Out):
    label: str
    datasets: list[str]


class DatasetColumnOut(Out):
    id: str
    name: str
    group: str
    has_gap_junctions: bool
    present: bool = Field(description="Whether the neuron has any synapse in the dataset.")
    absent_reason: str | None = Field(description="Why not, when it has none.")


class PartnerRowOut(Out):
    partner: str
    counts: list[int | None] = Field(description=f"Synapses in each dataset of `datasets`; {NOT_MEASURED}.")
    n_datasets: int = Field(description="Datasets with at least one synapse.")
    n_measured: int = Field(description="Datasets that measure the neuron.")
    mean: float | None = Field(description="Mean count over the measured datasets.")
    min: int | None
    max: int | None
    share_pct: list[float | None] = Field(description="Share of the neuron's total in each dataset, %.")


class TotalsOut(Out):
    inputs: list[int | None]
    outputs: list[int | None]
    gap_junctions: list[int | None]


class PartnersOut(Out):
    datasets: list[DatasetColumnOut]
    inputs: list[PartnerRowOut] = Field(description="Chemical synapses onto the neuron, top partners first.")
    outputs: list[PartnerRowOut] = Field(description="Chemical synapses from the neuron.")
    gap_junctions: list[PartnerRowOut] = Field(description="Gap junctions, counted once per pair.")
    totals: TotalsOut = Field(description="The neuron's total in each dataset.")


class DevelopmentStageOut(Out):
    label: str = Field(examples=["L1 0 h"])
    hours: float
    datasets: list[str]


class TrendOut(Out):
    partner: str
    counts: list[float | None] = Field(description="Mean chemical synapses over each stage's animals.")


class DevelopmentOut(Out):
    stages: list[DevelopmentStageOut]
    inputs: list[TrendOut]
    outputs: list[TrendOut]


class AtlasMeasurementOut(Out):
    dff: float | None = Field(description="Mean ΔF/F of the responder (a ratio).")
    q: float | None = Field(description="q-value that the responder responds.")
    q_eq: float | None = Field(description="Equivalence-test q-value (small: evidence of no response).")
    n: int = Field(description="Observations.")


class AnatomyOut(Out):
    chemical: int = Field(description="Chosen datasets with a chemical synapse in the same direction.")
    gap_junction: int = Field(description="Chosen datasets with a gap junction.")


class ResponseRowOut(Out):
    stimulated: str
    responder: str
    partner_label: str = Field(description="The other neuron at the page's level (cell or class).")
    partner_is_cell: bool = Field(description="Whether the other neuron is a connectome cell (AWCON is not).")
    wt: AtlasMeasurementOut | None = Field(description="Wild type; null if never measured.")
    unc31: AtlasMeasurementOut | None = Field(description="unc-31; null if never measured.")
    anatomy: AnatomyOut


class NeverMeasuredOut(Out):
    as_stimulated: int | None = Field(description="Atlas neurons never observed responding to this one.")
    as_responder: int | None = Field(description="Atlas neurons whose stimulation was never observed here.")


class ComparisonOut(Out):
    anatomical_responding: list[str]
    anatomical_not_responding: list[str]
    anatomical_not_measured: list[str]
    functional_without_synapse: list[str]


class ComparisonsOut(Out):
    downstream: ComparisonOut = Field(description="This -> partner: outputs and gap junctions vs responders.")
    upstream: ComparisonOut = Field(description="Partner -> this: inputs and gap junctions vs stimulated neurons.")


class FunctionOut(Out):
    q_max: float
    atlas_cells: list[str] = Field(description="The neuron's cells in the atlas.")
    not_in_atlas: list[str]
    responses_to: list[ResponseRowOut] = Field(description="Neurons responding when this one is stimulated.")
    responses_of: list[ResponseRowOut] = Field(description="Neurons whose stimulation changes this one.")
    never_measured: dict[str, NeverMeasuredOut] = Field(description="Per strain (wt, unc31).")
    atlas_size: int
    comparison: ComparisonsOut


class NeuronTraceOut(Out):
    idx_neuron: int
    label: str


class NeuronRecordingOut(Out):
    dataset_id: str
    dataset_name: str
    paper_id: str
    traces: list[NeuronTraceOut]
    has_behavior: bool
    behavior_r: dict[str, float] = Field(description="Behaviour key -> mean Pearson r of the traces.")
    explore_url: str


class BehaviorSummaryOut(Out):
    key: str
    name: str
    unit: str = Field(description="The behaviour's unit (r has none).")
    n_recordings: int
    mean_r: float | None
    sd_r: float | None = Field(description="Standard deviation across recordings (n - 1).")
    min_r: float | None
    max_r: float | None


class ActivityOut(Out):
    recordings: list[NeuronRecordingOut]
    behavior: list[BehaviorSummaryOut]


class EncodingRowOut(Out):
    class_: str = Field(alias="class")
    count: int
    enc_strength_v: float | None
    enc_strength_hc: float | None
    enc_strength_pumping: float | None
    enc_v: float | None
    enc_hc: float | None
    enc_pumping: float | None
    tau: float | None = Field(description="Seconds.")
    encoding_variability: float | None
    fractions: dict[str, float | None]


class NeuronEncodingOut(Out):
    rows: list[EncodingRowOut]
    columns: list[str]
    table_url: str | None


class FactSourceOut(Out):
    key: str
    facts: str
    reference: str


class NeuronPageOut(Out):
    name: str = Field(examples=["AVA"])
    kind: str = Field(pattern="^(cell|class)$")
    identity: NeuronIdentityOut
    groups: dict[str, DatasetGroupOut] = Field(
        description="Dataset groups: adult_hermaphrodite, development, male, pharynx.")
    partners: PartnersOut
    development: DevelopmentOut
    function: FunctionOut
    activity: ActivityOut
    encoding: NeuronEncodingOut
    sources: list[FactSourceOut]


class NeuronSearchResultOut(Out):
    name: str
    kind: str = Field(pattern="^(cell|class)$")
    text: str = Field(description="Its full name or type.")


class NeuronSearchOut(Out):
    query: str
    results: list[NeuronSearchResultOut]
