"""Every way a request can fail raises WormWideWebError with the API's own message and status;
network errors and busy servers are retried with backoff; the User-Agent names the client."""

import time

import pytest
import requests
import wormwideweb_client
from wormwideweb_client import Client, WormWideWebError

from tests.live_server import free_port

RECORDING = "dag_nwabudike_kang_2023-2022-07-26-31"
VERSION = (200, {"data_version": "v1", "api_version": "1"})


def api_error(url: str, method: str, path: str, **kwargs) -> tuple[int, str]:
    response = requests.request(method, url + path, timeout=30, **kwargs)
    return response.status_code, response.json()["error"]


def raised(call) -> WormWideWebError:
    with pytest.raises(WormWideWebError) as e:
        call()
    return e.value


def test_unknown_neuron_carries_the_api_message(ww, live_url):
    error = raised(lambda: ww.edges("white_1986_whole", neurons=["AVAL", "NOPE"]))
    body = {"datasets": ["white_1986_whole"], "neurons": ["AVAL", "NOPE"]}
    assert (error.status, error.error) == api_error(live_url, "POST", "/connectome/api/get-edges/", json=body)
    assert "NOPE" in error.error and error.status == 404
    assert error.url == f"{live_url}/connectome/api/get-edges/"
    assert str(error).startswith("404: Unknown neuron or class name(s): 'NOPE'.")
    error = raised(lambda: ww.paths("white_1986_whole", "ASHL", "AVA"))
    assert error.status == 404 and "add class=true" in error.error


def test_bad_dataset_carries_the_api_message(ww, live_url):
    error = raised(lambda: ww.neurons(["white_1986_whole", "white_2000"]))
    assert (error.status, error.error) == api_error(live_url, "GET", "/connectome/api/available-neurons/",
                                                    params={"datasets": "white_1986_whole,white_2000"})
    assert "white_2000" in error.error and "witvliet_2020_8" in error.error  # the known ids are listed
    assert raised(lambda: ww.paths("nope", "ASHL", "AVAL")).status == 404
    assert raised(lambda: ww.replay(RECORDING, "nope")).status == 404
    assert raised(lambda: ww.edges([])).status == 400


def test_unknown_recording_label_and_index(ww, live_url):
    error = raised(lambda: ww.behavior("dag_nwabudike_kang_2023-2022-07-26-99"))
    assert (error.status, error.error) == api_error(live_url, "GET",
                                                    "/activity/api/data/dag_nwabudike_kang_2023-2022-07-26-99/behavior/")
    # Looked up by the client in the server's recordings: the same status, and a suggestion.
    error = raised(lambda: ww.traces("dag_nwabudike_kang_2023-2022-07-26-3", ["AVAL"]))
    assert error.status == 404 and "Did you mean" in error.error and f"'{RECORDING}'" in error.error
    error = raised(lambda: ww.traces(RECORDING, ["AVALX"]))
    assert error.status == 404 and "No trace of" in error.error and "'AVAL'" in error.error
    assert ww.traces(RECORDING, ["aval"]).columns.tolist() == ["AVAL"]  # any case
    error = raised(lambda: ww.trace(RECORDING, 500))
    assert (error.status, error.error) == api_error(live_url, "GET", f"/activity/api/data/{RECORDING}/500/")
    assert "146 neurons" in error.error
    with pytest.raises(TypeError):
        ww.traces(RECORDING, [1.5])


def test_recording_without_behaviour_or_encoding(ww, live_url):
    atanas = "atanas_kim_2023-2022-08-02-01"
    error = raised(lambda: ww.behavior(atanas))
    assert (error.status, error.error) == api_error(live_url, "GET", f"/activity/api/data/{atanas}/behavior/")
    assert raised(lambda: ww.reversals(atanas)).status == 404
    error = raised(lambda: ww.behavior_correlations(atanas, [1, 2]))
    assert error.status == 404 and "no behaviour" in error.error
    error = raised(lambda: ww.encoding(RECORDING))
    assert (error.status, error.error) == api_error(live_url, "GET", f"/activity/api/data/{RECORDING}/encoding/")


