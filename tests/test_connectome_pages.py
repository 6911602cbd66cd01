"""The connectome pages as the server renders them: data handed over with json_script, and
only our own static files (Plotly only where something is plotted)."""

import json
import re

import pytest

from connectome.models import Dataset

pytestmark = pytest.mark.django_db

PAGES = [
    "/connectome/",
    "/connectome/explore/",
    "/connectome/path/",
    "/connectome/development/",
    "/connectome/compare/",
]
TOOLS = PAGES[1:]


def script_data(html: str, element_id: str):
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


@pytest.mark.parametrize("url", TOOLS)
def test_pages_hand_the_datasets_to_their_script(client, url):
    html = client.get(url).content.decode()
    datasets = script_data(html, "connectome-datasets")
    assert [d["id"] for d in datasets] == list(Dataset.objects.order_by("order").values_list("dataset_id", flat=True))
    white = next(d for d in datasets if d["id"] == "white_1986_whole")
    assert white["group"] == "Complete" and white["has_gap_junctions"] is True
    assert white["citation"] == ["Witvliet et al., 2021", "White et al., 1986", "Albertson & Thomson, 1976"]
    jsh = next(d for d in datasets if d["id"] == "white_1986_jsh")
    assert "<i>" not in jsh["description"]  # plain text: scripts put it in the page as text
    modules = re.findall(r'<script type="module" src="([^"]+)"', html)  # the page's, and the Cite control's
    assert f"/static/connectome/js/{url.strip('/').split('/')[-1]}.js" in modules


def test_development_stages(client):
    html = client.get("/connectome/development/").content.decode()
    stages = script_data(html, "development-stages")
    assert [s["label"] for s in stages] == ["L1 0 h", "L1 5 h", "L1 8 h", "L1 16 h", "L2 23 h", "L3 27 h", "Adult 50 h"]
    assert [s["datasets"] for s in stages] == [[f"witvliet_2020_{i}"] for i in range(1, 7)] + [
        ["witvliet_2020_7", "witvliet_2020_8"]
    ]


@pytest.mark.parametrize("url", ["/", "/about/", *PAGES])
def test_pages_load_only_our_own_files(client, url):
    html = client.get(url).content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    assert ("plotly" in html) == (url == "/connectome/development/")


def test_unknown_page_is_404_with_the_site_around_it(client):
    response = client.get("/connectome/nowhere/")
    assert response.status_code == 404
    assert b"Page not found" in response.content and b"WormWideWeb" in response.content
