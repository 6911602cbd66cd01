"""/activity/encoding/table/ in Chromium: the class summary, the per-neuron table and the
columns a user chooses; the explore page's encoding table."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import api_get, wait_for

pytestmark = pytest.mark.browser

FRACTIONS = {"fwd": "Fwd", "rev": "Rev", "dorsal": "Dorsal", "ventral": "Ventral", "act": "Act", "inh": "Inh"}


def wait_loaded(page):
    wait_for(page, "document.getElementById('summary-table').dataset.loaded === '1'")


def header(page, table: str) -> list[str]:
    return [t.strip() for t in page.locator(f"#{table} thead tr:last-child th").all_inner_texts()]


def open_columns(page):
    """Open the Columns panel and wait for Bootstrap's opening transition to end: a click
    inside the panel while it grows may land on what it is pushing down."""
    page.locator("[data-bs-target='#columns-panel']").click()
    wait_for(page, "document.getElementById('columns-panel').className === 'collapse show'")


def cells(page, table: str, row_id: str) -> list[str]:
    return page.locator(f"#{table} tr[data-id='{row_id}'] td").all_inner_texts()


def test_class_summary_matches_the_table(page, server_url, screenshot):
    page.goto("/activity/encoding/table/")
    wait_loaded(page)
    answer = api_get(server_url, "/activity/api/data/encoding_table/")
    assert header(page, "summary-table") == ["Fwd", "Rev", "Dorsal", "Ventral", "Act", "Inh", "EWMA timescale (s)"]
    assert page.locator("#summary-count").inner_text() == f"(96 of {len(answer['class'])} classes)"
    i = answer["class"].index("AVA")
    page.get_by_label("Search").fill("AVA")
    row = cells(page, "summary-table", "AVA")
    assert row[:2] == ["AVA", str(answer["count"][i])]
    fractions = [answer["encoding_table"][i][answer["columns"].index(key)] for key in FRACTIONS]
    assert row[2:8] == [f"{v:.2f}" for v in fractions]
    assert row[8] == f"{answer['tau'][i]:.2f}"
    assert page.locator("#summary-table tr[data-id='AVA'] a").get_attribute("href") == "/activity/find-neuron/?n=AVA"
    screenshot("activity-encoding-table")


def test_choose_columns_and_sort(page, server_url):
    page.goto("/activity/encoding/table/")
    wait_loaded(page)
    open_columns(page)
    page.locator("[data-group='Velocity']").get_by_role("button", name="all").click()
    page.locator("[data-group='Head curvature']").get_by_role("button", name="none").click()
    wait_for(page, "location.search.includes('cols=')")
    shown = header(page, "summary-table")
    assert shown[:10] == [
        "Strength",
        "Fwd-ness",
        "Fwd",
        "Rev",
        "Fwd slope +",
        "Fwd slope −",
        "Rev slope +",
        "Rev slope −",
        "Fwd slope > Rev slope",
        "Fwd slope < Rev slope",
    ]
    assert "Dorsal" not in shown and "Act" in shown
    page.locator("#summary-table th[data-sort=fwdness]").click()
    page.locator("#summary-table th[data-sort=fwdness]").click()
    wait_for(page, "location.search.includes('sort=-fwdness')")
    answer = api_get(server_url, "/activity/api/data/encoding_table/")
    top = sorted(zip(answer["enc_v"], answer["class"], strict=True), reverse=True)[0][1]
    assert page.locator("#summary-table tbody tr").first.get_attribute("data-id") == top
    page.reload()
    wait_loaded(page)
    assert header(page, "summary-table")[:2] == ["Strength", "Fwd-ness"]
    open_columns(page)
    page.get_by_role("button", name="Default columns").click()
    expect(page.locator("#summary-table thead tr:last-child th")).to_have_text(
        ["Fwd", "Rev", "Dorsal", "Ventral", "Act", "Inh", "EWMA timescale (s)"])


def test_without_per_neuron_encoding_the_table_says_so(page):
    page.goto("/activity/encoding/table/")
    wait_loaded(page)
    assert "No recording in this database has per-neuron encoding" in page.locator("#neuron-table").inner_text()


def test_per_neuron_table_of_a_recording_with_encoding(encoding_page, encoding_url, screenshot):
    page = encoding_page
    page.goto("/activity/encoding/table/?cols=fwdness,fwd,rev,dorsal,tau,variability")
    wait_loaded(page)
    dictionary = api_get(encoding_url, "/activity/api/data/atanas_kim_2023_encoding/")
    (dataset_id, entry), = dictionary.items()
    encoding = entry["encoding"]
    ranges = sorted(encoding["neuron_categorization"], key=int)
    assert len(ranges) == 2  # two time segments, as the Atanas & Kim recordings have

    def segments(idx: int, behaviour: str, key: str) -> str:
        """The time segments in which the neuron has the tuning, as the table lists them."""
        return ", ".join(r for r in ranges if idx in encoding["neuron_categorization"][r][behaviour][key])

    for idx in range(1, 7):
        row = cells(page, "neuron-table", f"{dataset_id}:{idx}")
        assert row[1] == entry["neuron"][str(idx)]["name"]
        assert row[2] == f"{encoding['forwardness'][idx - 1]:.2f}"
        assert row[3:6] == [segments(idx, b, k) for b, k in (("v", "fwd"), ("v", "rev"), ("θh", "dorsal"))]
        assert row[6] == f"{encoding['tau_vals'][idx - 1]:.1f}"
        assert row[7] == ("Yes" if idx in encoding["encoding_changing_neurons"] else "No")
    plot = page.locator(f"#neuron-table tr[data-id='{dataset_id}:1'] [data-role=plot]")
    assert plot.get_attribute("href") == f"/activity/explore/{dataset_id}/?n=1&b=v"
    screenshot("activity-encoding-table-neurons")
    plot.click()
    page.wait_for_url(f"**/activity/explore/{dataset_id}/**")
    page.locator("#encoding-card:not(.d-none) #encoding-table tbody tr[data-id]").first.wait_for()
    assert page.locator("#encoding-table tbody tr[data-id]").count() == 6
    page.locator(f"#encoding-table [data-plot='{dataset_id}:3']").click()
    wait_for(page, "location.search.includes('n=1-3')")


def test_narrow_window(page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/activity/encoding/table/")
    wait_loaded(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("activity-encoding-table-mobile")
