"""The dauer connectome (Yim et al. 2024): the import against the sheet itself (pandas), and
its volumes kept apart from synapse counts everywhere."""

import io
import json

import pandas as pd
import pytest
from django.conf import settings
from django.core.management import call_command

from connectome.models import Synapse
from tests.raw_connectome import raw_edges, renames

pytestmark = pytest.mark.django_db
DAUER = "yim_2024_dauer"


@pytest.fixture(scope="module")
def sheet() -> pd.DataFrame:
    """The sheet's non-zero pairs: pre, post (names as in the sheet), volume."""
    path = settings.DATA_DIR / "yim2024_dauer/yim2024_dauer_synaptic_connections_MOESM6.xlsx"
    block = pd.read_excel(path, sheet_name="Dauer", header=0, index_col=0, engine="openpyxl")
    block = block.drop(index=block.index[0]).drop(columns=block.columns[0])  # the index row and column
    long = block.stack().rename("volume").reset_index()
    long.columns = ["pre", "post", "volume"]
    return long[long["volume"].astype(float) > 0].astype({"volume": float})


def test_every_pair_of_the_sheet_with_its_volume_and_normalised_names(sheet):
    rename = renames()
    expected = {(rename.get(p, p), rename.get(q, q)): v for p, q, v in sheet.itertuples(index=False)}
    stored = {(pre, post): (kind, n) for pre, post, kind, n in Synapse.objects.filter(dataset__dataset_id=DAUER)
              .values_list("pre__name", "post__name", "synapse_type", "synapse_count")}
    assert len(sheet) == 2198 and len(stored) == len(expected)
    for pair, volume in expected.items():
        kind, n = stored[pair]
        assert kind == "c" and abs(n - volume) <= 0.5
    assert "BWM-DL01" in set(sheet["post"]) and "dBWML1" in {q for _, q in stored}


def test_the_import_reports_renamed_and_unmatched_names():
    out = io.StringIO()
    call_command("init_data_connectome", stdout=out)
    text = out.getvalue()
    assert "Imported 15 datasets" in text  # synapse-count datasets, summed on their own
    assert "Imported the dauer connectome (yim_2024_dauer): 2198 of 2198 chemical pairs, weighted by " \
           "active-zone volume (not synapse counts); 32 names renamed (BWM-DL01 -> dBWML1" in text
    assert "unmatched names: none." in text


def shared_pair(sheet):
    """The pair of neurons with the largest dauer volume that white_1986_whole also has."""
    white = raw_edges("white_1986_whole").set_index(["pre", "post", "type"])["count"]
    for pre, post, volume in sheet.sort_values("volume", ascending=False).itertuples(index=False):
        if (pre, post, "c") in white.index and pre != post:
            return pre, post, volume, white[(pre, post, "c")]


def test_get_edges_never_adds_volumes_to_synapse_counts(client, sheet):
    pre, post, volume, count = shared_pair(sheet)
    body = {"datasets": ["white_1986_whole", DAUER], "neurons": [pre, post], "classes": []}
    data = client.post("/connectome/api/get-edges/", json.dumps(body), content_type="application/json").json()
    edge = next(s for s in data["synapses"] if (s["pre"], s["post"], s["type"]) == (pre, post, "c"))
    assert edge["list_count"][0] == count
    assert abs(edge["list_count"][1] - volume) <= 0.5
    assert edge["count"] == count
    alone = client.post("/connectome/api/get-edges/", json.dumps({**body, "datasets": [DAUER]}),
                        content_type="application/json").json()
    assert next(s["count"] for s in alone["synapses"] if (s["pre"], s["post"]) == (pre, post)) == \
        edge["list_count"][1]


def test_the_dauer_is_listed_with_its_unit(client):
    html = client.get("/connectome/explore/").content.decode()
    datasets = json.loads(html.split('id="connectome-datasets" type="application/json">')[1].split("</script>")[0])
    dauer = next(d for d in datasets if d["id"] == DAUER)
    assert dauer["unit"] == "active-zone volume" and dauer["time"] is None and not dauer["has_gap_junctions"]
    assert all(d["unit"] == "synapses" for d in datasets if d["id"] != DAUER)
    about = client.get("/about/").content.decode()
    assert "Comparative connectomics of dauer reveals developmental plasticity" in about


def test_matrix_and_diff_keep_units_apart(client, sheet):
    pre, post, volume, _ = shared_pair(sheet)
    m = client.get("/connectome/api/matrix/", {"a": DAUER, "neurons": f"{pre},{post}"}).json()
    assert m["units"] == {DAUER: "active-zone volume"}
    assert any("active-zone volume" in note for note in m["notes"])
    i, j = m["labels"].index(pre), m["labels"].index(post)
    assert abs(m["chemical"]["a"][i][j] - volume) <= 0.5
    query = {"a": DAUER, "b": "witvliet_2020_8", "classes": "AVA,RIM"}
    asked = client.get("/connectome/api/matrix/", {**query, "difference": "subtract"}).json()
    fold = client.get("/connectome/api/matrix/", {**query, "difference": "log2fold"}).json()
    assert asked["difference"] == "log2fold" and asked["chemical"]["difference"] == fold["chemical"]["difference"]
    assert any("cannot be subtracted" in note for note in asked["notes"])
    diff = client.get("/connectome/api/edge-diff/", {"a": "witvliet_2020_8", "b": DAUER}).json()
    assert diff["normalize"] is True and any("differ in unit" in note for note in diff["notes"])
    assert "count / the dataset's total" in diff["rule"]
    assert diff["units"] == {"witvliet_2020_8": "synapses", DAUER: "active-zone volume"}
    assert diff["totals"][DAUER] == pytest.approx(sheet["volume"].sum(), abs=len(sheet))


def test_no_path_finding_on_volumes(client):
    response = client.get("/connectome/api/find-paths/", {"dataset": DAUER, "start": "ASHL", "end": "AVAL"})
    assert response.status_code == 404 and "active-zone volume" in response.json()["error"]
