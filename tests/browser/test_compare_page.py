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
from tests.raw_connectome import neuron_table
from tests.test_edge_diff import expected_status, merged

pytestmark = pytest.mark.browser

CLASSES = ["AVA", "AVB", "AVD", "AVE", "PVC", "RIM"]
URL = f"/connectome/compare/?c={','.join(CLASSES)}&con=0"
ARROW = {"c": "→", "e": "—"}


def expected_table(a, b, classes=CLASSES, with_gaps=True) -> list[tuple]:
    """(edge, count in A, count in B, status) among the classes, from the raw files (pandas):
    member pairs summed per class pair, the rule of the README (fold = B / A, 2 either way)."""
    table = merged(a, b, drop_gaps=not with_gaps)
    cls = dict(zip(neuron_table()["name"], neuron_table()["class"], strict=True))
    table = table.assign(pre=table["pre"].map(cls), post=table["post"].map(cls))
    table = table[table["pre"].isin(classes) & table["post"].isin(classes)]
    sums = table.groupby(["pre", "post", "type"])[["count_a", "count_b"]].sum()
    rows = []
    for (pre, post, kind), row in sums.iterrows():
        count_a, count_b = int(row["count_a"]), int(row["count_b"])
        fold = count_b / count_a if count_a and count_b else None
        rows.append((f"{pre} {ARROW[kind]} {post}", count_a, count_b, expected_status(count_a, count_b, fold, 2)))
    return sorted(rows)


def table(page) -> list[tuple]:
    rows = page.locator("#change-rows tr[data-status]").all()
    return sorted((row.locator("td").nth(0).inner_text(), int(row.locator("td").nth(2).inner_text()),
                   int(row.locator("td").nth(3).inner_text()), row.get_attribute("data-status")) for row in rows)


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

    expected = expected_table("white_1986_whole", "cook_jarrell_2019_h")
    wait_for(page, "document.querySelectorAll('#change-rows tr[data-status]').length > 0")
    assert table(page) == expected
    for status in ("only_in_a", "only_in_b", "stronger", "weaker", "unchanged"):
        assert page.locator(f"[data-count={status}]").inner_text() == str(sum(r[3] == status for r in expected))
    assert set(r[3] for r in expected) >= {"only_in_b", "stronger", "unchanged"}
    assert page.locator("#title-a").inner_text() == "White et al., 1986 compilation (adult)"
    assert page.locator("#title-b").inner_text() == "Cook & Jarrell et al., 2019 (adult hermaphrodite)"
    screenshot("compare")


def test_filter_sort_and_size_of_the_table(page):
    page.goto(URL)
    wait_for_both(page)
    expected = expected_table("white_1986_whole", "cook_jarrell_2019_h")
    page.locator("label[for=show-only_in_b]").click()
    wait_for(page, "location.search.includes('show=only_in_b')")
    assert table(page) == [r for r in expected if r[3] == "only_in_b"]
    page.locator("label[for=show-stronger]").click()
    assert table(page) == [r for r in expected if r[3] == "stronger"]
    page.locator("label[for=show-all]").click()
    page.locator("[data-sort=b]").click()
    wait_for(page, "location.search.includes('sort=-b')")
    shown_b = [int(v) for v in page.locator("#change-rows tr td:nth-child(4)").all_inner_texts()]
    assert shown_b == sorted((r[2] for r in expected), reverse=True)
    page.locator("[data-sort=b]").click()
    wait_for(page, "location.search.includes('sort=b')")
    assert [int(v) for v in page.locator("#change-rows tr td:nth-child(4)").all_inner_texts()] == sorted(shown_b)
    page.locator("#diff-min").fill("10")
    page.locator("#diff-min").dispatch_event("change")
    wait_for(page, "location.search.includes('dmin=10')")
    wait_for(page, f"document.querySelectorAll('#change-rows tr[data-status]').length === "
                   f"{sum(max(r[1], r[2]) >= 10 for r in expected)}")
    assert table(page) == [r for r in expected if max(r[1], r[2]) >= 10]


