"""/activity/explore/<dataset_id>/ in Chromium: traces, behaviour, CSV, correlations and the
linked connectome, compared with the API's answers."""

import json

import pytest

from tests.browser.helpers import (
    api_edges,
    api_get,
    check_provenance,
    click_node,
    expect_failed_request,
    pick,
    picked,
    read_csv,
    wait_for,
    wait_for_graph,
)
from tests.live_server import ROOT

pytestmark = pytest.mark.browser

NEUROPAL = "dag_nwabudike_kang_2023-2022-07-26-31"
PATCH = "dag_nwabudike_kang_2023-2022-01-16-01"
ATANAS = "atanas_kim_2023-2022-08-02-01"


def wait_for_plot(page, items: int):
    wait_for(page, f"document.getElementById('plot').dataset.drawn === '{items}'")
    page.locator("#plot-box [data-role=loading]").wait_for(state="hidden")


def plotted(page) -> list[dict]:
    """The traces the plot draws: name, values, colour and axis."""
    return page.evaluate(
        "document.getElementById('plot').data.map(t => ({name: t.name, y: t.y, colour: t.line.color, axis: t.yaxis}))"
    )


def labelled(server_url, dataset_id, *labels) -> list[int]:
    """Trace indices of NeuroPAL labels in a recording, from the find-neuron index."""
    index = api_get(server_url, "/activity/api/data/find_neuron/")
    found = []
    for label in labels:
        key = f"{label[:-1]}_{label[-1].lower()}_x"
        found += index["match"][key][dataset_id]
    return found


def test_find_plot_add_behaviour_and_export(page, server_url, screenshot):
    page.goto("/activity/find-neuron/?n=AVAL-AVAR")
    page.locator(f"#matches tr[data-id='{NEUROPAL}'] [data-role=plot]").click()
    page.wait_for_url(f"**/activity/explore/{NEUROPAL}/**")
    aval, avar = labelled(server_url, NEUROPAL, "AVAL", "AVAR")
    wait_for_plot(page, 3)  # the two neurons and velocity
    assert picked(page, "neurons") == [str(aval), str(avar)]
    traces = api_get(server_url, f"/activity/api/data/{NEUROPAL}/traces/", n=f"{aval},{avar}")
    behaviour = api_get(server_url, f"/activity/api/data/{NEUROPAL}/behavior/")["data"]["behavior"]["traces"]
    drawn = {t["name"]: t for t in plotted(page)}
    for n in traces["neurons"]:
        assert drawn[f"{n['idx_neuron']} ({n['label']})"]["y"] == n["trace"]
    assert (
        drawn["Velocity<br>(0.1 mm/s)"]["y"] == behaviour["v"]["data"]
        and drawn["Velocity<br>(0.1 mm/s)"]["axis"] == "y2"
    )

    pick(page, "behaviours", "hc", "Head")
    wait_for_plot(page, 4)
    assert f"n={aval}-{avar}&b=v-hc" in page.url
    with page.expect_download() as info:
        page.get_by_role("button", name="CSV").click()
    info_lines, rows = read_csv(info.value.path())
    check_provenance(info_lines, server_url, page.url, [NEUROPAL])
    assert info_lines["option"]["n"] == f"{aval}-{avar}" and info_lines["option"]["b"] == "v-hc"
    names = {n["idx_neuron"]: f"{n['idx_neuron']} ({n['label']})" for n in traces["neurons"]}
    assert rows[0] == ["t (minute)", *[names[i] for i in sorted(names)], "v", "hc"]
    assert len(rows) == traces["max_t"] + 1
    by_idx = {n["idx_neuron"]: n["trace"] for n in traces["neurons"]}
    for frame in (0, 400, traces["max_t"] - 1):
        row = rows[frame + 1]
        assert float(row[0]) == pytest.approx(frame * traces["avg_timestep"], abs=1e-6)
        assert [float(v) for v in row[1:3]] == [by_idx[i][frame] for i in sorted(by_idx)]
        assert [float(v) for v in row[3:]] == [behaviour["v"]["data"][frame], behaviour["hc"]["data"][frame]]
    screenshot("activity-explore")


