"""/connectome/explore/ layers in Chromium: extrasynaptic and functional edges switched on and
off, the transmitter filter, and colour by neurotransmitter. Expected edges come from the raw
files (pandas, h5py), not from the page's own API."""

import re

import h5py
import pandas as pd
import pytest

from tests.browser.helpers import check_transmitter_colours, click_edge, rgb, wait_for, wait_for_graph
from tests.live_server import ROOT

pytestmark = pytest.mark.browser
DATA = ROOT / "data"
VIEW = "/connectome/explore/?ds=white_1986_whole&c=AVA,RIM,AIB&n=ASHL&con=0"
GROUPS = {"AVA": ["AVAL", "AVAR"], "RIM": ["RIML", "RIMR"], "AIB": ["AIBL", "AIBR"], "ASHL": ["ASHL"]}


def layer_count(kind: str) -> str:
    """JavaScript: how many edges of a layer ("x" extrasynaptic, "f" functional) are drawn."""
    return f"window.wormwideweb.graph.visibleEdges().filter(e => e.id().endsWith('!{kind}')).length"


def layer_edges(page, kind: str) -> dict:
    return page.evaluate(f"""Object.fromEntries(window.wormwideweb.graph.visibleEdges()
        .filter(e => e.id().endsWith('!{kind}')).map(e => [e.id(), e.data()]))""")


def legend(page) -> str:
    return page.locator("#graph-box [data-role=legend]").inner_text()


def expected_extrasynaptic(ligand: str | None = None) -> dict:
    """Bentley 2016: distinct (ligand, receptor) pathways between the groups' cells."""
    files = [DATA / f"wormneuroatlas/esconnectome_{k}_Bentley_2016.csv" for k in ("monoamines", "neuropeptides")]
    frames = [pd.read_csv(f, skipinitialspace=True).iloc[:, :4].set_axis(["pre", "post", "ligand", "receptor"], axis=1)
              for f in files]
    table = pd.concat(frames)
    if ligand:
        table = table[table.ligand == ligand]
    found = {}
    for a, pres in GROUPS.items():
        for b, posts in GROUPS.items():
            rows = table[table.pre.isin(pres) & table.post.isin(posts)]
            if len(rows):
                found[f"{a}!{b}!x"] = len(set(zip(rows.ligand, rows.receptor, strict=True)))
    return found


def expected_functional(q_max=0.05) -> dict:
    with h5py.File(DATA / "wormneuroatlas/funatlas.h5") as f:
        ids = [n.decode() for n in f["neuron_ids"][()]]
        q, dff = f["wt/q"][()], f["wt/dFF"][()]
    found = {}
    for a, stims in GROUPS.items():
        for b, resps in GROUPS.items():
            pairs = [(q[ids.index(r), ids.index(s)], dff[ids.index(r), ids.index(s)]) for s in stims for r in resps
                     if a != b and q[ids.index(r), ids.index(s)] < q_max]
            if pairs:
                found[f"{a}!{b}!f"] = min(pairs)[1]
    return found


def test_extrasynaptic_layer_on_filter_and_off(page, screenshot):
    page.goto(VIEW)
    wait_for_graph(page)
    assert layer_edges(page, "x") == {}
    page.get_by_role("switch", name="Extrasynaptic").check()
    page.locator("#layer-es-model").select_option("bentley2016")
    expected = expected_extrasynaptic()
    wait_for(page, f"{layer_count('x')} === {len(expected)}")
    assert {k: v["pathways"] for k, v in layer_edges(page, "x").items()} == expected
    assert "Extrasynaptic: Bentley 2016" in legend(page) and "ligand-receptor pathways" in legend(page)

    page.locator("#layer-es-ligand").select_option("tyramine")
    tyramine = expected_extrasynaptic("tyramine")
    wait_for(page, "location.search.includes('xl=tyramine')")
    wait_for(page, f"{layer_count('x')} === {len(tyramine)}")
    assert {k: v["pathways"] for k, v in layer_edges(page, "x").items()} == tyramine
    assert "tyramine" in legend(page)
    edge = next(iter(tyramine))
    click_edge(page, edge)
    info = page.get_by_test_id("graph-edge-info").inner_text()
    assert f"{tyramine[edge]} ligand-receptor pathways" in info and "tyramine" in info
    screenshot("explore-extrasynaptic")

    page.get_by_role("switch", name="Extrasynaptic").uncheck()
    wait_for(page, "!location.search.includes('xs=')")
    wait_for(page, "window.wormwideweb.graph.visibleEdges().filter(e => e.id().endsWith('!x')).length === 0")
    assert "Extrasynaptic" not in legend(page)


