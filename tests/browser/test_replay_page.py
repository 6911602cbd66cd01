"""/activity/replay/ in Chromium: a recording's activity on the connectome, frame by frame."""

import re
from pathlib import Path

import pytest

from tests.browser.helpers import (
    api_get,
    click_edge,
    click_node,
    expect_failed_request,
    pick,
    screen_colour,
    wait_for,
    wait_for_graph,
)

pytestmark = pytest.mark.browser

RECORDING = "dag_nwabudike_kang_2023-2022-07-26-31"
ATANAS = "atanas_kim_2023-2022-08-02-01"
BASE = f"/activity/replay/?activity_dataset={RECORDING}&connectome_dataset=cook_jarrell_2019_h"


def replay_answer(server_url, recording=RECORDING, connectome="cook_jarrell_2019_h"):
    return api_get(server_url, "/activity/api/data/replay/", activity_dataset=recording, connectome_dataset=connectome)


def wait_loaded(page):
    wait_for_graph(page, "replay-box")
    wait_for(page, "document.getElementById('replay-box').dataset.frame !== undefined")
    # Cytoscape updates what a click hits when it next draws: let it draw the frame.
    page.evaluate("new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))")


def frame(page) -> int:
    return int(page.evaluate("document.getElementById('replay-box').dataset.frame"))


def expected_edges(answer, min_chemical, min_electrical) -> list[str]:
    return sorted(
        f"{e['source']}!{e['target']}!{'c' if e['edge_type'] == 'chemical' else 'e'}"
        for e in answer["edges"]
        if (e["edge_type"] == "chemical" and e["weight"] >= min_chemical)
        or (e["edge_type"] == "electrical" and e["weight"] >= min_electrical and e["source"] <= e["target"])
    )


def test_load_a_replay_and_step_frames(page, server_url, screenshot):
    page.goto(BASE + "&min_synapse_chemical=1&min_synapse_electrical=1")
    wait_loaded(page)
    answer = replay_answer(server_url)
    nodes = page.evaluate("window.wormwideweb.graph.cy.nodes().map(n => n.id()).sort()")
    assert nodes == sorted(n["id"] for n in answer["nodes"])
    edges = page.evaluate("window.wormwideweb.graph.cy.edges().map(e => e.id()).sort()")
    assert edges == expected_edges(answer, 1, 1)
    assert frame(page) == 0 and page.locator("#time-label").inner_text() == "00:00 (t=1)"

    page.locator("#replay-box").scroll_into_view_if_needed()
    page.evaluate("new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))")
    click_node(page, "AVAL", handle="graph")
    aval = next(n for n in answer["nodes"] if n["id"] == "AVAL")
    info = page.locator("#selection-info")
    assert info.locator("[data-role=activity]").inner_text() == f"{aval['trace'][0]:.3f}"
    page.get_by_role("button", name="One frame forward").click()
    page.get_by_role("button", name="One frame forward").click()
    assert frame(page) == 2
    assert info.locator("[data-role=activity]").inner_text() == f"{aval['trace'][2]:.3f}"
    seconds = round(2 * answer["meta"]["avg_timestep"] * 60)
    assert page.locator("#time-label").inner_text() == f"00:{seconds:02d} (t=3)"
    page.get_by_role("button", name="One frame back").click()
    assert frame(page) == 1
    # The signal plot shows the selected neuron's trace, both plots carry the cursor.
    signal = page.evaluate("document.getElementById('signal-plot').data.map(t => ({name: t.name, y: t.y}))")
    assert signal == [{"name": "AVAL", "y": aval["trace"]}]
    wait_for(page, "location.search.includes('tp=1')")
    for plot in ("behaviour-plot", "signal-plot"):
        cursor = page.locator(f"#{plot} .plot-cursor")
        assert float(cursor.get_attribute("data-x")) == pytest.approx(answer["meta"]["avg_timestep"])
        # drawn where the time axis puts frame 1 (t = one time step), over the plot area
        line, expected = page.evaluate(f"""() => {{
            const plot = document.getElementById('{plot}'), axis = plot._fullLayout.xaxis;
            const line = plot.querySelector('.plot-cursor').getBoundingClientRect();
            const box = plot.getBoundingClientRect();
            return [line.left - box.left, axis._offset + axis.l2p({answer["meta"]["avg_timestep"]})];
        }}""")
        assert cursor.is_visible() and line == pytest.approx(expected, abs=1.5)
    screenshot("activity-replay")


