"""GET /connectome/api/find-paths/: shortest paths on real data and fixtures, every error."""

import json
from itertools import pairwise

import networkx as nx
import pytest
from django.conf import settings

from connectome.graph import precompute_path_graphs
from connectome.importer import read_connectome, write_connectome
from connectome.models import Neuron, Synapse
from tests.fixture_data import chem, gap, write_data

URL = "/connectome/api/find-paths/"
pytestmark = pytest.mark.django_db


def find(client, **params):
    return client.get(URL, params)


def oracle(dataset_id, gap_junctions=True):
    """A hop graph built straight from the Synapse table, to check answers against."""
    graph = nx.DiGraph()
    for pre, post, kind in Synapse.objects.filter(dataset__dataset_id=dataset_id).values_list(
        "pre__name", "post__name", "synapse_type"
    ):
        if pre == post or (kind == "e" and not gap_junctions):
            continue
        graph.add_edge(pre, post)
        if kind == "e":
            graph.add_edge(post, pre)
    return graph


def synapse_count(dataset_id, pre, post, kind):
    a, b = (pre, post) if kind == "c" else sorted((pre, post))
    return Synapse.objects.get(
        dataset__dataset_id=dataset_id, pre__name=a, post__name=b, synapse_type=kind
    ).synapse_count


def test_ashl_to_aval_in_white_1986_whole(client):
    response = find(client, dataset="white_1986_whole", start="ASHL", end="AVAL", weighted="false")
    assert response.status_code == 200
    data = response.json()
    expected = sorted(nx.all_shortest_paths(oracle("white_1986_whole"), "ASHL", "AVAL"))
    assert sorted(p["path"] for p in data["paths"]) == expected
    assert (data["n_paths_total"], data["truncated"]) == (len(expected), False)
    assert data["nodes"] == sorted({n for p in expected for n in p})
    assert data | {"paths": None, "nodes": None, "n_paths_total": None} == {
        "dataset_id": "white_1986_whole", "start_neuron": "ASHL", "end_neuron": "AVAL",
        "use_weights": False, "use_gap_junction": True, "use_class": False,
        "nodes": None, "paths": None, "n_paths_total": None, "truncated": False, "max_paths": 100,
    }


def test_each_hop_reports_its_real_synapses(client):
    data = find(client, dataset="cook_jarrell_2019_h", start="AWCL", end="AVAL", weighted="false").json()
    assert data["paths"]
    for path in data["paths"]:
        hops = list(pairwise(path["path"]))
        assert {(e["pre"], e["post"]) for e in path["edges"]} == set(hops)
        for e in path["edges"]:
            assert e["count"] == synapse_count("cook_jarrell_2019_h", e["pre"], e["post"], e["type"])
        assert path["total_weight"] == sum(e["count"] for e in path["edges"])


def test_chemical_only_uses_no_gap_junction(client):
    data = find(
        client, dataset="white_1986_whole", start="ASHL", end="VB02", weighted="false", gap_junction="false"
    ).json()
    expected = sorted(nx.all_shortest_paths(oracle("white_1986_whole", gap_junctions=False), "ASHL", "VB02"))
    assert sorted(p["path"] for p in data["paths"]) == expected[:100]
    assert all(e["type"] == "c" for p in data["paths"] for e in p["edges"])


def test_hub_to_hub_class_paths_are_capped_and_counted(client):
    data = find(
        client, dataset="cook_jarrell_2019_m", start="AWB", end="vsr", **{"class": "true"}, weighted="false"
    ).json()
    class_of = dict(Neuron.objects.values_list("name", "neuron_class__name"))
    graph = nx.DiGraph()
    for a, b in oracle("cook_jarrell_2019_m").edges:
        if class_of[a] != class_of[b]:
            graph.add_edge(class_of[a], class_of[b])
    total = sum(1 for _ in nx.all_shortest_paths(graph, "AWB", "vsr"))
    assert data["n_paths_total"] == total
    assert total > 100, "pick a query with more than 100 shortest paths"
    assert data["truncated"] is True
    assert len(data["paths"]) == 100 == len({tuple(p["path"]) for p in data["paths"]})


