"""GET /connectome/api/find-paths-multi/ against networkx on the raw connectome files, the
Wang 2024 transmitter table and funatlas.h5 (read with h5py); bounds and errors."""

import csv
from itertools import islice, pairwise

import h5py
import networkx as nx
import numpy as np
import pytest
from django.conf import settings

from connectome import multipaths
from tests.connectome_files import ALL_DATASETS, WITHOUT_GAP_JUNCTIONS, hop_counts, oracle_graph

URL = "/connectome/api/find-paths-multi/"
pytestmark = pytest.mark.django_db
SEVERAL = ["white_1986_whole", "cook_jarrell_2019_h", "witvliet_2020_7", "witvliet_2020_8", "white_1986_n2u"]


@pytest.fixture(autouse=True)
def generous_time_budget(monkeypatch):
    """The oracle comparisons need complete answers, however loaded the test machine is; the
    budget itself is tested below."""
    monkeypatch.setattr(multipaths, "TIME_BUDGET_S", 120)


def multi(client, datasets, start, end, **params):
    response = client.get(URL, {"datasets": ",".join(datasets), "start": start, "end": end, **params})
    assert response.status_code == 200, response.content
    return response.json()


def found_by(data, dataset):
    return sorted(p["path"] for p in data["paths"] if dataset in p["found_in"])


def check_counts_and_rank(data, by_class=False, gap_junctions=True):
    """Every hop's counts equal the files; consensus, sums, bottleneck and the rank follow."""
    ids = data["datasets"]
    for row in data["paths"]:
        exists = []
        for hop, (a, b) in zip(row["hops"], pairwise(row["path"]), strict=True):
            assert (hop["pre"], hop["post"]) == (a, b)
            expected = [hop_counts(d, a, b, by_class) for d in ids]
            assert hop["chemical"] == [c for c, _ in expected]
            assert hop["gap_junction"] == [e if gap_junctions else 0 for _, e in expected]
            exists.append([c + (e if gap_junctions else 0) > 0 for c, e in expected])
        where = [d for d, col in zip(ids, zip(*exists, strict=True), strict=True) if all(col)]
        assert row["exists_in"] == where and row["consensus"] == len(where)
        assert set(row["found_in"]) <= set(where)
        totals = {d: [h["chemical"][ids.index(d)] + h["gap_junction"][ids.index(d)] for h in row["hops"]]
                  for d in where}
        assert row["summed_count"] == sum(map(sum, totals.values()))
        assert row["bottleneck"] == min(map(min, totals.values()))
    assert not any("time budget" in r for r in data["truncated_reasons"])
    key = [(-r["consensus"], r["n_hops"], -r["summed_count"], -r["bottleneck"], r["path"]) for r in data["paths"]]
    assert key == sorted(key)
    assert [r["rank"] for r in data["paths"]] == list(range(1, len(data["paths"]) + 1))


@pytest.mark.parametrize("start, end", [("ASHL", "AVAL"), ("AWCL", "AVBL"), ("ALML", "AVDR"), ("ASKR", "RIML")])
def test_all_shortest_paths_per_dataset_equal_networkx(client, start, end):
    data = multi(client, SEVERAL, start, end, weighted="false")
    assert data["mode"] == "all_shortest" and data["truncated"] is False
    for entry, d in zip(data["per_dataset"], SEVERAL, strict=True):
        g = oracle_graph(d)
        expected = sorted(nx.all_shortest_paths(g, start, end))
        assert entry["dataset_id"] == d and entry["status"] == "ok"
        assert found_by(data, d) == expected and entry["n_paths"] == len(expected)
    check_counts_and_rank(data)


def test_weighted_shortest_paths_equal_networkx_dijkstra(client):
    data = multi(client, SEVERAL, "ASHL", "AVBL")
    for d in SEVERAL:
        assert found_by(data, d) == sorted(nx.all_shortest_paths(oracle_graph(d), "ASHL", "AVBL", weight="weight"))
    check_counts_and_rank(data)


@pytest.mark.parametrize("start, end, weighted", [("ASHL", "AVAL", "false"), ("AWCL", "RIML", "true")])
def test_k_shortest_paths_equal_yen_in_networkx(client, start, end, weighted):
    k = 12
    data = multi(client, SEVERAL, start, end, k=k, weighted=weighted, max_hops=4)
    assert data["mode"] == "k_shortest" and data["k"] == k
    for d in SEVERAL:
        g = oracle_graph(d)
        weight = "weight" if weighted == "true" else None
        expected = [p for p in islice(nx.shortest_simple_paths(g, start, end, weight=weight), 500) if len(p) <= 5][:k]
        ours = found_by(data, d)
        assert len(ours) == len(expected) == k
        lengths = [[nx.path_weight(g, p, "weight") if weight else len(p) for p in paths] for paths in (ours, expected)]
        # The same lengths (ties at the k-th may be broken differently), each a simple path of the files' graph.
        assert sorted(lengths[0]) == pytest.approx(sorted(lengths[1]))
        assert all(len(set(p)) == len(p) and nx.is_path(g, p) for p in ours)
    check_counts_and_rank(data)


