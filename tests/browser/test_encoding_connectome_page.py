"""/activity/encoding/connectome/ in Chromium: neurons coloured by an encoding feature of their class."""

import json

import pytest

from tests.browser.helpers import api_get, click_node, external_links, original_links, wait_for, wait_for_graph

pytestmark = pytest.mark.browser

NEURONS = ["AVAL", "AVAR", "AVBL", "AVBR", "RIML", "RIMR", "SMDDL", "SMDDR"]
URL = f"/activity/encoding/connectome/?ds=white_1986_whole&n={','.join(NEURONS)}"


def wait_coloured(page):
    wait_for_graph(page)
    wait_for(page, "document.getElementById('graph-box').dataset.coloured !== undefined")


def node_values(page) -> dict:
    return page.evaluate(
        "Object.fromEntries(window.wormwideweb.graph.cy.nodes().map(n => [n.id(), n.data('encodingValue')]))"
    )


def rgb(page, node) -> list[int]:
    colour = page.evaluate(f"window.wormwideweb.graph.cy.getElementById('{node}').data('customColor')")
    return [int(v) for v in colour[4:-1].split(",")]


def expected(answer, key: str) -> dict:
    """Each neuron's value of a feature through its encoding class (None without one)."""
    i = {cls: n for n, cls in enumerate(answer["class"])}
    value = (
        (lambda c: answer[key][i[c]])
        if key in answer
        else (lambda c: answer["encoding_table"][i[c]][answer["columns"].index(key)])
    )
    return {n: (value(answer["neuron_match"][n]) if n in answer["neuron_match"] else None) for n in NEURONS}


def test_neurons_take_the_colour_of_their_class_value(page, server_url, screenshot):
    page.goto(URL)
    wait_coloured(page)
    answer = api_get(server_url, "/activity/api/data/encoding_table/")
    values = node_values(page)
    assert {n: values[n] for n in NEURONS} == pytest.approx(expected(answer, "enc_v"))
    assert values["AVAL"] < 0 < values["AVBL"]
    ava, avb = rgb(page, "AVAL"), rgb(page, "AVBL")
    assert ava[0] > ava[1] and avb[1] > avb[0]  # PiYG: reverse (negative) pink, forward green
    assert page.locator("#colour-title").inner_text() == "Velocity: Fwd-ness"
    assert [page.locator(f"#colour-{k}").inner_text() for k in ("min", "mid", "max")] == ["-5", "0", "5"]
    screenshot("activity-encoding-connectome")

    page.get_by_label("Encoding feature").select_option("rev")
    wait_for(page, "location.search.includes('feat=rev')")
    assert {n: node_values(page)[n] for n in NEURONS} == pytest.approx(expected(answer, "rev"))
    assert page.locator("#colour-max").inner_text() == "0.8"
    page.get_by_label("Colour map").select_option("Plasma")
    page.get_by_label("Max").fill("1")
    page.get_by_label("Max").dispatch_event("change")
    wait_for(page, "location.search.includes('cmap=Plasma') && location.search.includes('vmax=1')")
    page.reload()
    wait_coloured(page)
    assert page.get_by_label("Colour map").input_value() == "Plasma" and page.get_by_label("Max").input_value() == "1"


def test_tapped_neuron_shows_its_class_encoding(page, server_url):
    page.goto(URL)
    wait_coloured(page)
    answer = api_get(server_url, "/activity/api/data/encoding_table/")
    click_node(page, "RIML")
    section = page.locator("[data-role=encoding-section]")
    cls = answer["neuron_match"]["RIML"]
    assert f"Encoding of class {cls}" in section.inner_text()
    assert (
        section.locator("[data-feature=fwdness]").inner_text() == f"{answer['enc_v'][answer['class'].index(cls)]:.2f}"
    )
    assert external_links(page.get_by_test_id("graph-info-panel")) == original_links("RIM")


def test_add_every_neuron_with_encoding(page, server_url):
    page.goto("/activity/encoding/connectome/?ds=white_1986_whole")
    wait_for_graph(page)
    page.get_by_role("button", name="Add every neuron with encoding data").click()
    wait_coloured(page)
    answer = api_get(server_url, "/activity/api/data/encoding_table/")
    present = api_get(server_url, "/connectome/api/available-neurons/", datasets="white_1986_whole")["neurons"]
    wanted = {n for n in answer["neuron_match"] if n in present}
    chosen = set(page.evaluate("window.wormwideweb.graph.cy.nodes('.chosen').map(n => n.id())"))
    assert chosen == wanted
    assert page.evaluate("document.getElementById('graph-box').dataset.coloured") == str(len(wanted))


def test_narrow_window(page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(URL)
    wait_coloured(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("activity-encoding-connectome-mobile")


# The original's 32 encoding features (its encoding_feature_manager.js), in its order and groups,
# each with where encoding_table.json keeps its value: a per-class array, or a column of the
# class's `encoding_table` row. The keys are ours.
ORIGINAL_FEATURES = {
    "Velocity": [("strength_v", "enc_strength_v"), ("fwdness", "enc_v"), ("fwd", 0), ("rev", 1), ("fwd_slope_pos", 2),
                 ("fwd_slope_neg", 3), ("rev_slope_pos", 4), ("rev_slope_neg", 5), ("slope_fwd_gt_rev", 6),
                 ("slope_fwd_lt_rev", 7)],
    "Head curvature": [("strength_hc", "enc_strength_hc"), ("dorsalness", "enc_hc"), ("dorsal", 8), ("ventral", 9),
                       ("fwd_dorsal", 10), ("fwd_ventral", 11), ("rev_dorsal", 12), ("rev_ventral", 13),
                       ("more_dorsal_fwd", 14), ("more_ventral_fwd", 15)],
    "Feeding": [("strength_f", "enc_strength_pumping"), ("feedingness", "enc_pumping"), ("act", 16), ("inh", 17),
                ("fwd_act", 18), ("fwd_inh", 19), ("rev_act", 20), ("rev_inh", 21), ("more_act_fwd", 22),
                ("more_inh_fwd", 23)],
    "Other": [("tau", "tau"), ("variability", "encoding_variability")],
}


def test_every_feature_of_the_original_colours_the_neurons_by_the_data(page, server_url):
    from tests.live_server import ROOT

    table = json.loads((ROOT / "data/wormwideweb-data/activity/encoding_table.json").read_text())
    row = {cls: i for i, cls in enumerate(table["class"])}
    match = api_get(server_url, "/activity/api/data/encoding_table/")["neuron_match"]
    page.goto(URL)
    wait_coloured(page)
    offered = page.locator("#feature optgroup").evaluate_all(
        "groups => groups.map(g => [g.label, [...g.querySelectorAll('option')].map(o => o.value)])"
    )
    assert offered == [[group, [key for key, _ in features]] for group, features in ORIGINAL_FEATURES.items()]
    assert sum(len(keys) for _, keys in offered) == 32
    for features in ORIGINAL_FEATURES.values():
        for key, where in features:
            page.get_by_label("Encoding feature").select_option(key)
            in_url = "null" if key == "fwdness" else f"'{key}'"  # the default is left out of the URL
            wait_for(page, f"new URLSearchParams(location.search).get('feat') === {in_url}")
            values = table[where] if isinstance(where, str) else [r[where] for r in table["encoding_table"]]
            shown = node_values(page)
            assert {n: shown[n] for n in NEURONS} == pytest.approx(
                {n: values[row[match[n]]] if n in match else None for n in NEURONS}
            ), key
