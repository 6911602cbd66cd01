"""GET /activity/api/data/replay/: activity on the connectome (spec 7.5)."""

import csv
import json
from collections import Counter

import networkx as nx
import numpy as np
import pytest
from django.conf import settings

from activity.behavior import behavior_arrays
from activity.models import GCaMPDataset, trace_array
from activity.replay import normalised
from tests.activity_fixtures import (
    PAPER,
    import_tree,
    label,
    matched,
    recording_arrays,
    write_h5,
    write_tree,
)

pytestmark = pytest.mark.django_db
URL = "/activity/api/data/replay/"
ACTIVITY = "dag_nwabudike_kang_2023-2022-07-27-31"
CONNECTOME = "white_1986_whole"


def replay(client, **params):
    return client.get(URL, {"activity_dataset": ACTIVITY, "connectome_dataset": CONNECTOME, **params})


@pytest.fixture
def answer(client):
    response = replay(client)
    assert response.status_code == 200 and response["Cache-Control"] == "public, max-age=300, must-revalidate"
    return response.json()


def labelled_traces(dataset_id=ACTIVITY) -> dict[str, tuple[int, np.ndarray]]:
    dataset = GCaMPDataset.objects.get(dataset_id=dataset_id)
    return {
        name: (idx, trace_array(trace))
        for idx, name, trace in dataset.neurons.exclude(neuron_name="").values_list(
            "idx_neuron", "neuron_name", "trace"
        )
        if "?" not in name
    }


def test_nodes_are_the_labelled_neurons_in_the_connectome(answer):
    from connectome.edges import available_neurons

    present = set(available_neurons([CONNECTOME])["neurons"])
    labelled = labelled_traces()
    matched = sorted(name for name in labelled if name in present)
    assert [n["id"] for n in answer["nodes"]] == matched
    meta = answer["meta"]
    assert (meta["n_activity_nodes"], meta["n_nodes"], meta["n_connected_only_nodes"]) == (
        len(matched),
        len(matched),
        0,
    )
    dataset = GCaMPDataset.objects.get(dataset_id=ACTIVITY)
    assert (meta["trace_length"], meta["avg_timestep"]) == (dataset.max_t, dataset.avg_timestep)
    assert answer["status"] == "ok" and answer["warnings"] == []
    for node in answer["nodes"]:
        idx, trace = labelled[node["id"]]
        assert node["representative_idx_neuron"] == idx and node["has_activity"]
        np.testing.assert_allclose(node["trace"], normalised(trace), atol=1e-3)
        assert -1 <= min(node["trace"]) and max(node["trace"]) <= 1
    global_signal = np.mean([np.abs(n["trace"]) for n in answer["nodes"]], axis=0)
    np.testing.assert_allclose(answer["timeline"]["global_signal"], global_signal, atol=2e-3)
    assert answer["timeline"]["time_minutes"][1] == pytest.approx(dataset.avg_timestep, abs=1e-6)


def test_normalisation_is_zscore_clip_3_divide_3():
    trace = np.r_[np.zeros(98), 10.0, -10.0]
    z = (trace - trace.mean()) / trace.std()
    np.testing.assert_allclose(normalised(trace), np.clip(z, -3, 3) / 3)
    assert not np.any(normalised(np.ones(5)))  # constant: all 0, no division by 0


def raw_connectome(dataset_id: str) -> tuple[dict, dict]:
    """The synapse counts of a dataset read straight from the published files (data/README and
    README "How connections are counted"): names renamed by connectome_neurons_replacement.csv,
    records of the same (pre, post, type) added up, `proctodeum` (not a cell) dropped, a gap
    junction counted once per pair as the larger of its two directions, none where the
    dataset's configuration skips them. Returns ({(pre, post): chemical count},
    {frozenset(pair): gap junction count})."""
    root = settings.DATA_DIR / "wormwideweb-data"
    with open(root / "config/connectome_neurons_replacement.csv", encoding="utf-8-sig") as f:
        rename = {row["original"]: row["replacement"] for row in csv.DictReader(f)}
    config = {d["id"]: d for d in json.loads((root / "connectome/connectome_datasets.json").read_text())}[dataset_id]
    chemical, directed_gap = Counter(), Counter()
    for record in json.loads((root / f"connectome/connectome/{dataset_id}.json").read_text()):
        pre, post = rename.get(record["pre"], record["pre"]), rename.get(record["post"], record["post"])
        if "proctodeum" in (pre, post):
            continue
        if record["typ"] == 0:
            chemical[pre, post] += sum(record["syn"])
        elif not config.get("skip_gap_junction"):
            directed_gap[pre, post] += sum(record["syn"])
    gap = {}
    for (a, b), count in directed_gap.items():
        gap[frozenset((a, b))] = max(gap.get(frozenset((a, b)), 0), count)
    return dict(chemical), gap


