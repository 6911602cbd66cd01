"""The code version in every cache key: package version, git commit, hash of the source."""

import subprocess
import tomllib

from django.conf import settings

from core.code_version import code_version, source_hash


def test_the_code_version_names_the_package_the_commit_and_the_source():
    package = tomllib.loads((settings.BASE_DIR / "pyproject.toml").read_text())["project"]["version"]
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=settings.BASE_DIR, capture_output=True, text=True,
                            check=True).stdout.strip()
    version = code_version()
    assert version == f"{package}-g{commit[:12]}-s{source_hash()[:12]}"
    assert ":" not in version and "/" not in version


def test_the_source_hash_changes_with_any_source_file_and_nothing_else(tmp_path, monkeypatch):
    (tmp_path / "core").mkdir()
    (tmp_path / "templates").mkdir()
    module, template = tmp_path / "core/answers.py", tmp_path / "templates/page.html"
    module.write_text("SHAPE = 1\n")
    template.write_text("<p>x</p>")
    monkeypatch.setattr(settings, "BASE_DIR", tmp_path)
    before = source_hash()
    (tmp_path / "core/__pycache__").mkdir()
    (tmp_path / "core/__pycache__/answers.cpython-311.pyc").write_bytes(b"compiled")
    (tmp_path / "core/notes.txt").write_text("not source")
    assert source_hash() == before
    module.write_text("SHAPE = 2\n")
    changed = source_hash()
    assert changed != before
    template.write_text("<p>y</p>")
    assert source_hash() not in (before, changed)
    module.rename(tmp_path / "core/renamed.py")
    assert source_hash() != changed