def test_play_and_pause(page):
    page.goto(BASE)
    wait_loaded(page)
    page.get_by_label("Speed").select_option("4")
    page.get_by_role("button", name="Play").click()
    wait_for(page, "Number(document.getElementById('replay-box').dataset.frame) >= 10")
    page.get_by_role("button", name="Pause").click()
    stopped = frame(page)
    page.wait_for_timeout(300)
    assert frame(page) == stopped and "speed=4" in page.url


# ColorBrewer's RdBu, 11 classes, from negative (blue) to positive (red).
RDBU = "#053061 #2166ac #4393c3 #92c5de #d1e5f0 #f7f7f7 #fddbc7 #f4a582 #d6604d #b2182b #67001f".split()


def rdbu(value: float) -> tuple[int, int, int]:
    """RdBu over [-1, 1], interpolated linearly in RGB between its stops."""
    position = (min(1.0, max(-1.0, value)) + 1) / 2 * (len(RDBU) - 1)
    i = min(len(RDBU) - 2, int(position))
    low, high = ([int(c[k:k + 2], 16) for k in (1, 3, 5)] for c in RDBU[i:i + 2])
    return tuple(round(a + (b - a) * (position - i)) for a, b in zip(low, high, strict=True))


def node_fill_on_screen(page, node_id: str) -> tuple[int, int, int]:
    """The colour the screen shows inside a node (zoomed in 2x), below its label."""
    point = page.evaluate(
        """(id) => {
            const cy = window.wormwideweb.graph.cy, p = cy.getElementById(id).renderedPosition();
            const box = cy.container().getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y};
        }""",
        node_id,
    )
    return screen_colour(page, point["x"], point["y"] + 30)


def test_node_colour_follows_activity(page, server_url):
    """The drawn node takes the colour of its activity at the frame shown, paused and playing:
    RdBu over [-1, 1] of the node's trace in the replay answer."""
    page.goto(BASE + "&node_colormap=RdBu&node_vmin=-1&node_vmax=1&tp=100")
    wait_loaded(page)
    assert frame(page) == 100
    assert page.locator("#node-bar-min").inner_text() == "-1" and page.locator("#node-bar-max").inner_text() == "1"
    answer = replay_answer(server_url)
    # The best connected neuron is drawn largest (size by total degree), zoomed in on.
    node = max((n for n in answer["nodes"] if n["has_activity"]), key=lambda n: n["degree_total_full"])
    trace = node["trace"]
    page.evaluate(
        "(id) => { const cy = window.wormwideweb.graph.cy; cy.zoom(2); cy.center(cy.getElementById(id)); }", node["id"]
    )
    page.evaluate("new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))")

    def assert_drawn(t):
        colour = node_fill_on_screen(page, node["id"])
        assert colour == pytest.approx(rdbu(trace[t]), abs=3), (t, trace[t])

    assert_drawn(100)
    # Another frame where the activity differs most: the slider moves there, the colour follows.
    other = max(range(len(trace)), key=lambda t: abs(trace[t] - trace[100]))
    assert max(abs(a - b) for a, b in zip(rdbu(trace[other]), rdbu(trace[100]), strict=True)) > 40
    page.locator("#frame").fill(str(other))
    wait_for(page, f"document.getElementById('replay-box').dataset.frame === '{other}'")
    assert_drawn(other)
    # Playing at half speed (a frame every 200 ms): the picture shows the frame being shown.
    page.get_by_label("Speed").select_option("0.5")
    page.get_by_role("button", name="Play").click()
    checked = 0
    for _ in range(50):  # a screenshot between two reads of the same frame
        before = frame(page)
        colour = node_fill_on_screen(page, node["id"])
        if frame(page) == before and before != other:
            assert colour == pytest.approx(rdbu(trace[before]), abs=3), (before, trace[before])
            checked += 1
        if checked == 3:
            break
        page.wait_for_timeout(60)
    page.get_by_role("button", name="Pause").click()
    assert checked == 3


def test_svg_download_shows_the_frame(page, server_url):
    """The SVG download draws the frame shown (Cytoscape's elements, not drawn on screen, take
    its style first): a neuron's fill is RdBu of its activity at that frame."""
    page.goto(BASE + "&node_colormap=RdBu&node_vmin=-1&node_vmax=1&tp=100")
    wait_loaded(page)
    answer = replay_answer(server_url)
    aval = next(n for n in answer["nodes"] if n["id"] == "AVAL")
    page.locator("#replay-box").get_by_role("button", name="Download").click()
    with page.expect_download() as download:
        page.locator("#replay-box [data-download=svg]").click()
    assert download.value.suggested_filename == f"wormwideweb-replay-{RECORDING}-t101.svg"
    svg = Path(download.value.path()).read_text()
    # A node's shape comes just before its label.
    fills = re.findall(r'<path fill="rgb\((\d+),(\d+),(\d+)\)" stroke="rgb\(74,74,74\)"', svg.split(">AVAL<")[0])
    assert tuple(int(v) for v in fills[-1]) == pytest.approx(rdbu(aval["trace"][100]), abs=1)


