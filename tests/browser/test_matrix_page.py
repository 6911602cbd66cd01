"""/connectome/matrix/ in Chromium: the heatmap from a URL, its values against the raw files,
the difference of two datasets, the CSV."""


import numpy as np
import pytest

from tests.browser.helpers import api_get, check_provenance, pick, read_csv, wait_for
from tests.test_matrix import raw_matrix

pytestmark = pytest.mark.browser


def wait_for_matrix(page):
    wait_for(page, "document.getElementById('matrix').dataset.ready === 'true'", 20_000)


def heatmap(page) -> dict:
    return page.evaluate("(() => { const t = document.getElementById('matrix').data[0];"
                         " return {x: t.x, y: t.y, z: t.z, text: t.text}; })()")


def test_matrix_from_a_url_matches_the_raw_file(page, screenshot):
    page.goto("/connectome/matrix/?ds=white_1986_whole&c=AVA,RIM,AIB&n=ASHL")
    wait_for_matrix(page)
    shown = heatmap(page)
    labels = ["AIBL", "AIBR", "ASHL", "AVAL", "AVAR", "RIML", "RIMR"]
    chemical, gap = raw_matrix("white_1986_whole", labels)
    assert shown["x"] == labels and shown["y"] == labels
    assert shown["z"] == chemical.tolist()
    i, j = labels.index("AVAL"), labels.index("AVAR")
    assert f"AVAL → AVAR<br>{chemical[i, j]} synapses" == shown["text"][i][j]
    assert "(7 × 7)" in page.locator("#matrix-title").inner_text()
    assert "Unit: synapses." in page.locator("#matrix-notes").inner_text()
    page.locator("#kind").select_option("gap")
    wait_for(page, "location.search.includes('kind=gap')")
    wait_for_matrix(page)
    assert heatmap(page)["z"] == gap.tolist()
    screenshot("matrix")


def test_difference_of_two_datasets_and_csv(page, server_url):
    page.goto("/connectome/matrix/?ds=white_1986_whole&b=cook_jarrell_2019_h&c=AVA,AVB,RIM,PVC&level=class")
    wait_for_matrix(page)
    labels = ["AVA", "AVB", "PVC", "RIM"]
    a, _ = raw_matrix("white_1986_whole", labels, level="class")
    b, _ = raw_matrix("cook_jarrell_2019_h", labels, level="class")
    assert heatmap(page)["z"] == (a - b).tolist()
    assert "A − B" in page.locator("#matrix-title").inner_text()
    with page.expect_download() as info:
        page.locator("#download-csv").click()
    provenance, rows = read_csv(info.value.path())
    check_provenance(provenance, server_url, page.url, ["white_1986_whole", "cook_jarrell_2019_h"])
    assert "unit: synapses (A − B)" in provenance["source"]
    assert rows[0] == ["label", *labels]
    assert [[int(v) for v in row[1:]] for row in rows[1:]] == (a - b).tolist()
    page.locator("#diff").select_option("log2fold")
    wait_for(page, "location.search.includes('diff=log2fold')")
    wait_for_matrix(page)
    z = heatmap(page)["z"]
    i, j = labels.index("AVA"), labels.index("AVB")
    totals = page.evaluate("window.wormwideweb.matrix().totals")
    expected = np.log2((a[i, j] / totals["white_1986_whole"]) / (b[i, j] / totals["cook_jarrell_2019_h"]))
    assert z[i][j] == pytest.approx(expected, abs=1e-4)


def test_choosing_neurons_updates_the_url(page):
    page.goto("/connectome/matrix/?ds=witvliet_2020_8&c=AVA")
    wait_for_matrix(page)
    pick(page, "neurons", "c:AVB", "AVB")
    wait_for(page, "location.search.includes('c=AVA,AVB')")
    wait_for_matrix(page)
    assert heatmap(page)["x"] == ["AVAL", "AVAR", "AVBL", "AVBR"]
    assert "no gap-junction data" in page.locator("#matrix-notes").inner_text()


def test_clustered_order_from_the_url(page, server_url):
    """The page draws the API's clustered order (tests/test_matrix.py checks it against scipy)."""
    page.goto("/connectome/matrix/?ds=white_1986_whole&order=cluster&c=AVA,AVB,AVD,RIM,AIB")
    wait_for_matrix(page)
    answer = api_get(server_url, "/connectome/api/matrix/", a="white_1986_whole", classes="AVA,AVB,AVD,RIM,AIB",
                     order="cluster")
    assert heatmap(page)["x"] == answer["labels"] != sorted(answer["labels"])
    assert heatmap(page)["z"] == answer["chemical"]["a"]
