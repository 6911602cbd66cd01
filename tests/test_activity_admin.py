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
def test_changelists_show_the_rows_of_the_table(admin_client, model):
    import html
    import re

    from django.apps import apps

    table = apps.get_model("activity", model)
    total = table.objects.count()
    assert total > 0, f"the bundled data fills {model}"
    response = admin_client.get(f"/access-admin-www/activity/{model}/")
    assert response.status_code == 200
    page = response.content.decode()
    rows = re.findall(r'<input type="checkbox" name="_selected_action" value="(\d+)"', page)
    shown = min(total, 100)  # the admin's list_per_page
    assert len(rows) == shown and len(set(rows)) == shown
    assert set(map(int, rows)) <= set(table.objects.values_list("pk", flat=True))
    verbose = table._meta.verbose_name if total == 1 else table._meta.verbose_name_plural
    assert f"{total} {verbose}" in html.unescape(page)  # the count under the table


def test_recording_and_neuron_pages(admin_client):
    dataset = GCaMPDataset.objects.first()
    response = admin_client.get(f"/access-admin-www/activity/gcampdataset/{dataset.pk}/change/")
    assert response.status_code == 200 and dataset.dataset_id.encode() in response.content
    neuron = GCaMPNeuron.objects.exclude(neuron_name="").first()
    response = admin_client.get(f"/access-admin-www/activity/gcampneuron/{neuron.pk}/change/")
    assert response.status_code == 200 and neuron.neuron_name.encode() in response.content
    search = admin_client.get("/access-admin-www/activity/gcampdataset/", {"q": "2022-07-26"})
    assert b"2022-07-26-31" in search.content
