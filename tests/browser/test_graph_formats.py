"""GraphML and Cytoscape JSON downloads of the visible graph (explorer and compare page):
read back by networkx, counts against the raw files, provenance against the published files."""

import hashlib
import json
from datetime import UTC, datetime, timedelta

import networkx as nx
import pytest
from django.conf import settings

from tests.browser.helpers import api_get, download, read_csv, wait_for_graph
from tests.raw_connectome import ROOT, neuron_table, raw_edges

pytestmark = pytest.mark.browser
DATASETS = ["white_1986_whole", "cook_jarrell_2019_h"]
URL = f"/connectome/explore/?ds={','.join(DATASETS)}&c=AVA,RIM,AIB&con=0"


def class_counts(dataset_id, classes):
    """{(pre, post, type): count} among the classes, from the raw file (member pairs summed)."""
    cls = dict(zip(neuron_table()["name"], neuron_table()["class"], strict=True))
    edges = raw_edges(dataset_id)
    edges = edges.assign(pre=edges["pre"].map(cls), post=edges["post"].map(cls))
    edges = edges[edges["pre"].isin(classes) & edges["post"].isin(classes)]
    return edges.groupby(["pre", "post", "type"])["count"].sum().to_dict()


def published_sha256(dataset_id) -> str:
    path = settings.DATA_DIR / ROOT / f"connectome/connectome/{dataset_id}.json"
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_exported_just_now(text):
    assert datetime.now(UTC) - datetime.fromisoformat(text) < timedelta(minutes=5)


def expected_edges():
    per_dataset = [class_counts(d, {"AVA", "RIM", "AIB"}) for d in DATASETS]
    keys = set().union(*per_dataset)
    return {key: [int(counts.get(key, 0)) for counts in per_dataset] for key in keys}


def test_graphml_reads_back_in_networkx(page, server_url):
    page.goto(URL)
    wait_for_graph(page)
    menu = page.locator("#graph-box").get_by_role("button", name="Download")
    graph = nx.read_graphml(download(page, menu, "GraphML (Gephi, Cytoscape, networkx)"))
    assert isinstance(graph, nx.MultiDiGraph)
    assert sorted(graph.nodes) == ["AIB", "AVA", "RIM"]
    kinds = {"chemical": "c", "gap_junction": "e"}
    found = {(u, v, kinds[d["type"]]): [d[ds] for ds in DATASETS] for u, v, d in graph.edges(data=True)}
    assert found == expected_edges()
    for _u, _v, d in graph.edges(data=True):
        assert d["count"] == sum(d[ds] for ds in DATASETS)
        assert d["undirected"] == (d["type"] == "gap_junction")
    assert graph.graph["units"] == "white_1986_whole: synapses; cook_jarrell_2019_h: synapses"
    assert "explore" in graph.graph["source"]
    assert graph.graph["citation"].startswith("Connectome data:")
    assert graph.graph["data_version"] == api_get(server_url, "/api/version/")["data_version"]
    assert graph.graph["sha256"] == "; ".join(f"{d}: {published_sha256(d)}" for d in DATASETS)
    assert_exported_just_now(graph.graph["exported"])
    assert all(isinstance(graph.nodes[n]["x"], float) for n in graph.nodes)
    assert graph.nodes["AVA"]["cell_type"] == "i"


def test_cytoscape_json_reads_back_in_networkx(page, server_url):
    page.goto(URL)
    wait_for_graph(page)
    menu = page.locator("#graph-box").get_by_role("button", name="Download")
    data = json.load(open(download(page, menu, "Cytoscape JSON")))
    assert data["elements"]["nodes"][0]["position"].keys() == {"x", "y"}
    assert data["data"]["datasets"] == DATASETS
    assert data["data"]["units"] == {"white_1986_whole": "synapses", "cook_jarrell_2019_h": "synapses"}
    assert data["data"]["data_version"] == api_get(server_url, "/api/version/")["data_version"]
    assert data["data"]["sha256"] == {d: published_sha256(d) for d in DATASETS}
    assert_exported_just_now(data["data"]["exported"])
    graph = nx.cytoscape_graph(data)
    assert sorted(graph.nodes) == ["AIB", "AVA", "RIM"]
    found = {(u, v, k): [d["counts"][ds] for ds in DATASETS] for u, v, k, d in graph.edges(keys=True, data=True)}
    assert found == expected_edges()
    assert all(d["interaction"] in ("chemical", "gap_junction") for _u, _v, d in graph.edges(data=True))


def test_compare_page_exports_each_graph(page):
    page.goto("/connectome/compare/?c=AVA,RIM,AIB&con=0")
    wait_for_graph(page, "graph-b-box")
    menu = page.locator("#graph-b-box").get_by_role("button", name="Download")
    graph = nx.read_graphml(download(page, menu, "GraphML (Gephi, Cytoscape, networkx)"))
    expected = {k: v[1] for k, v in expected_edges().items() if v[1]}
    kinds = {"chemical": "c", "gap_junction": "e"}
    assert {(u, v, kinds[d["type"]]): d["count"] for u, v, d in graph.edges(data=True)} == expected


def test_the_dauer_keeps_its_unit_in_the_explorer(page):
    """Its volumes are shown with their unit and never added to synapse counts (n=)."""
    page.goto("/connectome/explore/?ds=white_1986_whole,yim_2024_dauer&c=AVA,RIM,AIB,AIY,AIZ,AVE&con=0")
    wait_for_graph(page)
    edge = page.evaluate("window.wormwideweb.graph.visibleEdges().map(e => e.data())"
                         ".find(d => d.type === 'c' && d.listCount[0] > 0 && d.listCount[1] > 0)")
    assert edge["count"] == edge["listCount"][0]
    menu = page.locator("#graph-box").get_by_role("button", name="Download")
    _, rows = read_csv(download(page, menu, "Edges (CSV)"))
    assert rows[0] == ["pre", "post", "type", "count", "white_1986_whole", "yim_2024_dauer (active-zone volume)"]