def test_one_way_gap_junctions_of_cook_2020_are_traversed_both_ways(client):
    """cook_2020 lists each gap junction in one direction only (here as listed: pre -> post)."""
    path = settings.DATA_DIR / "wormwideweb-data/connectome/connectome/cook_2020.json"
    listed = {(r["pre"], r["post"]) for r in json.loads(path.read_text()) if r["typ"] == 2}
    pre, post = next((a, b) for a, b in sorted(listed) if a != b and (b, a) not in listed)
    count = synapse_count("cook_2020", pre, post, "e")
    for start, end in ((pre, post), (post, pre)):
        data = find(client, dataset="cook_2020", start=start, end=end, weighted="false").json()
        assert data["paths"][0]["path"] == [start, end]
        assert {"pre": start, "post": end, "count": count, "type": "e"} in data["paths"][0]["edges"]


def test_dataset_without_gap_junctions_says_so(client):
    data = find(client, dataset="witvliet_2020_8", start="ASHL", end="AVAL").json()
    assert "no gap-junction data" in data["note"]


# Path semantics on a fixture: A short weak route and a long strong one.


@pytest.fixture
def routes(tmp_path):
    write_connectome(read_connectome(write_data(tmp_path, {"d": [
        chem("ASHL", "AVAL", 1),                            # one weak hop
        chem("ASHL", "AVBL", 20), chem("AVBL", "AVAL", 20),  # two strong hops
        gap("AVAR", "ASHR", 3),                              # gap junction only
        chem("ASHR", "AVBR", 2), chem("AVAR", "AVBR", 2),
    ]})))
    precompute_path_graphs()


def test_unweighted_counts_hops(client, routes):
    data = find(client, dataset="d", start="ASHL", end="AVAL", weighted="false").json()
    assert [p["path"] for p in data["paths"]] == [["ASHL", "AVAL"]]


def test_weighted_prefers_strong_connections(client, routes):
    data = find(client, dataset="d", start="ASHL", end="AVAL", weighted="true").json()
    assert [p["path"] for p in data["paths"]] == [["ASHL", "AVBL", "AVAL"]]
    assert data["paths"][0]["total_weight"] == 40


def test_weighted_is_the_default(client, routes):
    assert find(client, dataset="d", start="ASHL", end="AVAL").json()["use_weights"] is True


def test_class_level_counts_are_sums(client, routes):
    data = find(client, dataset="d", start="ASH", end="AVB", **{"class": "true"}).json()
    # ASHL -> AVBL (20) + ASHR -> AVBR (2)
    assert data["paths"][0]["edges"] == [{"pre": "ASH", "post": "AVB", "count": 22, "type": "c"}]


def test_gap_junction_toggle(client, routes):
    with_gap = find(client, dataset="d", start="AVAR", end="ASHR").json()
    assert with_gap["paths"][0]["edges"] == [{"pre": "AVAR", "post": "ASHR", "count": 3, "type": "e"}]
    without = find(client, dataset="d", start="AVAR", end="ASHR", gap_junction="false").json()
    assert without["paths"] == [] and without["message"] == "No path found"

def test_no_path(client, routes):
    data = find(client, dataset="d", start="AVAL", end="ASHL").json()
    assert data["paths"] == [] and data["n_paths_total"] == 0
    assert data["message"] == "No path found"


# Errors


@pytest.mark.parametrize("params", [
    {}, {"dataset": "white_1986_whole"}, {"dataset": "white_1986_whole", "start": "ASHL"},
    {"start": "ASHL", "end": "AVAL"},
])
def test_missing_parameters_are_400(client, params):
    response = find(client, **params)
    assert response.status_code == 400
    missing = [name for name in ("dataset", "start", "end") if name not in params]
    assert response.json()["error"].startswith("Missing required parameter")
    assert all(f"'{name}'" in response.json()["error"] for name in missing)


@pytest.mark.parametrize("params", [
    {"dataset": "", "start": "ASHL", "end": "AVAL"}, {"dataset": "white_1986_whole", "start": " ", "end": "AVAL"},
])
def test_empty_parameters_are_400(client, params):
    response = find(client, **params)
    assert response.status_code == 400
    assert "dataset, start and end" in response.json()["error"]