def test_a_click_on_a_row_highlights_the_edge_in_both_graphs(page):
    page.goto(URL)
    wait_for_both(page)
    wait_for(page, "document.querySelectorAll('#change-rows tr[data-status]').length > 0")
    expected = expected_table("white_1986_whole", "cook_jarrell_2019_h")
    both = next(r for r in expected if r[1] and r[2] and "→" in r[0])
    pre, post = both[0].split(" → ")
    edge = f"{pre}!{post}!c"
    page.locator(f'#change-rows tr[data-edge="{edge}"]').click()
    wait_for(page, f"location.search.includes('edge={edge.replace('!', '%21')}')")
    for handle in ("graphA", "graphB"):
        assert page.evaluate(f"window.wormwideweb.{handle}.cy.getElementById('{edge}').hasClass('highlighted')")
        assert page.evaluate(f"window.wormwideweb.{handle}.cy.elements('.highlighted').length") == 1
    assert page.locator(f'#change-rows tr[data-edge="{edge}"]').get_attribute("class") == "table-active"
    only_b = next(r for r in expected if r[3] == "only_in_b")
    pre, post = only_b[0].split(" → ") if "→" in only_b[0] else only_b[0].split(" — ")
    kind = "c" if "→" in only_b[0] else "e"
    page.locator(f'#change-rows tr[data-edge="{pre}!{post}!{kind}"]').click()
    assert page.evaluate(f"window.wormwideweb.graphB.cy.getElementById('{pre}!{post}!{kind}').hasClass('highlighted')")
    # not drawn in A: its two ends are highlighted there instead
    highlighted_a = page.evaluate("window.wormwideweb.graphA.cy.elements('.highlighted').map(e => e.id()).sort()")
    assert highlighted_a == sorted({pre, post})
    page.locator(f'#change-rows tr[data-edge="{pre}!{post}!{kind}"]').click()
    assert page.evaluate("window.wormwideweb.graphB.cy.elements('.highlighted').length") == 0


def test_gap_junctions_are_left_out_when_a_dataset_has_none(page, server_url):
    page.goto(URL)
    wait_for_both(page)
    pick(page, "dataset-b", "witvliet_2020_8", "Dataset 8")
    wait_for(page, "location.search.includes('b=witvliet_2020_8')")
    wait_for_both(page)
    wait_for(page, "document.getElementById('changes-note').textContent.includes('witvliet_2020_8 has no')")
    assert table(page) == expected_table("white_1986_whole", "witvliet_2020_8", with_gaps=False)
    note = page.locator("#changes-note").inner_text()
    assert "Gap junctions are left out: witvliet_2020_8 has no gap-junction data." in note
    assert "cover different parts of the animal (complete, head ganglia)" in note


def test_a_shared_link_restores_the_view_and_swap(page):
    page.goto("/connectome/compare/?a=witvliet_2020_1&b=witvliet_2020_8&c=AIY,AIZ&n=RIAL&layout=grid&cmin=2&show=lost")
    wait_for_both(page)
    assert picked(page, "dataset-a") == ["witvliet_2020_1"] and picked(page, "dataset-b") == ["witvliet_2020_8"]
    wait_for(page, "document.getElementById('changes-note').textContent.includes('Witvliet et al. (2021)')")
    assert "developmentally dynamic classes are not shown" in page.locator("#changes-note").inner_text()
    assert sorted(picked(page, "neurons")) == ["c:AIY", "c:AIZ", "n:RIAL"]
    assert page.locator("#setting-layout").input_value() == "grid"
    assert page.locator("#show-only_in_a").is_checked()  # show=lost: a link made before the edge-diff table
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
    assert provenance["option"]["rule"].startswith("value = synapse count; change = value_b - value_a")
    rows = [dict(zip(table[0], r, strict=True)) for r in table[1:]]
    kinds = {"chemical": "→", "gap_junction": "—"}
    assert sorted((f"{r['pre']} {kinds[r['type']]} {r['post']}", int(r["white_1986_whole_synapses"]),
                   int(r["cook_jarrell_2019_h_synapses"]), r["status"]) for r in rows) == expected_table(
        "white_1986_whole", "cook_jarrell_2019_h")
    assert all(int(r["change"]) == int(r["cook_jarrell_2019_h_synapses"]) - int(r["white_1986_whole_synapses"])
               for r in rows)


def test_narrow_window(page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(URL)
    wait_for_both(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("compare-mobile")
