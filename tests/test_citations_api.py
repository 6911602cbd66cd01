"""GET /api/citations/: the references of datasets as JSON, BibTeX and RIS. The BibTeX and RIS
are read back with bibtexparser and rispy; every value is checked against the data READMEs
(the citation each states, by DOI) and the raw files (checksums, short citations)."""

import csv
import hashlib
import json
import re
from pathlib import Path

import bibtexparser
import pytest
import rispy

from activity.models import GCaMPDataset

ROOT = Path(__file__).resolve().parents[1]
CONNECTOME = ROOT / "data/wormwideweb-data/connectome"
RAW_DATASETS = json.loads((CONNECTOME / "connectome_datasets.json").read_text())

pytestmark = pytest.mark.django_db


def get(client, query=""):
    return client.get(f"/api/citations/{query}")


def readme_citation(ref: dict) -> str:
    """The text of the reference's source README just before and at its DOI (or URL), whitespace folded."""
    text = " ".join(Path(ROOT / ref_source(ref)).read_text().split())
    mark = f"doi:{ref['doi']}" if ref["doi"] else ref["url"]
    assert mark in text, (ref["key"], mark)
    at = text.index(mark)
    return text[max(0, at - 500):at + len(mark)]


def ref_source(ref: dict) -> str:
    from core.references import REFERENCES

    return REFERENCES[ref["key"]].source


def test_every_reference_agrees_with_its_data_readme(client):
    answer = get(client).json()
    assert len(answer["references"]) >= 15
    for ref in answer["references"]:
        cited = readme_citation(ref)
        family = ref["authors"][0].split(",")[0]
        assert family in cited and str(ref["year"]) in cited, ref["key"]
        if ref["type"] == "article":
            assert ref["volume"] in cited and ref["pages"].split("-")[0] in cited, ref["key"]
            assert re.fullmatch(r"10\.\d{4,5}/\S+", ref["doi"]), ref["key"]
        assert ref["text"].startswith(family) and ref["title"] in ref["text"]


def test_connectome_datasets_cite_their_short_citations_and_carry_their_checksums(client):
    with (CONNECTOME / "connectome_checksum.csv").open() as f:
        checksums = {name.removesuffix(".json"): sha for name, sha in csv.reader(f)}
    answer = get(client, f"?datasets={','.join(d['id'] for d in RAW_DATASETS)}").json()
    by_key = {r["key"]: r for r in answer["references"]}
    assert [d["id"] for d in answer["datasets"]] == [d["id"] for d in RAW_DATASETS]
    for raw, served in zip(RAW_DATASETS, answer["datasets"], strict=True):
        assert served["kind"] == "connectome" and served["sha256"] == checksums[raw["id"]]
        assert served["name"] == raw["name"].replace("Cook & Jarrel ", "Cook & Jarrell ")  # spelling.py
        cited = [by_key[k] for k in served["references"]]
        for short in raw["citation"]:  # "Cook & Jarrel et al., 2019": first author Cook, 2019
            surname, year = short.split()[0].rstrip(","), int(short[-4:])
            year = 2020 if short == "Cook et al., 2021" else year  # the pharynx paper appeared in 2020
            assert any(r["authors"][0].startswith(surname + ",") and r["year"] == year for r in cited), (
                raw["id"], short)
        assert len(cited) == len(raw["citation"]) + (raw["id"] == "white_1986_whole")  # + Varshney's compilation
    assert "varshney2011" in answer["datasets"][0]["references"] and answer["datasets"][0]["id"] == "white_1986_whole"


