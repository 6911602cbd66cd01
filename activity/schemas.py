"""The shapes of the activity API answers, for the OpenAPI schema. The answers themselves are
built as dicts by traces.py, encoding.py, find_neuron.py, replay.py and api.py."""

from typing import Any, Literal

from ninja import Field

from core.api import Out

Series = list[float | None]  # one value per frame; null where the value is missing


class TraceOut(Out):
    trace: Series = Field(description="The z-scored GCaMP trace, one value per frame.")
    idx_neuron: int
    dataset_id: str


class LabelledTraceOut(Out):
    idx_neuron: int
    label: str = Field(description='NeuroPAL label ("" if unlabelled).')
    trace: Series


class TracesOut(Out):
    dataset_id: str
    avg_timestep: float = Field(description="Minutes per frame.")
    max_t: int = Field(description="Number of frames.")
    neurons: list[LabelledTraceOut] = Field(description="In the order asked for, repeats dropped.")


class PairOut(Out):
    a: int
    b: int
    r: float | None = Field(description="Pearson r; null when undefined (constant trace).")


class PartnerOut(Out):
    idx_neuron: int
    label: str
    r: float | None


class CorrelationOut(Out):
    dataset_id: str
    neurons: list[int]
    pairs: list[PairOut] = Field(description="Every pair of the neurons asked for, by decreasing |r|.")
    top: dict[str, list[PartnerOut]] = Field(description="Neuron index -> its best-correlated partners.")
    behavior: dict[str, dict[str, float | None]] | None = Field(
        description="Neuron index -> behaviour channel -> r; null if the recording has no behaviour."
    )


class BehaviorTraceOut(Out):
    i: int = Field(description="The channel's colour index.")
    name_short: str = Field(examples=["v"])
    name: str = Field(examples=["Velocity"])
    unit: str = Field(examples=["0.1 mm/s"])
    data: Series


class BehaviorChannelsOut(Out):
    traces: dict[str, BehaviorTraceOut] = Field(description="v, hc, av and (when measured) f.")
    reversal_events: list[list[int]] = Field(description="[first, last] frame of each reversal (1-based).")


class BehaviorDataOut(Out):
    behavior: BehaviorChannelsOut
    events: dict[str, list[int]] = Field(description="Event name -> frames, e.g. {\"heat\": [391]}.")


class BehaviorOut(Out):
    data: BehaviorDataOut
    dataset_id: str
    avg_timestep: float
    max_t: int


class EncodingOut(Out):
    """A recording's CePNEM encoding (Atanas & Kim 2023), per neuron."""

    n_neuron: int
    neuron_categorization: dict[str, Any] = Field(description="Time range -> behaviour -> category -> neurons.")
    rel_enc_str_θh: Series
    rel_enc_str_P: Series
    rel_enc_str_v: Series
    dorsalness: Series
    forwardness: Series
    feedingness: Series
    encoding_changing_neurons: list[int]
    tau_vals: Series


class IdentityOut(Out):
    name: str = Field(examples=["12 (AVAL)"])
    label: str
    neuron_class: str | None = Field(alias="class")
    idx_neuron: int


class EncodingRecordingOut(Out):
    neuron: dict[str, IdentityOut] = Field(description="Neuron index -> identity.")
    encoding: EncodingOut
    dataset_name: str


class EncodingTableOut(Out):
    """The class-level CePNEM table, one list entry per class (layout of encoding_table.json)."""

    neuron_class: list[str] = Field(alias="class")
    count: list[int]
    enc_strength_v: Series
    enc_strength_hc: Series
    enc_strength_pumping: Series
    enc_v: Series
    enc_hc: Series
    enc_pumping: Series
    tau: Series
    encoding_variability: Series
    encoding_table: list[Series] = Field(description="Per class, the fractions of `columns`.")
    columns: list[str]
    neuron_match: dict[str, str] = Field(description="Connectome neuron -> encoding class.")


class RecordingOut(Out):
    dataset_id: str = Field(examples=["dag_nwabudike_kang_2023-2022-07-26-31"])
    dataset_name: str
    paper_id: str
    dataset_type: list[str]
    n_neuron: int
    n_labeled: int
    max_t: int
    avg_timestep: float
    has_behavior: bool
    has_encoding: bool
    events: dict[str, list[int]]


class PaperOut(Out):
    paper_id: str
    title: str
    title_short: str


class NeuroPALRecordingOut(Out):
    paper: PaperOut
    dataset_id: str
    dataset_name: str
    dataset_type: list[str]
    n_neuron: int
    n_labeled: int
    max_t: int


class DatasetTypeOut(Out):
    type_id: str
    description: str
    name: str
    background_color: str = Field(alias="background-color")


class FindNeuronOut(Out):
    neuron_class: dict[str, list[list[str]]] = Field(
        alias="class", description="Class -> its [dv, lr] label variants."
    )
    match: dict[str, dict[str, list[int]]] = Field(
        description='"<class>_<lr>_<dv>" -> recording -> trace indices with that label.'
    )
    neuropal_datasets_data: list[NeuroPALRecordingOut]
    papers: list[PaperOut]
    neuropal_dataset_type: dict[str, DatasetTypeOut]


