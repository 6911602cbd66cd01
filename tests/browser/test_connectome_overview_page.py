"""/connectome/ in Chromium: the connectome tools and the datasets."""

import json

import pytest

from tests.browser.helpers import api_get, picked, wait_for_graph
from tests.live_server import ROOT

pytestmark = pytest.mark.browser


def test_lists_the_datasets_and_opens_one(page, server_url, screenshot):
    page.goto("/connectome/")
    ids = page.locator("#datasets tbody code").all_inner_texts()
    raw = ROOT / "data/wormwideweb-data/connectome/connectome_datasets.json"
    published = [d["id"] for d in json.loads(raw.read_text())]
    assert ids == [*published, "yim_2024_dauer"]  # the file's order, then the dauer of its own sheet
    screenshot("connectome")
    page.locator("#datasets tr", has_text="cook_2020").get_by_role("link", name="Explore").click()
    page.wait_for_url("**/connectome/explore/?ds=cook_2020")
    wait_for_graph(page)
    assert picked(page, "datasets") == ["cook_2020"]
    neurons = api_get(server_url, "/connectome/api/available-neurons/", datasets="cook_2020")["neurons"]
    assert "I1L" in neurons  # the picker now offers the pharynx neurons
    page.locator("#neurons-ts-control").click()
    page.locator('#neurons-ts-dropdown [data-value="n:I1L"]').wait_for()


def test_narrow_window(page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/connectome/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("connectome-mobile")
