"""/connectome/path/ in Chromium: find the shortest paths between two neurons or classes."""

from itertools import pairwise

import pytest

from tests.browser.helpers import (
    api_get,
    check_provenance,
    download,
    expect_failed_request,
    pick,
    picked,
    read_csv,
    shown_edges,
    wait_for_graph,
)

pytestmark = pytest.mark.browser

HOP_MARKS = {"c": "→", "e": "—"}


def find_paths(server_url, **params):
    return api_get(server_url, "/connectome/api/find-paths/", **params)


def path_text(path: dict) -> str:
    """How the page writes a path: names joined by each hop's marks and counts."""
    text = path["path"][0]
    for a, b in pairwise(path["path"]):
        hop = [e for e in path["edges"] if {e["pre"], e["post"]} == {a, b}]
        text += " " + " ".join(f"{HOP_MARKS[e['type']]}{e['count']}" for e in hop) + " " + b
    return text


def listed_paths(page) -> list[tuple[str, int]]:
    rows = page.locator("#path-rows tr")
    return [
        (row.locator(".path-hops").inner_text(), int(row.locator("td").last.inner_text()))
        for row in rows.all()
    ]


def wait_for_results(page):
    page.locator("#results").wait_for()
    wait_for_graph(page)


def test_find_paths_from_ashl_to_aval(page, server_url, screenshot):
    page.goto("/connectome/path/")
    pick(page, "dataset", "white_1986_whole", "White et al., 1986 comp")
    page.get_by_label("Search between classes").uncheck()
    pick(page, "start", "n:ASHL", "ASHL")
    pick(page, "end", "n:AVAL", "AVAL")
    page.get_by_role("button", name="Find paths").click()
    wait_for_results(page)
    expected = find_paths(server_url, dataset="white_1986_whole", start="ASHL", end="AVAL", weighted="false")
    assert listed_paths(page) == [(path_text(p), p["total_weight"]) for p in expected["paths"]]
    n = expected["n_paths_total"]
    assert (
        page.locator("#results-title")
        .inner_text()
        .startswith(f"{n} shortest path{'s' if n > 1 else ''} from ASHL to AVAL")
    )
    assert (
        "ds=white_1986_whole" in page.url
        and "start=ASHL" in page.url
        and "end=AVAL" in page.url
        and "cls=0" in page.url
    )
    screenshot("path")


def test_a_shared_link_runs_the_same_search(page, server_url):
    page.goto("/connectome/path/?ds=cook_jarrell_2019_h&cls=0&start=PHAL&end=ASHL&gap=0")
    wait_for_results(page)
    assert picked(page, "dataset") == ["cook_jarrell_2019_h"]
    assert picked(page, "start") == ["n:PHAL"] and picked(page, "end") == ["n:ASHL"]
    assert not page.get_by_label("Cross gap junctions").is_checked()
    expected = find_paths(
        server_url, dataset="cook_jarrell_2019_h", start="PHAL", end="ASHL", weighted="false", gap_junction="false"
    )
    assert len(expected["paths"]) > 1
    assert listed_paths(page) == [(path_text(p), p["total_weight"]) for p in expected["paths"]]
    hops = {f"{e['pre']}!{e['post']}!{e['type']}" for p in expected["paths"] for e in p["edges"]}
    assert shown_edges(page) == sorted(hops)


def test_classes_and_weights(page, server_url):
    page.goto("/connectome/path/?ds=white_1986_whole&start=PHA&end=URY&w=1")
    wait_for_results(page)
    expected = find_paths(
        server_url, dataset="white_1986_whole", start="PHA", end="URY", **{"class": "true"}, weighted="true"
    )
    assert listed_paths(page) == [(path_text(p), p["total_weight"]) for p in expected["paths"]]
    assert "strongest (weighted) path" in page.locator("#results-title").inner_text()


def test_a_capped_answer_says_so(page, server_url, screenshot):
    page.goto("/connectome/path/?ds=cook_jarrell_2019_m&start=AWB&end=vsr")
    wait_for_results(page)
    expected = find_paths(
        server_url, dataset="cook_jarrell_2019_m", start="AWB", end="vsr", **{"class": "true"}, weighted="false"
    )
    assert expected["truncated"]
    assert page.locator("#message").inner_text() == (
        f"Showing the first {len(expected['paths'])} of {expected['n_paths_total']} shortest paths: "
        f"the answer is capped at {expected['max_paths']}."
    )
    assert page.locator("#path-rows tr").count() == len(expected["paths"])
    screenshot("path-capped")