def test_functional_layer_on_and_off_and_its_direction(page):
    page.goto(VIEW + "&fn=wt")
    wait_for_graph(page)
    expected = expected_functional()
    assert expected
    wait_for(page, f"{layer_count('f')} === {len(expected)}")
    shown = layer_edges(page, "f")
    assert set(shown) == set(expected)
    for key, dff in expected.items():
        stimulated, responder, _ = key.split("!")
        assert (shown[key]["source"], shown[key]["target"]) == (stimulated, responder)
        assert shown[key]["dff"] == pytest.approx(dff)
        assert shown[key]["lineColor"] == ("#d6336c" if dff > 0 else "#1f6fd1")
    text = legend(page)
    assert "Functional, Randi 2023 (wild type, q < 0.05)" in text and "ΔF/F" in text and "no unit" in text

    page.get_by_role("switch", name="Functional").uncheck()
    wait_for(page, "window.wormwideweb.graph.visibleEdges().filter(e => e.id().endsWith('!f')).length === 0")
    assert "Functional" not in legend(page)
    assert "fn=" not in page.evaluate("location.search")


def test_colour_by_neurotransmitter(page):
    page.goto(VIEW)
    wait_for_graph(page)
    page.locator("#color").select_option("transmitter")
    wait_for(page, "document.querySelector('#graph-box [data-transmitter]')")
    wang = pd.read_csv(DATA / "neuron_metadata/neurotransmitters_wang2024_hermaphrodite.csv").set_index("neuron")
    legend_colours = page.evaluate("""Object.fromEntries([...document.querySelectorAll('#graph-box [data-transmitter]')]
        .map(i => [i.dataset.transmitter, getComputedStyle(i.querySelector('.legend-swatch')).backgroundColor]))""")
    for label, cells in GROUPS.items():
        text = " ".join(wang.loc[c, "neurotransmitters"] for c in cells)
        first = re.split(r"[;( ]", text.lstrip("*"))[0]  # the first identity's first word: ACh, Glu, ...
        pie = page.evaluate(f"window.wormwideweb.graph.cy.getElementById('{label}').data('pie1')")
        assert first in legend_colours, (label, first, legend_colours)
        assert rgb(pie) == legend_colours[first], label
    assert "Wang et al., 2024" in page.locator("#graph-box [data-role=watermark]").inner_text()
    assert "color=transmitter" in page.evaluate("location.search")
    page.locator("#color").select_option("type")
    wait_for(page, "!document.querySelector('#graph-box [data-transmitter]')")
    assert "Interneuron" in legend(page)


def test_path_page_colours_by_neurotransmitter(page):
    page.goto("/connectome/path/?ds=white_1986_whole&cls=0&start=ASHL&end=AVAL")
    wait_for_graph(page)
    page.locator("#color").select_option("transmitter")
    check_transmitter_colours(page, "graph", "graph-box")
    assert "color=transmitter" in page.evaluate("location.search")
    page.locator("#color").select_option("type")
    wait_for(page, "!document.querySelector('#graph-box [data-transmitter]')")


def test_compare_page_colours_both_graphs_by_neurotransmitter(page):
    page.goto("/connectome/compare/?a=white_1986_whole&b=cook_jarrell_2019_h&c=AVA,RIM,AIB&n=ASHL&con=0&color=transmitter")
    wait_for_graph(page, "graph-a-box")
    wait_for_graph(page, "graph-b-box")
    check_transmitter_colours(page, "graphA", "graph-a-box")
    check_transmitter_colours(page, "graphB", "graph-b-box")


def test_activity_explorer_colours_its_connectome_by_neurotransmitter(page):
    page.goto("/activity/explore/dag_nwabudike_kang_2023-2022-07-26-31/?n=1-2-3&b=v&ds=white_1986_whole&con=1")
    wait_for_graph(page)
    page.locator("#node-colour").select_option("transmitter")
    check_transmitter_colours(page, "graph", "graph-box")
