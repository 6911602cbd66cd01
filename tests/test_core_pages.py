"""The home and about pages, as the server renders them."""

import re

import pytest

from connectome.models import Dataset
from core.references import full_reference

pytestmark = pytest.mark.django_db


def test_home_links_the_connectome_pages(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Browse {Dataset.objects.count()} published wiring diagrams" in html
    for url in ("/connectome/", "/connectome/explore/", "/connectome/path/", "/connectome/development/",
                "/connectome/compare/", "/activity/", "/activity/encoding/", "/activity/find-neuron/"):
        assert f'href="{url}"' in html
    assert "oming soon" not in html


def test_about_cites_every_dataset_with_its_checksum(client):
    html = client.get("/about/").content.decode()
    for dataset in Dataset.objects.all():
        row = re.search(rf'<tr data-dataset="{dataset.dataset_id}">(.*?)</tr>', html, re.S).group(1)
        assert dataset.dataset_sha256 in row
        for short in dataset.citation:
            assert f">{short.replace('&', '&amp;')}</a>" in row
            assert full_reference(short) != short, f"no full reference for {short!r}"
            assert full_reference(short) in html


def test_every_page_has_a_title_and_the_navigation(client):
    for url in ("/", "/about/", "/about/datasets/", "/connectome/", "/connectome/explore/", "/connectome/path/",
                "/connectome/development/", "/connectome/compare/", "/activity/", "/activity/encoding/",
                "/no/such/page/"):
        html = client.get(url).content.decode()
        assert re.search(r"<title>[^<]+· WormWideWeb|<title>WormWideWeb ·", html), url
        assert 'aria-label="Main"' in html and "Neural Activity" in html and "coming soon" not in html, url
        for page in ("/activity/find-neuron/", "/activity/dataset/", "/activity/aligned/", "/activity/replay/",
                     "/activity/encoding/table/",
                     "/activity/encoding/connectome/"):
            assert f'href="{page}"' in html, (url, page)
        assert 'rel="icon"' in html, url


def test_about_lists_the_activity_papers(client):
    from activity.models import GCaMPPaper

    GCaMPPaper.objects.create(paper_id="test_2025", title_full="A test paper", title_short="Test et al., 2025",
                              repository_url="https://zenodo.org/records/1")
    html = client.get("/about/").content.decode()
    assert "<strong>Test et al., 2025</strong>: A test paper." in html
    assert "0 recordings served" in html and 'href="https://zenodo.org/records/1"' in html
