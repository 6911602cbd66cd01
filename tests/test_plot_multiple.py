"""POST /activity/plot-multiple-data/: the selection goes into the page URL, which never expires."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from activity.selection import parse_selection, selection_url

pytestmark = pytest.mark.django_db
URL = "/activity/plot-multiple-data/"
DAG = "dag_nwabudike_kang_2023-2022-07-26-31"
ATANAS = "atanas_kim_2023-2022-08-02-01"


def post(client, body):
    return client.post(URL, body if isinstance(body, str) else json.dumps(body), content_type="application/json")


def test_answer_is_a_url_holding_the_selection(client):
    response = post(client, {DAG: [12, 3, 12, 40], ATANAS: []})
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "success"
    assert data["redirect"] == f"/activity/plot-multiple/?d={DAG}:12-3-40&d={ATANAS}"
    query = parse_qs(urlsplit(data["redirect"]).query)
    assert parse_selection(query["d"]) == {DAG: [12, 3, 40], ATANAS: []}


def test_selection_round_trip_keeps_order():
    selection = {ATANAS: [5, 1], DAG: [2]}
    assert parse_selection(parse_qs(urlsplit(selection_url(selection)).query)["d"]) == selection


@pytest.mark.parametrize("values, fragment", [
    ([], "at least one"),
    ([":1-2"], "no dataset id"),
    ([f"{DAG}:1-x"], "positive integers"),
    ([f"{DAG}:0"], "positive integers"),
    ([f"d{i}" for i in range(51)], "At most 50"),
])
def test_malformed_url_selection(values, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse_selection(values)


def test_no_csrf_token_needed():
    assert post(Client(enforce_csrf_checks=True), {DAG: [1]}).status_code == 200


@pytest.mark.parametrize("body, status, fragment", [
    ("{nope", 400, "not valid JSON"),
    ("[1, 2]", 400, "must be a JSON object"),
    ({}, 400, "at least one recording"),
    ({DAG: "1,2"}, 400, f"Invalid neuron_ids for dataset_id {DAG}"),
    ({DAG: [1, "2"]}, 400, "Invalid neuron_ids"),
    ({DAG: [True]}, 400, "Invalid neuron_ids"),
    ({DAG: [0]}, 400, "not a positive integer"),
    ({DAG: [9999]}, 404, "no neuron 9999"),
    ({"nope": [1]}, 404, "Unknown recording 'nope'"),
    ({f"d{i}": [1] for i in range(51)}, 400, "At most 50"),
])
def test_bad_bodies(client, body, status, fragment):
    response = post(client, body)
    assert response.status_code == status and fragment in response.json()["error"]


def test_get_is_405(client):
    assert client.get(URL).status_code == 405
