"""/is_healthy/ and /robots.txt."""

import pytest
from django.db import DatabaseError

from connectome.models import Dataset


@pytest.mark.django_db
def test_healthy_with_imported_data(client):
    response = client.get("/is_healthy/")
    assert response.status_code == 200
    assert response.content == b"OK"


@pytest.mark.django_db
def test_unhealthy_without_data(client):
    Dataset.objects.all().delete()
    response = client.get("/is_healthy/")
    assert response.status_code == 500
    assert response.content == b"ERROR"


@pytest.mark.django_db
def test_unhealthy_when_database_fails(client, monkeypatch):
    def broken(self):
        raise DatabaseError("disk I/O error")

    monkeypatch.setattr("django.db.models.query.QuerySet.exists", broken)
    response = client.get("/is_healthy/")
    assert (response.status_code, response.content) == (500, b"ERROR")


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *\nDisallow: /\n" in text
    for bot in ("Googlebot", "Bingbot"):
        assert f"User-agent: {bot}\nAllow: /\nDisallow: /*/api/\n" in text


def test_robots_txt_is_get_only(client):
    assert client.post("/robots.txt").status_code == 405


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Back to the home page" in response.content


def test_unknown_api_url_is_a_json_404(client):
    response = client.get("/connectome/api/no-such-endpoint/")
    assert response.status_code == 404
    assert "error" in response.json()

