"""The signal propagation atlas: init_data_atlas and atlas/funatlas.py against funatlas.h5,
read here with h5py. Entry [i, j] of the file is i's response when j was stimulated (j -> i)."""

import io

import h5py
import numpy as np
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from atlas import funatlas
from atlas.models import AtlasNeuron, AtlasPair

pytestmark = pytest.mark.django_db
H5 = settings.DATA_DIR / "wormneuroatlas/funatlas.h5"


@pytest.fixture(scope="module")
def raw():
    with h5py.File(H5) as f:
        ids = [n.decode() for n in f["neuron_ids"][()]]
        return ids, {s: {k: f[f"{s}/{k}"][()] for k in ("dFF", "q", "q_eq", "occ1")} for s in ("wt", "unc31")}


def ours(atlas_name: str) -> str:
    """Our name of an atlas neuron (AS1 -> AS01)."""
    return AtlasNeuron.objects.get(atlas_name=atlas_name).name


def test_every_observed_pair_is_stored(raw):
    ids, strains = raw
    assert AtlasNeuron.objects.count() == len(ids) == 300
    for strain, m in strains.items():
        assert AtlasPair.objects.filter(strain=strain).count() == int((m["occ1"] > 0).sum())
    assert AtlasPair.objects.filter(strain="wt").count() == 25345  # the README's figure
    assert AtlasPair.objects.filter(strain="unc31").count() == 10588


def test_names_are_the_connectome_names():
    assert ours("AS1") == "AS01" and ours("DA9") == "DA09" and ours("AVAL") == "AVAL"
    assert not AtlasNeuron.objects.get(atlas_name="AWCON").is_cell
    assert funatlas.of_class("AWC") == ("AWCOF", "AWCON") and funatlas.of_class("AVA") == ("AVAL", "AVAR")


@pytest.mark.parametrize("stimulated, responder", [
    ("ASHL", "AVAL"), ("AVAL", "ASHL"), ("AWCON", "AIYL"), ("RIML", "AVAR"), ("AS1", "DA1"), ("AVBL", "RIBL"),
])
@pytest.mark.parametrize("strain", ["wt", "unc31"])
def test_a_pair_is_read_in_its_direction(raw, stimulated, responder, strain):
    ids, strains = raw
    m = strains[strain]
    i, j = ids.index(responder), ids.index(stimulated)  # [i, j]: i responds to j
    found = funatlas.pair(ours(stimulated), ours(responder), strain)
    if m["occ1"][i, j] == 0:
        assert found is None
        return
    assert found.n_observations == m["occ1"][i, j]
    for value, expected in ((found.dff, m["dFF"][i, j]), (found.q, m["q"][i, j]), (found.q_eq, m["q_eq"][i, j])):
        assert value == (None if np.isnan(expected) else pytest.approx(expected))


def test_the_direction_is_not_symmetric(raw):
    """ASHL -> AVAL and AVAL -> ASHL differ in the file; each reads its own entry."""
    ids, strains = raw
    m = strains["wt"]
    a, s = ids.index("AVAL"), ids.index("ASHL")
    assert m["dFF"][a, s] != m["dFF"][s, a]
    assert funatlas.pair("ASHL", "AVAL").dff == pytest.approx(m["dFF"][a, s]) == pytest.approx(0.11107, abs=1e-5)
    assert funatlas.pair("AVAL", "ASHL").dff == pytest.approx(m["dFF"][s, a])


def test_responses_to_and_of_are_the_column_and_the_row(raw):
    ids, strains = raw
    m = strains["wt"]
    j = ids.index("AVAL")
    to = {e.responder for e in funatlas.responses_to("AVAL")}
    assert to == {ours(ids[i]) for i in np.flatnonzero(m["occ1"][:, j]) if i != j}
    of = {e.stimulated for e in funatlas.responses_of("AVAL")}
    assert of == {ours(ids[k]) for k in np.flatnonzero(m["occ1"][j, :]) if k != j}
    significant = {e.responder for e in funatlas.responses_to("AVAL", q_max=0.05)}
    assert significant == {ours(ids[i]) for i in np.flatnonzero(m["q"][:, j] < 0.05) if i != j}
    assert funatlas.never_measured("AVAL") == int((np.delete(m["occ1"][:, j], j) == 0).sum())
    assert funatlas.never_measured("AVAL", role="responder") == int((np.delete(m["occ1"][j, :], j) == 0).sum())


def test_unknown_names_and_observed_pairs(raw):
    assert funatlas.pair("HOA", "AVAL") is None and funatlas.responses_to("HOA") == []
    assert funatlas.never_measured("HOA") is None
    assert len(funatlas.observed_pairs("unc31")) == int((raw[1]["unc31"]["occ1"] > 0).sum())


def test_the_import_reports_unmatched_names():
    out = io.StringIO()
    call_command("init_data_atlas", stdout=out)
    text = out.getvalue()
    assert "AWCOF, AWCON" in text and "wt 25345, unc31 10588" in text


def test_a_missing_atlas_file_stops_the_import(tmp_path):
    (tmp_path / "wormneuroatlas").mkdir()
    before = AtlasPair.objects.count()
    with pytest.raises(CommandError, match="funatlas.h5: file not found"):
        call_command("init_data_atlas", data_dir=tmp_path, stdout=io.StringIO())
    assert AtlasPair.objects.count() == before


def test_a_wrong_shape_stops_the_import(tmp_path):
    (tmp_path / "wormneuroatlas").mkdir()
    with h5py.File(tmp_path / "wormneuroatlas/funatlas.h5", "w") as f:
        f["neuron_ids"] = np.array([b"AVAL", b"AVAR"])
        for s in ("wt", "unc31"):
            for k in ("dFF", "q", "q_eq"):
                f[f"{s}/{k}"] = np.full((2, 3), np.nan)
            f[f"{s}/occ1"] = np.zeros((2, 3), dtype=int)
    with pytest.raises(CommandError, match=r"shape \(2, 3\), expected \(2, 2\)"):
        call_command("init_data_atlas", data_dir=tmp_path, stdout=io.StringIO())
