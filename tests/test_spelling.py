"""Names the published data spells wrong are shown right (connectome/spelling.py): the file stays
as published, the database, API answers, pages and citations carry the corrected name."""

import json
import re

import pytest

from connectome.models import Dataset
from connectome.spelling import CORRECTIONS, corrected
from core.references import SHORT
from tests.live_server import ROOT

PUBLISHED = json.loads((ROOT / "data/wormwideweb-data/connectome/connectome_datasets.json").read_text())
MISSPELT = re.compile(r"Jarrel(?!l)")


def right(text: str) -> str:
    """The published text with the one known misspelling fixed, independently of spelling.py."""
    return text.replace("Cook & Jarrel ", "Cook & Jarrell ")


def test_the_published_file_is_left_as_published():
    names = [d["name"] for d in PUBLISHED if d["id"].startswith("cook_jarrell_2019")]
    assert names == ["Cook & Jarrel et al., 2019 (adult hermaphrodite)", "Cook & Jarrel et al., 2019 (adult male)"]
    assert CORRECTIONS == {"Cook & Jarrel": "Cook & Jarrell"}


@pytest.mark.parametrize("text, expected", [
    ("Cook & Jarrel et al., 2019", "Cook & Jarrell et al., 2019"),
    ("Cook & Jarrell et al., 2019", "Cook & Jarrell et al., 2019"),  # already right: unchanged
    ("Cook & Jarrels", "Cook & Jarrels"),  # whole words only
    ("White et al., 1986", "White et al., 1986"),
])
def test_corrected(text, expected):
    assert corrected(text) == expected


@pytest.mark.django_db
def test_the_database_holds_the_corrected_names_and_citations():
    stored = {d.dataset_id: d for d in Dataset.objects.all()}
    assert set(stored) == {d["id"] for d in PUBLISHED} | {"yim_2024_dauer"}  # the dauer comes from its own sheet
    for meta in PUBLISHED:
        d = stored[meta["id"]]
        assert (d.name, d.description, d.citation) == (
            right(meta["name"]), right(meta["description"]), [right(c) for c in meta["citation"]]
        )
        assert all(c in SHORT for c in d.citation), d.citation  # every citation has its full reference
    assert stored["cook_jarrell_2019_m"].name == "Cook & Jarrell et al., 2019 (adult male)"


@pytest.mark.django_db
@pytest.mark.parametrize("url", [
    "/", "/about/", "/about/datasets/", "/connectome/explore/", "/connectome/path/", "/connectome/compare/",
    "/connectome/development/", "/activity/replay/", "/activity/encoding/connectome/",
    "/connectome/neuron/AVA/", "/connectome/api/neuron/AVA/",
    "/activity/explore/dag_nwabudike_kang_2023-2022-07-26-31/",
    "/api/citations/?datasets=cook_jarrell_2019_h,cook_jarrell_2019_m",
])
def test_pages_and_answers_spell_the_name_right(client, url):
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert not MISSPELT.findall(text), url
    if url in ("/about/", "/connectome/explore/", "/connectome/api/neuron/AVA/") or url.startswith("/api/citations/"):
        assert re.search(r"Cook (&|&amp;|\\u0026) Jarrell", text), url
