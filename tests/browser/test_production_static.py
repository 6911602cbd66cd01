"""The pages as served in production (DJ_DEBUG=0): hashed, compressed static files from
WhiteNoise, ES modules importing each other by their hashed names."""

import re

import pytest

from tests.browser.helpers import api_edges, edge_ids, shown_edges, wait_for_graph

pytestmark = pytest.mark.browser


def test_explore_works_with_hashed_files(production_page, production_url):
    static = []
    production_page.on("response", lambda r: "/static/" in r.url and static.append(r))
    production_page.goto("/connectome/explore/?ds=white_1986_whole&c=AVA,RIM&con=0")
    wait_for_graph(production_page)
    expected = api_edges(production_url, datasets=["white_1986_whole"], classes=["AVA", "RIM"])
    assert shown_edges(production_page) == edge_ids(expected)
    modules = [r for r in static if "/connectome/js/" in r.url or "/core/js/" in r.url]
    assert len(modules) >= 8, "the page and the modules it imports"
    for response in static:
        assert response.status == 200, response.url
        assert re.search(r"\.[0-9a-f]{12}\.(m?js|css|svg|woff2?)(\?.*)?$", response.url), (
            f"not a hashed name: {response.url}"
        )
        if response.url.endswith((".js", ".mjs", ".css")):
            assert response.headers.get("content-encoding") == "gzip", response.url
            assert "max-age=315360000" in response.headers.get("cache-control", ""), response.url


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/about/",
        "/connectome/",
        "/connectome/path/?ds=white_1986_whole&start=ADA&end=VD",
        "/connectome/development/?c=AIY,AIZ",
        "/connectome/compare/?c=AVA,RIM&con=0",
        "/about/datasets/",
        "/activity/",
        "/activity/encoding/",
        "/activity/dataset/",
        "/activity/find-neuron/?n=AVA",
        "/activity/plot-multiple/?d=atanas_kim_2023-2022-08-02-01:1-2",
        "/activity/encoding/table/",
        "/activity/encoding/connectome/?n=AVAL,AVAR",
        "/activity/replay/",
    ],
)
def test_every_page_loads_without_errors(production_page, url):
    production_page.goto(url)
    production_page.wait_for_load_state("networkidle")
    assert production_page.locator("h1").first.inner_text()


def test_activity_explorer_imports_its_connectome_module_by_hashed_name(production_page, production_url):
    """The explorer loads its connectome modules with a dynamic import(), rewritten too."""
    static = []
    production_page.on("response", lambda r: "/static/" in r.url and static.append(r.url))
    production_page.goto("/activity/explore/dag_nwabudike_kang_2023-2022-07-26-31/?n=89-11&b=v")
    wait_for_graph(production_page)
    assert production_page.evaluate("window.wormwideweb.graph.cy.nodes().map(n => n.id()).sort()") == ["AVAL", "AVAR"]
    linked = [u for u in static if "/activity/js/linked_connectome." in u]
    assert len(linked) == 1 and re.search(r"linked_connectome\.[0-9a-f]{12}\.js$", linked[0]), static
