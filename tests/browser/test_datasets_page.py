"""/activity/dataset/ in Chromium: the table of every recording, its filters and downloads."""

import bz2
import json
import zipfile

import pytest

from tests.browser.helpers import api_get, expect_failed_request, pick, wait_for

pytestmark = pytest.mark.browser


def wait_for_table(page):
    page.locator("#table-box [data-role=loading]").wait_for(state="hidden")
    wait_for(page, "document.querySelector('#recordings tbody tr') !== null")


def shown_ids(page) -> list[str]:
    return page.locator("#recordings tbody tr[data-id]").evaluate_all("rows => rows.map(r => r.dataset.id)")


def column(page, index: int) -> list[str]:
    """The text of one column (0 is the checkbox) of the rows shown."""
    return page.locator(f"#recordings tbody tr[data-id] td:nth-child({index + 1})").all_inner_texts()


def test_every_recording_with_its_figures(page, server_url, screenshot):
    page.goto("/activity/dataset/")
    wait_for_table(page)
    recordings = api_get(server_url, "/activity/api/data/datasets/")
    assert shown_ids(page) == [r["dataset_id"] for r in recordings]
    assert column(page, 2) == [r["dataset_name"] for r in recordings]
    assert column(page, 3) == [str(r["n_neuron"]) for r in recordings]
    assert column(page, 4) == [str(r["n_labeled"]) for r in recordings]
    assert column(page, 6) == [f"{r['max_t'] * r['avg_timestep']:.1f}" for r in recordings]
    atanas = page.locator("#recordings tr[data-id='atanas_kim_2023-2022-08-02-01']")
    assert "no behaviour" in atanas.inner_text() and "NeuroPAL" in atanas.inner_text()
    assert page.locator("#recordings [data-role=count]").inner_text() == f"1–{len(recordings)} of {len(recordings)}"
    screenshot("activity-datasets")


def test_paper_in_the_url_preselects_it(page, server_url):
    page.goto("/activity/dataset/?p=atanas_kim_2023")
    wait_for_table(page)
    recordings = api_get(server_url, "/activity/api/data/datasets/")
    assert shown_ids(page) == [r["dataset_id"] for r in recordings if r["paper_id"] == "atanas_kim_2023"]
    assert page.locator("#papers-ts-control .item").all_inner_texts()[0].startswith("Atanas & Kim et al., 2023")


def test_types_filter_sort_and_search(page, server_url):
    page.goto("/activity/dataset/")
    wait_for_table(page)
    recordings = api_get(server_url, "/activity/api/data/datasets/")
    pick(page, "types", "common-neuropal", "NeuroPAL")
    pick(page, "types", "dag_nwabudike_kang_2023-reFed", "Re-fed")
    wait_for(page, "location.search.includes('t=common-neuropal,dag_nwabudike_kang_2023-reFed')")
    both = [r for r in recordings if {"common-neuropal", "dag_nwabudike_kang_2023-reFed"} <= set(r["dataset_type"])]
    assert len(both) > 1 and shown_ids(page) == [r["dataset_id"] for r in both]
    page.get_by_role("button", name="Labelled").click()
    page.get_by_role("button", name="Labelled").click()
    wait_for(page, "location.search.includes('sort=-n_labeled')")
    labelled = [int(n) for n in column(page, 4)]
    assert labelled == sorted((r["n_labeled"] for r in both), reverse=True)
    page.get_by_label("Search").fill("2022-07-27")
    assert sorted(column(page, 2)) == sorted(r["dataset_name"] for r in both if "2022-07-27" in r["dataset_name"])
    page.reload()
    wait_for_table(page)
    assert page.get_by_label("Search").input_value() == "2022-07-27"
    assert sorted(column(page, 2)) == sorted(r["dataset_name"] for r in both if "2022-07-27" in r["dataset_name"])


def test_download_selected_as_one_zip(page):
    page.goto("/activity/dataset/?p=dag_nwabudike_kang_2023")
    wait_for_table(page)
    ids = shown_ids(page)[:2]
    for dataset_id in ids:
        page.get_by_label(f"Select {dataset_id}").check()
    assert page.locator("#recordings [data-role=count]").inner_text().endswith("· 2 selected")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download 2 selected").click()
    assert info.value.suggested_filename.startswith("wormwideweb-recordings-")
    names = zipfile.ZipFile(info.value.path()).namelist()
    assert names == [f"dag_nwabudike_kang_2023_{i.removeprefix('dag_nwabudike_kang_2023-')}.json.bz2" for i in ids]
    page.locator("#download-progress").filter(has_text="Saved 2 recordings").wait_for()
    assert page.locator("#download-progress [aria-valuenow]").get_attribute("aria-valuenow") == "100"


def test_one_download_per_row(page):
    page.goto("/activity/dataset/?p=atanas_kim_2023")
    wait_for_table(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download 2022-08-02-01").click()
    assert info.value.suggested_filename == "atanas_kim_2023_2022-08-02-01.json.bz2"
    document = json.loads(bz2.decompress(open(info.value.path(), "rb").read()))
    assert document["metadata"]["uid"] == "2022-08-02-01" and len(document["gcamp"]["trace_array"]) == 98


def test_a_failing_api_gives_a_friendly_message(page):
    page.route("**/activity/api/data/datasets/", lambda route: route.fulfill(status=500, body=""))
    page.goto("/activity/dataset/")
    page.locator("#message").filter(has_text="Could not load the recordings").wait_for()
    expect_failed_request(page, 500)  # the failure we faked, and nothing else


def test_narrow_window(page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/activity/dataset/")
    wait_for_table(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("activity-datasets-mobile")
