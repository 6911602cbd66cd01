"""/api/version/: the data version a client keys its cache by, and the API version."""

import pytest

from core.code_version import code_version
from core.importing import forget_cached_versions
from core.models import ImportedData


@pytest.mark.django_db
def test_answers_the_data_and_api_versions_uncached(client):
    response = client.get("/api/version/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"
    hashes = ImportedData.objects.order_by("source").values_list("sha256", flat=True)
    assert response.json() == {"data_version": "-".join(h[:12] for h in hashes), "code_version": code_version(),
                               "api_version": "1"}


@pytest.mark.django_db
def test_a_new_import_changes_the_data_version(client):
    before = client.get("/api/version/").json()["data_version"]
    ImportedData.objects.filter(source="connectome").update(sha256="0" * 64)
    forget_cached_versions()
    after = client.get("/api/version/").json()["data_version"]
    assert after != before and "000000000000" in after


@pytest.mark.django_db
def test_wrong_method_is_a_json_405(client):
    response = client.post("/api/version/")
    assert response.status_code == 405 and response["Allow"] == "GET"
    assert "error" in response.json()
