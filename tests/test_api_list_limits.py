"""The longest lists the list parameters take (README "API"): 700 names, 16 datasets, 30 names a
side of a path matrix. Their patterns are declared in the schema and checked by our validators;
a list one item longer is a 400 that says the limit, the longest is answered."""

import pytest

from tests.raw_connectome import neuron_table

pytestmark = pytest.mark.django_db


def error(response) -> str:
    assert response.status_code == 400, response.content[:200]
    return response.json()["error"]


def test_every_cell_of_the_neuron_table_is_one_request_and_701_names_are_refused(client):
    cells = sorted(set(neuron_table()["name"]))  # column of the published neuron table
    assert 600 < len(cells) <= 700
    answered = client.get("/connectome/api/edge-diff/", {"a": "white_1986_whole", "b": "cook_2020",
                                                         "neurons": ",".join(cells)})
    assert answered.status_code in (200, 404)  # an unknown name is a 404, never a malformed list
    assert "up to 700 names" in error(client.get("/connectome/api/edge-diff/", {
        "a": "white_1986_whole", "b": "cook_2020", "neurons": ",".join(["AVAL"] * 701)}))


def test_at_most_16_datasets_and_30_names_a_side(client):
    sixteen = ",".join(["white_1986_whole"] * 16)
    answered = client.get("/connectome/api/find-paths-multi/", {"datasets": sixteen, "start": "ASHL", "end": "AVAL"})
    assert answered.status_code == 200
    assert "1 to 16 dataset ids" in error(client.get("/connectome/api/find-paths-multi/", {
        "datasets": sixteen + ",white_1986_whole", "start": "ASHL", "end": "AVAL"}))
    thirty = ",".join(["AVAL"] * 30)
    answered = client.get("/connectome/api/path-matrix/", {"dataset": "white_1986_whole", "sources": thirty,
                                                          "targets": "AVAR"})
    assert answered.status_code == 200
    assert "1 to 30 neuron, class or cell-type names" in error(client.get("/connectome/api/path-matrix/", {
        "dataset": "white_1986_whole", "sources": thirty + ",AVAL", "targets": "AVAR"}))
