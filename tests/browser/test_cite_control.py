"""The "Cite" control in Chromium, on pages of each kind: it lists the references of what the
page shows (the datasets in its URL, the recording, the atlas and neuron facts), its BibTeX and
RIS downloads read back with bibtexparser and rispy, and "Copy as text" puts the references on
the clipboard. Expected references come from the datasets named in the URL and /api/citations/."""

import bibtexparser
import pytest
import rispy

from tests.browser.helpers import api_get, expect_failed_request, wait_for, wait_for_graph

pytestmark = pytest.mark.browser

NEUROPAL = "dag_nwabudike_kang_2023-2022-07-26-31"
LINKED = ["white_1986_whole", "witvliet_2020_7", "witvliet_2020_8"]  # the activity explorer's default connectome


def references(server_url, ids):
    return api_get(server_url, "/api/citations/", datasets=",".join(ids))["references"]


def open_cite(page):
    control = page.locator("[data-cite]").first
    control.get_by_role("button", name="Cite").click()
    menu = control.locator(".dropdown-menu")
    menu.wait_for(state="visible")
    wait_for(page, "document.querySelector('[data-cite] [data-role=cite-list] li[data-key]') !== null")
    return control


def listed(control) -> list[str]:
    return control.locator("[data-role=cite-list] li").evaluate_all("items => items.map((li) => li.dataset.key)")


def check_downloads_and_copy(page, control, expected):
    keys = [r["key"] for r in expected]
    assert listed(control) == keys
    texts = control.locator("[data-role=cite-list] li").all_inner_texts()
    assert [t.removesuffix(" doi") for t in texts] == [r["text"] for r in expected]
    with page.expect_download() as info:
        control.locator("[data-role=cite-bibtex]").click()
    assert info.value.suggested_filename == "wormwideweb-citations.bib"
    library = bibtexparser.parse_string(open(info.value.path(), encoding="utf-8").read())
    assert not library.failed_blocks and [e.key for e in library.entries] == keys
    for entry, ref in zip(library.entries, expected, strict=True):
        fields = {f.key: f.value for f in entry.fields}
        assert fields["year"] == str(ref["year"]) and fields.get("doi", "") == ref["doi"]
    with page.expect_download() as info:
        control.locator("[data-role=cite-ris]").click()
    assert info.value.suggested_filename == "wormwideweb-citations.ris"
    records = rispy.loads(open(info.value.path(), encoding="utf-8").read())
    assert [(r["id"], r.get("doi", ""), r["year"]) for r in records] == [
        (ref["key"], ref["doi"], str(ref["year"])) for ref in expected]
    control.get_by_role("button", name="Copy as text").click()
    wait_for(page, "document.querySelector('[data-role=cite-copy]').textContent.includes('Copied')")
    assert page.evaluate("navigator.clipboard.readText()") == "\n\n".join(r["text"] for r in expected)


def test_connectome_explorer_cites_the_datasets_shown_and_follows_a_change(page, server_url):
    page.goto("/connectome/explore/?ds=cook_2020&c=I1")
    wait_for_graph(page)
    control = open_cite(page)
    check_downloads_and_copy(page, control, references(server_url, ["cook_2020"]))
    assert "Cook" in control.locator("[data-role=cite-list]").inner_text()
    page.goto("/connectome/explore/?ds=white_1986_whole,cook_jarrell_2019_m&c=AVA")
    wait_for_graph(page)
    control = open_cite(page)
    assert listed(control) == [r["key"] for r in references(server_url, ["white_1986_whole", "cook_jarrell_2019_m"])]


def test_compare_page_cites_both_datasets(page, server_url):
    page.goto("/connectome/compare/?a=witvliet_2020_1&b=cook_jarrell_2019_h&c=AVA")
    wait_for_graph(page, "graph-a-box")
    control = open_cite(page)
    check_downloads_and_copy(page, control, references(server_url, ["witvliet_2020_1", "cook_jarrell_2019_h"]))


def test_activity_explorer_cites_the_recording_and_its_connectome(page, server_url):
    page.goto(f"/activity/explore/{NEUROPAL}/?n=1")
    wait_for(page, "document.querySelector('#plot')?.data?.length >= 1")
    wait_for_graph(page)
    control = open_cite(page)
    expected = references(server_url, [NEUROPAL, *LINKED])
    assert expected[0]["doi"] == "10.1016/j.cell.2023.04.023"  # Dag et al. 2023, the recording's paper
    check_downloads_and_copy(page, control, expected)


def test_neuron_page_cites_metadata_connectomes_atlas_and_recordings(page, server_url):
    page.goto("/connectome/neuron/AVAL/")
    wait_for(page, "document.body.dataset.ready === '1'")
    answer = api_get(server_url, "/connectome/api/neuron/AVAL/")
    ids = ["neuron_metadata", *[d["id"] for d in answer["partners"]["datasets"]], "atlas",
           *[r["dataset_id"] for r in answer["activity"]["recordings"]]]
    expected = references(server_url, ids)
    dois = {r["doi"] for r in expected}
    assert {"10.1038/s41586-023-06683-4", "10.7554/eLife.95402", "10.1016/j.cell.2023.04.023"} <= dois
    check_downloads_and_copy(page, open_cite(page), expected)


def test_encoding_table_cites_cepnem(page, server_url):
    page.goto("/activity/encoding/table/")
    control = open_cite(page)
    expected = references(server_url, ["atanas_kim_2023"])
    assert [r["doi"] for r in expected] == ["10.1016/j.cell.2023.07.035"]
    check_downloads_and_copy(page, control, expected)


def test_about_page_cites_everything_from_the_same_table(page, server_url):
    page.goto("/about/")
    everything = api_get(server_url, "/api/citations/")["references"]
    shown = page.locator("#connectome_citation li").evaluate_all("items => items.map((li) => li.dataset.key)")
    assert shown == [r["key"] for r in everything]
    check_downloads_and_copy(page, open_cite(page), everything)


def test_a_page_with_nothing_shown_says_so(page):
    page.goto("/activity/aligned/?neuron=NOSUCH")
    control = page.locator("[data-cite]").first
    control.get_by_role("button", name="Cite").click()
    wait_for(page, "document.querySelector('[data-role=cite-what]').textContent.startsWith('Nothing is shown yet')")
    assert control.locator("[data-role=cite-links]").is_hidden()
    expect_failed_request(page, 404)  # the API's answer for the unknown neuron
