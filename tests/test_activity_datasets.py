"""GET /activity/api/data/datasets/: one row per recording, with its type ids."""

import pytest

from activity.models import GCaMPDataset

pytestmark = pytest.mark.django_db


def test_one_row_per_recording(client):
    response = client.get("/activity/api/data/datasets/")
    assert response.status_code == 200 and response["Cache-Control"] == "public, max-age=300, must-revalidate"
    rows = response.json()
    assert [r["dataset_id"] for r in rows] == list(
        GCaMPDataset.objects.order_by("order").values_list("dataset_id", flat=True)
    )
    for row in rows:
        dataset = GCaMPDataset.objects.get(dataset_id=row["dataset_id"])
        assert row["dataset_type"] == sorted(dataset.dataset_types.values_list("type_id", flat=True))
        assert (row["n_neuron"], row["n_labeled"], row["max_t"]) == (dataset.n_neuron, dataset.n_labeled, dataset.max_t)
        assert row["has_behavior"] == (dataset.behavior is not None)
        assert row["paper_id"] == dataset.paper.paper_id and row["dataset_name"] == dataset.dataset_name


def test_types_and_behaviour_flags_of_known_recordings(client):
    rows = {r["dataset_id"]: r for r in client.get("/activity/api/data/datasets/").json()}
    atanas = rows["atanas_kim_2023-2022-08-02-01"]
    assert atanas["dataset_type"] == ["atanas_kim_2023-baseline", "common-neuropal"] and atanas["has_behavior"] is False
    patch = rows["dag_nwabudike_kang_2023-2022-01-16-01"]
    assert patch["dataset_type"] == ["dag_nwabudike_kang_2023-patchEncounter"]
    assert patch["events"] == {"patchEncounter": [325]}
    assert "dag_nwabudike_kang_2023-2022-05-02-01" not in rows
