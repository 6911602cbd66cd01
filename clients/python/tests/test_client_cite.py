"""Client.cite(): BibTeX of what was fetched, and the client's references in step with the
server's sources (the datasets' short citations, connectome/citations.py, the data READMEs)."""

import json
import re
from pathlib import Path

import pytest
from wormwideweb_client import Client
from wormwideweb_client.citations import BIBTEX, CITES

from connectome.citations import REFERENCES, VARSHNEY_2011
from connectome.spelling import corrected

ROOT = Path(__file__).resolve().parents[3]
DATASETS = json.loads((ROOT / "data/wormwideweb-data/connectome/connectome_datasets.json").read_text())
RECORDING = "dag_nwabudike_kang_2023-2022-07-26-31"


def entries(bibtex: str) -> list[str]:
    return re.findall(r"^@\w+\{(\w+),", bibtex, flags=re.M)


def field(entry: str, name: str) -> str:
    return re.search(rf"^\s+{name} = \{{(.*?)\}},?$", entry, flags=re.M | re.S).group(1)


def surname_and_year(full_reference: str) -> tuple[str, str]:
    """("Cook", "2020") of "Cook SJ, Crouse CM, ... (2020). The connectome of ..."."""
    return full_reference.split()[0], re.search(r"\((\d{4})\)", full_reference).group(1)


def test_cite_gives_the_references_of_what_was_fetched(ww):
    assert ww.cite() == ""
    ww.edges("white_1986_whole", classes=["AVA"])
    assert entries(ww.cite()) == ["white1986", "varshney2011", "witvliet2021", "albertson1976"]
    ww.traces(RECORDING, ["AVAL"])
    assert entries(ww.cite())[-1] == "dag2023"


def test_cite_of_frames_graphs_replays_and_ids(ww):
    edges = ww.edges("cook_2020", classes=["I1"])
    ww.traces("atanas_kim_2023-2022-08-02-01", [1])
    assert entries(ww.cite(edges)) == ["cook2020"]
    assert entries(ww.cite(ww.graph("cook_jarrell_2019_m", neurons=["DVB"]))) == ["cook2019", "sulston1980"]
    replay = ww.replay(RECORDING, "witvliet_2020_8")
    assert entries(ww.cite(replay)) == ["dag2023", "witvliet2021"]
    assert entries(ww.cite("atanas_kim_2023-2022-08-02-01", "white_1986_jsh")) == ["atanas2023", "white1986",
                                                                                   "witvliet2021"]
    assert ww.cite("mystery_2030").startswith("% No reference known to this client for 'mystery_2030'")
    with pytest.raises(TypeError):
        ww.cite(3.5)


def test_every_entry_is_well_formed_bibtex():
    for key, entry in BIBTEX.items():
        assert entries(entry) == [key]
        assert entry.count("{") == entry.count("}"), key
        for name in ("author", "title", "journal", "volume", "pages", "year", "doi"):
            assert field(entry, name), (key, name)
        assert re.fullmatch(r"10\.\d{4,5}/\S+", field(entry, "doi")), key


def test_every_connectome_dataset_cites_its_short_citations():
    """Each short citation of connectome_datasets.json, by its full reference in
    connectome/citations.py: the client cites an entry with the same first author and year."""
    for dataset in DATASETS:
        cited = [BIBTEX[key] for key in CITES[dataset["id"]]]
        for short in dataset["citation"]:
            surname, year = surname_and_year(REFERENCES[corrected(short)])
            assert any(field(e, "author").startswith(surname + ",") and field(e, "year") == year for e in cited), (
                dataset["id"], short)
    assert surname_and_year(VARSHNEY_2011) == ("Varshney", "2011")
    assert "varshney2011" in CITES["white_1986_whole"]  # the compilation named in its description


def test_every_served_paper_has_its_references(ww):
    papers = set(ww.recordings().paper_id)
    assert papers == {"dag_nwabudike_kang_2023", "atanas_kim_2023"}
    readme = (ROOT / "data/README.md").read_text()
    for paper in papers:
        entry = BIBTEX[CITES[paper][0]]
        assert f"doi:{field(entry, 'doi')}" in readme, paper


def test_a_client_that_fetched_nothing_cites_nothing(live_url):
    assert Client(live_url).cite() == ""
