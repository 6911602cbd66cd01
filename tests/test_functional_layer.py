"""The functional layer: POST /connectome/api/functional/ against funatlas.h5, read here with
h5py. Entry [i, j] of the file is i's response when j was stimulated: the edge is j -> i."""

import json

import h5py
import numpy as np
import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
H5 = settings.DATA_DIR / "wormneuroatlas/funatlas.h5"


@pytest.fixture(scope="module")
def raw():
    with h5py.File(H5) as f:
        ids = [n.decode() for n in f["neuron_ids"][()]]
        return ids, {s: {k: f[f"{s}/{k}"][()] for k in ("dFF", "q", "occ1")} for s in ("wt", "unc31")}


def post(client, **body):
    return client.post("/connectome/api/functional/", json.dumps(body), content_type="application/json")


def expected_edges(raw, names: list[str], strain: str, q_max: float) -> dict:
    ids, strains = raw
    m = strains[strain]
    found = {}
    for j, stimulated in enumerate(ids):
        for i, responder in enumerate(ids):
            if stimulated in names and responder in names and i != j and m["occ1"][i, j] > 0 and m["q"][i, j] < q_max:
                found[stimulated, responder] = (m["dFF"][i, j], m["q"][i, j], m["occ1"][i, j])
    return found


@pytest.mark.parametrize("strain, q_max", [("wt", 0.05), ("unc31", 0.05), ("wt", 0.01)])
def test_head_neurons_against_the_file(client, raw, strain, q_max):
    names = ["ASHL", "ASHR", "AVAL", "AVAR", "AVBL", "AVEL", "AVER", "RIML", "RIMR", "AIBL", "AIBR", "AWBL",
             "RIBL", "RIBR", "AIYL", "AIYR", "URXL", "SMDVL", "RMDL"]
    answer = post(client, nodes=names, strain=strain, q_max=q_max).json()
    shown = {(e["stimulated"], e["responder"]): (e["dff"], e["q"], e["n_observations"]) for e in answer["edges"]}
    expected = expected_edges(raw, names, strain, q_max)
    assert set(shown) == set(expected) and len(shown) > 5
    for key, (dff, q, n) in expected.items():
        got = shown[key]
        assert got[1] == pytest.approx(q) and got[2] == n
        assert (got[0] is None and not np.isfinite(dff)) or got[0] == pytest.approx(dff)
    assert answer["q_max"] == q_max and answer["strain"] == strain


def test_the_direction_is_stimulated_to_responder(client, raw):
    ids, strains = raw
    m = strains["wt"]
    # a pair significant one way only
    one_way = next((ids[j], ids[i]) for j in range(300) for i in range(300)
                   if i != j and m["q"][i, j] < 0.05 and not m["q"][j, i] < 0.05 and ids[i].endswith("L")
                   and ids[j].endswith("L") and ids[j] in ("ASHL", "AVAL", "AWBL", "RIML", "AIBL", "AVEL", "SMDVL"))
    answer = post(client, nodes=list(one_way)).json()
    assert [(e["stimulated"], e["responder"]) for e in answer["edges"]] == [one_way]
    assert answer["edges"][0]["pair"] == list(one_way)


def test_a_class_takes_its_most_significant_member_pair(client, raw):
    ids, strains = raw
    m = strains["wt"]
    answer = post(client, nodes=["AVA", "ASH", "AWC"]).json()
    shown = {(e["stimulated"], e["responder"]): e for e in answer["edges"]}
    members = {"AVA": ["AVAL", "AVAR"], "ASH": ["ASHL", "ASHR"], "AWC": ["AWCON", "AWCOF"]}
    for a, stims in members.items():
        for b, resps in members.items():
            if a == b:
                continue
            qs = [(m["q"][ids.index(r), ids.index(s)], s, r) for s in stims for r in resps
                  if m["occ1"][ids.index(r), ids.index(s)] > 0 and m["q"][ids.index(r), ids.index(s)] < 0.05]
            if not qs:
                assert (a, b) not in shown
                continue
            q, s, r = min(qs)
            assert shown[a, b]["q"] == pytest.approx(q) and shown[a, b]["pair"] == [s, r]
            assert shown[a, b]["significant_pairs"] == len(qs)


@pytest.mark.parametrize("body, words", [
    ({"nodes": ["AVAL"], "strain": "unc-31"}, "strain"),
    ({"nodes": ["AVAL"], "q_max": 0}, "q_max"),
    ({"nodes": ["AVAL"], "q_max": 1.5}, "q_max"),
    ({"nodes": "AVAL"}, "nodes"),
])
def test_bad_requests_answer_400(client, body, words):
    response = post(client, **body)
    assert response.status_code == 400 and words in response.json()["error"]


def test_unknown_node_answers_404_with_a_suggestion(client):
    response = post(client, nodes=["AVAl", "AVAQ"])
    assert response.status_code == 404 and "AVAQ" in response.json()["error"]
    cells_only = post(client, nodes=["AWCL", "ASHL"]).json()
    assert cells_only["not_in_atlas"] == ["AWCL"]  # the atlas holds AWCON/AWCOF, not AWCL