def test_recordings_papers_atlas_and_metadata(client):
    recording = GCaMPDataset.objects.get(dataset_id="dag_nwabudike_kang_2023-2022-07-26-31")
    digest = hashlib.sha256((ROOT / "data" / recording.source_file).read_bytes()).hexdigest()
    answer = get(client, f"?datasets={recording.dataset_id},atanas_kim_2023,atlas,neuron_metadata").json()
    recording_out, paper, atlas, metadata = answer["datasets"]
    assert recording_out["sha256"] == digest and recording_out["kind"] == "recording"
    assert [r["doi"] for r in answer["references"][:3]] == [
        "10.1016/j.cell.2023.04.023", "10.1016/j.cell.2023.07.035", "10.1038/s41586-023-06683-4"]
    assert paper["references"] == ["atanas2023"] and atlas["references"] == ["randi2023"]
    assert {"wang2024", "skuhersky2022", "yemini2021", "ripollsanchez2023", "wormatlas"} <= set(metadata["references"])
    assert answer["data_version"] == client.get("/api/version/").json()["data_version"]


def test_bibtex_reads_back_with_every_field(client):
    answer = get(client).json()
    response = get(client, "?format=bibtex")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/x-bibtex")
    library = bibtexparser.parse_string(response.content.decode())
    assert not library.failed_blocks
    entries = {e.key: e for e in library.entries}
    assert list(entries) == [r["key"] for r in answer["references"]]
    for ref in answer["references"]:
        entry = entries[ref["key"]]
        fields = {f.key: f.value for f in entry.fields}
        assert entry.entry_type == ref["type"]
        authors = [a.strip() for a in fields["author"].split(" and ")]
        assert authors == ref["authors"], ref["key"]
        assert fields["title"] == "{" + ref["title"] + "}" and fields["year"] == str(ref["year"])
        if ref["type"] == "article":
            assert {"author", "title", "journal", "volume", "pages", "year", "doi"} <= set(fields), ref["key"]
            assert fields["doi"] == ref["doi"] and fields["volume"] == ref["volume"]
            assert fields["pages"] == ref["pages"].replace("-", "--") and fields["journal"] == ref["journal"]
        else:
            assert fields["url"] == ref["url"]
        readme = readme_citation(ref)
        assert fields["year"] in readme and fields.get("volume", "") in readme


def test_ris_reads_back_with_every_field(client):
    answer = get(client, "?datasets=cook_2020,white_1986_whole,atlas,neuron_metadata").json()
    response = get(client, "?datasets=cook_2020,white_1986_whole,atlas,neuron_metadata&format=ris")
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    records = rispy.loads(response.content.decode())
    assert [r["id"] for r in records] == [r["key"] for r in answer["references"]]
    for record, ref in zip(records, answer["references"], strict=True):
        assert record["authors"] == [a for a in ref["authors"] if a != "others"]
        assert record["title"] == ref["title"] and record["year"] == str(ref["year"])
        if ref["type"] == "article":
            assert record["type_of_reference"] == "JOUR"
            assert record["journal_name"] == ref["journal"] and record["volume"] == ref["volume"]
            assert record["doi"] == ref["doi"] and record["start_page"] == ref["pages"].split("-")[0]
            if "-" in ref["pages"]:
                assert record["end_page"] == ref["pages"].split("-")[1]
            assert f"doi:{record['doi']}" in readme_citation(ref)
        else:
            assert record["type_of_reference"] == "ELEC" and record["urls"] == [ref["url"]]


def test_unknown_datasets_and_formats(client):
    response = get(client, "?datasets=white_1986_whole,white_1986_whol")
    assert response.status_code == 404
    error = response.json()["error"]
    assert "'white_1986_whol'" in error and "Did you mean 'white_1986_whole'" in error
    response = get(client, "?datasets=atanas_kim_2023-2022-08-02-0")
    assert response.status_code == 404 and "atanas_kim_2023-2022-08-02-01" in response.json()["error"]
    response = get(client, "?format=endnote")
    assert response.status_code == 400 and "json, bibtex or ris" in response.json()["error"]
    assert get(client, "?datasets=,").status_code == 400
    assert client.post("/api/citations/").status_code == 405


def test_browsers_revalidate_with_the_etag(client):
    first = get(client, "?datasets=cook_2020&format=ris")
    assert first["ETag"] and "must-revalidate" in first["Cache-Control"]
    again = client.get("/api/citations/?datasets=cook_2020&format=ris", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    assert get(client, "?datasets=cook_2020&format=bibtex")["ETag"] != first["ETag"]
