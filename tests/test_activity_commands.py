"""The activity build commands, the cache-warming commands and their place in populate_db."""

import io
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command

from activity.models import GCaMPDataset, GCaMPNeuron
from connectome.models import Dataset
from core.management.commands.populate_db import SOURCES, STEPS
from core.management.commands.populate_db import Command as PopulateDb

pytestmark = pytest.mark.django_db
# Each command's --help: tests/test_command_help.py.

ACTIVITY_STEPS = [
    "init_data_gcamp", "update_encoding_dict_neuron_match", "update_encoding_dict", "update_neuron_match_dict",
]


def test_populate_db_runs_the_activity_steps_after_the_connectome():
    first = STEPS.index("init_data_gcamp")
    assert STEPS[first:first + 4] == ACTIVITY_STEPS
    assert STEPS.index("init_data_connectome") < first
    assert set(SOURCES) == {"connectome", "activity", "neurons", "atlas", "extrasynaptic"}


def test_populate_db_rebuilds_when_the_activity_data_change(tmp_path):
    target = tmp_path / "db.sqlite3"
    target.touch()
    data = tmp_path / "data"
    shutil.copytree(settings.DATA_DIR, data)
    assert PopulateDb().rebuild_reason(target, data) is None
    manifest = data / "wormwideweb-data/activity/raw/atanas_kim_2023.csv"
    manifest.write_text(manifest.read_text().replace("heat=[391]", "heat=[392]", 1))
    assert PopulateDb().rebuild_reason(target, data) == "the activity data changed since the last build"


def test_derived_table_commands_print_summaries():
    out = io.StringIO()
    call_command("update_neuron_match_dict", stdout=out)
    call_command("update_encoding_dict_neuron_match", stdout=out)
    call_command("update_encoding_dict", stdout=out)
    text = out.getvalue()
    labelled = GCaMPNeuron.objects.exclude(neuron_class="")
    recordings = GCaMPDataset.objects.filter(n_labeled__gt=0).count()
    assert f"Indexed {labelled.count()} labelled neurons of {recordings} recordings" in text
    assert "Matched 96 encoding classes" in text and "class VB: VB01, VB03" in text
    assert "Stored 96 encoding classes; 0 recording(s) have per-recording encoding" in text


def test_cache_commands_need_no_build_mode_and_fill_the_cache(settings, client, django_assert_num_queries):
    settings.DB_BUILD = False
    out = io.StringIO()
    call_command("cache_connectome", stdout=out)
    call_command("cache_activity", replay_connectome="white_1986_whole", stdout=out)
    text = out.getvalue()
    n = Dataset.objects.count() + 1  # available-neurons of each dataset and of all together
    assert f"Warmed {n} of {n} answers" in text
    assert "nothing outlives this command" in text  # the tests use the in-memory cache
    with django_assert_num_queries(0):
        assert client.get("/activity/api/data/dag_nwabudike_kang_2023-2022-07-26-31/146/").status_code == 200
        assert (
            client.get(
                "/activity/api/data/replay/",
                {"activity_dataset": "dag_nwabudike_kang_2023-2022-07-26-31", "connectome_dataset": "white_1986_whole"},
            ).status_code
            == 200
        )


def test_cache_activity_reports_unknown_connectomes():
    out = io.StringIO()
    call_command("cache_activity", replay_connectome="nope", stdout=out)
    assert "Unknown connectome dataset(s) skipped: nope" in out.getvalue()


def test_a_data_folder_without_activity_data_builds_empty_activity_tables(tmp_path, client):
    from activity.models import EncodingClass
    from tests.fixture_data import chem, write_data

    data = write_data(tmp_path / "data", {"d": [chem("AVAL", "AVBL", 3)]})
    out = io.StringIO()
    for step in ACTIVITY_STEPS:
        call_command(step, data_dir=data, stdout=out)
    assert "no activity data (papers.json is missing)" in out.getvalue()
    assert "encoding_table.json is missing" in out.getvalue()
    assert not GCaMPDataset.objects.exists() and not EncodingClass.objects.exists()
    assert client.get("/activity/api/data/datasets/").json() == []
