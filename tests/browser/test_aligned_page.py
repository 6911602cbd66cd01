"""/activity/aligned/ in Chromium: activity around events across recordings, from a URL; what
the page draws and saves is the API's answer."""

import urllib.parse

import pytest

from tests.browser.helpers import (
    api_get,
    check_provenance,
    expect_failed_request,
    pick,
    picked,
    read_csv,
    wait_for,
)

pytestmark = pytest.mark.browser
API = "/activity/api/aligned/"


def wait_drawn(page):
    """Until the answer to the latest request is drawn (or an error shown) and loading is over."""
    wait_for(page, "document.getElementById('plot').dataset.drawn !== undefined")
    page.locator("#plot-box [data-role=loading]").wait_for(state="hidden")


def drawn(page) -> dict[str, list]:
    """The plotted lines by name; the recordings' lines (one legend entry) as a list of y arrays."""
    traces = page.evaluate("document.getElementById('plot').data.map(t => ({name: t.name, y: t.y}))")
    lines: dict[str, list] = {}
    for t in traces:
        key = t["name"] if t["name"] is not None else "band top"
        lines.setdefault(key, []).append(t["y"])
    return lines


def assert_drawn_as_answered(page, answer: dict):
    lines = drawn(page)
    behaviour = answer["behavior"]
    blocks = [(s["name"], s) for s in answer["series"]] + ([(behaviour["name"], behaviour)] if behaviour else [])
    for name, s in blocks:
        n = s["n_recordings"]
        assert lines[f"{name} mean ({n} recording{'s' if n != 1 else ''})"] == [s["mean"]]
        assert lines[f"{name} 95 % band"] == [s["ci_low"]]
        assert lines[f"{name}, each recording"] == [r["mean"] for r in s["recordings"]]
    assert sorted(lines["band top"]) == sorted(s["ci_high"] for _, s in blocks)
    assert page.evaluate("document.getElementById('plot').data[0].x") == answer["time"]


def test_from_a_url_the_page_shows_the_api_answer(page, server_url, screenshot):
    query = "neuron=RIB&event=reversal_start&window=-5,10&lr=split&behavior=v"
    page.goto(f"/activity/aligned/?{query}")
    wait_drawn(page)
    answer = api_get(server_url, API, **dict(urllib.parse.parse_qsl(query)))
    assert_drawn_as_answered(page, answer)
    # The controls show the URL's state.
    assert picked(page, "neuron") == ["RIB"]
    assert page.locator("#event").input_value() == "reversal_start"
    assert (page.locator("#window-start").input_value(), page.locator("#window-end").input_value()) == ("-5", "10")
    assert page.locator("#lr").input_value() == "split" and page.locator("#behavior").input_value() == "v"
    # The counts are the answer's, per member.
    ribl, ribr = answer["series"]
    summary = page.locator("#summary").inner_text()
    assert f"RIBL: {ribl['n_recordings']} recordings, {ribl['n_events']} events" in summary
    assert f"RIBR: {ribr['n_recordings']} recordings, {ribr['n_events']} events" in summary
    assert page.locator("[data-testid=notes]").inner_text().splitlines() == answer["notes"]
    rows = page.locator("[data-testid=aligned-recordings] tbody tr")
    assert rows.count() == len(ribl["recordings"]) + len(ribr["recordings"])
    first = ribl["recordings"][0]
    link = rows.first.get_by_role("link").get_attribute("href")
    assert link == f"/activity/explore/{first['dataset_id']}/?n={first['traces'][0]['idx_neuron']}&b=v"
    assert page.evaluate("document.getElementById('plot').layout.xaxis.range") == answer["window"]
    screenshot("activity-aligned")


