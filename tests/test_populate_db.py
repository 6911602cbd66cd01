"""populate_db: the whole build into a temporary file, swapped in only when every step succeeded."""

import os
import shutil
import signal
import subprocess
import sys

import pytest

from core.datafiles import sha256_file
from core.management.commands.populate_db import STEPS
from tests.conftest import ROOT, run_manage
from tests.fixture_data import chem, write_data


@pytest.fixture
def database(built_database, tmp_path):
    copy = tmp_path / "db.sqlite3"
    shutil.copy(built_database, copy)
    return copy


def build_env(database) -> dict:
    return {"DJ_DEBUG": "1", "DJ_DB_BUILD": "1", "DJ_DB_PATH": str(database)}


def test_builds_a_missing_database_with_progress_and_summary(tmp_path):
    database = tmp_path / "new.sqlite3"
    result = run_manage("populate_db", "--if-needed", env=build_env(database))
    assert "does not exist" in result.stdout
    for i, step in enumerate(STEPS, 1):
        assert f"[{i}/{len(STEPS)}] {step}" in result.stdout
    assert "Imported 15 datasets" in result.stdout and f"Built {database}" in result.stdout
    assert "Imported 9 recordings" in result.stdout
    assert database.exists() and not database.with_name("new.sqlite3.building").exists()


def test_if_needed_keeps_an_up_to_date_database(database):
    before = sha256_file(database)
    result = run_manage("populate_db", "--if-needed", env=build_env(database))
    assert "is up to date" in result.stdout
    assert sha256_file(database) == before


def test_if_needed_rebuilds_when_the_data_changed(database, tmp_path):
    data = write_data(tmp_path / "data", {"d": [chem("AVAL", "AVBL", 3)]})
    result = run_manage("populate_db", "--if-needed", "--data-dir", str(data), env=build_env(database))
    assert "the connectome data changed" in result.stdout
    names = run_manage(
        "shell", "--no-imports", "-c",
        "from connectome.models import Dataset; print(list(Dataset.objects.values_list('dataset_id', flat=True)))",
        env=build_env(database),
    )
    assert names.stdout.strip() == "['d']"


def test_a_failed_build_leaves_the_previous_database_untouched(database, tmp_path):
    data = write_data(tmp_path / "data", {"d": [chem("AVAL", "NOPE", 1)]})
    before = sha256_file(database)
    result = run_manage("populate_db", "--data-dir", str(data), env=build_env(database), check=False)
    assert result.returncode == 1
    assert "unknown neuron 'NOPE'" in result.stderr
    assert sha256_file(database) == before
    assert not database.with_name("db.sqlite3.building").exists()


def test_an_interrupted_build_leaves_the_previous_database_untouched(database):
    before = sha256_file(database)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJ_")}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "populate_db"], cwd=ROOT, text=True,
        # Unbuffered, so the step's heading arrives while the step runs, not when the build ends.
        env={**env, "DJANGO_SETTINGS_MODULE": "wormwideweb.settings", "PYTHONUNBUFFERED": "1",
             **build_env(database)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        # Ctrl-C's default action, even when this test runs under a shell's background job, which
        # starts with SIGINT ignored: Python turns SIGINT into KeyboardInterrupt only if the
        # signal was not ignored when it started.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    for line in process.stdout:
        if "init_data_connectome" in line:
            break
    # Ctrl-C, pressed again every half second until the build stops (as a user would): a
    # KeyboardInterrupt that lands in a finaliser is printed and dropped by Python, not raised.
    for _ in range(60):
        process.send_signal(signal.SIGINT)
        try:
            _, stderr = process.communicate(timeout=0.5)
            break
        except subprocess.TimeoutExpired:
            continue
    else:
        process.kill()
        pytest.fail("populate_db did not stop within 30 s of Ctrl-C")
    assert process.returncode == 1
    assert "Interrupted; the previous database is untouched." in stderr
    assert sha256_file(database) == before
    assert not database.with_name("db.sqlite3.building").exists()


def test_refuses_to_run_at_runtime(database):
    result = run_manage("populate_db", env={**build_env(database), "DJ_DB_BUILD": "0"}, check=False)
    assert result.returncode == 1
    assert "run it with DJ_DB_BUILD=1" in result.stderr
