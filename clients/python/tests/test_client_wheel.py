"""The client as users get it: a wheel built from clients/python, installed into a fresh
virtualenv, imported by its real name and used against the live server.

The wheel is built with pip (`pip wheel`, the build backend pinned in clients/python's
pyproject.toml) from a copy of the source, so no build folder is left in the repository. The
virtualenv gets the same versions of the dependencies as this test environment (a
constraints file), from pip's cache when it has them.
"""

import importlib.metadata
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import wormwideweb_client

ROOT = Path(__file__).resolve().parents[3]

USE_THE_WHEEL = """
import json, sys
import wormwideweb
from wormwideweb import Client, WormWideWebError
ww = Client(sys.argv[1], retries=0)
traces = ww.traces("dag_nwabudike_kang_2023-2022-07-26-31", ["AVAL"])
try:
    ww.graph("white_1986_whole", classes=["AVA"])
    graph_error = None
except ImportError as e:
    graph_error = str(e)
try:
    ww.paths("white_1986_whole", "ASHL", "NOPE")
except WormWideWebError as e:
    error = [e.status, e.error]
print(json.dumps({"version": wormwideweb.__version__, "file": wormwideweb.__file__,
                  "n_recordings": len(ww.recordings()), "aval": traces["AVAL"].iloc[:3].tolist(),
                  "graph_error": graph_error, "error": error}))
"""


def run(*command, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, **kwargs)
    assert result.returncode == 0, f"{' '.join(map(str, command))}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    source = shutil.copytree(ROOT / "clients/python", work / "source", ignore=shutil.ignore_patterns("tests"))
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", work / "dist", source)
    (built,) = (work / "dist").glob("*.whl")
    return built


def test_the_wheel_holds_the_package_and_its_metadata(wheel):
    assert wheel.name == f"wormwideweb-{wormwideweb_client.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        metadata = z.read(f"wormwideweb-{wormwideweb_client.__version__}.dist-info/METADATA").decode()
    assert {"wormwideweb/__init__.py", "wormwideweb/client.py", "wormwideweb/py.typed"} <= names
    assert not any(name.startswith(("tests/", "wormwideweb/tests")) for name in names)
    requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    assert {r.split(":", 1)[1].strip() for r in requires} == {
        "requests>=2.28", "urllib3>=1.26", "numpy>=1.24", "pandas>=2.0", 'networkx>=3.0; extra == "graph"'}
    assert "Python client of the WormWideWeb API" in metadata and "## A worked example" in metadata  # README


def test_the_wheel_installs_into_a_fresh_virtualenv_and_works(wheel, live_url, tmp_path):
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin/python"
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("\n".join(sorted({f"{d.metadata['Name']}=={d.version}" for d in
                                             importlib.metadata.distributions()
                                             if d.metadata["Name"] != "wormwideweb"})))
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--constraint", constraints, wheel)
    run(python, "-c", "import wormwideweb")
    answer = json.loads(run(python, "-c", USE_THE_WHEEL, live_url, cwd=tmp_path).stdout)
    assert answer["version"] == wormwideweb_client.__version__
    assert Path(answer["file"]).is_relative_to(venv)
    assert answer["n_recordings"] == 9
    own = wormwideweb_client.Client(live_url).traces("dag_nwabudike_kang_2023-2022-07-26-31", ["AVAL"])
    assert answer["aval"] == own["AVAL"].iloc[:3].tolist()
    assert answer["error"] == [404, "Unknown neuron 'NOPE'."]
    # networkx is the optional extra: without it, graph() says how to get it.
    assert "pip install 'wormwideweb[graph]'" in answer["graph_error"]