def test_reversals_and_events_are_drawn_at_their_frames(page, server_url):
    page.goto(f"/activity/explore/{PATCH}/?n=1&b=v")
    wait_for_plot(page, 2)
    answer = api_get(server_url, f"/activity/api/data/{PATCH}/behavior/")
    dt = answer["avg_timestep"]
    shapes = page.evaluate("document.getElementById('plot').layout.shapes")
    reversals = [x for s in shapes if s["name"] == "reversal" and s["yref"] == "y domain" for x in (s["x0"], s["x1"])]
    expected = [(x - 1) * dt for pair in answer["data"]["behavior"]["reversal_events"] for x in pair]
    assert reversals == pytest.approx(expected)
    events = [s for s in shapes if s["name"] == "patchEncounter"]
    assert [e["x0"] for e in events] == pytest.approx(
        [(f - 1) * dt for f in answer["data"]["events"]["patchEncounter"]]
    )
    assert "patchEncounter" in page.locator("#plot").inner_text()
    page.get_by_role("button", name="Settings").click()
    page.get_by_label("Reversals").uncheck()
    wait_for(page, "location.search.includes('rev=0')")
    assert not [s for s in page.evaluate("document.getElementById('plot').layout.shapes") if s["name"] == "reversal"]


def test_events_are_drawn_in_the_style_the_page_is_given(page, server_url):
    """The bundled patchEncounter style equals the plot's default (red, 2 px), so the drawn line
    cannot show which one was used: hand the page another style and the line must take it."""
    published = json.loads((ROOT / "data/wormwideweb-data/activity/event_styles.json").read_text())
    bundled = {s["id"]: s for s in published["dag_nwabudike_kang_2023"]}["patchEncounter"]
    green = {"color": "rgb(0,128,0)", "width": 3.5}

    def restyle(route):
        html = route.fetch().text()
        served = json.dumps({"patchEncounter": {"color": bundled["color"], "width": float(bundled["width"])}})
        assert served in html, "the page no longer hands the bundled style as expected"
        route.fulfill(body=html.replace(served, json.dumps({"patchEncounter": green})), content_type="text/html")

    page.route(f"**/activity/explore/{PATCH}/?n=1", restyle)
    page.goto(f"/activity/explore/{PATCH}/?n=1")
    wait_for_plot(page, 2)
    lines = [s for s in page.evaluate("document.getElementById('plot').layout.shapes") if s["name"] == "patchEncounter"]
    assert lines and all(s["line"] == green for s in lines)
    labels = page.evaluate("document.getElementById('plot').layout.annotations")
    assert [a["font"]["color"] for a in labels if a["text"] == "patchEncounter"] == [green["color"]] * len(lines)


def test_correlations_of_the_plotted_neurons(page, server_url):
    page.goto(f"/activity/explore/{NEUROPAL}/?n=1-2-3&b=v")
    wait_for_plot(page, 4)
    page.get_by_role("button", name="Correlations").click()
    wait_for(page, "document.getElementById('correlations').dataset.neurons === '1-2-3'")
    answer = api_get(server_url, f"/activity/api/data/{NEUROPAL}/correlation/", n="1,2,3", top=3)
    pairs = page.locator("#correlations [data-role=pairs] li").all_inner_texts()
    assert [p.split()[-1] for p in pairs] == [f"{p['r']:.3f}" for p in answer["pairs"]]
    top = page.locator("#correlations [data-role=top] li[data-idx='1'] .partner-button").all_inner_texts()
    assert top == [
        f"{p['idx_neuron']} ({p['label']})" if p["label"] else str(p["idx_neuron"]) for p in answer["top"]["1"]
    ]
    velocity = page.locator("#correlations [data-behaviour=v] li").all_inner_texts()
    assert sorted(float(v.split()[-1]) for v in velocity) == sorted(answer["behavior"][i]["v"] for i in ("1", "2", "3"))
    # A partner's button plots it.
    partner = answer["top"]["1"][0]["idx_neuron"]
    page.locator(f"#correlations [data-role=top] li[data-idx='1'] [data-add='{partner}']").click()
    wait_for(page, f"location.search.includes('n=1-2-3-{partner}')")


