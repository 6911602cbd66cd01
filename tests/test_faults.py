"""Faults at start-up: the database file missing or corrupt gives a clear message and ERROR.

(Redis going away is in test_cache.py, a failed or interrupted build in test_populate_db.py.)
"""

import pytest

from tests.conftest import run_manage

RUNTIME = {"DJ_DEBUG": "1", "DJ_DB_BUILD": "0"}
HEALTH = "from django.test import Client\nr = Client().get('/is_healthy/')\nprint(r.status_code, r.content.decode())"


@pytest.fixture(params=["missing", "corrupt", "empty"])
def broken_database(request, tmp_path):
    path = tmp_path / "db.sqlite3"
    if request.param == "corrupt":
        path.write_bytes(b"this is not an SQLite database" * 100)
    elif request.param == "empty":
        run_manage("migrate", "-v", "0", env={"DJ_DEBUG": "1", "DJ_DB_BUILD": "1", "DJ_DB_PATH": str(path)})
    return request.param, path


MESSAGES = {
    "missing": "does not exist: build it with `make build`",
    "corrupt": "cannot be read (file is not a database): rebuild it with `make build`",
    "empty": "holds no connectome: rebuild it with `make build`",
}


def test_startup_checks_say_what_is_wrong(broken_database):
    kind, path = broken_database
    result = run_manage("check", env={**RUNTIME, "DJ_DB_PATH": str(path)})
    assert "(core.W001) The database" in result.stderr
    assert MESSAGES[kind] in result.stderr
    assert "Traceback" not in result.stderr


def test_health_check_answers_error_with_one_log_line(broken_database):
    kind, path = broken_database
    result = run_manage("shell", "--no-imports", "-c", HEALTH, env={**RUNTIME, "DJ_DB_PATH": str(path)})
    assert result.stdout.strip() == "500 ERROR"
    assert "Health check: The database" in result.stderr and MESSAGES[kind] in result.stderr
    assert "Traceback" not in result.stderr


def test_server_warm_up_logs_the_problem_and_goes_on(broken_database):
    kind, path = broken_database
    code = ("from core.warmup import warm_up, warm_worker\n"
            "warm_up()\nwarm_worker(lambda client: client.close())\nprint('started')")
    result = run_manage("shell", "--no-imports", "-c", code, env={**RUNTIME, "DJ_DB_PATH": str(path)})
    assert result.stdout.strip() == "started"
    assert MESSAGES[kind] in result.stderr
