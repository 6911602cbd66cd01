"""/connectome/path/several/ and /connectome/path/matrix/ in Chromium: paths across datasets,
a hop's evidence, the matrix and its click-through, the link to find-neuron."""

import pytest

from tests.browser.helpers import api_get, check_provenance, click_edge, read_csv, wait_for

pytestmark = pytest.mark.browser
FOUR = ["white_1986_whole", "cook_jarrell_2019_h", "witvliet_2020_7", "witvliet_2020_8"]


def multi(server_url, **params):
    return api_get(server_url, "/connectome/api/find-paths-multi/", **params)


def wait_for_table(page):
    page.locator("#consensus-table tbody tr").first.wait_for()


def listed(page) -> list[tuple[int, str, int]]:
    """(rank, path as shown, datasets) of each row."""
    rows = []
    for row in page.locator("#consensus-table tbody tr").all():
        cells = row.locator("td")
        consensus = int(cells.nth(3).inner_text().split(" / ")[0])
        rows.append((int(cells.nth(0).inner_text()), cells.nth(1).inner_text(), consensus))
    return rows


def expected_rows(answer) -> list[tuple[int, str, int]]:
    return [(p["rank"], " → ".join(p["path"]), p["consensus"]) for p in answer["paths"]]


def test_a_query_over_several_datasets_from_the_form(page, server_url, screenshot):
    page.goto("/connectome/path/several/")
    for d in FOUR[:3]:
        page.locator(f"#ds-{d}").check()
    page.locator("#start").fill("ASHL")
    page.locator("#end").fill("AVAL")
    page.get_by_label("Paths per dataset").select_option("k")
    page.get_by_label("k (1-50)").fill("3")
    page.get_by_role("button", name="Find paths").click()
    wait_for_table(page)
    expected = multi(server_url, datasets=",".join(FOUR[:3]), start="ASHL", end="AVAL", k=3, weighted="false")
    assert len(expected["paths"]) >= 3
    assert listed(page) == expected_rows(expected)
    for d in FOUR[:3]:
        entry = next(e for e in expected["per_dataset"] if e["dataset_id"] == d)
        assert f"{entry['n_paths']} path" in page.locator(f"#dataset-status [data-dataset={d}]").inner_text()
    assert f"ds={','.join(FOUR[:3])}" in page.url and "start=ASHL" in page.url and "k=3" in page.url
    # A dataset column marks where the path exists: sorting by it puts those first.
    page.locator("#consensus-table th[data-key='ds:witvliet_2020_7']").click()
    page.locator("#consensus-table th[data-key='ds:witvliet_2020_7']").click()  # descending
    marks = [m.inner_text() for m in page.locator("#consensus-table tbody td[data-dataset=witvliet_2020_7]").all()]
    assert marks == sorted(marks, key=lambda m: m == "·")
    with page.expect_download() as info:
        page.locator("#download-csv").click()
    provenance, rows = read_csv(info.value.path())
    check_provenance(provenance, server_url, page.url, [*FOUR[:3], "atlas", "neuron_metadata"])
    assert rows[0] == ["rank", "path", "n_hops", "consensus", "summed_count", "bottleneck",
                       *[f"{d}_synapses" for d in FOUR[:3]]]
    assert [(int(r[0]), r[1], int(r[3])) for r in rows[1:]] == [
        (p["rank"], " > ".join(p["path"]), p["consensus"]) for p in expected["paths"]]
    screenshot("path-several")


