"""Client.paths_multi and Client.path_matrix: against the API's answers and networkx on the
connectome files themselves."""

import math
from itertools import islice

import networkx as nx
import requests
from test_client_connectome import api, file_counts

DATASETS = ["white_1986_whole", "witvliet_2020_8", "cook_2020"]


def file_graph(dataset: str) -> nx.DiGraph:
    chemical, gaps = file_counts(dataset)
    g = nx.DiGraph()
    g.add_edges_from((a, b) for (a, b) in chemical if a != b)
    for pair in gaps:
        if len(pair) == 2:
            a, b = pair
            g.add_edges_from([(a, b), (b, a)])
    return g


def test_paths_multi_equals_the_api_answer_and_the_files(ww, live_url):
    params = {"datasets": ",".join(DATASETS), "start": "ASHL", "end": "AVAL", "max_hops": 6, "weighted": "false",
              "gap_junction": "true", "class": "false", "k": 4}
    answer = api(live_url, "GET", "/connectome/api/find-paths-multi/", params=params)
    paths = ww.paths_multi(DATASETS, "ASHL", "AVAL", k=4, weighted=False)
    assert [list(p) for p in paths.path] == [p["path"] for p in answer["paths"]]
    assert list(paths["rank"]) == list(range(1, len(paths) + 1))
    assert list(paths.columns[-3:]) == DATASETS
    for row in paths.itertuples(index=False):
        exists = [d for d in DATASETS[:2] if nx.is_path(file_graph(d), list(row.path))]
        assert row.exists_in == exists and row.consensus == len(exists)
    for d in DATASETS[:2]:
        found = [list(p) for p, f in zip(paths.path, paths.found_in, strict=True) if d in f]
        expected = list(islice(nx.shortest_simple_paths(file_graph(d), "ASHL", "AVAL"), 4))  # the 4 shortest only
        assert sorted(map(len, found)) == sorted(map(len, expected))
    status = {e["dataset_id"]: e["status"] for e in paths.attrs["per_dataset"]}
    # The pharynx (cook_2020) has no ASHL.
    assert status == {"white_1986_whole": "ok", "witvliet_2020_8": "ok", "cook_2020": "absent"}
    assert paths.attrs["hop_evidence"] == answer["hop_evidence"] and paths.attrs["truncated"] is False
    assert paths.attrs["url"] == requests.Request("GET", f"{live_url}/connectome/api/find-paths-multi/",
                                                  params=params).prepare().url


def test_path_matrix_equals_networkx_on_the_file(ww):
    g = file_graph("white_1986_whole")
    m = ww.path_matrix("white_1986_whole", ["ASHL", "AWCL"], "AVA,VA08", weighted=False)
    assert list(m.index) == ["ASHL", "AWCL"] and list(m.columns) == ["AVAL", "AVAR", "VA08"]
    counts = m.attrs["n_shortest_paths"]
    for s in m.index:
        for t in m.columns:
            assert m.loc[s, t] == nx.shortest_path_length(g, s, t)
            assert counts.loc[s, t] == sum(1 for _ in nx.all_shortest_paths(g, s, t))
    assert any("AVA: the class's 2 neurons" in n for n in m.attrs["notes"])


def test_path_matrix_unreachable_is_nan(ww):
    g = file_graph("white_1986_whole")
    sink = next(n for n in sorted(g) if g.out_degree(n) == 0 and g.in_degree(n) > 0)
    m = ww.path_matrix("white_1986_whole", sink, "AVAL", weighted=False)
    assert math.isnan(m.loc[sink, "AVAL"]) and math.isnan(m.attrs["n_shortest_paths"].loc[sink, "AVAL"])