def test_malformed_input_is_a_400_with_the_api_message(ww, live_url):
    error = raised(lambda: ww.top_partners(RECORDING, [89], top=50))
    assert (error.status, error.error) == api_error(live_url, "GET", f"/activity/api/data/{RECORDING}/correlation/",
                                                    params={"n": "89", "top": "50"})
    assert "'top'" in error.error
    assert raised(lambda: ww.download_zip([RECORDING] * 1 + [f"x{i}" for i in range(25)])).status == 400
    assert raised(lambda: ww.plot_multiple_url({})).status == 400


def test_server_down(tmp_path):
    ww = Client(f"http://127.0.0.1:{free_port()}", retries=2, backoff=0.01)
    error = raised(ww.recordings)
    assert error.status is None and error.error.startswith(f"Could not reach {ww.base_url}")
    assert "gave up after 2 retries" in error.error and "object at 0x" not in error.error
    assert raised(lambda: ww.download(RECORDING, tmp_path)).status is None
    assert list(tmp_path.iterdir()) == []


def test_a_500_from_the_server_is_raised_at_once(fake_server):
    fake_server.script(VERSION, (500, {"error": "Internal error; it has been logged."}))
    ww = Client(fake_server.url, retries=3, backoff=0.01)
    error = raised(ww.recordings)
    assert (error.status, error.error) == (500, "Internal error; it has been logged.")
    assert error.url == f"{fake_server.url}/activity/api/data/datasets/"
    assert [path for _, path, _ in fake_server.requests] == ["/api/version/", "/activity/api/data/datasets/"]


def test_an_answer_that_is_not_json_keeps_its_text(fake_server):
    fake_server.script(VERSION, (502, b"<html><body>Bad   gateway</body></html>", {"Content-Type": "text/html"}))
    error = raised(Client(fake_server.url, retries=0).recordings)
    assert error.status == 502 and error.error == "<html><body>Bad gateway</body></html>"


def test_dropped_connections_are_retried_with_backoff(fake_server):
    fake_server.script(VERSION, "drop", "drop", "drop", (200, []))
    ww = Client(fake_server.url, retries=3, backoff=0.1)
    ww.data_version  # noqa: B018 (asked first, so only the retried request is timed)
    started = time.monotonic()
    assert ww.recordings().empty
    elapsed = time.monotonic() - started
    assert [path for _, path, _ in fake_server.requests].count("/activity/api/data/datasets/") == 4
    assert elapsed >= 0 + 0.2 + 0.4 - 0.05  # no wait before the first retry, then backoff x 2, x 4


def test_busy_server_is_retried_and_honours_retry_after(fake_server):
    fake_server.script(VERSION, (503, {"error": "busy"}, {"Retry-After": "1"}), (503, {"error": "busy"}), (200, []))
    ww = Client(fake_server.url, retries=3, backoff=0.01)
    ww.data_version  # noqa: B018
    started = time.monotonic()
    assert ww.recordings().empty
    assert time.monotonic() - started >= 0.95
    assert len(fake_server.requests) == 4


def test_retries_give_up_with_the_last_answer(fake_server):
    fake_server.script(VERSION, (503, {"error": "Down for maintenance."}))
    ww = Client(fake_server.url, retries=2, backoff=0.01)
    error = raised(ww.recordings)
    assert (error.status, error.error) == (503, "Down for maintenance.")
    assert len(fake_server.requests) == 1 + 3  # the version, then the request and 2 retries
    fake_server.script(VERSION, "drop")
    error = raised(Client(fake_server.url, retries=1, backoff=0.01).recordings)
    assert error.status is None and "gave up after 1 retries" in error.error


def test_user_agent_names_the_client_version(fake_server):
    fake_server.script(VERSION, (200, []))
    Client(fake_server.url).recordings()
    agents = {headers["User-Agent"] for _, _, headers in fake_server.requests}
    assert len(agents) == 1
    assert agents.pop().startswith(f"wormwideweb-python/{wormwideweb_client.__version__} (requests/")


def test_base_url_must_be_http():
    with pytest.raises(ValueError, match="http"):
        Client("wormwideweb.org")
    assert Client().base_url == "https://wormwideweb.org"
