"""Production static files: `collectstatic` gives hashed, compressed names, and our ES modules
import each other by those hashed names (core/storage.py)."""

import json
import re

import pytest
from django.core.management import call_command
from django.test import override_settings

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "core.storage.StaticFilesStorage"},
}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def test_module_imports_point_at_hashed_files(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
    modules = [name for name in manifest if name.startswith(("core/js/", "connectome/js/"))]
    assert "connectome/js/explore.js" in modules and "core/js/api.js" in modules
    for name in modules:
        text = (collected / manifest[name]).read_text()
        imports = re.findall(r'from "(\.[^"]+)"', text)
        for target in imports:
            assert re.search(r"\.[0-9a-f]{12}\.m?js$", target), f"{name} imports {target} by its plain name"
            assert (collected / manifest[name]).parent.joinpath(target).resolve().exists(), f"{name}: {target} missing"


def test_files_are_compressed(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
    for name in (
        "vendor/cytoscape/dist/cytoscape.min.js",
        "vendor/bootstrap/dist/css/bootstrap.min.css",
        "connectome/js/graph.js",
    ):
        assert (collected / f"{manifest[name]}.gz").exists(), name


@pytest.mark.django_db
def test_pages_link_the_hashed_files(client, collected):
    with override_settings(STATIC_ROOT=collected, STORAGES=PRODUCTION_STORAGES):
        html = client.get("/connectome/explore/").content.decode()
    sources = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert sources and all(re.search(r"\.[0-9a-f]{12}\.(js|css|svg)$", s) for s in sources), sources
