"""The extrasynaptic layer: init_data_extrasynaptic and POST /connectome/api/extrasynaptic/
against the Ripoll-Sánchez 2023 matrices and the Bentley 2016 lists, read here with pandas."""

import io
import json
import re
import shutil
from collections import defaultdict

import pandas as pd
import pytest
from django.conf import settings
from django.core.management import call_command

from connectome.models import ExtrasynapticEdge, Neuron

pytestmark = pytest.mark.django_db
DATA = settings.DATA_DIR
MATRICES = {
    "ripoll2023_short": "extra_connectomes/ripoll_sanchez2023_neuropeptide_connectome_short_range.csv",
    "ripoll2023_mid": "extra_connectomes/ripoll_sanchez2023_neuropeptide_connectome_mid_range.csv",
    "ripoll2023_long": "extra_connectomes/ripoll_sanchez2023_neuropeptide_connectome_long_range.csv",
    "ripoll2023_monoamine": "extra_connectomes/ripoll_sanchez2023_monoamine_connectome.csv",
}
BENTLEY = ["wormneuroatlas/esconnectome_monoamines_Bentley_2016.csv",
           "wormneuroatlas/esconnectome_neuropeptides_Bentley_2016.csv"]


def post(client, **body):
    return client.post("/connectome/api/extrasynaptic/", json.dumps(body), content_type="application/json")


def matrix(model) -> pd.DataFrame:
    return pd.read_csv(DATA / MATRICES[model], index_col=0)


def bentley() -> pd.DataFrame:
    """Both lists, names spelled as the connectome's neuron table does (DA9 -> DA09)."""
    known = set(pd.read_csv(DATA / "wormwideweb-data/connectome/connectome_neurons.csv")["name"])

    def spelled(name):
        padded = re.sub(r"^([A-Z]+)(\d)$", r"\g<1>0\2", name)
        return name if name in known else padded

    frames = [pd.read_csv(DATA / f, skipinitialspace=True).iloc[:, :4] for f in BENTLEY]
    table = pd.concat([f.set_axis(["pre", "post", "ligand", "receptor"], axis=1) for f in frames])
    return table.assign(pre=table.pre.map(spelled), post=table.post.map(spelled)).drop_duplicates()


@pytest.mark.parametrize("model", list(MATRICES))
def test_every_cell_pair_of_a_matrix(client, model):
    m = matrix(model)
    assert m.shape == (302, 302)
    cells = list(m.index)
    answer = post(client, model=model, nodes=cells).json()
    shown = {(e["pre"], e["post"]): e["pathways"] for e in answer["edges"]}
    stacked = m.stack()
    expected = {pair: int(n) for pair, n in stacked[stacked > 0].items()}
    assert shown == expected
    assert len(shown) == {"ripoll2023_short": 31417, "ripoll2023_mid": 40425, "ripoll2023_long": 53558,
                          "ripoll2023_monoamine": 2881}[model]  # the README's figures
    assert answer["unit"] == "ligand-receptor pathways"
    assert answer["ligands"] == [] and answer["available_ligands"] == []
    assert ExtrasynapticEdge.objects.filter(model=model).count() == len(expected)


def test_a_class_takes_the_largest_count_of_its_member_pairs(client):
    m = matrix("ripoll2023_mid")
    answer = post(client, model="ripoll2023_mid", nodes=["AVA", "RIM", "AIBL"]).json()
    shown = {(e["pre"], e["post"]): e["pathways"] for e in answer["edges"]}
    groups = {"AVA": ["AVAL", "AVAR"], "RIM": ["RIML", "RIMR"], "AIBL": ["AIBL"]}
    expected = {}
    for a, pres in groups.items():
        for b, posts in groups.items():
            n = int(m.loc[pres, posts].to_numpy().max())
            if n:
                expected[a, b] = n
    assert shown == expected and ("RIM", "AVA") in shown
    assert all(e["ligands"] is None and e["kinds"] == ["neuropeptide"] for e in answer["edges"])


@pytest.mark.parametrize("model", ["ripoll2023_long", "ripoll2023_monoamine"])
def test_every_class_of_a_matrix(client, model):
    """All classes at once (the whole nervous system drawn as classes), against the matrix."""
    m = matrix(model)
    table = pd.read_csv(DATA / "wormwideweb-data/connectome/connectome_neurons.csv")
    cls = table.set_index("name")["class"].reindex(m.index)
    assert cls.notna().all()
    largest = m.T.groupby(cls).max().T.groupby(cls).max()  # [pre class, post class]: largest cell pair
    stacked = largest.stack()
    expected = {pair: int(n) for pair, n in stacked[stacked > 0].items()}
    answer = post(client, model=model, nodes=sorted(set(cls))).json()
    assert {(e["pre"], e["post"]): e["pathways"] for e in answer["edges"]} == expected
    assert len(expected) > 1000 if model == "ripoll2023_long" else len(expected) > 100


