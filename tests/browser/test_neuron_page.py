"""/connectome/neuron/<name>/ in Chromium: what the page shows against the neuron API, the
filters, partner links, the navigation bar's search, the 404 page and the links from the
other pages."""

import json

import pytest

from tests.browser.helpers import (
    api_get,
    check_provenance,
    click_node,
    expect_failed_request,
    read_csv,
    wait_for,
    wait_for_graph,
)

pytestmark = pytest.mark.browser


def neuron_api(server_url, name, **params):
    return api_get(server_url, f"/connectome/api/neuron/{name}/", **params)


def open_page(page, path):
    page.goto(path)
    wait_for(page, "document.body.dataset.ready === '1'")
    page.locator("#partners [data-role=loading]").wait_for(state="hidden")


def table_rows(page, root: str) -> list[list[str]]:
    return page.locator(f"{root} tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.querySelectorAll('td')].map(td => td.innerText.trim()))")


def shown_partners(page) -> list[str]:
    return [row[0] for row in table_rows(page, "#partner-table")]


def test_a_sensory_neuron(page, server_url, screenshot):
    open_page(page, "/connectome/neuron/ASHL/")
    answer = neuron_api(server_url, "ASHL")
    facts = answer["identity"]["cells"][0]
    assert page.locator("[data-role=full-name]").inner_text() == facts["full_name"]
    assert page.locator("#cell-facts [data-fact=Lineage]").inner_text() == facts["lineage"]
    transmitters = page.locator("#cell-facts [data-fact=Neurotransmitters]").inner_text()
    assert transmitters.startswith(", ".join(facts["transmitters"]))
    assert page.locator("#cell-facts [data-fact='NeuroPAL colour'] .swatch").count() == 1
    # Inputs first, top partners first, one column per dataset: the API's rows, 25 a page.
    rows = table_rows(page, "#partner-table")
    expected = answer["partners"]["inputs"][:25]
    assert [r[0] for r in rows] == [r["partner"] for r in expected]
    first = expected[0]
    shown_counts = rows[0][1:1 + len(first["counts"])]
    assert shown_counts == [("–" if c is None else str(c)) for c in first["counts"]]
    assert rows[0][-2] == f"{first['mean']:.1f}" and rows[0][-1] == f"{first['min']}–{first['max']}"
    # The atlas both ways, wild type and unc-31.
    to = answer["function"]["responses_to"]
    assert page.locator("[data-count=responses_to]").inner_text() == str(len(to))
    first_row = table_rows(page, "#responses-to")[0]
    assert first_row[0] == to[0]["responder"] and first_row[1] == f"{to[0]['wt']['dff']:.3f}"
    assert "not evidence of absence" in page.locator("#function").inner_text()
    nm = answer["function"]["never_measured"]["wt"]["as_stimulated"]
    assert f"as stimulated, {nm} pairs in wild type" in page.locator("#never-measured").inner_text()
    links = {role: page.locator(f"[data-role={role}-link]").get_attribute("href")
             for role in ("wormatlas", "wormbase", "zhen", "funconn")}
    assert links["wormatlas"].endswith("q=ASH") and links["wormbase"].endswith("anatomy_term/ASH")
    assert links["zhen"].endswith("neurons=ASH") and links["funconn"].endswith("in=ASH")
    screenshot("neuron-ashl")


