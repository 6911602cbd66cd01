"""Encoding: the class-level CePNEM table, its neuron match, and per-recording encoding on
real recordings (none have it; the fixture path is in test_import_activity_json.py)."""

import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from activity.encoding import ENCODING_COLUMNS, VALUE_KEYS, match_neurons

pytestmark = pytest.mark.django_db
TABLE = settings.DATA_DIR / "wormwideweb-data/activity/encoding_table.json"


def test_encoding_table_is_the_published_table(client):
    response = client.get("/activity/api/data/encoding_table/")
    assert response.status_code == 200
    data, source = response.json(), json.loads(TABLE.read_text())
    for key in ("class", "count", "encoding_table", *VALUE_KEYS):
        assert data[key] == source[key], key
    assert len(data["class"]) == len(source["class"])
    assert len(data["columns"]) == len(ENCODING_COLUMNS) == len(source["encoding_table"][0])


def test_neuron_match_follows_the_class_rules(client):
    match = client.get("/activity/api/data/encoding_table/").json()["neuron_match"]
    assert match["AVAL"] == match["AVAR"] == "AVA"  # a class of two
    assert match["RID"] == "RID"  # a neuron name
    assert match["RMDL"] == match["RMDR"] == "RMD"  # RMD: only L and R ...
    assert match["RMDDL"] == match["RMDDR"] == "RMDD"  # ... its D/V members have their own rows
    assert match["SMBDL"] == match["SMBDR"] == "SMBD"  # <c>L and <c>R neurons
    assert match["RMED"] == "RMED" and match["RMEL"] == "RME"
    table = json.loads(TABLE.read_text())["class"]
    assert set(match.values()) == set(table)


def test_unmatchable_class_is_reported(db):
    match, problems = match_neurons(["AVA", "NOTANEURON"])
    assert match == {"AVAL": "AVA", "AVAR": "AVA"}
    assert problems == ["encoding class 'NOTANEURON' matches no connectome neuron"]


def test_real_recordings_have_no_per_recording_encoding(client):
    response = client.get("/activity/api/data/dag_nwabudike_kang_2023-2022-07-26-31/encoding/")
    assert response.status_code == 404
    assert "no per-recording encoding" in response.json()["error"]
    assert client.get("/activity/api/data/atanas_kim_2023_encoding/").json() == {}
    assert client.get("/activity/api/data/nope/encoding/").status_code == 404


def test_malformed_table_stops_the_command_and_keeps_the_table(tmp_path, client):
    before = client.get("/activity/api/data/encoding_table/").json()
    folder = tmp_path / "wormwideweb-data/activity"
    folder.mkdir(parents=True)
    table = json.loads(TABLE.read_text())
    table["tau"] = table["tau"][:-1]
    (folder / "encoding_table.json").write_text(json.dumps(table))
    with pytest.raises(CommandError, match="must all have 96 entries"):
        call_command("update_encoding_dict", data_dir=tmp_path, stdout=io.StringIO())
    from django.core.cache import cache

    cache.clear()
    assert client.get("/activity/api/data/encoding_table/").json() == before
