"""POST /connectome/api/get-edges/: real connections, the labelling rules, every error."""

import json

import pytest
from django.conf import settings
from django.test import Client

from connectome.importer import read_connectome, write_connectome
from tests.fixture_data import chem, gap, write_data

URL = "/connectome/api/get-edges/"
pytestmark = pytest.mark.django_db


def post(client, body, **extra):
    return client.post(URL, json.dumps(body) if not isinstance(body, (str, bytes)) else body,
                       content_type="application/json", **extra)


def edges(data):
    return {(s["pre"], s["post"], s["type"]): (s["count"], s["list_count"]) for s in data["synapses"]}


def _raw_records(dataset_id):
    path = settings.DATA_DIR / f"wormwideweb-data/connectome/connectome/{dataset_id}.json"
    return json.loads(path.read_text())


def test_ava_and_rim_in_white_1986_whole_match_the_raw_file(client):
    """Class counts are sums over member pairs; this file lists each gap junction both ways."""
    records = _raw_records("white_1986_whole")
    ava, rim = {"AVAL", "AVAR"}, {"RIML", "RIMR"}
    rim_to_ava = sum(sum(r["syn"]) for r in records if r["typ"] == 0 and r["pre"] in rim and r["post"] in ava)
    ava_to_rim = sum(sum(r["syn"]) for r in records if r["typ"] == 0 and r["pre"] in ava and r["post"] in rim)
    gap_both_ways = sum(
        sum(r["syn"]) for r in records if r["typ"] == 2 and {r["pre"], r["post"]} & ava and {r["pre"], r["post"]} & rim
    )
    data = post(client, {"datasets": ["white_1986_whole"], "neurons": [], "classes": ["AVA", "RIM"],
                         "show_individual_neuron": False, "show_connected_neuron": False}).json()
    assert data["datasets"] == ["white_1986_whole"]
    assert data["neurons"] == ["AVA", "RIM"]
    found = edges(data)
    assert found[("RIM", "AVA", "c")] == (rim_to_ava, [rim_to_ava])
    assert found[("AVA", "RIM", "e")] == (gap_both_ways // 2, [gap_both_ways // 2])
    assert found.get(("AVA", "RIM", "c"), (0,))[0] == ava_to_rim


def test_synapses_are_sorted_by_key_and_neurons_sorted(client):
    data = post(client, {"datasets": ["cook_jarrell_2019_h"], "classes": ["AVA", "AVB", "RIM", "AIB"],
                         "show_connected_neuron": False}).json()
    keys = [f"{s['pre']}!{s['post']}!{s['type']}" for s in data["synapses"]]
    assert keys == sorted(keys)
    assert data["neurons"] == sorted(data["neurons"])


def test_list_count_follows_the_order_of_the_datasets(client):
    ids = ["witvliet_2020_1", "witvliet_2020_8", "white_1986_whole"]
    forward = edges(post(client, {"datasets": ids, "classes": ["AVA", "RIM"]}).json())
    backward = edges(post(client, {"datasets": ids[::-1], "classes": ["AVA", "RIM"]}).json())
    assert forward.keys() == backward.keys()
    for key, (count, per_dataset) in forward.items():
        assert count == sum(per_dataset)
        assert backward[key] == (count, per_dataset[::-1])


@pytest.fixture
def small(tmp_path):
    """Two fixture datasets, replacing the real data for one test."""
    write_connectome(read_connectome(write_data(tmp_path, {
        "one": [chem("ASHL", "AVAL", 2), chem("ASHR", "AVAR", 3), chem("AVAL", "VA01", 4),
                gap("AVAL", "AVBR", 1), gap("AVBR", "AVAL", 1), chem("AVBL", "VA01", 5)],
        "two": [chem("ASHL", "AVAL", 7), gap("AVAR", "AVBL", 2)],
    })))


def test_classes_collapse_members(client, small):
    data = post(client, {"datasets": ["one"], "classes": ["ASH", "AVA"]}).json()
    assert edges(data) == {("ASH", "AVA", "c"): (5, [5])}


def test_connected_neurons_are_labelled_by_class(client, small):
    data = post(client, {"datasets": ["one"], "classes": ["AVA"], "show_connected_neuron": True}).json()
    assert edges(data) == {
        ("ASH", "AVA", "c"): (5, [5]),
        ("AVA", "AVB", "e"): (1, [1]),  # listed both ways in the file, counted once
        ("AVA", "VA", "c"): (4, [4]),
    }


def test_selected_neuron_splits_its_class(client, small):
    """AVAL selected: AVAR, reached as a connected neuron, is shown as itself, not as AVA."""
    data = post(
        client, {"datasets": ["one"], "neurons": ["AVAL"], "classes": ["ASH"], "show_connected_neuron": True}
    ).json()
    assert edges(data) == {
        ("ASH", "AVAL", "c"): (2, [2]),
        ("ASH", "AVAR", "c"): (3, [3]),
        ("AVAL", "AVB", "e"): (1, [1]),
        ("AVAL", "VA", "c"): (4, [4]),
    }


def test_individual_neurons(client, small):
    data = post(client, {"datasets": ["one"], "classes": ["ASH", "AVA"], "show_individual_neuron": True}).json()
    # Selected classes keep their class label; only unselected endpoints go individual.
    assert edges(data) == {("ASH", "AVA", "c"): (5, [5])}
    data = post(client, {"datasets": ["one"], "classes": ["AVA"], "show_individual_neuron": True,
                         "show_connected_neuron": True}).json()
    assert edges(data) == {
        ("ASHL", "AVA", "c"): (2, [2]), ("ASHR", "AVA", "c"): (3, [3]),
        ("AVA", "AVBR", "e"): (1, [1]), ("AVA", "VA01", "c"): (4, [4]),
    }


def test_gap_junction_labels_are_in_alphabetical_order(client, small):
    data = post(client, {"datasets": ["two"], "neurons": ["AVBL", "AVAR"]}).json()
    assert edges(data) == {("AVAR", "AVBL", "e"): (2, [2])}


def test_counts_per_dataset(client, small):
    data = post(client, {"datasets": ["two", "one"], "neurons": ["ASHL", "AVAL"]}).json()
    assert edges(data) == {("ASHL", "AVAL", "c"): (9, [7, 2])}


def test_no_csrf_token_needed(small):
    response = post(Client(enforce_csrf_checks=True), {"datasets": ["one"], "classes": ["AVA"]})
    assert response.status_code == 200


# Errors


@pytest.mark.parametrize("body, fragment", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "JSON object"),
    ({}, "Missing required parameter 'datasets'"),
    ({"datasets": "white_1986_whole"}, "'datasets' must be a list"),
    ({"datasets": []}, "at least one dataset"),
    ({"datasets": ["white_1986_whole"], "neurons": "AVAL"}, "'neurons' must be a list"),
    ({"datasets": ["white_1986_whole"], "classes": [1]}, "'classes' must be a list"),
    ({"datasets": ["white_1986_whole"], "show_individual_neuron": "yes"}, "true or false"),
    ({"datasets": ["white_1986_whole"], "neurons": [f"N{i}" for i in range(701)]}, "At most 700"),
    ({"datasets": [f"d{i}" for i in range(17)]}, "At most 16 datasets"),
])
def test_bad_input_is_400(client, body, fragment):
    response = post(client, body)
    assert response.status_code == 400
    assert fragment in response.json()["error"]


def test_unknown_dataset_is_404(client):
    response = post(client, {"datasets": ["white_1986_whole", "nope"], "classes": ["AVA"]})
    assert response.status_code == 404
    assert "'nope'" in response.json()["error"]


def test_unknown_names_are_404_naming_them(client):
    response = post(client, {"datasets": ["white_1986_whole"], "neurons": ["AVAL", "FOO"], "classes": ["BAR"]})
    assert response.status_code == 404
    assert "'FOO'" in response.json()["error"] and "'BAR'" in response.json()["error"]


def test_oversized_body_is_400(client):
    body = json.dumps({"datasets": ["white_1986_whole"], "neurons": [], "padding": "x" * 70_000})
    response = post(client, body)
    assert response.status_code == 400
    assert "too large" in response.json()["error"]


def test_get_is_405(client):
    response = client.get(URL)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "error" in response.json()
