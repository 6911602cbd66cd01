"""GET /activity/api/data/<dataset_id>/<idx_neuron>/ and .../traces/?n=: traces from the h5 files."""

import csv

import h5py
import numpy as np
import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
DAG = settings.DATA_DIR / "dag_nwabudike_kang_2023"
ROW = next(r for r in csv.DictReader(open(DAG / "datasets_summary.csv")) if r["uid"] == "2022-07-27-45")
DATASET = f"dag_nwabudike_kang_2023-{ROW['uid']}"


def h5_traces():
    with h5py.File(DAG / ROW["file"]) as f:
        return f["gcamp/trace_array"][()].T


def test_trace_is_the_h5_column_of_that_1_based_index(client):
    expected = h5_traces()
    for idx in (1, 17, expected.shape[0]):
        response = client.get(f"/activity/api/data/{DATASET}/{idx}/")
        assert response.status_code == 200
        data = response.json()
        assert (data["idx_neuron"], data["dataset_id"]) == (idx, DATASET)
        np.testing.assert_allclose(data["trace"], expected[idx - 1], atol=1e-5)
    assert response["Cache-Control"] == "public, max-age=300, must-revalidate"


def test_second_request_is_served_from_the_cache(client, django_assert_num_queries):
    url = f"/activity/api/data/{DATASET}/3/"
    first = client.get(url).content
    with django_assert_num_queries(0):
        assert client.get(url).content == first


@pytest.mark.parametrize("idx, status, fragment", [
    ("0", 400, "not a positive integer"),
    ("-1", 400, "not a positive integer"),
    ("abc", 400, "not a positive integer"),
    ("9999", 404, "there is no neuron 9999"),
])
def test_bad_index(client, idx, status, fragment):
    response = client.get(f"/activity/api/data/{DATASET}/{idx}/")
    assert response.status_code == status and fragment in response.json()["error"]


def test_unknown_recording_is_404(client):
    response = client.get("/activity/api/data/no_such_paper-2020-01-01-01/1/")
    assert response.status_code == 404 and "Unknown recording" in response.json()["error"]


def test_post_is_405(client):
    assert client.post(f"/activity/api/data/{DATASET}/1/").status_code == 405


def test_several_traces_with_labels(client):
    expected = h5_traces()
    data = client.get(f"/activity/api/data/{DATASET}/traces/", {"n": "3,1,3,2"}).json()
    assert data["dataset_id"] == DATASET and data["max_t"] == int(ROW["n_timepoints_trace"])
    assert [n["idx_neuron"] for n in data["neurons"]] == [1, 2, 3]  # in index order, repeats dropped
    for neuron in data["neurons"]:
        np.testing.assert_allclose(neuron["trace"], expected[neuron["idx_neuron"] - 1], atol=1e-5)
    from activity.models import GCaMPNeuron

    labels = dict(GCaMPNeuron.objects.filter(dataset__dataset_id=DATASET).values_list("idx_neuron", "neuron_name"))
    assert [n["label"] for n in data["neurons"]] == [labels[1], labels[2], labels[3]]


def test_traces_accept_the_explore_page_separator(client):
    dash = client.get(f"/activity/api/data/{DATASET}/traces/", {"n": "1-2"}).json()
    comma = client.get(f"/activity/api/data/{DATASET}/traces/", {"n": "1,2"}).json()
    assert dash == comma


@pytest.mark.parametrize("n, status, fragment", [
    ("", 400, "Give neuron indices"),
    ("1,x", 400, "'x' is not a positive integer"),
    ("1,0", 400, "not a positive integer"),
    ("1,9999", 404, "no neuron 9999"),
    (",".join(["1"] * 1001), 400, "At most 1000"),
    ("-5", 400, "'-5' have an empty entry"),
    ("5-", 400, "it is not a minus sign"),
    ("1--2", 400, "empty entry"),
    ("1,,2", 400, "empty entry"),
])
def test_traces_bad_n(client, n, status, fragment):
    response = client.get(f"/activity/api/data/{DATASET}/traces/", {"n": n})
    assert response.status_code == status and fragment in response.json()["error"]


def test_non_ascii_digits_are_400_not_500(client):
    for idx in ("²", "١"):
        response = client.get(f"/activity/api/data/{DATASET}/{idx}/")
        assert response.status_code == 400 and "not a positive integer" in response.json()["error"]


def test_huge_numbers_are_4xx_not_500(client):
    huge = "9" * 5000  # int() refuses strings over 4300 digits
    response = client.get(f"/activity/api/data/{DATASET}/{huge}/")
    assert response.status_code == 400 and "not a positive integer" in response.json()["error"]
    response = client.get(f"/activity/api/data/{DATASET}/traces/", {"n": f"1,{huge}"})
    assert response.status_code == 400 and "not a positive integer" in response.json()["error"]
    response = client.get(f"/activity/api/data/{DATASET}/correlation/", {"n": "1", "top": huge})
    assert response.status_code == 400 and "between 0 and 20" in response.json()["error"]
    response = client.get(f"/activity/api/data/{DATASET}/{'9' * 18}/")
    assert response.status_code == 404 and "no neuron" in response.json()["error"]
