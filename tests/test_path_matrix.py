"""GET /connectome/api/path-matrix/ against networkx on the raw connectome files."""

import networkx as nx
import pytest

from tests.connectome_files import neuron_table, oracle_graph

URL = "/connectome/api/path-matrix/"
pytestmark = pytest.mark.django_db


def matrix(client, dataset, sources, targets, **params):
    response = client.get(URL, {"dataset": dataset, "sources": sources, "targets": targets, **params})
    assert response.status_code == 200, response.content
    return response.json()


def check(data, g, weighted):
    weight = "weight" if weighted else None
    for i, s in enumerate(data["sources"]):
        for j, t in enumerate(data["targets"]):
            if not nx.has_path(g, s, t):
                assert data["distance"][i][j] is None and data["n_shortest_paths"][i][j] is None
                continue
            assert data["distance"][i][j] == pytest.approx(nx.shortest_path_length(g, s, t, weight=weight))
            if s != t:
                assert data["n_shortest_paths"][i][j] == sum(1 for _ in nx.all_shortest_paths(g, s, t, weight=weight))


@pytest.mark.parametrize("dataset", ["white_1986_whole", "cook_jarrell_2019_h", "witvliet_2020_8"])
@pytest.mark.parametrize("weighted", [False, True])
def test_distances_and_counts_equal_networkx(client, dataset, weighted):
    data = matrix(client, dataset, "ASHL,ASHR,AWCL,ADLL", "AVAL,AVBL,RIML,AIBR", weighted=str(weighted).lower())
    assert data["sources"] == ["ASHL", "ASHR", "AWCL", "ADLL"] and data["targets"] == ["AVAL", "AVBL", "RIML", "AIBR"]
    check(data, oracle_graph(dataset), weighted)


def test_chemical_only_and_unreachable_pairs_are_null(client):
    g = oracle_graph("white_1986_whole", gap_junctions=False)
    sinks = sorted(n for n in g if g.out_degree(n) == 0 and g.in_degree(n) > 0)[:3]
    data = matrix(client, "white_1986_whole", ",".join(["ASHL", *sinks]), "AVAL,VA08", weighted="false",
                  gap_junction="false")
    assert data["sources"] == ["ASHL", *sinks]
    assert all(v is None for row in data["distance"][1:] for v in row)
    check(data, g, False)


def test_classes_at_class_level(client):
    data = matrix(client, "white_1986_whole", "ASH,AWC,ADL", "AVA,AVB,RIM", **{"class": "true"}, weighted="false")
    check(data, oracle_graph("white_1986_whole", by_class=True), False)


def test_a_class_expands_to_its_neurons_at_neuron_level(client):
    data = matrix(client, "white_1986_whole", "ASH", "AVA", weighted="false")
    assert data["sources"] == ["ASHL", "ASHR"] and data["targets"] == ["AVAL", "AVAR"]
    assert "sources: ASH: the class's 2 neurons in the dataset" in data["notes"]
    check(data, oracle_graph("white_1986_whole"), False)


def test_cell_types_expand_capped_at_30_and_say_so(client):
    g = oracle_graph("white_1986_whole")
    sensory = [n for n, row in sorted(neuron_table().items()) if "s" in row["type_code"] and n in g]
    motor = [n for n, row in sorted(neuron_table().items()) if "m" in row["type_code"] and n in g]
    assert len(sensory) > 30 and len(motor) > 30
    data = matrix(client, "white_1986_whole", "sensory", "motor", weighted="false")
    assert data["sources"] == sensory[:30] and data["targets"] == motor[:30]
    assert f"sources: sensory: {len(sensory)} neurons of that cell type in the dataset" in data["notes"]
    assert any(n.startswith(f"sources: {len(sensory)} nodes; only the first 30") and sensory[30] in n
               for n in data["notes"])
    assert len(data["distance"]) == 30 and all(len(row) == 30 for row in data["distance"])
    for i in (0, 7, 29):  # a few rows against networkx (all 900 pairs would count many paths)
        lengths = nx.single_source_shortest_path_length(g, data["sources"][i])
        assert data["distance"][i] == [lengths.get(t) for t in data["targets"]]


def test_a_neuron_absent_from_the_dataset_is_left_out_and_noted(client):
    data = matrix(client, "white_1986_jse", "ASHL,PHAL", "AVAL")  # the male tail has no ASHL
    assert data["sources"] == ["PHAL"] and "sources: ASHL has no synapses in the dataset, left out" in data["notes"]


@pytest.mark.parametrize("params, status, words", [
    ({"dataset": "nope", "sources": "ASHL", "targets": "AVAL"}, 404, "'nope'"),
    ({"dataset": "white_1986_whole", "sources": "ASHL", "targets": "XYZ"}, 404, "'XYZ'"),
    ({"dataset": "white_1986_whole", "sources": "ASHL"}, 400, "'targets'"),
    ({"dataset": "white_1986_whole", "sources": "ASHL,", "targets": "AVAL"}, 400, "sources"),
    ({"dataset": "white_1986_whole", "sources": ",".join(["ASHL"] * 31), "targets": "AVAL"}, 400, "sources"),
])
def test_bad_input_is_answered_with_a_message(client, params, status, words):
    response = client.get(URL, params)
    assert response.status_code == status
    assert words in response.json()["error"]
