"""Browser tests: Playwright driving Debian's Chromium against a live server on the real data.

The server is `manage.py runserver` in runtime mode (read-only database) on a database file
built by `populate_db` for the session. `page` uses a development server (DJ_DEBUG=1, static
files from the source folders); `production_page` a production one (DJ_DEBUG=0, files
collected with hashed, compressed names and served by WhiteNoise). Every page fixture fails
its test on a console error or a request that leaves the test server; `screenshot` saves the
page into test-artifacts/screenshots/ (git-ignored).
"""

import contextlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.live_server import ROOT, build_database, encoding_data_tree, serve, server_env

SCREENSHOTS = ROOT / "test-artifacts/screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update",
]


@contextlib.contextmanager
def _serve(env: dict):
    try:
        with serve(env) as url:
            yield url
    except RuntimeError as e:
        pytest.fail(str(e))


@pytest.fixture(scope="session", name="server_env")
def _server_env(tmp_path_factory):
    """The environment of the test servers, with a database built for the session."""
    env = server_env(tmp_path_factory.mktemp("browser") / "db.sqlite3")
    build_database(env)
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
    """A server on a database whose one recording has a per-recording CePNEM encoding, which no
    bundled recording has (tests/live_server.py: encoding_data_tree)."""
    root = encoding_data_tree(tmp_path_factory.mktemp("encoding-data"))
    env = server_env(tmp_path_factory.mktemp("encoding-db") / "db.sqlite3", data_dir=root)
    build_database(env, data_dir=root)
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


# The guided tours (core/js/tour.js) of the pages that have one. Page fixtures mark them seen,
# so a tour does not cover what a test clicks; `tour_page` (tests/browser/test_tours.py) does not.
TOURS = ["connectome-explore", "connectome-path", "activity-explore", "activity-replay", "encoding-table"]
TOURS_SEEN = f"""try {{
  for (const name of {json.dumps(TOURS)}) localStorage.setItem(`wormwideweb:tour-${{name}}`, "seen");
}} catch {{}}"""


@contextlib.contextmanager
def _watched_page(browser, base_url: str, tours_seen: bool = True):
    """A fresh page (1280x800) that records console errors and outside requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True, base_url=base_url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    if tours_seen:
        context.add_init_script(TOURS_SEEN)
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
def tour_page(browser, server_url):
    """A page in a browser that has seen no tour yet."""
    with _watched_page(browser, server_url, tours_seen=False) as page:
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
