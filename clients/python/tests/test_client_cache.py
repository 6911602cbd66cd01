"""The disk cache: answers kept per server and data version; a new import invalidates them."""

import warnings
from pathlib import Path

import pytest
import requests
from wormwideweb_client import Client, WormWideWebError

from tests.live_server import build_database, free_port, serve, server_env

ROOT = Path(__file__).resolve().parents[3]
LEFT_OUT = "dag_nwabudike_kang_2023/h5/swf415_no_id/2022-01-16-01-data.h5"


def counting(ww: Client) -> list[str]:
    """The URLs of the answers the client received from now on."""
    seen: list[str] = []
    ww.session.hooks["response"].append(lambda response, *args, **kwargs: seen.append(response.url))
    return seen


def data_without_one_recording(root: Path) -> Path:
    """The bundled data, linked file by file, without one h5 recording: importing it is a new
    import with other data."""
    for path in (ROOT / "data").rglob("*"):
        relative = path.relative_to(ROOT / "data")
        if path.is_file() and str(relative) != LEFT_OUT:
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).symlink_to(path)
    return root


def test_answers_are_served_from_disk(live_url, tmp_path):
    ww = Client(live_url, cache_dir=tmp_path, version_ttl=3600)
    seen = counting(ww)
    first = ww.edges("white_1986_whole", classes=["AVA", "RIM"])
    traces = ww.traces("dag_nwabudike_kang_2023-2022-07-26-31", ["AVAL"])
    assert [url.split("?")[0].removeprefix(live_url) for url in seen] == [
        "/api/version/", "/connectome/api/get-edges/", "/activity/api/data/datasets/",
        "/activity/api/data/dag_nwabudike_kang_2023-2022-07-26-31/traces/",
        "/activity/api/data/dag_nwabudike_kang_2023-2022-07-26-31/traces/",
    ]
    again = Client(live_url, cache_dir=tmp_path, version_ttl=3600)  # a new session, same folder
    seen_again = counting(again)
    assert again.edges("white_1986_whole", classes=["AVA", "RIM"]).equals(first)
    assert again.traces("dag_nwabudike_kang_2023-2022-07-26-31", ["AVAL"]).equals(traces)
    assert [url.removeprefix(live_url) for url in seen_again] == ["/api/version/"]  # everything else from disk
    versions = requests.get(f"{live_url}/api/version/", timeout=10).json()
    assert ww.cache.versions() == [f"{versions['data_version']}+{versions['code_version']}"]  # both, when served
    ww.clear_cache()
    assert ww.cache.versions() == []


def test_errors_are_not_cached(live_url, tmp_path):
    ww = Client(live_url, cache_dir=tmp_path)
    for _ in range(2):
        with pytest.raises(WormWideWebError, match="NOPE"):
            ww.paths("white_1986_whole", "ASHL", "NOPE")
    assert not list(tmp_path.rglob("*.json"))


def test_a_new_data_version_invalidates_the_cache(live_env, tmp_path):
    """The same URL serves the bundled data, then a new import without one recording."""
    other_data = data_without_one_recording(tmp_path / "data")
    other_env = server_env(tmp_path / "other.sqlite3", data_dir=other_data)
    build_database(other_env, data_dir=other_data)
    port = free_port()
    cache = tmp_path / "cache"
    with serve(live_env, port) as url:
        ww = Client(url, cache_dir=cache, version_ttl=0)  # checks the version before every answer
        before = ww.recordings()
        old_version = before.attrs["data_version"]
        code_version = requests.get(f"{url}/api/version/", timeout=10).json()["code_version"]
        assert len(before) == 9 and ww.cache.versions() == [f"{old_version}+{code_version}"]
    with serve(other_env, port) as same_url:
        assert same_url == url
        seen = counting(ww)
        after = ww.recordings()
        assert after.attrs["data_version"] != old_version
        assert len(after) == 8 and "dag_nwabudike_kang_2023-2022-01-16-01" not in after.index
        assert [u.removeprefix(url) for u in seen] == ["/api/version/", "/activity/api/data/datasets/"]
        assert ww.cache.versions() == [f"{after.attrs['data_version']}+{code_version}"]  # the old answers are gone
        # In memory too: labels are looked up in the new data.
        assert ww.traces("dag_nwabudike_kang_2023-2022-07-26-31", ["AVAL"]).attrs["data_version"] != old_version


def test_the_version_is_checked_every_version_ttl(fake_server, tmp_path):
    fake_server.script((200, {"data_version": "v1", "api_version": "1"}), (200, []))
    ww = Client(fake_server.url, cache_dir=tmp_path, version_ttl=3600)
    for _ in range(3):
        assert ww.recordings().attrs["data_version"] == "v1"
    assert [path for _, path, _ in fake_server.requests] == ["/api/version/", "/activity/api/data/datasets/"]
    ww.version_ttl = 0
    fake_server.script((200, {"data_version": "v2", "api_version": "1"}), (200, [{"dataset_id": "x"}]))
    assert ww.recordings().index.tolist() == ["x"]
    assert ww.cache.versions() == ["v2"]


def test_a_hostile_version_stays_inside_the_cache(fake_server, tmp_path):
    fake_server.script((200, {"data_version": "../../escape", "api_version": "1"}), (200, []))
    ww = Client(fake_server.url, cache_dir=tmp_path / "cache")
    ww.recordings()
    assert [p.relative_to(tmp_path) for p in tmp_path.iterdir()] == [Path("cache")]
    assert all(tmp_path / "cache" in p.parents for p in tmp_path.rglob("*.json"))


def test_a_server_without_a_version_is_not_cached(fake_server, tmp_path):
    fake_server.script((404, {"error": "No API endpoint at /api/version/."}), (200, []))
    ww = Client(fake_server.url, cache_dir=tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = ww.recordings()
        ww.recordings()
    assert frame.attrs["data_version"] is None
    assert len(caught) == 1 and "no /api/version/" in str(caught[0].message)
    assert not list(tmp_path.rglob("*.json"))
    fake_server.script((404, {"error": "No API endpoint at /api/version/."}))
    with pytest.raises(WormWideWebError, match="no /api/version/"):
        ww.version()
    fake_server.script((200, ["not", "a", "version"]))
    with pytest.raises(WormWideWebError, match="not a data version"):
        ww.version()


def test_a_new_code_version_invalidates_the_cache_too(fake_server, tmp_path):
    """A server whose /api/version/ also names its code version: a deploy invalidates."""
    fake_server.script((200, {"data_version": "v1", "code_version": "c1", "api_version": "1"}), (200, []))
    ww = Client(fake_server.url, cache_dir=tmp_path, version_ttl=0)
    ww.recordings()
    assert ww.cache.versions() == ["v1+c1"]
    fake_server.script((200, {"data_version": "v1", "code_version": "c2", "api_version": "1"}),
                       (200, [{"dataset_id": "x"}]))
    frame = ww.recordings()
    assert frame.index.tolist() == ["x"] and frame.attrs["data_version"] == "v1"
    assert ww.cache.versions() == ["v1+c2"]