def test_bentley_cells_count_distinct_pathways(client):
    table = bentley()
    cells = sorted(set(table.pre) | set(table.post))
    answer = post(client, model="bentley2016", nodes=cells).json()
    shown = {(e["pre"], e["post"]): (e["pathways"], e["ligands"]) for e in answer["edges"]}
    grouped = table.groupby(["pre", "post"])
    expected = {pair: (len(g), sorted(set(g.ligand))) for pair, g in grouped}
    assert shown == expected
    assert {x["ligand"] for x in answer["available_ligands"]} == set(table.ligand)


def test_bentley_filtered_by_ligand_at_class_level(client):
    table = bentley()
    tyramine = table[table.ligand == "tyramine"]
    answer = post(client, model="bentley2016", nodes=["RIM", "AVB", "ALML"], ligands=["tyramine"]).json()
    shown = {(e["pre"], e["post"]): e["pathways"] for e in answer["edges"]}
    groups = {"RIM": {"RIML", "RIMR"}, "AVB": {"AVBL", "AVBR"}, "ALML": {"ALML"}}
    expected = {}
    for a, pres in groups.items():
        for b, posts in groups.items():
            rows = tyramine[tyramine.pre.isin(pres) & tyramine.post.isin(posts)]
            if len(rows):
                expected[a, b] = len(set(zip(rows.ligand, rows.receptor, strict=True)))
    assert shown == expected and ("RIM", "AVB") in shown
    assert all(e["ligands"] == ["tyramine"] and e["kinds"] == ["monoamine"] for e in answer["edges"])
    fewer = post(client, model="bentley2016", nodes=["RIM", "AVB", "ALML"], ligands=["tyramine"], min_pathways=2)
    assert {(e["pre"], e["post"]) for e in fewer.json()["edges"]} == {k for k, n in expected.items() if n >= 2}


@pytest.mark.parametrize("body, status, words", [
    ({"model": "ripoll2023_mid", "nodes": ["AVA", "AVAX"]}, 404, "'AVAX'"),
    ({"model": "ripoll2023_mid", "nodes": ["AVA"], "ligands": ["flp-1"]}, 404, "does not name its ligands"),
    ({"model": "bentley2016", "nodes": ["AVA"], "ligands": ["flp-999"]}, 404, "flp-1"),
    ({"model": "ripoll", "nodes": ["AVA"]}, 400, "model"),
    ({"nodes": ["AVA"], "min_pathways": 0}, 400, "min_pathways"),
    ({"model": "ripoll2023_mid"}, 400, "nodes"),
])
def test_bad_requests_say_what_is_wrong(client, body, status, words):
    response = post(client, **body)
    assert response.status_code == status
    assert words in response.json()["error"]


def test_the_import_reports_names_that_match_no_cell(tmp_path):
    for name in [*MATRICES.values(), *BENTLEY, "wormwideweb-data/config/connectome_neurons_replacement.csv"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA / name, tmp_path / name)
    path = tmp_path / BENTLEY[0]
    path.write_text(path.read_text() + "RIML,XYZQ,tyramine,lgc-55\nDA9,AVAL,dopamine,dop-1\n")
    out = io.StringIO()
    call_command("init_data_extrasynaptic", data_dir=tmp_path, stdout=out)
    text = out.getvalue()
    assert "bentley2016: 1 name(s) match no connectome cell, their entries left out: XYZQ (1 entries)" in text
    assert "Imported" in text
    rows = ExtrasynapticEdge.objects.filter(model="bentley2016", pre__name="DA09", post__name="AVAL",
                                            ligand="dopamine", receptor="dop-1")
    assert rows.count() == 1
    assert not ExtrasynapticEdge.objects.filter(post__name="XYZQ").exists() and not Neuron.objects.filter(
        name="XYZQ").exists()
    call_command("init_data_extrasynaptic", stdout=io.StringIO())  # back to the bundled data


def test_counts_per_model_match_the_files():
    table = bentley()
    per_model = defaultdict(int)
    for model, n in ExtrasynapticEdge.objects.values_list("model", "pathways"):
        per_model[model] += n
    assert per_model["bentley2016"] == len(table)
    for model in MATRICES:
        assert per_model[model] == int(matrix(model).to_numpy().sum())
