"""Client.extrasynaptic, functional, neurotransmitters: against the API's answers and the files."""

from pathlib import Path

import h5py
import pandas as pd
import pytest
import requests
from wormwideweb_client import WormWideWebError

ROOT = Path(__file__).resolve().parents[3]


def test_extrasynaptic_matches_the_matrix(ww):
    m = pd.read_csv(ROOT / "data/extra_connectomes/ripoll_sanchez2023_neuropeptide_connectome_mid_range.csv",
                    index_col=0)
    cells = ["AVAL", "AVAR", "RIML", "RIMR", "ASHL", "AIBL"]
    frame = ww.extrasynaptic(cells, "ripoll2023_mid")
    shown = {(r.pre, r.post): r.pathways for r in frame.itertuples()}
    block = m.loc[cells, cells].stack()
    assert shown == {pair: int(n) for pair, n in block[block > 0].items()}
    assert frame.attrs["unit"] == "ligand-receptor pathways" and "Ripoll" in frame.attrs["citation"]
    assert frame.attrs["url"].endswith("/connectome/api/extrasynaptic/")


def test_extrasynaptic_by_ligand_equals_the_api(ww, live_url):
    body = {"model": "bentley2016", "nodes": ["RIM", "AVB", "ALML"], "ligands": ["tyramine"], "min_pathways": 1}
    answer = requests.post(f"{live_url}/connectome/api/extrasynaptic/", json=body, timeout=30).json()
    frame = ww.extrasynaptic(["RIM", "AVB", "ALML"], "bentley2016", ligands="tyramine")
    assert frame.to_dict("records") == [
        {k: e[k] for k in ("pre", "post", "pathways", "ligands", "kinds")} for e in answer["edges"]]
    assert len(frame) > 0 and set(frame.ligands.map(tuple)) == {("tyramine",)}
    with pytest.raises(WormWideWebError) as error:
        ww.extrasynaptic(["AVA"], "ripoll2023_mid", ligands=["flp-1"])
    assert error.value.status == 404


def test_functional_matches_the_atlas_file(ww):
    with h5py.File(ROOT / "data/wormneuroatlas/funatlas.h5") as f:
        ids = [n.decode() for n in f["neuron_ids"][()]]
        q, dff = f["wt/q"][()], f["wt/dFF"][()]
    cells = ["ASHL", "AVAL", "AVAR", "RIML", "AIBL"]
    frame = ww.functional(cells)
    expected = {(s, r) for s in cells for r in cells if s != r and q[ids.index(r), ids.index(s)] < 0.05}
    assert {(r.stimulated, r.responder) for r in frame.itertuples()} == expected
    for r in frame.itertuples():
        assert r.dff == pytest.approx(dff[ids.index(r.responder), ids.index(r.stimulated)])
    assert "ΔF/F" in frame.attrs["unit"] and frame.attrs["strain"] == "wt"


def test_neurotransmitters(ww):
    table = ww.neurotransmitters()
    assert table.loc["ADEL", "groups"] == ["DA"] and table.loc["RIM", "kind"] == "class"
    assert "ACh" in table.attrs["groups"] and "Wang" in table.attrs["source"]
