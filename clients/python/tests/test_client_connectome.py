"""Client.neurons, edges, graph, paths, path_graph: against the API's answers and the
connectome files themselves."""

import csv
import json
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pytest
import requests

ROOT = Path(__file__).resolve().parents[3]
CONNECTOME = ROOT / "data/wormwideweb-data/connectome"
CONFIG = ROOT / "data/wormwideweb-data/config"
DATASETS = json.loads((CONNECTOME / "connectome_datasets.json").read_text())
ALL_DATASETS = [d["id"] for d in DATASETS]
WITHOUT_GAP_JUNCTIONS = {d["id"] for d in DATASETS if d.get("skip_gap_junction")}


def file_counts(dataset: str) -> tuple[dict, dict]:
    """(chemical {(pre, post): count}, gap junctions {frozenset pair: count}) read from a
    connectome file: syn lists summed, names renamed, a gap junction counted once per pair
    (the larger of its two directions), `proctodeum` (not a cell) dropped, and no gap junctions
    where the configuration skips them (Witvliet), as the README says."""
    with open(CONFIG / "connectome_neurons_replacement.csv", encoding="utf-8-sig") as f:
        rename = {row["original"]: row["replacement"] for row in csv.DictReader(f)}
    by_direction: dict[tuple, dict] = {0: defaultdict(int), 2: defaultdict(int)}
    for record in json.loads((CONNECTOME / f"connectome/{dataset}.json").read_text()):
        pre, post = rename.get(record["pre"], record["pre"]), rename.get(record["post"], record["post"])
        if "proctodeum" in (pre, post):
            continue
        by_direction[record["typ"]][pre, post] += sum(record["syn"])
    gaps: dict[frozenset, int] = defaultdict(int)
    for (a, b), n in ([] if dataset in WITHOUT_GAP_JUNCTIONS else by_direction[2].items()):
        gaps[frozenset((a, b))] = max(gaps[frozenset((a, b))], n)
    return dict(by_direction[0]), dict(gaps)


def api(url: str, method: str, path: str, **kwargs):
    response = requests.request(method, url + path, timeout=30, **kwargs)
    response.raise_for_status()
    return response.json()


def test_ashl_to_aval_counts_equal_the_connectome_files(ww):
    """One column of counts per dataset, each equal to that dataset's file."""
    edges = ww.edges(ALL_DATASETS, neurons=["ASHL", "AVAL"])
    assert list(edges.columns) == ["pre", "post", "type", "count", *ALL_DATASETS]
    chemical = edges[(edges.pre == "ASHL") & (edges.post == "AVAL") & (edges.type == "c")]
    gap = edges[(edges.pre == "ASHL") & (edges.post == "AVAL") & (edges.type == "e")]
    expected_chemical = {d: file_counts(d)[0].get(("ASHL", "AVAL"), 0) for d in ALL_DATASETS}
    expected_gap = {d: file_counts(d)[1].get(frozenset(("ASHL", "AVAL")), 0) for d in ALL_DATASETS}
    assert expected_chemical["white_1986_whole"] > 0
    assert chemical[ALL_DATASETS].iloc[0].to_dict() == expected_chemical
    assert chemical["count"].iloc[0] == sum(expected_chemical.values())
    if any(expected_gap.values()):
        assert gap[ALL_DATASETS].iloc[0].to_dict() == expected_gap
    else:
        assert gap.empty


def test_edges_equal_the_api_answer_row_for_row(ww, live_url):
    body = {"datasets": ["white_1986_whole", "witvliet_2020_8"], "neurons": [], "classes": ["AVA", "RIM"],
            "show_individual_neuron": False, "show_connected_neuron": True}
    answer = api(live_url, "POST", "/connectome/api/get-edges/", json=body)
    edges = ww.edges(["white_1986_whole", "witvliet_2020_8"], classes=["AVA", "RIM"], connected=True)
    rows = [{"pre": s["pre"], "post": s["post"], "type": s["type"], "count": s["count"],
             "white_1986_whole": s["list_count"][0], "witvliet_2020_8": s["list_count"][1]} for s in answer["synapses"]]
    assert len(rows) > 50
    assert edges.to_dict("records") == rows
    assert edges.attrs["labels"] == answer["neurons"]
    assert edges.attrs["url"] == f"{live_url}/connectome/api/get-edges/" and edges.attrs["body"] == body
    assert edges.attrs["datasets"] == ["white_1986_whole", "witvliet_2020_8"]
    assert edges.attrs["data_version"] == api(live_url, "GET", "/api/version/")["data_version"]


