"""GET /activity/api/data/<dataset_id>/correlation/?n=: pairs, top partners, behaviour r."""

import numpy as np
import pytest

from activity.behavior import behavior_arrays
from activity.models import GCaMPDataset, trace_array

pytestmark = pytest.mark.django_db
DATASET = "dag_nwabudike_kang_2023-2022-08-02-38"


def matrix():
    dataset = GCaMPDataset.objects.get(dataset_id=DATASET)
    return dataset, np.vstack(
        [trace_array(t) for t in dataset.neurons.order_by("idx_neuron").values_list("trace", flat=True)]
    )


def test_pairs_partners_and_behaviour_match_numpy(client):
    dataset, traces = matrix()
    idxs = [5, 1, 30]
    data = client.get(f"/activity/api/data/{DATASET}/correlation/", {"n": "5,1,30", "top": "4"}).json()
    assert data["neurons"] == sorted(idxs)  # in index order, whatever the order asked
    r = np.corrcoef(traces)
    pairs = {(p["a"], p["b"]): p["r"] for p in data["pairs"]}
    assert set(pairs) == {(1, 5), (1, 30), (5, 30)}
    for (a, b), value in pairs.items():
        assert value == pytest.approx(r[a - 1, b - 1], abs=1e-3)
    assert [abs(p["r"]) for p in data["pairs"]] == sorted((abs(p["r"]) for p in data["pairs"]), reverse=True)
    for a in idxs:
        others = np.abs(r[a - 1]).copy()
        others[a - 1] = -1
        expected = list(np.argsort(-others, kind="stable")[:4] + 1)
        assert [p["idx_neuron"] for p in data["top"][str(a)]] == expected
    behavior = behavior_arrays(dataset.behavior)
    for a in idxs:
        for key, values in behavior.items():
            assert data["behavior"][str(a)][key] == pytest.approx(np.corrcoef(traces[a - 1], values)[0, 1], abs=1e-3)


def test_recording_without_behaviour_has_null_behaviour(client):
    data = client.get("/activity/api/data/atanas_kim_2023-2022-08-02-01/correlation/", {"n": "1,2"}).json()
    assert data["behavior"] is None and len(data["pairs"]) == 1


@pytest.mark.parametrize("params, status, fragment", [
    ({}, 400, "Missing required parameter 'n'"),
    ({"n": "1,a"}, 400, "not a positive integer"),
    ({"n": "1", "top": "21"}, 400, "between 0 and 20"),
    ({"n": "1", "top": "x"}, 400, "must be an integer"),
    ({"n": "1", "top": ""}, 400, "must be an integer, not ''"),  # the schema's integer: leave it out for 3
    ({"n": "999"}, 404, "no neuron 999"),
])
def test_bad_input(client, params, status, fragment):
    response = client.get(f"/activity/api/data/{DATASET}/correlation/", params)
    assert response.status_code == status and fragment in response.json()["error"]
