"""GET /activity/api/data/find_neuron/: the NeuroPAL label index (spec 4.6 neuropal_match)."""

import pytest

from activity.models import GCaMPDataset, GCaMPNeuron

pytestmark = pytest.mark.django_db


@pytest.fixture
def answer(client):
    response = client.get("/activity/api/data/find_neuron/")
    assert response.status_code == 200 and response["Cache-Control"] == "public, max-age=300, must-revalidate"
    return response.json()


def test_match_lists_every_labelled_neuron_once(answer):
    listed = sorted(
        (dataset_id, idx) for key, by_dataset in answer["match"].items()
        for dataset_id, idxs in by_dataset.items() for idx in idxs
    )
    stored = sorted(GCaMPNeuron.objects.exclude(neuron_class="").values_list("dataset__dataset_id", "idx_neuron"))
    assert listed == stored


def test_keys_are_class_side_position(answer):
    for neuron in GCaMPNeuron.objects.filter(neuron_name__in=["AVAL", "RMDVR"]).select_related("dataset"):
        key = f"{neuron.neuron_class}_{neuron.lr}_{neuron.dv}"
        assert neuron.idx_neuron in answer["match"][key][neuron.dataset.dataset_id]
    assert ["x", "l"] in answer["class"]["AVA"] and ["x", "r"] in answer["class"]["AVA"]
    assert ["v", "r"] in answer["class"]["RMD"]


def test_datasets_papers_and_types(answer):
    labelled = list(GCaMPDataset.objects.filter(n_labeled__gt=0).order_by("order").values_list("dataset_id", flat=True))
    assert [d["dataset_id"] for d in answer["neuropal_datasets_data"]] == labelled
    papers = [p["paper_id"] for p in answer["papers"]]
    assert papers == ["atanas_kim_2023", "dag_nwabudike_kang_2023"]  # each once
    assert answer["neuropal_dataset_type"]["common-neuropal"]["background-color"] == "#0d6efd"
    first = answer["neuropal_datasets_data"][0]
    assert set(first) == {"paper", "dataset_id", "dataset_name", "dataset_type", "n_neuron", "n_labeled", "max_t"}
