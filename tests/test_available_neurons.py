"""GET /connectome/api/available-neurons/."""

import pytest

from connectome.models import Dataset, Synapse

URL = "/connectome/api/available-neurons/"
pytestmark = pytest.mark.django_db


def _neurons_with_synapses(dataset_ids):
    names = set()
    for pre, post in Synapse.objects.filter(dataset__dataset_id__in=dataset_ids).values_list("pre__name", "post__name"):
        names |= {pre, post}
    return names


def test_lists_the_neurons_of_a_dataset(client):
    response = client.get(URL, {"datasets": "white_1986_whole"})
    assert response.status_code == 200
    data = response.json()
    assert set(data["neurons"]) == _neurons_with_synapses(["white_1986_whole"])
    assert data["neurons"]["AVAL"] == {
        "neuron_class": "AVA", "name": "AVAL", "cell_type": "i", "cell_type_desc": "interneuron",
    }
    assert data["neuron_classes"]["AVA"] == ["AVAL", "AVAR"]


def test_classes_list_only_members_present_in_the_datasets(client):
    """The tail dataset has only some members of the classes it touches (the original listed all)."""
    data = client.get(URL, {"datasets": "white_1986_jse"}).json()
    members = [n for names in data["neuron_classes"].values() for n in names]
    assert sorted(members) == sorted(data["neurons"])
    dataset = Dataset.objects.get(dataset_id="white_1986_jse")
    partial = [c for c in dataset.available_classes.all() if c.neurons.count() > len(data["neuron_classes"][c.name])]
    assert partial, "expected a class with members absent from the tail dataset"


def test_several_datasets_give_the_union(client):
    ids = ["white_1986_jse", "cook_2020"]
    data = client.get(URL, {"datasets": ",".join(ids)}).json()
    assert set(data["neurons"]) == _neurons_with_synapses(ids)
    assert set(data["neurons"]) >= {"PHAL", "I1L"}


def test_repeated_and_spaced_ids_are_accepted(client):
    a = client.get(URL, {"datasets": "cook_2020, cook_2020,"}).json()
    b = client.get(URL, {"datasets": "cook_2020"}).json()
    assert a == b


def test_answers_may_be_cached_by_browsers(client):
    response = client.get(URL, {"datasets": "cook_2020"})
    assert response["Cache-Control"].startswith("public, max-age=")


@pytest.mark.parametrize("query", [{}, {"datasets": ""}, {"datasets": " , "}])
def test_missing_datasets_is_400(client, query):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert "dataset" in response.json()["error"]


def test_unknown_dataset_is_404_naming_it(client):
    response = client.get(URL, {"datasets": "white_1986_whole,nope"})
    assert response.status_code == 404
    assert "'nope'" in response.json()["error"]


def test_post_is_405(client):
    response = client.post(URL)
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert "error" in response.json()
