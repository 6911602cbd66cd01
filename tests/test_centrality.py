"""Whole-connectome measures computed at import (connectome/centrality.py)."""

import math

import pytest

from connectome.centrality import dataset_metrics
from connectome.models import NeuronMetrics, Synapse

C, E = Synapse.CHEMICAL, Synapse.ELECTRICAL


def test_degrees_count_gap_junctions_both_ways():
    metrics = dataset_metrics(["A", "B", "C"], [("A", "B", C, 3), ("B", "C", E, 2)])
    assert {name: m[:2] for name, m in metrics.items()} == {"A": (0, 3), "B": (5, 2), "C": (2, 2)}


def test_eigenvector_centrality_of_a_path_is_the_principal_eigenvector():
    # Undirected path A - B - C, weight 1: the eigenvector of [[0,1,0],[1,0,1],[0,1,0]].
    metrics = dataset_metrics(["A", "B", "C"], [("A", "B", C, 1), ("B", "C", E, 1)])
    assert [metrics[n][3] for n in "ABC"] == pytest.approx([0.5, 1 / math.sqrt(2), 0.5], abs=1e-6)


def test_two_neurons_use_power_iteration():
    metrics = dataset_metrics(["A", "B"], [("A", "B", C, 4)])
    assert metrics["A"][3] == pytest.approx(metrics["B"][3]) == pytest.approx(1 / math.sqrt(2), abs=1e-6)


def test_pagerank_sums_to_one_and_an_isolated_neuron_gets_its_share():
    metrics = dataset_metrics(["A", "B", "Z"], [("A", "B", C, 1), ("B", "A", C, 1)])
    assert sum(m[2] for m in metrics.values()) == pytest.approx(1, abs=1e-6)
    assert metrics["Z"][:2] == (0, 0) and metrics["Z"][3] == pytest.approx(0, abs=1e-5)


@pytest.mark.django_db
def test_every_neuron_of_every_dataset_has_its_measures():
    from connectome.models import Dataset

    assert not NeuronMetrics.objects.filter(dataset__dataset_id="yim_2024_dauer").exists()  # volumes, not counts
    for dataset in Dataset.objects.exclude(dataset_id="yim_2024_dauer"):
        stored = set(NeuronMetrics.objects.filter(dataset=dataset).values_list("neuron__name", flat=True))
        assert stored == set(dataset.available_neurons.values_list("name", flat=True))