@pytest.mark.parametrize("flag", ["weighted", "gap_junction", "class"])
def test_bad_boolean_is_400(client, flag):
    response = find(client, dataset="white_1986_whole", start="ASHL", end="AVAL", **{flag: "maybe"})
    assert response.status_code == 400
    assert flag in response.json()["error"]


def test_unknown_dataset_is_404(client):
    response = find(client, dataset="nope", start="ASHL", end="AVAL")
    assert response.status_code == 404
    assert "'nope'" in response.json()["error"]


def test_unknown_neuron_is_404(client):
    response = find(client, dataset="white_1986_whole", start="ASHL", end="XYZ")
    assert response.status_code == 404
    assert "'XYZ'" in response.json()["error"]


def test_class_name_without_class_mode_gets_a_hint(client):
    response = find(client, dataset="white_1986_whole", start="ASH", end="AVA")
    assert response.status_code == 404
    assert "class=true" in response.json()["error"]


def test_neuron_absent_from_the_dataset_is_404(client):
    absent = Neuron.objects.exclude(datasets__dataset_id="white_1986_whole").first()
    response = find(client, dataset="white_1986_whole", start="ASHL", end=absent.name)
    assert response.status_code == 404
    assert absent.name in response.json()["error"] and "white_1986_whole" in response.json()["error"]


@pytest.mark.parametrize("by_class, level", [("false", "neurons"), ("true", "classes")])
def test_absent_name_message_names_the_level(client, by_class, level):
    """cook_2020 is the pharynx: the ventral cord's AVA (class) and AVAL have no synapses in it."""
    start = "AVA" if by_class == "true" else "AVAL"
    response = find(client, dataset="cook_2020", start=start, end="M4", **{"class": by_class})
    assert response.status_code == 404
    assert response.json()["error"] == f"{start} has no synapses with other {level} in cook_2020."


def test_post_is_405(client):
    response = client.post(URL)
    assert response.status_code == 405
    assert "error" in response.json()


@pytest.mark.parametrize("dataset_id, start, end", [
    ("white_1986_whole", "ASHL", "AVAL"), ("white_1986_whole", "ALML", "VA08"),
    ("cook_jarrell_2019_h", "AWCL", "AVBL"), ("cook_jarrell_2019_m", "PHAL", "DA01"),
])
def test_weighted_paths_match_networkx_dijkstra(client, dataset_id, start, end):
    """Weighted search agrees with networkx on a graph with 1/(chemical + gap) weights."""
    strength = {}
    for pre, post, kind, count in Synapse.objects.filter(dataset__dataset_id=dataset_id).values_list(
        "pre__name", "post__name", "synapse_type", "synapse_count"
    ):
        for a, b in [(pre, post)] + ([(post, pre)] if kind == "e" else []):
            if a != b:
                strength[a, b] = strength.get((a, b), 0) + count
    graph = nx.DiGraph()
    graph.add_weighted_edges_from((a, b, 1 / n) for (a, b), n in strength.items())
    expected = sorted(nx.all_shortest_paths(graph, start, end, weight="weight", method="dijkstra"))
    data = find(client, dataset=dataset_id, start=start, end=end, weighted="true").json()
    assert [p["path"] for p in data["paths"]] == expected[:100]
    assert data["n_paths_total"] == len(expected)


def test_wrong_method_is_a_json_405_with_allow(client):
    for response in (client.post(URL), client.put(URL)):
        assert response.status_code == 405 and response["Allow"] == "GET"
    assert client.delete(URL).json() == {"error": "Method DELETE is not allowed here; use GET."}


@pytest.mark.parametrize("params, name", [
    ({"start": "ASHL", "end": "ASHL"}, "ASHL"),
    ({"start": "AVA", "end": " AVA ", "class": "true"}, "AVA"),
])
def test_start_and_end_the_same_is_400(client, params, name):
    response = find(client, dataset="white_1986_whole", **params)
    assert response.status_code == 400
    assert response.json()["error"].startswith(f"start and end are the same ({name})")
