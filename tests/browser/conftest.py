"""Browser tests: Playwright driving Debian's Chromium against a live server on the real data.

The server is `manage.py runserver` in runtime mode (read-only database) on a database file
built by `populate_db` for the session. `page` uses a development server (DJ_DEBUG=1, static
files from the source folders); `production_page` a production one (DJ_DEBUG=0, files
collected with hashed, compressed names and served by WhiteNoise). Every page fixture fails
its test on a console error or a request that leaves the test server; `screenshot` saves the
page into test-artifacts/screenshots/ (git-ignored).
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts/screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _serve(env: dict):
    """Run `manage.py runserver` with env on a free port; yield its URL once it answers."""
    port = _free_port()
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
            pytest.fail("the test server did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def server_env(tmp_path_factory):
    """The environment of the test servers, with a database built for the session."""
    db = tmp_path_factory.mktemp("browser") / "db.sqlite3"
    env = {**os.environ, "DJ_DB_PATH": str(db), "DJ_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "wormwideweb.settings"}
    env.pop("DJ_ADMIN", None)
    subprocess.run([sys.executable, "manage.py", "populate_db", "-v", "0"], cwd=ROOT, check=True,
                   env={**env, "DJ_DB_BUILD": "1"}, stdout=subprocess.DEVNULL)
    return env


@pytest.fixture(scope="session")
def server_url(server_env):
    with _serve(server_env) as url:
        yield url


@pytest.fixture(scope="session")
def production_url(server_env, tmp_path_factory):
    """A server as in production: DJ_DEBUG=0 and `collectstatic` files served by WhiteNoise."""
    env = {
        **server_env, "DJ_DEBUG": "0", "DJ_HTTPS": "0", "DJ_SECRET_KEY": "browser-tests-only",
        "DJ_ALLOWED_HOSTS": "127.0.0.1 localhost", "DJ_STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, check=True, env=env
    )
    with _serve(env) as url:
        yield url


@pytest.fixture(scope="session")
def encoding_url(tmp_path_factory):
    """A server on a database whose one recording has a CePNEM encoding block, which no bundled
    recording has: a small fixture recording (seeded random values, atanas_kim_2023-u1) with
    six NeuroPAL labels, beside the real connectome."""
    import json

    from tests.activity_fixtures import PAPER, encoding_block, json_document, label, recording_arrays, write_tree

    root = tmp_path_factory.mktemp("encoding-data")
    write_tree(root, [{"uid": "u1", "type": "baseline,neuropal"}])
    (root / "wormwideweb-data/connectome").symlink_to(ROOT / "data/wormwideweb-data/connectome")
    names = [
        ("AVAL", "AVA", "L"),
        ("AVAR", "AVA", "R"),
        ("RIML", "RIM", "L"),
        ("RIMR", "RIM", "R"),
        ("AIBL", "AIB", "L"),
        ("AIBR", "AIB", "R"),
    ]
    labels = {str(i): label(name, cls, side) for i, (name, cls, side) in enumerate(names, 1)}
    document = json_document(recording_arrays(n_neuron=6, n_t=120), "u1", labels=labels, encoding=encoding_block(6))
    (root / PAPER / f"{PAPER}_u1.json").write_text(json.dumps(document))
    db = tmp_path_factory.mktemp("encoding-db") / "db.sqlite3"
    env = {**os.environ, "DJ_DB_PATH": str(db), "DJ_DEBUG": "1", "DJ_DATA_DIR": str(root),
           "DJANGO_SETTINGS_MODULE": "wormwideweb.settings"}
    env.pop("DJ_ADMIN", None)
    subprocess.run(
        [sys.executable, "manage.py", "populate_db", "-v", "0", "--data-dir", str(root)],
        cwd=ROOT,
        check=True,
        env={**env, "DJ_DB_BUILD": "1"},
        stdout=subprocess.DEVNULL,
    )
    with _serve(env) as url:
        yield url


# Per module: Playwright's sync API runs an event loop in this thread while it is open, and
# Django refuses database calls from a thread with a running loop (the other tests' calls).
@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextlib.contextmanager
def _watched_page(browser, base_url: str):
    """A fresh page (1280x800) that records console errors and outside requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True, base_url=base_url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type in ("error", "warning") and page.problems.append(f"console {m.type}: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.on(
        "request",
        lambda r: r.url.startswith((base_url, "data:", "blob:")) or page.problems.append(f"outside request: {r.url}"),
    )
    page.set_default_timeout(10_000)
    yield page
    context.close()
    assert page.problems == [], "\n".join(page.problems)


@pytest.fixture
def page(browser, server_url):
    with _watched_page(browser, server_url) as page:
        yield page


@pytest.fixture
def encoding_page(browser, encoding_url):
    with _watched_page(browser, encoding_url) as page:
        yield page


@pytest.fixture
def production_page(browser, production_url):
    with _watched_page(browser, production_url) as page:
        yield page


@pytest.fixture
def screenshot(request):
    """screenshot(name): save the test's page as test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = next((n for n in ("production_page", "encoding_page") if n in request.fixturenames), "page")
    page = request.getfixturevalue(name)

    def take(name: str):
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    return take