def test_class_level_paths(client):
    data = multi(client, SEVERAL, "ASH", "AVA", **{"class": "true"}, weighted="false", k=5, max_hops=3)
    for d in SEVERAL:
        g = oracle_graph(d, by_class=True)
        expected = [p for p in islice(nx.shortest_simple_paths(g, "ASH", "AVA"), 200) if len(p) <= 4][:5]
        assert sorted(map(len, found_by(data, d))) == sorted(map(len, expected))
        assert all(nx.is_path(g, p) for p in found_by(data, d))
    check_counts_and_rank(data, by_class=True)
    assert data["hop_evidence"] and all(e["pre"].isupper() for e in data["hop_evidence"])


def test_chemical_synapses_only(client):
    data = multi(client, SEVERAL, "ASHL", "RIML", weighted="false", gap_junction="false")
    for d in SEVERAL:
        assert found_by(data, d) == sorted(nx.all_shortest_paths(oracle_graph(d, gap_junctions=False), "ASHL", "RIML"))
    assert all(h["gap_junction"] == [0] * len(SEVERAL) for p in data["paths"] for h in p["hops"])
    check_counts_and_rank(data, gap_junctions=False)


def test_datasets_without_the_start_neuron_are_listed_not_an_error(client):
    ids = ["white_1986_whole", "white_1986_jse", "cook_2020"]  # the male tail and the pharynx have no ASHL
    assert all("ASHL" not in oracle_graph(d) for d in ids[1:])
    data = multi(client, ids, "ASHL", "AVAL")
    status = {e["dataset_id"]: e for e in data["per_dataset"]}
    assert status["white_1986_whole"]["status"] == "ok"
    for d in ids[1:]:
        assert status[d]["status"] == "absent" and "ASHL has no synapses" in status[d]["reason"]
    assert all(p["found_in"] == ["white_1986_whole"] for p in data["paths"])


def test_a_dataset_with_no_path_says_so(client):
    g = oracle_graph("white_1986_whole", gap_junctions=False)
    start = "ASHL"
    unreachable = sorted(n for n in g if n != start and not nx.has_path(g, start, n))
    assert unreachable
    data = multi(client, ["white_1986_whole"], start, unreachable[0], gap_junction="false")
    assert data["per_dataset"][0]["status"] == "no path" and data["paths"] == []
    assert data["truncated"] is False and data["per_dataset"][0]["reason"]


def test_max_hops_limits_the_paths(client):
    data = multi(client, ["white_1986_whole"], "ASHL", "VA08", k=20, weighted="false", max_hops=3)
    g = oracle_graph("white_1986_whole")
    expected = [p for p in islice(nx.shortest_simple_paths(g, "ASHL", "VA08"), 100) if len(p) <= 4][:20]
    assert sorted(map(len, found_by(data, "white_1986_whole"))) == sorted(map(len, expected))
    assert all(p["n_hops"] <= 3 for p in data["paths"])


def test_gap_junctions_are_noted_where_the_dataset_has_none(client):
    data = multi(client, ["witvliet_2020_8", "white_1986_whole"], "ASHL", "AVAL")
    notes = {e["dataset_id"]: e.get("note") for e in data["per_dataset"]}
    assert "no gap-junction data" in notes["witvliet_2020_8"] and notes["white_1986_whole"] is None
    assert "witvliet_2020_8" in WITHOUT_GAP_JUNCTIONS


# Evidence: the transmitter table and the atlas file


def wang(name):
    with open(settings.DATA_DIR / "neuron_metadata/neurotransmitters_wang2024_hermaphrodite.csv") as f:
        rows = {r["neuron"]: r["neurotransmitters"] for r in csv.DictReader(f)}
    return [t.strip() for t in rows[name].split(";")]


@pytest.fixture(scope="module")
def h5():
    with h5py.File(settings.DATA_DIR / "wormneuroatlas/funatlas.h5") as f:
        ids = [n.decode() for n in f["neuron_ids"][()]]
        return ids, {s: {k: f[f"{s}/{k}"][()] for k in ("dFF", "q", "occ1")} for s in ("wt", "unc31")}