def test_settings_filter_and_the_url(page, server_url):
    page.goto(BASE + "&edge_type=chemical&min_synapse_chemical=5&node_size_mode=pagerank")
    wait_loaded(page)
    answer = replay_answer(server_url)
    edges = page.evaluate("window.wormwideweb.graph.cy.edges().map(e => e.id()).sort()")
    assert edges == [e for e in expected_edges(answer, 5, 10**9) if e.endswith("!c")]
    assert page.locator("#node-size-mode").input_value() == "pagerank"
    assert page.locator("#min-electrical").is_disabled()
    aval = next(n for n in answer["nodes"] if n["id"] == "AVAL")
    pick(page, "replay-neurons", str(aval["representative_idx_neuron"]), "AVAL")
    wait_for(page, f"location.search.includes('n={aval['representative_idx_neuron']}')")
    wait_for(page, "window.wormwideweb.graph.cy.nodes().length < 50")
    partners = {
        e.split("!")[0] for e in expected_edges(answer, 5, 10**9) if "AVAL" in e.split("!")[:2] and e.endswith("!c")
    }
    partners |= {
        e.split("!")[1] for e in expected_edges(answer, 5, 10**9) if "AVAL" in e.split("!")[:2] and e.endswith("!c")
    }
    assert set(page.evaluate("window.wormwideweb.graph.cy.nodes().map(n => n.id())")) == partners | {"AVAL"}
    open_link = page.get_by_role("link", name="Open in activity plot").get_attribute("href")
    assert open_link == f"/activity/explore/{RECORDING}/?n={aval['representative_idx_neuron']}&b=v"


def test_recording_without_behaviour(page, server_url):
    page.goto(f"/activity/replay/?activity_dataset={ATANAS}&connectome_dataset=white_1986_whole")
    wait_loaded(page)
    assert page.locator("#no-behaviour").is_visible()
    answer = replay_answer(server_url, ATANAS, "white_1986_whole")
    assert page.locator("#message").inner_text() == answer["warnings"][-1]
    assert "behavior_corr__v" not in page.locator("#node-color-mode").evaluate("s => [...s.options].map(o => o.value)")


def test_too_few_neurons_in_the_connectome_is_explained(page):
    page.goto(f"/activity/replay/?activity_dataset={ATANAS}&connectome_dataset=cook_2020")
    page.locator("#message").filter(has_text="a replay needs at least 3").wait_for()
    expect_failed_request(page, 404)  # the API's 404, and nothing else


def test_narrow_window(page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(BASE)
    wait_loaded(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("activity-replay-mobile")


def test_frames_drawn_without_restyling_cytoscape(page, server_url):
    """A frame is drawn on the replay's own canvas: playing restyles none of Cytoscape's
    elements (restyled, each frame had Cytoscape recompute styles and redraw every element), and
    Cytoscape's own layers are transparent, yet a click on an edge still selects it. Nodes have
    no background image, so Cytoscape never marks one :backgrounding (with its default "none",
    each drawn node flipped that state)."""
    page.goto(BASE)
    wait_loaded(page)
    styled = """() => JSON.stringify(window.wormwideweb.graph.cy.elements().map(e => [e.id(), e.style()]))"""
    before = page.evaluate(styled)
    page.get_by_label("Speed").select_option("4")
    page.get_by_role("button", name="Play").click()
    wait_for(page, "Number(document.getElementById('replay-box').dataset.frame) >= 10")
    assert page.evaluate(styled) == before
    page.get_by_role("button", name="Pause").click()
    assert page.evaluate("window.wormwideweb.graph.cy.nodes(':backgrounding').length") == 0
    opacities = page.evaluate(
        "[...document.querySelectorAll('#replay-box canvas')]"
        ".map(c => [c.dataset.role || '', getComputedStyle(c).opacity])"
    )
    assert ["replay-canvas", "1"] in opacities and all(o == "0" for role, o in opacities if role != "replay-canvas")
    # Cytoscape still finds what a click hits: the heaviest chemical synapse, at its middle.
    answer = replay_answer(server_url)
    edge = max((e for e in answer["edges"] if e["edge_type"] == "chemical"), key=lambda e: e["weight"])
    click_edge(page, f"{edge['source']}!{edge['target']}!c")
    info = page.locator("#selection-info").inner_text()
    assert info.startswith(f"{edge['source']} → {edge['target']} · chemical, {edge['weight']} synapses")