def test_no_path_is_a_clear_message(page):
    page.goto("/connectome/path/?ds=witvliet_2020_8&cls=0&start=AVAL&end=ASHL")
    page.locator("#graph-box [data-role=empty-text]").filter(has_text="No path").wait_for()
    assert page.locator("#graph-box [data-role=empty-text]").inner_text() == (
        "No path from AVAL to ASHL in Witvliet et al., 2020, Dataset 8 (adult) through synapses."
    )
    assert "witvliet_2020_8 has no gap-junction data" in page.locator("#message").inner_text()
    assert (
        page.locator("#gap-note").inner_text()
        == "This dataset has no gap-junction data: paths use chemical synapses only."
    )
    assert not page.locator("#results").is_visible()


def test_both_ends_are_needed(page):
    page.goto("/connectome/path/?ds=white_1986_whole")
    pick(page, "start", "c:ASH", "ASH")
    page.get_by_role("button", name="Find paths").click()
    assert page.locator("#message").inner_text() == "Choose both a start and an end."
    pick(page, "end", "c:ASH", "ASH")
    page.get_by_role("button", name="Find paths").click()
    assert page.locator("#message").inner_text() == "Start and end are the same: choose two different ones."


def test_swap_and_highlight_a_path(page, server_url):
    page.goto("/connectome/path/?ds=white_1986_whole&start=ADA&end=VD")
    wait_for_results(page)
    page.get_by_role("button", name="Swap").click()
    assert picked(page, "start") == ["c:VD"] and picked(page, "end") == ["c:ADA"]
    page.get_by_role("button", name="Swap").click()
    expected = find_paths(
        server_url, dataset="white_1986_whole", start="ADA", end="VD", **{"class": "true"}, weighted="false"
    )
    page.locator("#path-rows tr").nth(1).click()
    highlighted = page.evaluate("window.wormwideweb.graph.cy.edges('.highlighted').map(e => e.id()).sort()")
    second = expected["paths"][1]
    assert highlighted == sorted(
        f"{min(e['pre'], e['post'])}!{max(e['pre'], e['post'])}!e" if e["type"] == "e" else f"{e['pre']}!{e['post']}!c"
        for e in second["edges"]
    )


def test_download_the_paths(page, server_url):
    page.goto("/connectome/path/?ds=white_1986_whole&start=ADA&end=VD")
    wait_for_results(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Paths (CSV)").click()
    provenance, table = read_csv(info.value.path())
    check_provenance(provenance, server_url, page.url, ["white_1986_whole"])
    assert provenance["option"]["start"] == "ADA" and provenance["option"]["w"] == "0"
    rows = [dict(zip(table[0], r, strict=True)) for r in table[1:]]
    expected = find_paths(
        server_url, dataset="white_1986_whole", start="ADA", end="VD", **{"class": "true"}, weighted="false"
    )
    kinds = {"c": "chemical", "e": "gap_junction"}
    assert [(int(r["path"]), r["pre"], r["post"], r["type"], int(r["count"])) for r in rows] == [
        (i + 1, e["pre"], e["post"], kinds[e["type"]], e["count"])
        for i, p in enumerate(expected["paths"])
        for e in p["edges"]
    ]
    svg = open(download(page, page.locator("#graph-box").get_by_role("button", name="Download"), "Image (SVG)")).read()
    assert ">ADA<" in svg and ">VD<" in svg


def test_a_failing_api_gives_a_friendly_message(page):
    page.route("**/connectome/api/find-paths/**", lambda route: route.fulfill(status=503, body="busy"))
    page.goto("/connectome/path/?ds=white_1986_whole&start=ADA&end=VD")
    page.locator("#message").filter(has_text="Could not find paths").wait_for()
    assert "The server had a problem answering" in page.locator("#message").inner_text()
    expect_failed_request(page, 503)  # the failure we faked, and nothing else


def test_narrow_window(page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/connectome/path/?ds=white_1986_whole&start=ADA&end=VD")
    wait_for_results(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("path-mobile")