def test_each_hop_has_the_presynaptic_transmitters_and_the_atlas_evidence(client, h5):
    ids, strains = h5
    data = multi(client, SEVERAL, "AWCL", "AVAL", k=10, weighted="false")
    evidence = {(e["pre"], e["post"]): e for e in data["hop_evidence"]}
    assert set(evidence) == {(h["pre"], h["post"]) for p in data["paths"] for h in p["hops"]}
    seen = {"measured": 0, "not measured": 0}
    for (pre, post), e in evidence.items():
        if pre in ("AWCL", "AIBL", "AIYL", "AIZL", "AVAR", "RIML", "AVBL", "ASHL", "AVDL", "AVEL"):
            assert e["transmitters"] == wang(pre)
        for strain, m in strains.items():
            atlas = e["atlas"][strain]
            if pre not in ids or post not in ids:
                assert atlas["status"] == "not in the atlas"
                continue
            i, j = ids.index(post), ids.index(pre)  # post responds to pre: entry [i, j]
            if m["occ1"][i, j] == 0:
                assert atlas == {"status": "not measured", "pairs": []}
            else:
                (found,) = atlas["pairs"]
                assert (found["stimulated"], found["responder"]) == (pre, post)
                assert found["n_observations"] == m["occ1"][i, j]
                dff, q = m["dFF"][i, j], m["q"][i, j]
                assert found["dff"] == (None if np.isnan(dff) else pytest.approx(dff))
                assert found["q"] == (None if np.isnan(q) else pytest.approx(q))
                assert found["significant"] == (not np.isnan(q) and q < 0.05)
            seen[atlas["status"]] = seen.get(atlas["status"], 0) + 1
    assert seen["measured"] and seen["not measured"], seen


def test_the_atlas_direction_is_pre_stimulated(client, h5):
    ids, strains = h5
    data = multi(client, ["white_1986_whole"], "ASHL", "AVAL", weighted="false")
    (e,) = [e for e in data["hop_evidence"] if (e["pre"], e["post"]) == ("ASHL", "AVAL")]
    m = strains["wt"]
    assert e["atlas"]["wt"]["pairs"][0]["dff"] == pytest.approx(m["dFF"][ids.index("AVAL"), ids.index("ASHL")])
    assert e["transmitters"] == wang("ASHL") == ["Glu"]


# Bounds


def test_too_many_paths_are_cut_to_the_best_ranked():
    """The answer's cap (500 in the API; 60 here, which 15 datasets' 10 best paths exceed)."""
    full = multipaths.find_paths_multi(ALL_DATASETS, "ASHL", "AVAL", weighted=False, gap_junctions=True,
                                       by_class=False, k=10, budget_s=60)
    assert full["n_paths"] > 60 and full["truncated"] is False
    cut = multipaths.find_paths_multi(ALL_DATASETS, "ASHL", "AVAL", weighted=False, gap_junctions=True,
                                      by_class=False, k=10, budget_s=60, max_paths=60)
    assert cut["paths"] == [p for p in full["paths"] if p["rank"] <= 60]
    assert cut["truncated"] is True and cut["max_paths"] == 60
    assert cut["truncated_reasons"] == [f"{full['n_paths']} distinct paths found; the 60 best ranked are returned"]
    check_counts_and_rank(cut)
    assert multipaths.MAX_ANSWER_PATHS == 500


def test_a_dataset_with_more_than_100_shortest_paths_says_so(client):
    g = oracle_graph("cook_jarrell_2019_m", by_class=True)
    total = sum(1 for _ in nx.all_shortest_paths(g, "AWB", "vsr"))
    assert total > 100
    data = multi(client, ["cook_jarrell_2019_m"], "AWB", "vsr", **{"class": "true"}, weighted="false")
    assert data["truncated"] is True
    assert data["truncated_reasons"] == [f"cook_jarrell_2019_m: {total} shortest paths; the first 100 by name are used"]


def test_the_time_budget_stops_the_search_and_says_so():
    data = multipaths.find_paths_multi(SEVERAL, "ASHL", "AVAL", weighted=True, gap_junctions=True, by_class=False,
                                       k=10, budget_s=0)
    assert data["truncated"] is True and data["paths"] == []
    assert all(e["status"] == "not searched" for e in data["per_dataset"])
    assert any("time budget" in r for r in data["truncated_reasons"])


# Errors


@pytest.mark.parametrize("params, status, words", [
    ({"datasets": "nope", "start": "ASHL", "end": "AVAL"}, 404, "'nope'"),
    ({"datasets": "white_1986_whole", "start": "ASHL", "end": "XYZ"}, 404, "'XYZ'"),
    ({"datasets": "white_1986_whole", "start": "ASH", "end": "AVA"}, 404, "class=true"),
    ({"datasets": "white_1986_whole", "start": "ASHL", "end": "AVAL", "k": "0"}, 400, "between 1 and 50"),
    ({"datasets": "white_1986_whole", "start": "ASHL", "end": "AVAL", "k": "51"}, 400, "between 1 and 50"),
    ({"datasets": "white_1986_whole", "start": "ASHL", "end": "AVAL", "k": "two"}, 400, "integer"),
    ({"datasets": "white_1986_whole", "start": "ASHL", "end": "AVAL", "max_hops": "11"}, 400, "between 1 and 10"),
    ({"datasets": ",".join(ALL_DATASETS + ["yim_2024_dauer", "x"]), "start": "ASHL", "end": "AVAL"}, 400, "datasets"),
    ({"start": "ASHL", "end": "AVAL"}, 400, "'datasets'"),
])
def test_bad_input_is_answered_with_a_message(client, params, status, words):
    response = client.get(URL, params)
    assert response.status_code == status
    assert words in response.json()["error"]