def test_a_link_runs_the_query_and_a_hop_shows_its_evidence(page, server_url, screenshot):
    page.goto(f"/connectome/path/several/?ds={','.join(FOUR)}&start=ASHL&end=AVAL&k=4")
    wait_for_table(page)
    expected = multi(server_url, datasets=",".join(FOUR), start="ASHL", end="AVAL", k=4, weighted="false")
    assert listed(page) == expected_rows(expected)
    assert page.locator("#ds-witvliet_2020_8").is_checked() and page.get_by_label("k (1-50)").input_value() == "4"
    # Readable beside four datasets at 1280 px: a two-hop path on one line (as tall as a one-hop
    # path), a line never breaking between an arrow and its name, and the table not scrolling.
    heights = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#consensus-table tbody tr')]
        .map((tr) => [tr.querySelectorAll('.hop-link').length,
                      tr.querySelector('.path-hops').getBoundingClientRect().height]))""")
    assert {"1", "2"} <= heights.keys() and heights["2"] == heights["1"]
    spans = page.evaluate("""() => [...document.querySelectorAll('#consensus-table .path-hops .text-nowrap')]
        .map((span) => span.getBoundingClientRect().height)""")
    assert len(spans) > 9 and max(spans) < 1.2 * min(spans)  # each "→ name" one line high
    assert page.evaluate("() => { const box = document.querySelector('#consensus-table').parentElement; "
                         "return box.scrollWidth <= box.clientWidth; }")
    wait_for(page, "window.wormwideweb.multi && window.wormwideweb.multi.cy.edges().length > 0")
    # The first hop of a longer path: a direct ASHL -> AVAL edge crosses the nodes between them.
    hop = next(p["hops"][0] for p in expected["paths"] if p["n_hops"] > 1)
    click_edge(page, f"{hop['pre']}>{hop['post']}", handle="multi")
    page.locator("#hop-counts").wait_for()
    for i, d in enumerate(FOUR):
        cells = page.locator(f"#hop-counts tr[data-dataset={d}] td").all_inner_texts()
        assert cells[1:] == [str(hop["chemical"][i]), str(hop["gap_junction"][i])]
    assert page.locator("#hop-title").inner_text() == f"{hop['pre']} → {hop['post']}"
    evidence = next(e for e in expected["hop_evidence"] if (e["pre"], e["post"]) == (hop["pre"], hop["post"]))
    assert hop["pre"] == "ASHL" and evidence["transmitters"] == ["Glu"]
    assert "Glu" in page.locator("#hop-transmitters").inner_text()
    atlas = page.locator("#hop-atlas").inner_text()
    for strain, label in (("wt", "wild type"), ("unc31", "unc-31")):
        entry = evidence["atlas"][strain]
        if entry["status"] == "measured":
            assert f"{label}: ASHL stimulated → {hop['post']} ΔF/F {entry['pairs'][0]['dff']:.3f}" in atlas
        else:
            assert f"{label}: {entry['status']}" in atlas
    # The table's arrows open the same details.
    page.locator("#consensus-table [data-hop='ASHL>AVAL']").first.click()
    wait_for(page, "document.getElementById('hop-title').textContent === 'ASHL → AVAL'")
    screenshot("path-several-hop")


def test_find_recordings_with_the_path_neurons(page, server_url):
    page.goto(f"/connectome/path/several/?ds={','.join(FOUR)}&start=ASHL&end=AVAL&k=4")
    wait_for_table(page)
    expected = multi(server_url, datasets=",".join(FOUR), start="ASHL", end="AVAL", k=4, weighted="false")
    neurons = expected["paths"][0]["path"]
    link = page.get_by_role("link", name="Find recordings with these neurons")
    assert link.get_attribute("href") == f"/activity/find-neuron/?n={'-'.join(neurons)}"
    link.click()
    page.wait_for_url("**/activity/find-neuron/**")
    wait_for(page, "document.getElementById('summary').textContent !== ''")
    assert f"hold {' and '.join(neurons)}" in page.locator("#summary").inner_text()


def test_the_matrix_and_a_click_to_the_pair(page, server_url, screenshot):
    page.goto("/connectome/path/matrix/?ds=white_1986_whole&src=ASHL,AWCL&tgt=AVA,RIML&w=0")
    page.locator("#heatmap td").first.wait_for()
    expected = api_get(server_url, "/connectome/api/path-matrix/", dataset="white_1986_whole", sources="ASHL,AWCL",
                       targets="AVA,RIML", weighted="false")
    assert expected["targets"] == ["AVAL", "AVAR", "RIML"]
    for i, row in enumerate(expected["distance"]):
        shown = page.locator("#heatmap tbody tr").nth(i).locator("td").all_inner_texts()
        assert shown == ["" if d is None else str(d) for d in row]
    cell = page.locator("#heatmap td[data-i='1'][data-j='2']")
    n = expected["n_shortest_paths"][1][2]
    assert cell.get_attribute("title") == (
        f"AWCL → RIML: distance {expected['distance'][1][2]} hops, {n} shortest {'path' if n == 1 else 'paths'}")
    screenshot("path-matrix")
    cell.click()
    page.wait_for_url("**/connectome/path/?**")
    page.locator("#results").wait_for()
    assert "start=AWCL" in page.url and "end=RIML" in page.url and "ds=white_1986_whole" in page.url
    assert page.locator("#path-rows tr").first.inner_text().startswith("1")
