"""GET /connectome/api/matrix/: matrices of a selection against the raw JSON files (pandas),
orders, the difference of two datasets, errors."""

import numpy as np
import pytest
from scipy.cluster.hierarchy import leaves_list, linkage

from tests.raw_connectome import neuron_table, raw_edges

URL = "/connectome/api/matrix/"
pytestmark = pytest.mark.django_db


def get(client, **params):
    return client.get(URL, params)


def raw_matrix(dataset_id, labels, level="neuron"):
    """(chemical, gap) matrices among labels from the raw file: class level sums members."""
    edges = raw_edges(dataset_id)
    if level == "class":
        cls = dict(zip(neuron_table()["name"], neuron_table()["class"], strict=True))
        edges = edges.assign(pre=edges["pre"].map(cls), post=edges["post"].map(cls))
    index = {label: i for i, label in enumerate(labels)}
    chemical, gap = np.zeros((len(labels),) * 2, int), np.zeros((len(labels),) * 2, int)
    for row in edges.itertuples():
        if row.pre in index and row.post in index:
            i, j = index[row.pre], index[row.post]
            if row.type == "c":
                chemical[i, j] += row.count
            else:
                gap[i, j] += row.count
                if i != j:
                    gap[j, i] += row.count
    return chemical, gap


def test_neuron_matrix_matches_the_raw_file(client):
    data = get(client, a="white_1986_whole", classes="AVA,RIM,AIB", neurons="ASHL").json()
    assert data["labels"] == ["AIBL", "AIBR", "ASHL", "AVAL", "AVAR", "RIML", "RIMR"]
    chemical, gap = raw_matrix("white_1986_whole", data["labels"])
    assert data["chemical"]["a"] == chemical.tolist()
    assert data["gap"]["a"] == gap.tolist()
    assert chemical.sum() > 0 and gap.sum() > 0
    assert data["units"] == {"white_1986_whole": "synapses"} and data["b"] is None and data["difference"] is None


def test_class_matrix_sums_member_pairs(client):
    data = get(client, a="cook_jarrell_2019_h", classes="AVA,AVB,RIM,AIB,AVD", level="class").json()
    assert data["labels"] == ["AIB", "AVA", "AVB", "AVD", "RIM"]
    chemical, gap = raw_matrix("cook_jarrell_2019_h", data["labels"], level="class")
    assert data["chemical"]["a"] == chemical.tolist()
    assert data["gap"]["a"] == gap.tolist()


def test_whole_connectome_when_nothing_is_selected(client):
    data = get(client, a="witvliet_2020_8").json()
    edges = raw_edges("witvliet_2020_8")
    assert set(data["labels"]) == set(edges["pre"]) | set(edges["post"])
    assert np.array(data["chemical"]["a"]).sum() == edges[edges["type"] == "c"]["count"].sum()
    assert data["totals"]["witvliet_2020_8"] == edges["count"].sum()
    assert any("no gap-junction data" in note for note in data["notes"])


def test_difference_subtract_and_log2fold(client):
    labels_query = {"a": "white_1986_whole", "b": "cook_jarrell_2019_h", "classes": "AVA,AVB,RIM,AIB,PVC"}
    sub = get(client, **labels_query, difference="subtract").json()
    fold = get(client, **labels_query, difference="log2fold").json()
    assert sub["labels"] == fold["labels"]
    a_chem, a_gap = raw_matrix("white_1986_whole", sub["labels"])
    b_chem, b_gap = raw_matrix("cook_jarrell_2019_h", sub["labels"])
    assert sub["chemical"]["b"] == b_chem.tolist() and sub["gap"]["b"] == b_gap.tolist()
    assert sub["chemical"]["difference"] == (a_chem - b_chem).tolist()
    assert sub["gap"]["difference"] == (a_gap - b_gap).tolist()
    total_a, total_b = raw_edges("white_1986_whole")["count"].sum(), raw_edges("cook_jarrell_2019_h")["count"].sum()
    assert fold["totals"] == {"white_1986_whole": total_a, "cook_jarrell_2019_h": total_b}
    got = fold["chemical"]["difference"]
    n_checked = 0
    for i in range(len(sub["labels"])):
        for j in range(len(sub["labels"])):
            if a_chem[i, j] and b_chem[i, j]:
                expected = np.log2((a_chem[i, j] / total_a) / (b_chem[i, j] / total_b))
                assert got[i][j] == pytest.approx(expected, abs=1e-4)
                n_checked += 1
            else:
                assert got[i][j] is None
    assert n_checked > 5
    assert "log2" in fold["rule"]


def test_orders_by_type_and_by_clustering(client):
    query = {"a": "white_1986_whole", "classes": "AVA,AVB,RIM,AIB,ASH,AWC,VA,DA"}
    by_name = get(client, **query).json()
    by_type = get(client, **query, order="type").json()
    table = neuron_table().set_index("name")
    codes = [table.loc[n, "type_code"][:1] for n in by_type["labels"]]
    assert by_type["labels"] != by_name["labels"] and sorted(by_type["labels"]) == by_name["labels"]
    assert codes == sorted(codes, key="simnbu".index)
    clustered = get(client, **query, order="cluster").json()
    chemical, gap = raw_matrix("white_1986_whole", by_name["labels"])
    profile = np.log1p(np.hstack([chemical, chemical.T, gap, gap.T]).astype(float))
    expected = [by_name["labels"][i] for i in leaves_list(linkage(profile, method="average", metric="euclidean"))]
    assert clustered["labels"] == expected
    index = [by_name["labels"].index(label) for label in clustered["labels"]]
    assert clustered["chemical"]["a"] == chemical[np.ix_(index, index)].tolist()


def test_absent_names_are_reported(client):
    data = get(client, a="white_1986_jsh", classes="AVA,DA").json()  # DA motor neurons: not in the head
    assert "DA" in data["absent"] and all(not label.startswith("DA") for label in data["labels"])


@pytest.mark.parametrize("params, status, words", [
    ({}, 400, "Missing required parameter 'a'"),
    ({"a": "nope"}, 404, "Unknown dataset"),
    ({"a": "white_1986_whole", "b": "nope"}, 404, "Unknown dataset"),
    ({"a": "white_1986_whole", "classes": "AVAX"}, 404, "Did you mean AVA"),
    ({"a": "white_1986_whole", "neurons": "AVA"}, 404, "Unknown neuron 'AVA'"),
    ({"a": "white_1986_whole", "level": "cell"}, 400, "neuron or class"),
    ({"a": "white_1986_whole", "order": "random"}, 400, "cluster"),
    ({"a": "white_1986_whole", "b": "witvliet_2020_8", "difference": "ratio"}, 400, "log2fold"),
])
def test_bad_input_is_a_clear_error(client, params, status, words):
    response = get(client, **params)
    assert response.status_code == status
    assert words in response.json()["error"]
