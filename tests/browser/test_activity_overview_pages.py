"""/activity/, /activity/encoding/ and /about/datasets/ in Chromium: where the activity pages start."""

import pytest

from tests.browser.helpers import api_get

pytestmark = pytest.mark.browser


def test_activity_overview_leads_to_each_tool(page, server_url, screenshot):
    page.goto("/activity/")
    recordings = api_get(server_url, "/activity/api/data/datasets/")
    assert f"{len(recordings)} whole-brain GCaMP recordings" in page.locator("main").inner_text()
    screenshot("activity-overview")
    page.get_by_role("link", name="Find neurons").click()
    page.wait_for_url("**/activity/find-neuron/")
    page.go_back()
    page.get_by_role("link", name="Dag, Nwabudike & Kang et al., 2023").click()
    page.wait_for_url("**/activity/dataset/?p=dag_nwabudike_kang_2023")


def test_encoding_overview(page, screenshot):
    page.goto("/activity/encoding/")
    screenshot("activity-encoding-overview")
    page.get_by_role("link", name="Open the connectome").click()
    page.wait_for_url("**/activity/encoding/connectome/")


def test_about_datasets_has_one_row_per_paper(page, server_url, screenshot):
    page.goto("/about/datasets/")
    recordings = api_get(server_url, "/activity/api/data/datasets/")
    for paper in {r["paper_id"] for r in recordings}:
        row = page.locator(f"tr[data-paper={paper}]")
        mine = [r for r in recordings if r["paper_id"] == paper]
        assert row.locator("[data-col=n]").inner_text() == str(len(mine))
        assert (
            row.locator("[data-col=neuropal]")
            .inner_text()
            .startswith(f"{sum(r['n_labeled'] > 0 for r in mine)} of {len(mine)} recording")
        )
        assert (
            row.locator("[data-col=behavior]").inner_text() == f"{sum(r['has_behavior'] for r in mine)} of {len(mine)}"
        )
    with page.expect_download() as info:
        page.locator("tr[data-paper=atanas_kim_2023] [data-role=download-link]").click()
    assert info.value.suggested_filename == "atanas_kim_2023.tar.bz2"
    screenshot("about-datasets")
    page.locator("tr[data-paper=atanas_kim_2023] [data-role=recordings-link]").click()
    page.wait_for_url("**/activity/dataset/?p=atanas_kim_2023")


def test_dataset_row_opens_its_plot_on_double_click(page):
    page.goto("/activity/dataset/?p=dag_nwabudike_kang_2023")
    page.locator("#recordings tr[data-id='dag_nwabudike_kang_2023-2022-01-16-01'] td:nth-child(4)").dblclick()
    page.wait_for_url("**/activity/explore/dag_nwabudike_kang_2023-2022-01-16-01/?b=v")


@pytest.mark.parametrize(
    "url, name", [("/activity/", "activity-overview-mobile"), ("/about/datasets/", "about-datasets-mobile")]
)
def test_narrow_window(page, screenshot, url, name):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(name)