def test_an_interneuron_class_with_filters(page, server_url, screenshot):
    open_page(page, "/connectome/neuron/AVA/")
    assert page.locator("[data-role=members]").inner_text() == "AVAL, AVAR"
    page.locator("#group").select_option("development")
    wait_for(page, "new URL(location.href).searchParams.get('g') === 'development'")
    page.locator("#partners [data-role=loading]").wait_for(state="hidden")
    ids = neuron_api(server_url, "AVA")["groups"]["development"]["datasets"]
    answer = neuron_api(server_url, "AVA", datasets=",".join(ids))
    wait_for(page, f"document.querySelectorAll('#partner-table thead th.dataset-col').length === {len(ids)}")
    assert shown_partners(page) == [r["partner"] for r in answer["partners"]["inputs"]][:25]
    page.locator("#min-count").fill("20")
    page.locator("#min-datasets").fill("7")
    kept = [r["partner"] for r in answer["partners"]["inputs"] if r["max"] >= 20 and r["n_datasets"] >= 7]
    wait_for(page, f"document.querySelector('[data-count=inputs]').textContent === '{len(kept)}'")
    assert shown_partners(page) == kept[:25]
    assert "min=20" in page.url and "nd=7" in page.url
    page.get_by_role("tab", name="Gap junctions").click()
    assert "no gap-junction data" in page.locator("#absent-note").inner_text()
    # Development: one trend line per top partner, the stage means of the API.
    trends = page.locator("#trends .trend-row")
    assert trends.count() == len(answer["development"]["inputs"]) + len(answer["development"]["outputs"])
    screenshot("neuron-ava-development")
    page.get_by_role("tab", name="Inputs").click()
    page.locator("#partner-table tbody a", has_text=kept[0]).first.click()
    page.wait_for_url(f"**/connectome/neuron/{kept[0]}/**")
    wait_for(page, "document.body.dataset.ready === '1'")
    assert page.locator("[data-role=neuron-name]").inner_text() == kept[0]


def test_a_motor_neuron_with_a_leading_zero(page, server_url):
    response = page.goto("/connectome/neuron/VA1/")
    assert response.status == 404
    expect_failed_request(page, 404)  # the page itself is the 404
    assert page.locator("[data-role=not-found-message]").inner_text().startswith("There is no neuron or class named")
    page.locator("[data-role=suggestions] a", has_text="VA01").click()
    wait_for(page, "document.body.dataset.ready === '1'")
    answer = neuron_api(server_url, "VA01")
    assert page.locator("[data-role=neuron-name]").inner_text() == "VA01"
    assert shown_partners(page) == [r["partner"] for r in answer["partners"]["inputs"]][:25]
    with page.expect_download() as info:
        page.locator("#partners-csv").click()
    provenance, rows = read_csv(info.value.path())
    check_provenance(provenance, server_url, page.url, [d["id"] for d in answer["partners"]["datasets"]])
    assert rows[0][0] == "partner" and [r[0] for r in rows[1:]] == [r["partner"] for r in answer["partners"]["inputs"]]
    with page.expect_download() as info:
        page.locator("#download-json").click()
    saved = json.loads(open(info.value.path()).read())
    assert saved["name"] == "VA01" and saved["partners"] == answer["partners"]


def test_a_male_only_cell(page, server_url, screenshot):
    open_page(page, "/connectome/neuron/HOA/")
    answer = neuron_api(server_url, "HOA")
    note = page.locator("#absent-note").inner_text()
    assert "14 datasets" in note and "male-specific" in note
    male = [d["id"] for d in answer["partners"]["datasets"]].index("cook_jarrell_2019_m")
    row = table_rows(page, "#partner-table")[0]
    assert row[1 + male] == str(answer["partners"]["inputs"][0]["counts"][male])
    assert row[1:1 + male] == ["–"] * male
    assert page.locator("#cell-facts [data-fact=Position]").inner_text() == "not measured"
    assert "not among the atlas" in page.locator("#responses-to").inner_text()
    assert "no recording identifies HOA" in page.locator("#recordings").inner_text()
    screenshot("neuron-hoa")


def test_the_atlas_threshold_and_the_activity(page, server_url):
    open_page(page, "/connectome/neuron/AVA/?q=0.01")
    answer = neuron_api(server_url, "AVA", q="0.01")
    assert page.locator("[data-count=responses_to]").inner_text() == str(len(answer["function"]["responses_to"]))
    page.locator("#q-max").fill("0.2")
    page.locator("#q-max").dispatch_event("change")
    wider = neuron_api(server_url, "AVA", q="0.2")
    n = len(wider["function"]["responses_to"])
    wait_for(page, f"document.querySelector('[data-count=responses_to]').textContent === '{n}'")
    assert "q=0.2" in page.url
    recordings = answer["activity"]["recordings"]
    shown = table_rows(page, "#recordings")
    assert [r[1] for r in shown] == [r["dataset_name"] for r in recordings][:10]
    assert page.locator("#recordings [data-role=explore]").first.get_attribute("href") == recordings[0]["explore_url"]
    assert page.locator("[data-role=encoding-link]").get_attribute("href") == answer["encoding"]["table_url"]


