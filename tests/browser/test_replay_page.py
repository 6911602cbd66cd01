"""/activity/replay/ in Chromium: a recording's activity on the connectome, frame by frame."""

import pytest

from tests.browser.helpers import api_get, click_node, expect_failed_request, pick, wait_for, wait_for_graph

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


def test_node_colour_follows_activity(page, server_url):
    page.goto(BASE + "&node_colormap=RdBu&node_vmin=-1&node_vmax=1&tp=100")
    wait_loaded(page)
    assert frame(page) == 100
    answer = replay_answer(server_url)
    by_id = {n["id"]: n for n in answer["nodes"]}
    colours = page.evaluate(
        "Object.fromEntries(window.wormwideweb.graph.cy.nodes().map(n => [n.id(), n.style('background-color')]))"
    )
    strongest = max(by_id.values(), key=lambda n: n["trace"][100])
    weakest = min(by_id.values(), key=lambda n: n["trace"][100])
    red = [int(v) for v in colours[strongest["id"]][4:-1].split(",")]
    blue = [int(v) for v in colours[weakest["id"]][4:-1].split(",")]
    assert strongest["trace"][100] > 0 > weakest["trace"][100]
    assert red[0] > red[2] and blue[2] > blue[0]  # RdBu: positive red, negative blue
    assert page.locator("#node-bar-min").inner_text() == "-1" and page.locator("#node-bar-max").inner_text() == "1"


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


def test_frames_drawn_without_restyling_every_node(page):
    """Nodes have no background image, so Cytoscape never marks one :backgrounding (with its
    default "none", each drawn node flipped that state and had its whole style recomputed), and
    edge widths sit on quarter pixels of the screen."""
    page.goto(BASE)
    wait_loaded(page)
    for _ in range(3):
        page.get_by_role("button", name="One frame forward").click()
    page.evaluate("new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))")
    assert frame(page) == 3
    assert page.evaluate("window.wormwideweb.graph.cy.nodes(':backgrounding').length") == 0
    widths, zoom = page.evaluate(
        "[window.wormwideweb.graph.cy.edges().map(e => e.pstyle('width').pfValue), window.wormwideweb.graph.cy.zoom()]"
    )
    on_screen = [w * zoom * 4 for w in widths]
    assert widths and all(abs(q - round(q)) < 1e-6 for q in on_screen)
