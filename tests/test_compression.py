"""Large JSON answers are cached gzipped and sent gzipped to clients that accept it."""

import gzip

import pytest

pytestmark = pytest.mark.django_db
LARGE = "/connectome/api/available-neurons/?datasets=white_1986_whole"
SMALL = "/connectome/api/find-paths/?dataset=white_1986_whole&start=ASHL&end=AVAL&weighted=false"


def test_large_answer_is_gzipped_for_a_browser(client):
    plain = client.get(LARGE)
    zipped = client.get(LARGE, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip" and zipped["Vary"] == "Accept-Encoding"
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) * 4 < len(plain.content)
    assert plain.json()["neurons"]["AVAL"]["neuron_class"] == "AVA"


def test_gzip_refused_with_q_0_gives_plain_json(client):
    response = client.get(LARGE, headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in response
    assert "AVAL" in response.json()["neurons"]


def test_small_answer_is_sent_as_it_is(client):
    response = client.get(SMALL, headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in response and "Vary" not in response
    assert response.json()["paths"][0]["path"] == ["ASHL", "AVAL"]


def test_answers_over_the_cache_limit_are_sent_but_not_kept(client, monkeypatch):
    from django.core.cache import cache

    monkeypatch.setattr("core.api.CACHE_MAX_BYTES", 1000)
    cache.clear()
    assert "AVAL" in client.get(LARGE).json()["neurons"]
    client.get(SMALL)
    assert len(cache._cache) == 1  # the small answer only
