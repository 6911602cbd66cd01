"""Live servers of this project for tests that talk HTTP to it (browser tests, the Python client).

`build_database` runs `populate_db` into a file, as `make run` does; `serve` runs
`manage.py runserver` on it in runtime mode (read-only database) and yields its URL once it
answers; `encoding_data_tree` writes a data folder whose one recording has a CePNEM encoding
block, which no bundled recording has.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(db: Path, data_dir: Path | None = None) -> dict:
    """The environment of a development server (DJ_DEBUG=1) on the database file db."""
    env = {**os.environ, "DJ_DB_PATH": str(db), "DJ_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "wormwideweb.settings"}
    if data_dir is not None:
        env["DJ_DATA_DIR"] = str(data_dir)
    env.setdefault("ACTIVITY_DATA_CACHE_DIR", str(Path(db).parent / "downloads"))  # not the system temp folder
    env.pop("DJ_ADMIN", None)
    return env


def build_database(env: dict, data_dir: Path | None = None) -> None:
    """`populate_db` into env's DJ_DB_PATH, from data_dir (default: the bundled data)."""
    extra = ["--data-dir", str(data_dir)] if data_dir is not None else []
    subprocess.run([sys.executable, "manage.py", "populate_db", "-v", "0", *extra], cwd=ROOT, check=True,
                   env={**env, "DJ_DB_BUILD": "1"}, stdout=subprocess.DEVNULL)


@contextlib.contextmanager
def serve(env: dict, port: int | None = None):
    """Run `manage.py runserver` with env on port (a free one by default); yield its URL once
    it answers."""
    port = port or free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        cwd=ROOT, env={**env, "DJ_DB_BUILD": "0"}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/is_healthy/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the test server did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def encoding_data_tree(root: Path) -> Path:
    """A data folder beside the real connectome whose one recording (atanas_kim_2023-u1, a
    small fixture with seeded random values) has six NeuroPAL labels on left/right pairs made
    alike (so the import's label check keeps them) and a per-recording CePNEM encoding, in the
    layout fetch_activity_data leaves (datasets/u1-data.h5, neuropal_label.json.bz2 and the six
    CePNEM files)."""
    from tests.activity_fixtures import PAPER, paired, recording_arrays, write_h5, write_tree
    from tests.published_data import label_file, random_cepnem, write_cepnem

    write_tree(root, [{"uid": "u1", "type": "baseline,neuropal", "label": True}])
    (root / "wormwideweb-data/connectome").symlink_to(ROOT / "data/wormwideweb-data/connectome")
    # AVAL, AVAR, RIML, RIMR, AIBL, AIBR
    arrays, labels = paired(recording_arrays(n_neuron=6, n_t=120), [(1, 2), (3, 4), (5, 6)])
    write_h5(root / PAPER / "datasets/u1-data.h5", arrays)
    (root / PAPER / "neuropal_label.json.bz2").write_bytes(label_file({"u1": labels}))
    write_cepnem(root / PAPER, {"u1": random_cepnem(6, seed=1)})
    return root