def test_linked_connectome_shows_the_plotted_neurons(page, server_url, screenshot):
    aval, avar = labelled(server_url, NEUROPAL, "AVAL", "AVAR")
    page.goto(f"/activity/explore/{NEUROPAL}/?n={aval}-{avar}&b=v&ds=white_1986_whole&con=1")
    wait_for_plot(page, 3)
    wait_for_graph(page)
    expected = api_edges(server_url, datasets=["white_1986_whole"], neurons=["AVAL", "AVAR"],
                         show_individual_neuron=True, show_connected_neuron=True)
    nodes = page.evaluate("window.wormwideweb.graph.cy.nodes().map(n => n.id()).sort()")
    assert nodes == sorted(expected["neurons"])
    colours = page.evaluate(
        "Object.fromEntries(window.wormwideweb.graph.cy.nodes().map(n => [n.id(), n.data('customColor')]))"
    )
    drawn = {t["name"]: t["colour"] for t in plotted(page)}
    assert colours["AVAL"] == drawn[f"{aval} (AVAL)"] and colours["AVAR"] == drawn[f"{avar} (AVAR)"]

    page.locator("#graph-box").scroll_into_view_if_needed()
    click_node(page, "AVAL")
    panel = page.get_by_test_id("graph-info-panel")
    table = panel.locator("table[data-role=partner-correlations]")
    table.wait_for()
    wait_for(page, "document.getElementById('graph-box').dataset.correlationOf === 'AVAL'")
    rows = table.locator("tbody tr").all_inner_texts()
    assert rows and all(" " in r for r in rows)
    first = rows[0].split("\t")
    partner = first[0].split()[-1]
    idx = next(
        n["idx"]
        for n in page.evaluate("JSON.parse(document.getElementById('recording-neurons').textContent)")
        if n["label"] == partner
    )
    r = api_get(server_url, f"/activity/api/data/{NEUROPAL}/correlation/", n=f"{aval},{idx}", top=0)["pairs"][0]["r"]
    assert float(first[1]) == pytest.approx(r)
    screenshot("activity-explore-connectome")
    panel.get_by_role("button", name=f"Remove activity (#{aval})").click()
    wait_for(page, f"location.search.includes('n={avar}&')")
    wait_for_plot(page, 2)
    page.locator("#graph-box").scroll_into_view_if_needed()
    wait_for_graph(page)
    click_node(page, "AVAL")  # still drawn: a partner of AVAR
    panel.get_by_role("button", name=f"Plot activity (#{aval})").click()
    wait_for(page, f"location.search.includes('n={avar}-{aval}&')")
    wait_for_plot(page, 3)


def test_recording_without_behaviour_says_so(page):
    page.goto(f"/activity/explore/{ATANAS}/?n=1-2")
    wait_for_plot(page, 2)
    assert "has no behaviour data" in page.locator("#no-behaviour").inner_text()
    assert page.locator("#behaviours").is_disabled()
    assert all(t["axis"] == "y" for t in plotted(page))


def test_bad_neurons_in_the_url_are_reported(page):
    page.goto(f"/activity/explore/{PATCH}/?n=1-1-x-999&b=v-zz")
    wait_for_plot(page, 2)
    assert picked(page, "neurons") == ["1"]
    text = page.locator("#message").inner_text()
    assert "x, 999" in text and "zz" in text


def test_copy_link_and_plot_height(page):
    page.goto(f"/activity/explore/{PATCH}/?n=3&b=v")
    wait_for_plot(page, 2)
    page.get_by_role("button", name="Settings").click()
    page.get_by_label("Plot height").fill("900")
    page.get_by_label("Plot height").dispatch_event("change")
    wait_for(page, "location.search.includes('h=900')")
    assert page.evaluate("document.getElementById('plot').layout.height") == 900
    page.get_by_role("button", name="Copy link").click()
    page.get_by_role("button", name="Link copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == page.url


def test_unknown_recording_is_a_friendly_404(page):
    response = page.goto("/activity/explore/no-such-recording/")
    assert response.status == 404
    assert "There is no recording “no-such-recording”" in page.locator("[data-role=not-found-message]").inner_text()
    expect_failed_request(page, 404)  # the page itself is the 404


def test_narrow_window(page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/activity/explore/{NEUROPAL}/?n=1-2&b=v")
    wait_for_plot(page, 3)
    wait_for_graph(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("activity-explore-mobile")


def test_reset_scale_shows_the_whole_recording(page, server_url):
    page.goto(f"/activity/explore/{PATCH}/?n=1-2&b=v")
    wait_for_plot(page, 3)
    page.evaluate("Plotly.relayout('plot', {'xaxis.range': [1, 2], 'yaxis.range': [-0.5, 0.5]})")
    page.get_by_role("button", name="Reset scale").click()
    wait_for(page, "document.getElementById('plot').layout.xaxis.range[0] === 0")
    traces = api_get(server_url, f"/activity/api/data/{PATCH}/traces/", n="1,2")
    values = [v for n in traces["neurons"] for v in n["trace"] if v is not None]
    margin = 0.05 * (max(values) - min(values))
    layout = page.evaluate("document.getElementById('plot').layout")
    assert layout["xaxis"]["range"] == pytest.approx([0, (traces["max_t"] - 1) * traces["avg_timestep"]])
    assert layout["yaxis"]["range"] == pytest.approx([min(values) - margin, max(values) + margin])
