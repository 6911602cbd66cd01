"""GET /connectome/api/edge-diff/: every edge of two whole connectomes against the raw JSON
files (pandas), the status rule, normalisation, selections, errors."""

import numpy as np
import pandas as pd
import pytest

from tests.raw_connectome import neuron_table, raw_edges

URL = "/connectome/api/edge-diff/"
pytestmark = pytest.mark.django_db


def merged(a, b, drop_gaps=False):
    table = raw_edges(a).merge(raw_edges(b), on=["pre", "post", "type"], how="outer", suffixes=("_a", "_b"))
    table = table.fillna(0).astype({"count_a": int, "count_b": int})
    return table[table["type"] == "c"] if drop_gaps else table


def expected_status(count_a, count_b, fold, threshold):
    if count_b == 0:
        return "only_in_a"
    if count_a == 0:
        return "only_in_b"
    return "stronger" if fold >= threshold else "weaker" if fold <= 1 / threshold else "unchanged"


def by_key(data):
    return {(e["pre"], e["post"], e["type"]): e for e in data["edges"]}


def test_whole_connectomes_match_the_raw_files(client):
    data = client.get(URL, {"a": "white_1986_whole", "b": "cook_jarrell_2019_h"}).json()
    table = merged("white_1986_whole", "cook_jarrell_2019_h")
    got = by_key(data)
    assert len(got) == len(table) == len(data["edges"])
    for row in table.itertuples():
        edge = got[(row.pre, row.post, row.type)]
        assert (edge["count_a"], edge["count_b"]) == (row.count_a, row.count_b)
        assert edge["change"] == row.count_b - row.count_a
        fold = row.count_b / row.count_a if row.count_a and row.count_b else None
        assert edge["fold"] == (None if fold is None else pytest.approx(fold, rel=1e-5))
        assert edge["status"] == expected_status(row.count_a, row.count_b, fold, 2)
    statuses = pd.Series([e["status"] for e in data["edges"]]).value_counts().to_dict()
    assert {k: v for k, v in data["counts"].items() if v} == statuses
    assert set(statuses) == {"only_in_a", "only_in_b", "stronger", "weaker", "unchanged"}
    assert "stronger: fold >= 2" in data["rule"]


def test_normalised_by_total_synapse_count(client):
    a, b = "white_1986_whole", "witvliet_2020_8"  # Witvliet: no gap-junction data
    data = client.get(URL, {"a": a, "b": b, "normalize": "true", "min_count": 3, "fold_threshold": 1.5}).json()
    total_a, total_b = raw_edges(a)["count"].sum(), raw_edges(b)["count"].sum()
    assert data["totals"] == {a: total_a, b: total_b}
    table = merged(a, b, drop_gaps=True)
    table = table[np.maximum(table["count_a"], table["count_b"]) >= 3]
    got = by_key(data)
    assert len(got) == len(table) and all(key[2] == "c" for key in got)
    for row in table.itertuples():
        edge = got[(row.pre, row.post, row.type)]
        share_a, share_b = row.count_a / total_a, row.count_b / total_b
        assert edge["change"] == pytest.approx(share_b - share_a, rel=1e-5, abs=1e-12)
        fold = share_b / share_a if row.count_a and row.count_b else None
        assert edge["status"] == expected_status(row.count_a, row.count_b, fold, 1.5)
    assert any("gap-junction data" in note for note in data["notes"])


def test_a_class_selection_sums_members_as_get_edges_does(client):
    a, b = "cook_jarrell_2019_h", "witvliet_2020_7"
    data = client.get(URL, {"a": a, "b": b, "classes": "AVA,RIM,AIB", "neurons": "ASHL"}).json()
    cls = dict(zip(neuron_table()["name"], neuron_table()["class"], strict=True))

    def label(name):
        return name if name == "ASHL" else cls[name]

    table = merged(a, b, drop_gaps=True)
    members = {n for n, c in cls.items() if c in {"AVA", "RIM", "AIB"}} | {"ASHL"}
    table = table[table["pre"].isin(members) & table["post"].isin(members)]
    table = table.assign(pre=table["pre"].map(label), post=table["post"].map(label))
    sums = table.groupby(["pre", "post", "type"])[["count_a", "count_b"]].sum()
    got = by_key(data)
    assert set(got) == set(sums.index)
    for key, row in sums.iterrows():
        assert (got[key]["count_a"], got[key]["count_b"]) == (row["count_a"], row["count_b"])


@pytest.mark.parametrize("params, status, words", [
    ({"a": "white_1986_whole"}, 400, "Missing required parameter 'b'"),
    ({"a": "white_1986_whole", "b": "cook"}, 404, "Unknown dataset"),
    ({"a": "white_1986_whole", "b": "cook_2020", "classes": "RIMM"}, 404, "Did you mean RIM"),
    ({"a": "white_1986_whole", "b": "cook_2020", "min_count": "0"}, 400, "between 1 and"),
    ({"a": "white_1986_whole", "b": "cook_2020", "fold_threshold": "x"}, 400, "number"),
    ({"a": "white_1986_whole", "b": "cook_2020", "normalize": "maybe"}, 400, "true or false"),
    ({"a": "white_1986_whole", "b": "cook_2020", "neurons": "AVAL;AVAR"}, 400, "names joined by commas"),
])
def test_bad_input_is_a_clear_error(client, params, status, words):
    response = client.get(URL, params)
    assert response.status_code == status
    assert words in response.json()["error"]
