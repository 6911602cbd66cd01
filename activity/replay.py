"""Circuit dynamics replay: one recording's activity on one connectome (spec 7.5).

1. Labelled traces (no "?" in the label) that share a label are averaged; the
   representative index is the smallest.
2. The labels are matched by exact name to the connectome dataset's neurons; at least 3
   must match.
3. Each matched trace is z-scored (population sd; a constant trace stays 0), clipped to
   +-3 and divided by 3, so activity lies in [-1, 1]. The global signal is the mean |x|.
4. Edges among the matched neurons (or touching them, with `show_connected`) come from
   connectome.edges.get_edges at neuron level; chemical edges need at least
   `min_chemical` synapses, gap junctions `min_electrical` (and `include_electrical`).
   A gap junction is listed in both directions (once if a neuron's gap junction is with
   itself). degree_in/out sum the kept weights.
5. Whole-connectome metrics per neuron, computed at import (connectome/centrality.py):
   weighted in/out degree, PageRank and eigenvector centrality; 0 where undefined.
6. Each node's Pearson r with each behaviour channel over the frames where both have
   values; 0 with fewer than 3 such frames or a constant series.
"""


import numpy as np

from connectome.catalog import catalog as connectome_catalog
from connectome.edges import available_neurons, get_edges
from connectome.models import Dataset, NeuronMetrics, Synapse
from core.cache import data_cache, data_version

from .behavior import NO_BEHAVIOR, behavior_traces, rounded
from .catalog import arrays, recordings
from .traces import pearson

MIN_OVERLAP = 3
CLIP = 3.0
ACTIVITY_DECIMALS = 3  # activity in [-1, 1]: finer than any colour or size step


class ReplayError(ValueError):
    """The replay cannot be built for these datasets; the message says why."""


def replay(
    activity_dataset: str,
    connectome_dataset: str,
    include_electrical: bool = True,
    show_connected: bool = False,
    min_chemical: int = 1,
    min_electrical: int = 1,
) -> dict:
    """The replay payload (see the module docstring and the README for its shape)."""
    info = recordings()[activity_dataset]
    recording = arrays(activity_dataset)
    labelled = _averaged_by_label(recording.traces, recording.names)
    present = set(available_neurons([connectome_dataset])["neurons"])
    matched = sorted(label for label in labelled if label in present)
    if len(matched) < MIN_OVERLAP:
        raise ReplayError(
            f"Only {len(matched)} labelled neuron(s) of {activity_dataset} are in {connectome_dataset}; "
            f"a replay needs at least {MIN_OVERLAP}."
        )
    length = recording.traces.shape[1]
    activity = {label: normalised(labelled[label][0]) for label in matched}
    warnings = []

    edges = _edges(connectome_dataset, matched, show_connected, include_electrical, min_chemical, min_electrical)
    if not edges:
        warnings.append("No connectome edges matched the selected filters in this neuron overlap.")
    degree_in, degree_out = {}, {}
    for edge in edges:
        degree_out[edge["source"]] = degree_out.get(edge["source"], 0) + edge["weight"]
        degree_in[edge["target"]] = degree_in.get(edge["target"], 0) + edge["weight"]

    behavior = None
    if recording.behavior is None:
        warnings.append(f"{activity_dataset} {NO_BEHAVIOR}: behaviour correlations are empty.")
    else:
        behavior = {
            "traces": behavior_traces(recording.behavior, length),
            "default_behavior": "v",
            "reversal_events": [[max(1, s), min(e, length)] for s, e in recording.reversal_events if s <= length],
            "events": _events(recording.events, length),
        }

    metrics = full_graph_metrics(connectome_dataset)
    cell_types = connectome_catalog().neurons
    names = sorted(set(matched) | {e["source"] for e in edges} | {e["target"] for e in edges})
    nodes = []
    for name in names:
        trace = activity.get(name)
        full = metrics.get(name, (0, 0, 0.0, 0.0))
        nodes.append(
            {
                "id": name,
                "trace": rounded(trace if trace is not None else np.zeros(length), ACTIVITY_DECIMALS),
                "variance": round(float(trace.var()), 6) if trace is not None else 0.0,
                "mean_abs_activity": round(float(np.abs(trace).mean()), 6) if trace is not None else 0.0,
                "has_activity": trace is not None,
                "cell_type": cell_types[name].cell_type if name in cell_types else "",
                "degree_in": degree_in.get(name, 0),
                "degree_out": degree_out.get(name, 0),
                "degree_in_full": full[0],
                "degree_out_full": full[1],
                "degree_total_full": full[0] + full[1],
                "pagerank_centrality": full[2],
                "eigenvector_centrality": full[3],
                "behavior_correlations": _behavior_correlations(trace, recording.behavior, length),
                "representative_idx_neuron": labelled[name][1] if name in labelled and trace is not None else None,
            }
        )
    n_activity = len(matched)
    connectome_name = Dataset.objects.values_list("name", flat=True).get(dataset_id=connectome_dataset)
    return {
        "status": "ok",
        "meta": {
            "activity_dataset_id": activity_dataset,
            "activity_dataset_name": info.dataset_name,
            "connectome_dataset_id": connectome_dataset,
            "connectome_dataset_name": connectome_name,
            "include_electrical": include_electrical,
            "show_connected": show_connected,
            "min_synapse_chemical": min_chemical,
            "min_synapse_electrical": min_electrical,
            "trace_length": length,
            "avg_timestep": info.avg_timestep,
            "n_activity_nodes": n_activity,
            "n_connected_only_nodes": len(nodes) - n_activity,
            "n_nodes": len(nodes),
            "n_edges": len(edges),
            "max_edge_weight": max((e["weight"] for e in edges), default=0),
            "has_behavior": behavior is not None,
        },
        "warnings": warnings,
        "nodes": nodes,
        "edges": edges,
        "timeline": {
            "time_minutes": rounded(np.arange(length) * info.avg_timestep, 6),
            "global_signal": rounded(np.mean(np.abs(np.vstack(list(activity.values()))), axis=0), ACTIVITY_DECIMALS),
            "events": _events(recording.events, length),
        },
        "behavior": behavior,
    }