def test_edges_of_every_neuron_in_every_dataset_equal_the_files(ww):
    """At the real size: all neurons, all 15 datasets, individually."""
    neurons = ww.neurons(ALL_DATASETS)
    edges = ww.edges(ALL_DATASETS, neurons=list(neurons.index))
    for dataset in ("white_1986_whole", "cook_jarrell_2019_m", "witvliet_2020_1"):
        chemical, gaps = file_counts(dataset)
        got_c = edges[(edges.type == "c") & (edges[dataset] > 0)]
        assert {(r.pre, r.post): r[dataset] for _, r in got_c.iterrows()} == chemical
        got_e = edges[(edges.type == "e") & (edges[dataset] > 0)]
        assert {frozenset((r.pre, r.post)): r[dataset] for _, r in got_e.iterrows()} == gaps


def test_neurons_equal_the_api_answer_and_the_neuron_table(ww, live_url):
    answer = api(live_url, "GET", "/connectome/api/available-neurons/", params={"datasets": "white_1986_whole"})
    neurons = ww.neurons("white_1986_whole")
    assert neurons.index.name == "name" and list(neurons.columns) == ["neuron_class", "cell_type", "cell_type_desc"]
    assert neurons.to_dict("index") == {k: {c: v[c] for c in neurons.columns} for k, v in answer["neurons"].items()}
    assert neurons.attrs["classes"] == answer["neuron_classes"]
    with open(CONNECTOME / "connectome_neurons.csv", encoding="utf-8-sig") as f:
        table = {row["name"]: row for row in csv.DictReader(f)}
    assert neurons.loc["AVAL", "neuron_class"] == table["AVAL"]["class"] == "AVA"
    assert neurons.loc["ASHL", "cell_type"] == table["ASHL"]["type_code"]


def test_graph_holds_the_edges_with_gap_junctions_both_ways(ww):
    edges = ww.edges("cook_jarrell_2019_h", neurons=["AVAL", "AVAR"], connected=True)
    g = ww.graph("cook_jarrell_2019_h", neurons=["AVAL", "AVAR"], connected=True)
    assert isinstance(g, nx.MultiDiGraph)
    assert set(g.nodes) == set(edges.attrs["labels"])
    chemical, gaps = file_counts("cook_jarrell_2019_h")
    for row in edges.itertuples(index=False):
        assert g.edges[row.pre, row.post, row.type]["count"] == row.count
        if row.type == "e":
            assert g.edges[row.post, row.pre, "e"]["count"] == row.count
    n_gap = int((edges.type == "e").sum() * 2 - ((edges.type == "e") & (edges.pre == edges.post)).sum())
    assert g.number_of_edges() == int((edges.type == "c").sum()) + n_gap
    assert g.edges["AVAL", "AVAR", "e"]["count"] == gaps[frozenset(("AVAL", "AVAR"))]
    assert g.nodes["AVAL"] == {"kind": "neuron", "neuron_class": "AVA", "cell_type": "i",
                               "cell_type_desc": "interneuron"}
    assert g.graph["datasets"] == ["cook_jarrell_2019_h"] and g.graph["url"].endswith("/get-edges/")
    # Out-degree over chemical synapses, counted with networkx, equals the file.
    out = sum(d["count"] for _, _, k, d in g.out_edges("AVAL", keys=True, data=True) if k == "c")
    assert out == sum(n for (pre, _), n in chemical.items() if pre == "AVAL")


