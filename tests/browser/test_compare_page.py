"""/connectome/compare/ in Chromium: two datasets side by side and what changed between them."""


import pytest

from tests.browser.helpers import (
    api_edges,
    check_provenance,
    pick,
    picked,
    read_csv,
    shown_edges,
    wait_for,
    wait_for_graph,
)

pytestmark = pytest.mark.browser

CLASSES = ["AVA", "AVB", "AVD", "AVE", "PVC", "RIM"]
URL = f"/connectome/compare/?c={','.join(CLASSES)}&con=0"
ARROW = {"c": "→", "e": "—"}


def changes(answer, with_gaps=True) -> dict[str, list[tuple]]:
    """Gained, lost and changed edges computed from get-edges for [A, B], as the table lists them."""
    found = {"gained": [], "lost": [], "changed": []}
    for s in answer["synapses"]:
        if s["type"] == "e" and not with_gaps:
            continue
        a, b = s["list_count"]
        status = "gained" if a == 0 else "lost" if b == 0 else "changed" if a != b else None
        if status:
            found[status].append((f"{s['pre']} {ARROW[s['type']]} {s['post']}", a, b))
    return {k: sorted(v) for k, v in found.items()}


def table(page) -> list[tuple]:
    rows = page.locator("#change-rows tr[data-status]").all()
    return sorted((row.locator("td").nth(0).inner_text(), int(row.locator("td").nth(2).inner_text()),
                   int(row.locator("td").nth(3).inner_text())) for row in rows)


def wait_for_both(page):
    wait_for_graph(page, "graph-a-box")
    wait_for_graph(page, "graph-b-box")


def test_compare_white_and_cook(page, server_url, screenshot):
    page.goto("/connectome/compare/")
    page.get_by_label("Show connected neurons").uncheck()
    for name in CLASSES:
        pick(page, "neurons", f"c:{name}", name)
    wait_for(page, f"location.search.includes('c={','.join(CLASSES)}')")
    wait_for_both(page)
    answer = api_edges(server_url, datasets=["white_1986_whole", "cook_jarrell_2019_h"], classes=CLASSES)
    in_a = sorted(f"{s['pre']}!{s['post']}!{s['type']}" for s in answer["synapses"] if s["list_count"][0] > 0)
    in_b = sorted(f"{s['pre']}!{s['post']}!{s['type']}" for s in answer["synapses"] if s["list_count"][1] > 0)
    assert shown_edges(page, "graphA") == in_a and shown_edges(page, "graphB") == in_b
    assert page.evaluate("window.wormwideweb.graphA.positions()") == page.evaluate(
        "window.wormwideweb.graphB.positions()"
    )

    expected = changes(answer)
    assert table(page) == sorted(expected["gained"] + expected["lost"] + expected["changed"])
    for status in ("gained", "lost", "changed"):
        assert page.locator(f"[data-count={status}]").inner_text() == str(len(expected[status]))
    assert page.locator("#title-a").inner_text() == "White et al., 1986 compilation (adult)"
    assert page.locator("#title-b").inner_text() == "Cook & Jarrell et al., 2019 (adult hermaphrodite)"
    screenshot("compare")


def test_filter_the_table(page, server_url):
    page.goto(URL)
    wait_for_both(page)
    expected = changes(api_edges(server_url, datasets=["white_1986_whole", "cook_jarrell_2019_h"], classes=CLASSES))
    page.locator("label[for=show-gained]").click()
    wait_for(page, "location.search.includes('show=gained')")
    assert table(page) == expected["gained"]
    page.locator("label[for=show-changed]").click()
    assert table(page) == expected["changed"]


def test_gap_junctions_are_left_out_when_a_dataset_has_none(page, server_url):
    page.goto(URL)
    wait_for_both(page)
    pick(page, "dataset-b", "witvliet_2020_8", "Dataset 8")
    wait_for(page, "location.search.includes('b=witvliet_2020_8')")
    wait_for_both(page)
    answer = api_edges(server_url, datasets=["white_1986_whole", "witvliet_2020_8"], classes=CLASSES)
    expected = changes(answer, with_gaps=False)
    assert table(page) == sorted(expected["gained"] + expected["lost"] + expected["changed"])
    note = page.locator("#changes-note").inner_text()
    assert "Gap junctions are left out: one of the datasets has no gap-junction data." in note
    assert "cover different parts of the animal (complete, head ganglia)" in note


def test_a_shared_link_restores_the_view_and_swap(page):
    page.goto("/connectome/compare/?a=witvliet_2020_1&b=witvliet_2020_8&c=AIY,AIZ&n=RIAL&layout=grid&cmin=2&show=lost")
    wait_for_both(page)
    assert picked(page, "dataset-a") == ["witvliet_2020_1"] and picked(page, "dataset-b") == ["witvliet_2020_8"]
    assert sorted(picked(page, "neurons")) == ["c:AIY", "c:AIZ", "n:RIAL"]
    assert page.locator("#setting-layout").input_value() == "grid"
    assert page.locator("#show-lost").is_checked()
    assert [o for o in page.locator("#setting-layout option").all_inner_texts() if "Custom" in o] == []
    page.get_by_role("button", name="Swap").click()
    wait_for(page, "location.search.includes('a=witvliet_2020_8')")
    assert picked(page, "dataset-a") == ["witvliet_2020_8"] and picked(page, "dataset-b") == ["witvliet_2020_1"]


def test_download_the_table(page, server_url):
    page.goto(URL)
    wait_for_both(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Table (CSV)").click()
    provenance, table = read_csv(info.value.path())
    check_provenance(provenance, server_url, page.url, ["white_1986_whole", "cook_jarrell_2019_h"])
    rows = [dict(zip(table[0], r, strict=True)) for r in table[1:]]
    answer = api_edges(server_url, datasets=["white_1986_whole", "cook_jarrell_2019_h"], classes=CLASSES)
    assert sorted(
        (r["pre"], r["post"], int(r["white_1986_whole"]), int(r["cook_jarrell_2019_h"])) for r in rows
    ) == sorted((s["pre"], s["post"], *s["list_count"]) for s in answer["synapses"])
    assert all(int(r["change"]) == int(r["cook_jarrell_2019_h"]) - int(r["white_1986_whole"]) for r in rows)


def test_narrow_window(page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(URL)
    wait_for_both(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("compare-mobile")
