"""/activity/plot-multiple/ in Chromium: one plot per recording from the URL, one colour per neuron."""

import pytest

from tests.browser.helpers import api_get, wait_for

pytestmark = pytest.mark.browser

PATCH = "dag_nwabudike_kang_2023-2022-01-16-01"
ATANAS = "atanas_kim_2023-2022-08-02-01"


def wait_for_plots(page):
    wait_for(page, "document.getElementById('progress-card').dataset.done === '1'", 20_000)


def drawn(page, dataset_id) -> list[dict]:
    return page.evaluate(
        "(id) => document.querySelector(`.recording-plot[data-dataset='${id}'] .js-plotly-plot`).data"
        ".map(t => ({name: t.name, colour: t.line.color, visible: t.visible, y: t.y}))",
        dataset_id,
    )


def test_find_aval_and_avar_then_plot_them_together(page, server_url, screenshot):
    page.goto("/activity/find-neuron/?n=AVAL-AVAR")
    page.locator("#matches tbody tr[data-id]").first.wait_for()
    page.get_by_label("Select all rows").check()
    selected = page.locator("#matches tbody tr[data-id]").evaluate_all("rows => rows.map(r => r.dataset.id)")
    page.get_by_role("button", name=f"Plot selected ({len(selected)})").click()
    page.wait_for_url("**/activity/plot-multiple/?d=**")
    wait_for_plots(page)
    assert page.locator("#progress-text").inner_text() == f"{len(selected)} of {len(selected)} recordings plotted."
    index = api_get(server_url, "/activity/api/data/find_neuron/")
    colours = {}
    for dataset_id in selected:
        idxs = [index["match"]["AVA_l_x"][dataset_id][0], index["match"]["AVA_r_x"][dataset_id][0]]
        assert f"d={dataset_id}:{idxs[0]}-{idxs[1]}" in page.url
        traces = {t["name"]: t for t in drawn(page, dataset_id)}
        for idx, label in zip(idxs, ["AVAL", "AVAR"], strict=True):
            trace = traces[f"{idx} ({label})"]
            assert trace["y"] == api_get(server_url, f"/activity/api/data/{dataset_id}/{idx}/")["trace"]
            colours.setdefault(label, set()).add(trace["colour"])
    assert all(len(c) == 1 for c in colours.values()) and colours["AVAL"] != colours["AVAR"]
    screenshot("activity-plot-multiple")


def test_every_event_kind_is_drawn_and_behaviour_only_plots(page, server_url):
    page.goto(f"/activity/plot-multiple/?d={PATCH}&d={ATANAS}:1-2")
    wait_for_plots(page)
    behaviour = api_get(server_url, f"/activity/api/data/{PATCH}/behavior/")
    traces = drawn(page, PATCH)
    assert [t["name"].split("<br>")[0] for t in traces] == [
        c["name"] for c in behaviour["data"]["behavior"]["traces"].values()
    ]
    assert [t["visible"] for t in traces] == [True] + ["legendonly"] * (len(traces) - 1)
    shapes = page.evaluate(
        f"document.querySelector(`.recording-plot[data-dataset='{PATCH}'] .js-plotly-plot`).layout.shapes"
    )
    events = [s["x0"] for s in shapes if s["name"] == "patchEncounter"]
    assert events == [
        pytest.approx((f - 1) * behaviour["avg_timestep"]) for f in behaviour["data"]["events"]["patchEncounter"]
    ]
    atanas = page.locator(f".recording-plot[data-dataset='{ATANAS}']")
    assert "No behaviour data" in atanas.inner_text()
    assert (
        atanas.get_by_role("link", name="Explore this recording").get_attribute("href")
        == f"/activity/explore/{ATANAS}/?n=1-2"
    )


def test_bad_selections_are_explained(page):
    page.goto(f"/activity/plot-multiple/?d=nope:1&d={ATANAS}:1-99999")
    wait_for_plots(page)
    problems = page.locator("[data-role=problem]").all_inner_texts()
    assert any("There is no recording “nope”" in p for p in problems)
    assert any("left out 99999" in p for p in problems)
    assert page.locator(".recording-plot").count() == 1


def test_no_selection_leads_to_find_neuron(page):
    page.goto("/activity/plot-multiple/")
    assert (
        page.locator("#no-plots").get_by_role("link", name="Find neurons").get_attribute("href")
        == "/activity/find-neuron/"
    )


def test_narrow_window(page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/activity/plot-multiple/?d={PATCH}:1-2&d={ATANAS}:1-2")
    wait_for_plots(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("activity-plot-multiple-mobile")
