"""The runtime configuration: a read-only database, start-up checks and the optional admin.

Settings are read once at start-up, so each case runs Django in its own process, as the
server would, on a database file built by populate_db.
"""

import shutil

import pytest

from core.datafiles import sha256_file
from tests.conftest import run_manage

PRODUCTION = {"DJ_DEBUG": "0", "DJ_SECRET_KEY": "test-key", "DJ_ALLOWED_HOSTS": "testserver"}


@pytest.fixture
def database(built_database, tmp_path):
    """A private copy of the built database, so a test may try to damage it."""
    copy = tmp_path / "db.sqlite3"
    shutil.copy(built_database, copy)
    return copy


def shell(code: str, database, check: bool = True, **env):
    """Run Python code with Django set up, at runtime (read-only database) unless told."""
    env = {**PRODUCTION, "DJ_DB_BUILD": "0", "DJ_DB_PATH": str(database), **env}
    return run_manage("shell", "--no-imports", "-c", code, env=env, check=check)


def test_runtime_serves_the_apis_from_the_database_file(database):
    result = shell(
        "from django.test import Client\n"
        "r = Client().get('/connectome/api/available-neurons/?datasets=white_1986_whole', secure=True)\n"
        "print(r.status_code, 'AVAL' in r.json()['neurons'])",
        database,
    )
    assert result.stdout.split() == ["200", "True"]


def test_a_write_at_runtime_fails_and_leaves_the_file_untouched(database):
    before = sha256_file(database)
    result = shell(
        "from connectome.models import Dataset\n"
        "Dataset.objects.update(name='changed')",
        database, check=False,
    )
    assert result.returncode != 0
    assert "readonly database" in result.stderr
    assert sha256_file(database) == before
    assert shell(
        "from connectome.models import Dataset\nprint(Dataset.objects.get(dataset_id='cook_2020').name)",
        database,
    ).stdout.strip() != "changed"


def test_build_mode_writes(database):
    shell(
        "from connectome.models import Dataset\nDataset.objects.filter(dataset_id='cook_2020').update(name='changed')",
        database,
        DJ_DB_BUILD="1",
    )
    assert shell(
        "from connectome.models import Dataset\nprint(Dataset.objects.get(dataset_id='cook_2020').name)",
        database,
    ).stdout.strip() == "changed"


@pytest.mark.parametrize("missing, message", [
    ("DJ_SECRET_KEY", "DJ_SECRET_KEY must be set when DJ_DEBUG=0."),
    ("DJ_ALLOWED_HOSTS", "DJ_ALLOWED_HOSTS must be set when DJ_DEBUG=0 (space-separated host names)."),
])
def test_production_without_a_required_setting_stops_with_one_line(database, missing, message):
    env = {**PRODUCTION, "DJ_DB_PATH": str(database)}
    del env[missing]
    result = run_manage("check", env=env, check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == f"WormWideWeb configuration error: {message}"


def test_debug_mode_needs_no_environment(database):
    result = run_manage("check", env={"DJ_DEBUG": "1", "DJ_DB_PATH": str(database)})
    assert "no issues" in result.stdout


# Pages need collected static files when DJ_DEBUG=0, so the admin is tried in debug mode.


def test_no_admin_url_by_default(database):
    result = shell("from django.test import Client\nprint(Client().get('/access-admin-www/').status_code)",
                   database, DJ_DEBUG="1")
    assert result.stdout.strip() == "404"


def test_admin_is_browsable_and_read_only_at_runtime(database):
    run_manage(
        "createsuperuser", "--noinput", "--username", "curator", "--email", "c@example.org",
        env={"DJ_DEBUG": "1", "DJ_DB_BUILD": "1", "DJ_DB_PATH": str(database), "DJ_ADMIN": "1",
             "DJANGO_SUPERUSER_PASSWORD": "a-long-test-password"},
    )
    before = sha256_file(database)
    result = shell(
        "from django.test import Client\n"
        "from connectome.models import Dataset\n"
        "c = Client()\n"
        "r = c.post('/access-admin-www/login/', {'username': 'curator', 'password': 'a-long-test-password'})\n"
        "print('login', r.status_code)\n"
        "r = c.get('/access-admin-www/connectome/dataset/')\n"
        "print('list', r.status_code, b'white_1986_whole' in r.content)\n"
        "pk = Dataset.objects.get(dataset_id='cook_2020').pk\n"
        "r = c.get(f'/access-admin-www/connectome/dataset/{pk}/change/')\n"
        "print('view', r.status_code, b'name=\"_save\"' in r.content)\n"
        "r = c.post(f'/access-admin-www/connectome/dataset/{pk}/delete/', {'post': 'yes'})\n"
        "print('delete', r.status_code)\n",
        database, DJ_ADMIN="1", DJ_DEBUG="1",
    )
    assert result.stdout.split("\n")[:4] == ["login 302", "list 200 True", "view 200 False", "delete 403"]
    assert sha256_file(database) == before
