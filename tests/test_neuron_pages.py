"""The neuron page (/connectome/neuron/<name>/), its 404 with suggestions, the search target,
and the name-matching rules of connectome/names.py."""

import pytest

from connectome.names import matches

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name, kind", [("AVA", "Neuron class"), ("AVAL", "Cell"), ("VA01", "Cell"), ("HOA", "Cell")])
def test_a_page_for_a_cell_or_class(client, name, kind):
    response = client.get(f"/connectome/neuron/{name}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<span data-role="neuron-name">{name}</span>' in html and kind in html
    assert 'id="neuron-page"' in html and 'id="atlas-positions"' in html


@pytest.mark.parametrize("typed, suggested", [("AVAl", "AVAL"), ("VA1", "VA01"), ("ava", "AVA")])
def test_an_unknown_name_is_a_404_page_with_suggestions(client, typed, suggested):
    response = client.get(f"/connectome/neuron/{typed}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "There is no neuron or class named" in html
    assert f'href="/connectome/neuron/{suggested}/">{suggested}</a>' in html


def test_the_search_target_opens_the_best_match(client):
    assert client.get("/connectome/neuron/", {"q": "anterior deirid"}).url == "/connectome/neuron/ADE/"
    assert client.get("/connectome/neuron/", {"q": "VA1"}).url == "/connectome/neuron/VA01/"
    assert client.get("/connectome/neuron/", {"q": "AVAL"}).url == "/connectome/neuron/AVAL/"
    assert client.get("/connectome/neuron/", {"q": "qqqqqq"}).status_code == 404


def test_every_page_has_the_search_box(client):
    html = client.get("/").content.decode()
    assert 'id="neuron-search"' in html and 'action="/connectome/neuron/"' in html
    assert "core/js/neuron_search.js" in html


@pytest.mark.parametrize("name, expected, rule", [
    ("AVAL", ("AVAL",), "exact"), ("VA1", ("VA01",), "leading_zero"), ("avaL", ("AVAL",), "case"),
    ("MDL01", ("dBWML1",), "wormatlas_muscle"), ("DX1/2", ("DX1", "DX2"), "either"),
    ("DB1/3", ("DB01", "DB03"), "either"),
    ("EF3/4", ("EF3",), "either"), ("XYZ", (), ""),
])
def test_name_matching_rules(name, expected, rule):
    known = {"AVAL", "VA01", "dBWML1", "DX1", "DX2", "DB01", "DB03", "EF3"}
    found = matches(name, known)
    assert (found.names, found.rule) == (expected, rule)


def test_the_rename_table_comes_before_the_other_rules():
    assert matches("BWM-DL01", {"dBWML1"}, {"BWM-DL01": "dBWML1"}).rule == "renamed"
