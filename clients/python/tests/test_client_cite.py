"""Client.cite(): the references of what was fetched, from the server's /api/citations/, as
BibTeX, RIS or text, read back with bibtexparser and rispy and compared with the API's JSON and
the datasets' own short citations (connectome_datasets.json)."""

import json
from pathlib import Path

import bibtexparser
import pytest
import requests
import rispy
from wormwideweb_client import Client
from wormwideweb_client.errors import WormWideWebError

ROOT = Path(__file__).resolve().parents[3]
RAW = ROOT / "data/wormwideweb-data/connectome/connectome_datasets.json"
DATASETS = {d["id"]: d for d in json.loads(RAW.read_text())}
RECORDING = "dag_nwabudike_kang_2023-2022-07-26-31"


def keys(bibtex: str) -> list[str]:
    library = bibtexparser.parse_string(bibtex)
    assert not library.failed_blocks
    return [e.key for e in library.entries]


def first_authors_and_years(bibtex: str) -> list[tuple[str, str]]:
    return [(e.fields_dict["author"].value.split(",")[0], e.fields_dict["year"].value)
            for e in bibtexparser.parse_string(bibtex).entries]


def api_keys(live_url: str, ids: list[str]) -> list[str]:
    answer = requests.get(f"{live_url}/api/citations/", params={"datasets": ",".join(ids)}, timeout=30).json()
    return [r["key"] for r in answer["references"]]


def test_cite_gives_the_references_of_what_was_fetched(ww, live_url):
    assert ww.cite() == ""
    ww.edges("white_1986_whole", classes=["AVA"])
    cited = ww.cite()
    assert keys(cited) == api_keys(live_url, ["white_1986_whole"])
    # the dataset's short citations ("Witvliet et al., 2021", ...), then Varshney's compilation
    shorts = [(c.split()[0].rstrip(","), c[-4:]) for c in DATASETS["white_1986_whole"]["citation"]]
    assert first_authors_and_years(cited) == [*shorts, ("Varshney", "2011")]
    ww.traces(RECORDING, ["AVAL"])
    assert first_authors_and_years(ww.cite())[-1] == ("Dag", "2023")


def test_cite_of_frames_graphs_replays_and_ids(ww, live_url):
    edges = ww.edges("cook_2020", classes=["I1"])
    ww.traces("atanas_kim_2023-2022-08-02-01", [1])
    assert first_authors_and_years(ww.cite(edges)) == [("Cook", "2020")]  # "Cook et al., 2021" in the data
    graph = ww.graph("cook_jarrell_2019_m", neurons=["DVB"])
    assert first_authors_and_years(ww.cite(graph)) == [("Cook", "2019"), ("Sulston", "1980")]
    replay = ww.replay(RECORDING, "witvliet_2020_8")
    assert keys(ww.cite(replay)) == api_keys(live_url, [RECORDING, "witvliet_2020_8"])
    assert first_authors_and_years(ww.cite(replay)) == [("Dag", "2023"), ("Witvliet", "2021")]
    both = ww.cite("atanas_kim_2023-2022-08-02-01", "white_1986_jsh", "atlas")
    assert [a for a, _ in first_authors_and_years(both)] == ["Atanas", "Witvliet", "White", "Randi"]
    with pytest.raises(WormWideWebError, match="white_1986_jsh"):
        ww.cite("white_1986_jsx")
    with pytest.raises(TypeError):
        ww.cite(3.5)
    with pytest.raises(ValueError):
        ww.cite("cook_2020", format="endnote")


def test_cite_as_ris_and_text(ww, live_url):
    answer = requests.get(f"{live_url}/api/citations/", params={"datasets": "cook_jarrell_2019_h"}, timeout=30).json()
    records = rispy.loads(ww.cite("cook_jarrell_2019_h", format="ris"))
    assert [(r["id"], r["doi"], r["year"]) for r in records] == [
        (r["key"], r["doi"], str(r["year"])) for r in answer["references"]]
    text = ww.cite("cook_jarrell_2019_h", format="text")
    assert text == "\n\n".join(r["text"] for r in answer["references"]) + "\n"
    assert "doi:10.1038/s41586-019-1352-7" in text  # Cook, Jarrell et al. 2019, as data/wormwideweb-data/README.md


def test_a_client_that_fetched_nothing_cites_nothing(live_url):
    assert Client(live_url).cite() == ""