def test_graph_of_classes_names_their_members(ww):
    g = ww.graph(["white_1986_whole", "witvliet_2020_8"], classes=["AVA", "RIM"])
    assert g.nodes["AVA"] == {"kind": "class", "members": ["AVAL", "AVAR"]}
    assert g.edges["RIM", "AVA", "c"]["counts"] == {"white_1986_whole": 3, "witvliet_2020_8": 3}


def test_paths_equal_the_api_answer_and_the_file(ww, live_url):
    params = {"dataset": "white_1986_whole", "start": "ASHL", "end": "AVAL", "weighted": "false",
              "gap_junction": "true", "class": "false"}
    answer = api(live_url, "GET", "/connectome/api/find-paths/", params=params)
    paths = ww.paths("white_1986_whole", "ASHL", "AVAL", weighted=False)
    assert list(paths.columns) == ["path", "n_hops", "total_weight", "edges"]
    assert [list(p) for p in paths.path] == [p["path"] for p in answer["paths"]] == [["ASHL", "AVAL"]]
    chemical, gaps = file_counts("white_1986_whole")
    expected = chemical[("ASHL", "AVAL")] + gaps.get(frozenset(("ASHL", "AVAL")), 0)
    assert paths.total_weight.iloc[0] == expected and paths.n_hops.iloc[0] == 1
    assert paths.edges.iloc[0] == answer["paths"][0]["edges"]
    assert paths.attrs["n_paths_total"] == 1 and paths.attrs["truncated"] is False
    assert paths.attrs["url"] == requests.Request("GET", f"{live_url}/connectome/api/find-paths/",
                                                  params=params).prepare().url


def test_paths_in_hops_are_networkx_shortest_paths_of_the_file(ww):
    """An independent computation: every shortest path (in hops) of the file's graph."""
    chemical, gaps = file_counts("white_1986_whole")
    g = nx.DiGraph()
    g.add_edges_from((a, b) for (a, b) in chemical if a != b)
    for pair in gaps:
        if len(pair) == 2:
            a, b = pair
            g.add_edges_from([(a, b), (b, a)])
    for start, end in [("ASHL", "AVBL"), ("ASHL", "VA08"), ("AWCL", "AVAR")]:
        expected = sorted(nx.all_shortest_paths(g, start, end))
        paths = ww.paths("white_1986_whole", start, end, weighted=False)
        if paths.attrs["truncated"]:
            assert paths.attrs["n_paths_total"] == len(expected) and len(paths) == paths.attrs["max_paths"]
        else:
            assert sorted(list(p) for p in paths.path) == expected


def test_paths_by_class_and_without_path(ww):
    by_class = ww.paths("white_1986_whole", "ASH", "AVA", by_class=True)
    assert by_class.path.iloc[0][0] == "ASH" and by_class.attrs["use_class"] is True
    nothing = ww.paths("witvliet_2020_1", "ASHL", "AVAL", gap_junctions=True)
    assert "note" in nothing.attrs  # Witvliet datasets have no gap junctions


def test_path_graph_holds_every_hop(ww):
    paths = ww.paths("white_1986_whole", "ASHL", "VA08", weighted=False)
    g = ww.path_graph("white_1986_whole", "ASHL", "VA08", weighted=False)
    hops = {(e["pre"], e["post"], e["type"]): e["count"] for edges in paths.edges for e in edges}
    assert {(a, b, k): d["count"] for a, b, k, d in g.edges(keys=True, data=True)} == hops
    assert set(g.nodes) == set(paths.attrs["nodes"])
    assert all(nx.is_path(g, list(p)) for p in paths.path)


@pytest.mark.parametrize("datasets", ["white_1986_whole,witvliet_2020_8", ["white_1986_whole", "witvliet_2020_8"]])
def test_datasets_as_a_string_or_a_list(ww, datasets):
    assert ww.edges(datasets, classes="AVA").attrs["datasets"] == ["white_1986_whole", "witvliet_2020_8"]
