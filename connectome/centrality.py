"""Whole-connectome measures of every neuron, computed at import for the circuit replay.

For each dataset, over the neurons with a synapse in it:
- weighted in- and out-degree: synapses received and made, a gap junction counting in both
  directions (once if a neuron's gap junction is with itself);
- PageRank on the weighted directed graph (gap junctions both ways);
- eigenvector centrality on the weighted undirected graph, where a pair's weight is the sum
  of its chemical synapses both ways and its gap junction (unit length, non-negative); 0
  for every neuron if the graph has no edge or neither solver converges.
"""

from collections import defaultdict

import networkx as nx
from scipy.sparse.linalg import ArpackNoConvergence

from .dauer import VOLUME_DATASETS
from .models import Dataset, NeuronMetrics, Synapse


def precompute_metrics(progress=lambda message: None) -> int:
    """Compute and store the measures of every dataset; return the number of rows."""
    NeuronMetrics.objects.all().delete()
    # Degrees are synapse counts: a dataset weighted by volume (the dauer) has no metrics.
    datasets = list(Dataset.objects.exclude(dataset_id__in=VOLUME_DATASETS).order_by("order"))
    total = 0
    for i, dataset in enumerate(datasets, 1):
        neurons = dict(dataset.available_neurons.values_list("name", "id"))
        rows = Synapse.objects.filter(dataset=dataset).values_list(
            "pre__name", "post__name", "synapse_type", "synapse_count"
        )
        metrics = dataset_metrics(sorted(neurons), rows)
        NeuronMetrics.objects.bulk_create(
            NeuronMetrics(dataset=dataset, neuron_id=neurons[name], degree_in=m[0], degree_out=m[1],
                          pagerank=m[2], eigenvector=m[3])
            for name, m in metrics.items()
        )
        total += len(metrics)
        progress(f"[{i:2}/{len(datasets)}] {dataset.dataset_id:<20} {len(metrics):4} neurons")
    return total


def dataset_metrics(names: list[str], synapses) -> dict[str, tuple[int, int, float, float]]:
    """neuron -> (degree in, degree out, PageRank, eigenvector centrality)."""
    directed_weight: dict[tuple[str, str], int] = defaultdict(int)
    undirected_weight: dict[tuple[str, str], int] = defaultdict(int)
    for pre, post, kind, count in synapses:
        directed_weight[pre, post] += count
        if kind == Synapse.ELECTRICAL and pre != post:
            directed_weight[post, pre] += count
        undirected_weight[min(pre, post), max(pre, post)] += count
    directed, undirected = nx.DiGraph(), nx.Graph()
    directed.add_nodes_from(names)
    undirected.add_nodes_from(names)
    directed.add_weighted_edges_from((a, b, w) for (a, b), w in directed_weight.items())
    undirected.add_weighted_edges_from((a, b, w) for (a, b), w in undirected_weight.items())
    pagerank = nx.pagerank(directed, weight="weight") if names else {}
    eigenvector = _eigenvector_centrality(undirected)
    return {
        name: (
            int(directed.in_degree(name, weight="weight")),
            int(directed.out_degree(name, weight="weight")),
            round(pagerank.get(name, 0.0), 8),
            round(eigenvector.get(name, 0.0), 8),
        )
        for name in names
    }


def _eigenvector_centrality(graph: nx.Graph) -> dict[str, float]:
    """The principal eigenvector (scipy's ARPACK; power iteration, max 1000 iterations, tol
    1e-6, for graphs of two nodes or if ARPACK fails); {} (all 0) for a graph without edges
    or if neither converges."""
    if graph.number_of_edges() == 0:
        return {}
    if graph.number_of_nodes() > 2:  # ARPACK needs k < n - 1
        try:
            return nx.eigenvector_centrality_numpy(graph, weight="weight")
        except (nx.NetworkXException, ArpackNoConvergence):
            pass
    try:
        return nx.eigenvector_centrality(graph, max_iter=1000, tol=1e-6, weight="weight")
    except nx.PowerIterationFailedConvergence:
        return {}