class PlotMultipleOut(Out):
    status: str = Field(pattern="^success$")
    redirect: str = Field(description="The plot-multiple page URL of the selection.",
                          examples=["/activity/plot-multiple/?d=dag_nwabudike_kang_2023-2022-07-26-31:12-40"])


class ReplayMetaOut(Out):
    activity_dataset_id: str
    activity_dataset_name: str
    connectome_dataset_id: str
    connectome_dataset_name: str
    include_electrical: bool
    show_connected: bool
    min_synapse_chemical: int
    min_synapse_electrical: int
    trace_length: int
    avg_timestep: float
    n_activity_nodes: int
    n_connected_only_nodes: int
    n_nodes: int
    n_edges: int
    max_edge_weight: int
    has_behavior: bool


class ReplayNodeOut(Out):
    id: str
    trace: Series = Field(description="Activity normalised to [-1, 1] (zeros without activity).")
    variance: float
    mean_abs_activity: float
    has_activity: bool
    cell_type: str
    degree_in: int
    degree_out: int
    degree_in_full: int
    degree_out_full: int
    degree_total_full: int
    pagerank_centrality: float
    eigenvector_centrality: float
    behavior_correlations: dict[str, float]
    representative_idx_neuron: int | None


class ReplayEdgeOut(Out):
    source: str
    target: str
    weight: int
    edge_type: str = Field(pattern="^(chemical|electrical)$")


class ReplayTimelineOut(Out):
    time_minutes: Series
    global_signal: Series
    events: dict[str, list[int]]


class ReplayBehaviorOut(Out):
    traces: dict[str, BehaviorTraceOut]
    default_behavior: str
    reversal_events: list[list[int]]
    events: dict[str, list[int]]


class ReplayOut(Out):
    status: str = Field(pattern="^ok$")
    meta: ReplayMetaOut
    warnings: list[str]
    nodes: list[ReplayNodeOut]
    edges: list[ReplayEdgeOut]
    timeline: ReplayTimelineOut
    behavior: ReplayBehaviorOut | None = Field(description="null if the recording has no behaviour.")


# Activity around events, across recordings (aligned.py) -----------------------------------

Grid = list[float | None]  # one value per grid point of `time`; null where undefined


class AlignedTraceOut(Out):
    idx_neuron: int = Field(description="1-based trace index in the recording.")
    label: str = Field(description="Its NeuroPAL label.", examples=["AVAL"])


class AlignedRecordingOut(Out):
    dataset_id: str
    traces: list[AlignedTraceOut] = Field(description="The recording's traces of the series, averaged together.")
    event_frames: list[int] = Field(description="1-based frames of the events kept.")
    n_events: int = Field(description="Events kept.")
    n_events_dropped: int = Field(description="Events whose window runs off the recording or across its gap.")
    mean: Grid = Field(description="The recording's mean over its events and traces, z-score.")


class AlignedSeriesOut(Out):
    name: str = Field(description="The class (lr=together) or the member neuron.", examples=["AVA"])
    neurons: list[str] = Field(description="Labels of the traces averaged.")
    n_recordings: int
    n_events: int = Field(description="Events kept, over all recordings.")
    n_events_dropped: int
    mean: Grid = Field(description="Mean of the recording means, z-score.")
    ci_low: Grid | None = Field(description="Lower end of the 95 % t-interval over recordings; null with one.")
    ci_high: Grid | None
    recordings: list[AlignedRecordingOut]


class AlignedBehaviorRecordingOut(Out):
    dataset_id: str
    n_events: int
    n_events_dropped: int = Field(description="Kept events whose behaviour window has a missing value.")
    mean: Grid


class AlignedBehaviorOut(Out):
    key: str = Field(examples=["v"])
    name: str = Field(examples=["Velocity"])
    unit: str = Field(examples=["0.1 mm/s"])
    n_recordings: int
    n_events: int
    mean: Grid
    ci_low: Grid | None
    ci_high: Grid | None
    recordings: list[AlignedBehaviorRecordingOut]


class AlignedOut(Out):
    neuron: str = Field(description="The neuron or class, as the recordings name it.", examples=["AVA"])
    neuron_kind: Literal["class", "neuron"]
    members: list[str] = Field(description="The identified members of the class (or the neuron itself).")
    event: str = Field(examples=["reversal_start"])
    window: list[float] = Field(description="First and last grid point, seconds relative to the event.")
    lr: Literal["together", "split"]
    step: float = Field(description="Seconds between grid points.")
    time: list[float] = Field(description="The grid, seconds relative to the event.")
    unit: str = Field(description="Unit of the neural series.")
    method: str = Field(description="The method in one sentence (grid, edges, averaging order, band).")
    data_version: str = Field(description="Hash of the imported data the answer was computed from.")
    series: list[AlignedSeriesOut] = Field(description="One (lr=together) or one per member (lr=split).")
    behavior: AlignedBehaviorOut | None = Field(
        description="The behaviour channel around the same events of the same recordings; null if none has it."
    )
    notes: list[str] = Field(description="Recordings and traces left out, and why.")
