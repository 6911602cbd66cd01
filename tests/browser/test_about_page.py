"""/about/ in Chromium: credits, citations and the dataset checksums."""

import csv
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[2] / "data"
CHECKSUMS = DATA / "wormwideweb-data/connectome/connectome_checksum.csv"


def test_checksums_and_citations(page, screenshot):
    page.goto("/about/")
    with open(CHECKSUMS) as f:
        published = {name.removesuffix(".json"): sha for name, sha in csv.reader(f)}
    # the dauer sheet's sha256, as its README states it
    published["yim_2024_dauer"] = re.search(r"\b[0-9a-f]{64}\b", (DATA / "yim2024_dauer/README.md").read_text())[0]
    shown = {
        row.get_attribute("data-dataset"): row.locator("code.sha").inner_text()
        for row in page.locator("tr[data-dataset]").all()
    }
    assert shown == published
    row = page.locator("tr[data-dataset=cook_2020]")
    row.get_by_role("link", name="Cook et al., 2021").click()  # the data's short citation of the 2020 paper
    assert page.url.endswith("#ref-cook2020")
    assert "The connectome of the Caenorhabditis elegans pharynx" in page.locator("#ref-cook2020").inner_text()
    assert "doi:10.1002/cne.24932" in page.locator("#ref-cook2020").inner_text()
    screenshot("about")


def test_narrow_window(page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/about/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("about-mobile")