@pytest.mark.parametrize("connectome", [CONNECTOME, "cook_jarrell_2019_h"])
def test_edges_are_the_raw_files_edges_among_the_nodes(client, connectome):
    data = replay(client, connectome_dataset=connectome, min_synapse_chemical="3", min_synapse_electrical="2").json()
    chemical, gap = raw_connectome(connectome)
    names = {n["id"] for n in data["nodes"]}
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(names)  # a node may have no edge over the thresholds
    graph.add_edges_from((a, b, {"weight": w, "kind": "chemical"}) for (a, b), w in chemical.items() if w >= 3)
    for pair, w in gap.items():
        if w >= 2:
            a, b = sorted(pair) * (2 if len(pair) == 1 else 1)
            both_ways = {(a, b), (b, a)}  # one edge for a gap junction of a neuron with itself
            graph.add_edges_from((x, y, {"weight": w, "kind": "electrical"}) for x, y in both_ways)
    among = graph.subgraph(names)
    expected = {(a, b, d["weight"], d["kind"]) for a, b, d in among.edges(data=True)}
    edges = [(e["source"], e["target"], e["weight"], e["edge_type"]) for e in data["edges"]]
    assert expected and set(edges) == expected
    assert len(edges) == len(set(edges)) == data["meta"]["n_edges"]
    for node in data["nodes"]:
        assert node["degree_out"] == among.out_degree(node["id"], weight="weight")
        assert node["degree_in"] == among.in_degree(node["id"], weight="weight")


def test_without_electrical_edges(client):
    data = replay(client, include_electrical="false").json()
    assert data["edges"] and {e["edge_type"] for e in data["edges"]} == {"chemical"}


def test_show_connected_adds_nodes_without_activity(client):
    data = replay(client, show_connected="1", min_synapse_chemical="5").json()
    extra = [n for n in data["nodes"] if not n["has_activity"]]
    assert extra and data["meta"]["n_connected_only_nodes"] == len(extra)
    for node in extra:
        assert (
            set(node["trace"]) == {0}
            and node["representative_idx_neuron"] is None
            and node["behavior_correlations"] == {}
        )


@pytest.mark.parametrize("connectome", [CONNECTOME, "cook_jarrell_2019_h"])
def test_whole_connectome_degrees_and_centralities_match_networkx_on_the_raw_files(client, connectome):
    chemical, gap = raw_connectome(connectome)
    directed, undirected = nx.DiGraph(), nx.Graph()
    for (a, b), w in chemical.items():
        add_weight(directed, a, b, w)
        add_weight(undirected, a, b, w)
    for pair, w in gap.items():
        a, b = sorted(pair) * (2 if len(pair) == 1 else 1)
        add_weight(directed, a, b, w)
        if a != b:  # a gap junction counts in both directions, once with itself
            add_weight(directed, b, a, w)
        add_weight(undirected, a, b, w)
    pagerank = nx.pagerank(directed, weight="weight")
    eigenvector = nx.eigenvector_centrality_numpy(undirected, weight="weight")
    nodes = replay(client, connectome_dataset=connectome).json()["nodes"]
    assert len(nodes) >= 50
    for node in nodes:
        name = node["id"]
        assert node["degree_in_full"] == directed.in_degree(name, weight="weight")
        assert node["degree_out_full"] == directed.out_degree(name, weight="weight")
        assert node["degree_total_full"] == node["degree_in_full"] + node["degree_out_full"]
        assert node["pagerank_centrality"] == pytest.approx(pagerank[name], abs=1e-6)
        assert node["eigenvector_centrality"] == pytest.approx(abs(eigenvector[name]), abs=1e-5)


def add_weight(graph, a, b, w):
    """Add w to the weight of edge a-b (creating it)."""
    graph.add_edge(a, b, weight=graph.get_edge_data(a, b, {"weight": 0})["weight"] + w)


