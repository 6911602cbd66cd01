"""/connectome/explore/ in Chromium: what a scientist does with it."""

import json

import pytest

from tests.browser.helpers import (
    api_edges,
    api_get,
    check_provenance,
    click_edge,
    click_node,
    download,
    edge_ids,
    expect_failed_request,
    external_links,
    offered,
    original_links,
    pick,
    picked,
    read_csv,
    shown_edges,
    unpick,
    wait_for,
    wait_for_graph,
)

pytestmark = pytest.mark.browser

AVA_RIM = "/connectome/explore/?ds=white_1986_whole&c=AVA,RIM&con=0"


def test_select_ava_and_rim_and_read_the_edge(page, server_url, screenshot):
    page.goto("/connectome/explore/")
    pick(page, "datasets", "white_1986_whole", "white_1986")
    unpick(page, "datasets", "witvliet_2020_8")
    wait_for_graph(page)
    pick(page, "neurons", "c:AVA", "AVA")
    pick(page, "neurons", "c:RIM", "RIM")
    wait_for(page, "location.search.includes('c=AVA,RIM')")
    wait_for_graph(page)
    expected = api_edges(server_url, datasets=["white_1986_whole"], classes=["AVA", "RIM"], show_connected_neuron=True)
    assert shown_edges(page) == edge_ids(expected)

    gap = next(s for s in expected["synapses"] if (s["pre"], s["post"], s["type"]) == ("AVA", "RIM", "e"))
    click_edge(page, "AVA!RIM!e")
    info = page.get_by_test_id("graph-edge-info")
    assert info.locator("[data-role=edge-title]").inner_text() == "AVA — RIM"
    assert info.locator("[data-role=edge-total]").inner_text() == f"Gap junction, n={gap['count']}"
    assert "White et al., 1986 compilation (adult)" in info.inner_text()
    watermark = page.locator("#graph-box [data-role=watermark]").inner_text()
    assert watermark == "Connectome data: Albertson & Thomson, 1976; White et al., 1986; Witvliet et al., 2021"
    screenshot("explore")


def test_edge_lists_the_count_of_each_dataset(page, server_url):
    page.goto("/connectome/explore/?ds=white_1986_whole,cook_jarrell_2019_h&c=AVA,RIM&con=0")
    wait_for_graph(page)
    expected = api_edges(server_url, datasets=["white_1986_whole", "cook_jarrell_2019_h"], classes=["AVA", "RIM"])
    chemical = next(s for s in expected["synapses"] if (s["pre"], s["post"], s["type"]) == ("RIM", "AVA", "c"))
    click_edge(page, "RIM!AVA!c")
    info = page.get_by_test_id("graph-edge-info")
    assert info.locator("[data-role=edge-total]").inner_text() == f"Chemical, n={chemical['count']}"
    rows = info.locator("tr").all_inner_texts()
    assert rows == [
        f"White et al., 1986 compilation (adult)\t{chemical['list_count'][0]}",
        f"Cook & Jarrell et al., 2019 (adult hermaphrodite)\t{chemical['list_count'][1]}",
    ]


def test_shared_url_restores_the_view(page, server_url):
    page.goto("/connectome/explore/?ds=white_1986_whole,cook_jarrell_2019_h&c=AVA&n=RIML&layout=circle&con=0&cmin=2&es=2")
    wait_for_graph(page)
    assert picked(page, "datasets") == ["white_1986_whole", "cook_jarrell_2019_h"]
    assert sorted(picked(page, "neurons")) == ["c:AVA", "n:RIML"]
    assert page.locator("#setting-layout").input_value() == "circle"
    assert page.locator("#setting-cmin").input_value() == "2"
    assert page.locator("#setting-es").input_value() == "2"
    assert not page.locator("#setting-connected").is_checked()
    expected = api_edges(
        server_url, datasets=["white_1986_whole", "cook_jarrell_2019_h"], neurons=["RIML"], classes=["AVA"]
    )
    assert shown_edges(page) == edge_ids(expected, chemical_min=2)


