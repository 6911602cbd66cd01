"""/activity/find-neuron/ in Chromium: recordings holding chosen NeuroPAL neurons."""

import pytest

from tests.browser.helpers import api_get, pick, picked, wait_for

pytestmark = pytest.mark.browser


def wait_loaded(page):
    page.locator("#table-box [data-role=loading]").wait_for(state="hidden")
    wait_for(page, "document.getElementById('summary').textContent !== ''")


def rows(page) -> list[str]:
    return page.locator("#matches tbody tr[data-id]").evaluate_all("rows => rows.map(r => r.dataset.id)")


def expected_matches(server_url, *keys) -> dict[str, list[int]]:
    """Recordings holding every key of the index, with the indices found (in key order)."""
    index = api_get(server_url, "/activity/api/data/find_neuron/")
    found = None
    for key in keys:
        hits = index["match"][key]
        found = (
            {d: i for d, i in hits.items()} if found is None else {d: found[d] + hits[d] for d in found if d in hits}
        )
    order = [d["dataset_id"] for d in index["neuropal_datasets_data"]]
    return {d: found[d] for d in order if d in found}


def test_recordings_with_aval_and_avar(page, server_url, screenshot):
    page.goto("/activity/find-neuron/")
    wait_loaded(page)
    assert rows(page) == []
    pick(page, "neurons", "k:AVA_l_x", "AVAL")
    pick(page, "neurons", "k:AVA_r_x", "AVAR")
    wait_for(page, "location.search.includes('n=AVAL-AVAR')")
    expected = expected_matches(server_url, "AVA_l_x", "AVA_r_x")
    assert rows(page) == list(expected)
    behaviour = {r["dataset_id"]: r["has_behavior"] for r in api_get(server_url, "/activity/api/data/datasets/")}
    for dataset_id, idxs in expected.items():
        found = page.locator(f"#matches tr[data-id='{dataset_id}'] .found-neuron").all_inner_texts()
        assert found == [f"AVAL #{idxs[0]}", f"AVAR #{idxs[1]}"]
        plot = page.locator(f"#matches tr[data-id='{dataset_id}'] [data-role=plot]").get_attribute("href")
        assert plot == f"/activity/explore/{dataset_id}/?n={idxs[0]}-{idxs[1]}{'&b=v' if behaviour[dataset_id] else ''}"
    index = api_get(server_url, "/activity/api/data/find_neuron/")
    summary = f"{len(expected)} of {len(index['neuropal_datasets_data'])} labelled recordings hold AVAL and AVAR."
    assert page.locator("#summary").inner_text() == summary
    screenshot("activity-find-neuron")


def test_url_restores_classes_as_any_member(page, server_url):
    page.goto("/activity/find-neuron/?n=AVA-RIM")
    wait_loaded(page)
    assert picked(page, "neurons") == ["c:AVA", "c:RIM"]
    index = api_get(server_url, "/activity/api/data/find_neuron/")
    holders = lambda cls: {d for key, hits in index["match"].items() if key.startswith(f"{cls}_") for d in hits}  # noqa: E731 (a one-line helper)
    order = [d["dataset_id"] for d in index["neuropal_datasets_data"]]
    assert rows(page) == [d for d in order if d in holders("AVA") & holders("RIM")]


def test_any_and_a_specific_neuron_exclude_each_other(page):
    page.goto("/activity/find-neuron/?n=AVA")
    wait_loaded(page)
    assert picked(page, "neurons") == ["c:AVA"]
    pick(page, "neurons", "k:AVA_l_x", "AVAL")
    assert picked(page, "neurons") == ["k:AVA_l_x"]
    pick(page, "neurons", "c:AVA", "AVA (any)")
    assert picked(page, "neurons") == ["c:AVA"]


def test_unknown_label_in_the_url_is_reported(page):
    page.goto("/activity/find-neuron/?n=AVA-NOPE")
    wait_loaded(page)
    assert picked(page, "neurons") == ["c:AVA"]
    assert "NOPE" in page.locator("#message").inner_text()


def test_narrow_window(page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/activity/find-neuron/?n=AVAL-AVAR")
    wait_loaded(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("activity-find-neuron-mobile")