def test_behaviour_correlations_and_block(answer):
    dataset = GCaMPDataset.objects.get(dataset_id=ACTIVITY)
    behavior = behavior_arrays(dataset.behavior)
    labelled = labelled_traces()
    for node in answer["nodes"][:10]:
        trace = normalised(labelled[node["id"]][1])
        assert set(node["behavior_correlations"]) == set(behavior)
        for key, values in behavior.items():
            assert node["behavior_correlations"][key] == pytest.approx(np.corrcoef(trace, values)[0, 1], abs=1e-5)
    block = answer["behavior"]
    assert block["default_behavior"] == "v" and list(block["traces"]) == list(behavior)
    assert block["reversal_events"] == dataset.behavior["reversal_events"]


def test_recording_without_behaviour(client):
    data = client.get(
        URL, {"activity_dataset": "atanas_kim_2023-2022-08-02-01", "connectome_dataset": "cook_jarrell_2019_h"}
    ).json()
    assert data["behavior"] is None and data["meta"]["has_behavior"] is False
    assert any("no behaviour data" in w for w in data["warnings"])
    assert all(n["behavior_correlations"] == {} for n in data["nodes"])


def test_traces_sharing_a_label_are_averaged_and_uncertain_labels_left_out(tmp_path, client):
    arrays = recording_arrays(n_neuron=6, n_t=30)
    labels = {"u1": {
        "1": label("AVAL", "AVA", "L"), "2": label("AVAL", "AVA", "L"), "3": label("AVAR", "AVA", "R"),
        "4": label("RIML", "RIM", "L"), "5": label("RIM?R", "RIM", "missing"), "6": label("AIBL", "AIB", "L"),
    }}
    labels, match = matched(labels["u1"])
    write_tree(tmp_path, [{"uid": "u1", "label": True}], labels={"u1": labels})
    write_h5(tmp_path / PAPER / "u1-data.h5", arrays, roi_match=match)
    import_tree(tmp_path)
    data = client.get(URL, {"activity_dataset": f"{PAPER}-u1", "connectome_dataset": CONNECTOME}).json()
    nodes = {n["id"]: n for n in data["nodes"]}
    assert sorted(nodes) == ["AIBL", "AVAL", "AVAR", "RIML"]
    assert nodes["AVAL"]["representative_idx_neuron"] == 1
    np.testing.assert_allclose(nodes["AVAL"]["trace"], normalised(arrays["traces"][:2].mean(axis=0)), atol=1e-3)


def test_fewer_than_three_neurons_in_the_connectome_is_404(tmp_path, client):
    """A well-formed request for a pair that has no replay: 404 (the schema calls it valid)."""
    labels, match = matched({"1": label("AVAL", "AVA", "L"), "2": label("AVAR", "AVA", "R")})
    write_tree(tmp_path, [{"uid": "u1", "label": True}], labels={"u1": labels})
    write_h5(tmp_path / PAPER / "u1-data.h5", recording_arrays(), roi_match=match)
    import_tree(tmp_path)
    response = client.get(URL, {"activity_dataset": f"{PAPER}-u1", "connectome_dataset": CONNECTOME})
    assert response.status_code == 404 and "at least 3" in response.json()["error"]


def test_cached_answer_is_the_same_without_queries(client, django_assert_num_queries):
    first = replay(client).content
    with django_assert_num_queries(0):
        assert replay(client).content == first


@pytest.mark.parametrize("params, status, fragment", [
    ({"activity_dataset": ""}, 400, "Give activity_dataset and connectome_dataset"),
    ({"connectome_dataset": ""}, 400, "Give activity_dataset and connectome_dataset"),
    ({"include_electrical": "maybe"}, 400, "'include_electrical' must be true or false"),
    ({"show_connected": "2"}, 400, "'show_connected' must be true or false"),
    ({"min_synapse_chemical": "0"}, 400, "between 1 and 5000"),
    ({"min_synapse_electrical": "5001"}, 400, "between 1 and 5000"),
    ({"min_synapse_chemical": "many"}, 400, "must be an integer"),
    ({"activity_dataset": "nope"}, 404, "Unknown recording 'nope'"),
    ({"connectome_dataset": "nope"}, 404, "Unknown connectome dataset 'nope'"),
])
def test_bad_parameters(client, params, status, fragment):
    response = replay(client, **params)
    assert response.status_code == status and fragment in response.json()["error"]


def test_booleans_accept_yes_no_on_off(client):
    assert replay(client, include_electrical="no", show_connected="off").json()["meta"]["include_electrical"] is False
    assert replay(client, include_electrical="on").json()["meta"]["include_electrical"] is True