def test_search_from_the_navigation_bar(page):
    page.goto("/activity/")
    box = page.get_by_role("combobox", name="Find a neuron by name or full name")
    box.press_sequentially("anterior deirid")
    option = page.locator("#neuron-search-list [data-name=ADE]")
    option.wait_for()
    assert page.locator("#neuron-search-list [data-name]").first.get_attribute("data-name") == "ADE"
    option.click()
    page.wait_for_url("**/connectome/neuron/ADE/")
    wait_for(page, "document.body.dataset.ready === '1'")
    box = page.get_by_role("combobox", name="Find a neuron by name or full name")
    box.press_sequentially("VA1")
    page.locator("#neuron-search-list [data-name=VA01]").wait_for()
    box.press("Enter")
    page.wait_for_url("**/connectome/neuron/VA01/")


def test_the_info_panel_links_to_the_neuron_page(page):
    page.goto("/connectome/explore/?ds=white_1986_whole&c=AVA,RIM&con=0")
    wait_for_graph(page)
    click_node(page, "AVA")
    link = page.locator("[data-role=neuron-page-link]")
    assert link.get_attribute("href") == "/connectome/neuron/AVA/"
    link.click()
    page.wait_for_url("**/connectome/neuron/AVA/")


def test_path_results_link_each_neuron(page):
    page.goto("/connectome/path/?ds=white_1986_whole&cls=0&start=ASHL&end=AVAL")
    page.locator("#results").wait_for()
    links = page.locator("#path-rows [data-role=neuron-link]")
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert "/connectome/neuron/ASHL/" in hrefs and "/connectome/neuron/AVAL/" in hrefs


def test_a_phone_shows_the_page_in_one_column(page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, "/connectome/neuron/AVAL/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px screen"
    screenshot("neuron-aval-phone")


@pytest.mark.parametrize("button, ids, first", [
    ("#development-csv", "development", ["direction", "partner"]),
    ("[data-csv=responses_to]", "atlas", ["stimulated", "responder", "wt_dff"]),
    ("[data-csv=responses_of]", "atlas", ["stimulated", "responder", "wt_dff"]),
    ("[data-csv=recordings]", "recordings", ["paper_id", "dataset_id", "traces"]),
    ("[data-csv=behavior]", "recordings", ["behaviour", "unit", "n_recordings"]),
    ("[data-csv=encoding]", "encoding", ["class", "count"]),
])
def test_every_csv_of_the_page_has_its_provenance(page, server_url, button, ids, first):
    open_page(page, "/connectome/neuron/AVAL/")
    answer = neuron_api(server_url, "AVAL")
    connectomes = [d["id"] for d in answer["partners"]["datasets"]]
    cited = {
        "development": [d for s in answer["development"]["stages"] for d in s["datasets"]],
        "atlas": ["atlas", *connectomes],
        "recordings": [r["dataset_id"] for r in answer["activity"]["recordings"]],
        "encoding": ["atanas_kim_2023"],
    }[ids]
    with page.expect_download() as info:
        page.locator(button).click()
    provenance, rows = read_csv(info.value.path())
    check_provenance(provenance, server_url, page.url, cited)
    assert provenance["source"].startswith("WormWideWeb, AVAL: ") and provenance["option"]["q"] == "0.05"
    assert rows[0][:len(first)] == first and len(rows) > 1 and all(len(r) == len(rows[0]) for r in rows)
    if ids == "recordings" and button.endswith("recordings]"):
        assert [r[1] for r in rows[1:]] == cited
    if ids == "atlas":
        key = button.split("=")[1].rstrip("]")
        assert [(r[0], r[1]) for r in rows[1:]] == [(p["stimulated"], p["responder"]) for p in answer["function"][key]]
