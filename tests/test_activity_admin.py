"""The admin (DJ_ADMIN=1) lists every activity model and opens a recording and a neuron."""

import pytest
from django.contrib.auth.models import User

from activity.models import GCaMPDataset, GCaMPNeuron

pytestmark = pytest.mark.django_db
MODELS = ["gcamppaper", "gcampdatasettype", "gcampeventstyle", "gcampdataset", "gcampneuron",
          "neuronmatch", "encodingclass", "encodingneuronmatch"]


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("curator", "c@example.org", "a-long-test-password"))
    return client


@pytest.mark.parametrize("model", MODELS)
def test_changelists(admin_client, model):
    assert admin_client.get(f"/access-admin-www/activity/{model}/").status_code == 200


def test_recording_and_neuron_pages(admin_client):
    dataset = GCaMPDataset.objects.first()
    response = admin_client.get(f"/access-admin-www/activity/gcampdataset/{dataset.pk}/change/")
    assert response.status_code == 200 and dataset.dataset_id.encode() in response.content
    neuron = GCaMPNeuron.objects.exclude(neuron_name="").first()
    response = admin_client.get(f"/access-admin-www/activity/gcampneuron/{neuron.pk}/change/")
    assert response.status_code == 200 and neuron.neuron_name.encode() in response.content
    search = admin_client.get("/access-admin-www/activity/gcampdataset/", {"q": "2022-07-26"})
    assert b"2022-07-26-31" in search.content