def _averaged_by_label(traces: np.ndarray, names: tuple[str, ...]) -> dict[str, tuple[np.ndarray, int]]:
    """label -> (mean trace of the traces with that label, smallest index); "?" labels left out."""
    groups: dict[str, list[int]] = {}
    for idx, name in enumerate(names, 1):
        if name and "?" not in name:
            groups.setdefault(name, []).append(idx)
    averaged = {}
    for name, idxs in groups.items():
        with np.errstate(invalid="ignore"):
            mean = np.nanmean(traces[np.asarray(idxs) - 1], axis=0)
        averaged[name] = (np.nan_to_num(mean, nan=0.0, posinf=0.0, neginf=0.0), min(idxs))
    return averaged


def normalised(trace: np.ndarray) -> np.ndarray:
    """z-score (population sd; sd 0 -> 1), clip to +-3, divide by 3: values in [-1, 1]."""
    sd = trace.std()
    return np.clip((trace - trace.mean()) / (sd if sd > 0 else 1.0), -CLIP, CLIP) / CLIP


def _edges(dataset, matched, show_connected, include_electrical, min_chemical, min_electrical) -> list[dict]:
    synapses = get_edges([dataset], matched, [], True, show_connected)["synapses"]
    edges = []
    for s in synapses:
        if s["type"] == Synapse.CHEMICAL and s["count"] >= min_chemical:
            edges.append({"source": s["pre"], "target": s["post"], "weight": s["count"], "edge_type": "chemical"})
        elif s["type"] == Synapse.ELECTRICAL and include_electrical and s["count"] >= min_electrical:
            for a, b in dict.fromkeys(((s["pre"], s["post"]), (s["post"], s["pre"]))):  # once if a == b
                edges.append({"source": a, "target": b, "weight": s["count"], "edge_type": "electrical"})
    return edges


def _events(events: dict[str, list[int]], length: int) -> dict[str, list[int]]:
    return {name: [f for f in frames if 1 <= f <= length] for name, frames in events.items()}


def _behavior_correlations(trace, behavior, length) -> dict[str, float]:
    if trace is None or behavior is None:
        return {}
    result = {}
    for key, values in behavior.items():
        r = pearson(trace, values[:length])
        result[key] = 0.0 if r is None else round(r, 6)
    return result


def full_graph_metrics(dataset_id: str) -> dict[str, tuple[int, int, float, float]]:
    """neuron -> (degree_in_full, degree_out_full, PageRank, eigenvector centrality)."""
    return _full_graph_metrics(data_version(), dataset_id)


@data_cache(16)
def _full_graph_metrics(version: str, dataset_id: str) -> dict:
    rows = NeuronMetrics.objects.filter(dataset__dataset_id=dataset_id).values_list(
        "neuron__name", "degree_in", "degree_out", "pagerank", "eigenvector"
    )
    return {name: tuple(values) for name, *values in rows}