def test_copy_link_copies_the_view(page):
    page.goto(AVA_RIM)
    wait_for_graph(page)
    page.get_by_role("button", name="Copy link").click()
    page.get_by_role("button", name="Link copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == page.url


def test_last_view_is_remembered_when_the_url_has_none(page):
    page.goto(AVA_RIM + "&layout=grid")
    wait_for_graph(page)
    page.goto("/connectome/explore/")
    wait_for_graph(page)
    assert sorted(picked(page, "neurons")) == ["c:AVA", "c:RIM"]
    assert page.locator("#setting-layout").input_value() == "grid"
    assert "c=AVA,RIM" in page.url


def test_thresholds_hide_weak_connections(page, server_url):
    page.goto("/connectome/explore/?ds=white_1986_whole&c=AVA,RIM,AVB")
    wait_for_graph(page)
    expected = api_edges(
        server_url, datasets=["white_1986_whole"], classes=["AVA", "AVB", "RIM"], show_connected_neuron=True
    )
    assert shown_edges(page) == edge_ids(expected)
    for _ in range(4):
        page.get_by_role("button", name="More chemical synapses").click()
    page.get_by_role("button", name="More gap junctions").click()
    wait_for(page, "location.search.includes('cmin=5')")
    assert shown_edges(page) == edge_ids(expected, chemical_min=5, gap_min=2)
    assert "gmin=2" in page.url
    status = page.locator("#graph-box [data-role=status]").inner_text()
    assert f"· {len(edge_ids(expected, 5, 2))} connections" in status


def test_individual_neurons_split_the_connected_classes(page, server_url):
    page.goto("/connectome/explore/?ds=white_1986_whole&c=AVA,RIM")
    wait_for_graph(page)
    assert "AIB" in page.evaluate("window.wormwideweb.graph.visibleNodes().map(n => n.id())")
    page.get_by_label("Show individual neurons").check()
    wait_for(page, "location.search.includes('ind=1')")
    wait_for_graph(page)
    expected = api_edges(server_url, datasets=["white_1986_whole"], classes=["AVA", "RIM"],
                         show_individual_neuron=True, show_connected_neuron=True)
    assert shown_edges(page) == edge_ids(expected)
    nodes = page.evaluate("window.wormwideweb.graph.visibleNodes().map(n => n.id())")
    assert {"AIBL", "AIBR", "AVA", "RIM"} <= set(nodes) and "AIB" not in nodes


def test_fullscreen(page):
    page.goto(AVA_RIM)
    wait_for_graph(page)
    page.locator("#graph-box").get_by_role("button", name="Fullscreen").click()
    wait_for(page, "document.fullscreenElement?.id === 'graph-box'")
    page.locator("#graph-box").get_by_role("button", name="Fullscreen").click()
    wait_for(page, "document.fullscreenElement === null")


def test_selector_follows_the_class_and_neuron_rules(page):
    page.goto("/connectome/explore/?ds=white_1986_whole")
    wait_for_graph(page)
    assert {"c:AVA", "n:AVAL", "n:AVAR"} <= set(offered(page, "neurons", "AVA"))
    pick(page, "neurons", "n:AVAL", "AVAL")
    assert "c:AVA" not in offered(page, "neurons", "AVA")  # a chosen neuron splits its class
    pick(page, "neurons", "c:RIM", "RIM")
    assert not {"n:RIML", "n:RIMR"} & set(offered(page, "neurons", "RIM"))  # a class stands for its neurons
    unpick(page, "neurons", "n:AVAL")
    assert "c:AVA" in offered(page, "neurons", "AVA")


def test_info_panel_of_a_neuron_links_its_class(page):
    page.goto("/connectome/explore/?ds=white_1986_whole&n=AVAL,RIML&con=0")
    wait_for_graph(page)
    click_node(page, "AVAL")
    panel = page.get_by_test_id("graph-info-panel")
    panel.locator("[data-role=info-name]").filter(has_text="AVAL").wait_for()
    assert external_links(panel) == original_links("AVA")


def test_node_click_opens_the_info_panel(page, server_url, screenshot):
    page.goto(AVA_RIM)
    wait_for_graph(page)
    click_node(page, "RIM")
    panel = page.get_by_test_id("graph-info-panel")
    panel.locator("[data-role=info-name]").filter(has_text="RIM").wait_for()
    neurons = api_get(server_url, "/connectome/api/available-neurons/", datasets="white_1986_whole")
    members = neurons["neuron_classes"]["RIM"]
    assert _field(panel, "Members") == ", ".join(members)
    assert _field(panel, "Type") == "Interneuron" == neurons["neurons"][members[0]]["cell_type_desc"].capitalize()
    assert (
        "Outputs (chemical)" in panel.inner_text() and "AVA" in panel.locator("[data-role=info-partners]").inner_text()
    )
    assert external_links(panel) == original_links("RIM")
    assert panel.locator("[data-role=activity-link]").get_attribute("href") == "/activity/find-neuron/?n=RIM"
    wait_for(page, "getComputedStyle(document.querySelector('[data-testid=graph-info-panel]')).transform === 'none'")
    screenshot("explore-info-panel")
    page.mouse.click(*_empty_corner(page))
    wait_for(page, "!document.querySelector('[data-testid=graph-info-panel]').classList.contains('open')")


def _field(panel, name: str) -> str:
    return panel.locator(f"dt:text-is('{name}') + dd").inner_text()


def _empty_corner(page):
    box = page.locator("#graph-box").bounding_box()
    return box["x"] + box["width"] - 20, box["y"] + box["height"] / 2


def test_downloads_svg_csv_json_and_png(page, server_url):
    page.goto(AVA_RIM)
    wait_for_graph(page)
    expected = api_edges(server_url, datasets=["white_1986_whole"], classes=["AVA", "RIM"])
    menu = page.locator("#graph-box").get_by_role("button", name="Download")

    svg = open(download(page, menu, "Image (SVG)")).read()
    assert svg.lstrip().startswith("<svg")
    assert ">AVA<" in svg and ">RIM<" in svg
    assert ">Interneuron<" in svg and ">Chemical synapse<" in svg and ">Gap junction<" in svg
    assert "Connectome data: Albertson &amp; Thomson, 1976; White et al., 1986; Witvliet et al., 2021" in svg

    provenance, table = read_csv(download(page, menu, "Edges (CSV)"))
    check_provenance(provenance, server_url, page.url, ["white_1986_whole"])
    assert provenance["option"]["ds"] == "white_1986_whole" and provenance["option"]["cmin"] == "1"
    rows = [dict(zip(table[0], r, strict=True)) for r in table[1:]]
    kinds = {"c": "chemical", "e": "gap_junction"}
    assert sorted(
        (r["pre"], r["post"], r["type"], int(r["count"]), int(r["white_1986_whole"])) for r in rows
    ) == sorted((s["pre"], s["post"], kinds[s["type"]], s["count"], s["list_count"][0]) for s in expected["synapses"])

    graph = json.load(open(download(page, menu, "Graph (JSON)")))
    assert graph["synapses"] == expected["synapses"] and graph["neurons"] == expected["neurons"]
    assert set(graph["positions"]) == {"AVA", "RIM"} and graph["citation"].startswith("Connectome data:")

    png = open(download(page, menu, "Image (PNG)"), "rb").read()
    assert png.startswith(b"\x89PNG")


def test_custom_positions_and_colours(page):
    page.goto(AVA_RIM)
    wait_for_graph(page)
    page.locator("#setting-layout").select_option("custom")
    dialog = page.locator("#custom-modal")
    dialog.get_by_label("CSV lines").fill("AVA,0,0\nRIM,300\nXYZ,1,2")
    dialog.get_by_role("button", name="Apply").click()
    problems = dialog.locator("#custom-problems")
    assert "Line 2 (RIM,300): expected 3 values" in problems.inner_text()
    assert "XYZ is not in the graph" in problems.inner_text()
    dialog.get_by_label("CSV lines").fill("AVA,0,0\nRIM,300,0")
    dialog.get_by_role("button", name="Apply").click()
    dialog.wait_for(state="hidden")
    wait_for(page, "location.search.includes('pos=AVA:0:0,RIM:300:0')")
    positions = page.evaluate(
        "({a: window.wormwideweb.graph.cy.$id('AVA').position(), r: window.wormwideweb.graph.cy.$id('RIM').position()})"
    )
    assert (
        positions["r"]["x"] - positions["a"]["x"] == pytest.approx(300) and positions["r"]["y"] == positions["a"]["y"]
    )

    page.locator("#color").select_option("custom")
    dialog.get_by_label("CSV lines").fill("AVA,255,0,0")
    dialog.get_by_role("button", name="Apply").click()
    wait_for(page, "location.search.includes('col=AVA:ff0000')")
    page.reload()
    wait_for_graph(page)
    assert page.evaluate("window.wormwideweb.graph.cy.$id('AVA').data('customColor')") == "#ff0000"
    assert page.evaluate(
        "window.wormwideweb.graph.cy.$id('RIM').position('x') - window.wormwideweb.graph.cy.$id('AVA').position('x')"
    ) == pytest.approx(300)


def test_unknown_names_in_a_link_are_reported(page):
    page.goto("/connectome/explore/?ds=white_1986_whole&n=NOT_A_NEURON,AVAL")
    wait_for_graph(page)
    assert page.locator("#message").inner_text() == "Not in the chosen datasets, so left out: NOT_A_NEURON."
    assert picked(page, "neurons") == ["n:AVAL"]


def test_a_failing_api_gives_a_friendly_message(page):
    page.route("**/connectome/api/get-edges/", lambda route: route.fulfill(status=500, body="<h1>Server Error</h1>"))
    page.goto(AVA_RIM)
    page.locator("#message").filter(has_text="Could not load the connections").wait_for()
    assert "The server had a problem answering" in page.locator("#message").inner_text()
    expect_failed_request(page, 500)  # the failure we faked, and nothing else


def test_narrow_window(page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(AVA_RIM)
    wait_for_graph(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("#graph-box").bounding_box()["width"] > 300
    assert not page.locator("#setting-layout").is_visible()  # settings fold away
    page.get_by_role("button", name="Graph settings").click()
    page.locator("#setting-layout").wait_for()
    screenshot("explore-mobile")