def test_changing_the_controls_updates_the_url_and_the_plot(page, server_url):
    page.goto("/activity/aligned/?neuron=AVA&window=-10,20")
    wait_drawn(page)
    pick(page, "neuron", "AVAL", "AVAL")
    wait_for(page, "location.search.includes('neuron=AVAL')")
    page.locator("#behavior").select_option("hc")
    page.locator("#window-end").fill("5")
    wait_for(page, "location.search.includes('window=-10,5') && location.search.includes('behavior=hc')")
    wait_for(page, "window.wormwideweb.answer()?.window[1] === 5 && window.wormwideweb.answer()?.behavior.key === 'hc'")
    wait_drawn(page)
    assert_drawn_as_answered(page, api_get(server_url, API, neuron="AVAL", window="-10,5", behavior="hc"))
    page.get_by_role("button", name="Copy link").click()
    page.get_by_role("button", name="Link copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.url and "neuron=AVAL" in copied


def test_csv_has_a_provenance_header_then_the_plotted_values(page, server_url):
    page.goto("/activity/aligned/?neuron=AVA&window=-3,4")
    wait_drawn(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="CSV").click()
    assert info.value.suggested_filename == "wormwideweb-aligned-AVA-reversal_start--3_4.csv"
    provenance, rows = read_csv(info.value.path())
    answer = api_get(server_url, API, neuron="AVA", window="-3,4")
    ids = [r["dataset_id"] for r in answer["series"][0]["recordings"]]
    assert provenance["source"].startswith("WormWideWeb, AVA activity around reversal start")
    check_provenance(provenance, server_url, page.url, ids)
    assert list(provenance["dataset"]) == ids and provenance["data_version"] == answer["data_version"]
    assert provenance["option"]["window"] == "-3 to 4 s from the event" and provenance["option"]["step"] == "0.5 s"
    assert provenance["option"]["lr"] == "together"
    assert provenance["option"]["units"].startswith("neural series in z-score")
    assert any(c.startswith("Dag U, Nwabudike I, Kang D") for c in provenance["cite"])
    header, body = rows[0], rows[1:]
    assert header[:4] == ["t (s)", "AVA mean", "AVA 95% low", "AVA 95% high"]
    assert header[4:4 + len(ids)] == [f"AVA {i}" for i in ids]
    assert [float(r[0]) for r in body] == answer["time"]
    assert [float(r[1]) for r in body] == answer["series"][0]["mean"]
    assert [float(r[4]) for r in body] == answer["series"][0]["recordings"][0]["mean"]
    v = header.index("v mean")
    assert [float(r[v]) for r in body] == answer["behavior"]["mean"]


@pytest.mark.parametrize("kind", ["PNG", "SVG"])
def test_the_figure_is_saved_by_plotly(page, kind):
    page.goto("/activity/aligned/?neuron=AVA")
    wait_drawn(page)
    with page.expect_download() as info:
        page.get_by_role("button", name=kind).click()
    assert info.value.suggested_filename == f"wormwideweb-aligned-AVA-reversal_start--10_20.{kind.lower()}"
    content = open(info.value.path(), "rb").read()
    if kind == "PNG":
        assert content.startswith(b"\x89PNG")
    else:
        assert b"<svg" in content[:500] and b"AVA around reversal start" in content


def test_a_neuron_no_recording_identifies_is_explained(page):
    page.goto("/activity/aligned/?neuron=AVX")
    wait_drawn(page)
    shown = page.locator("#message").inner_text()
    assert "No recording has a NeuroPAL-identified neuron or class 'AVX'. Did you mean" in shown
    assert page.locator("#plot-box [data-role=empty]").is_visible()
    expect_failed_request(page, 404)  # the API's answer for an unknown neuron


def test_found_neurons_link_here(page):
    page.goto("/activity/find-neuron/?n=RIB")
    page.locator("[data-testid=aligned-links] a", has_text="RIB").click()
    page.wait_for_url("**/activity/aligned/?neuron=RIB")
    wait_drawn(page)
    assert page.locator("#summary").inner_text().startswith("RIB around reversal start:")


def test_the_menu_lists_the_page(page):
    page.goto("/activity/")
    page.get_by_role("button", name="Neural Activity").click()
    page.get_by_role("link", name="Across Recordings").first.click()
    page.wait_for_url("**/activity/aligned/**")


def test_narrow_window(page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/activity/aligned/?neuron=RIB&lr=split")
    wait_drawn(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("activity-aligned-phone")


def test_the_neuron_page_links_here(page):
    page.goto("/connectome/neuron/AVA/")
    page.locator("[data-role=aligned-link]").click()
    page.wait_for_url("**/activity/aligned/?neuron=AVA")
    wait_drawn(page)
    assert page.locator("#summary").inner_text().startswith("AVA around reversal start:")
