"""GET /api/citations/: the references behind datasets, as JSON, BibTeX or RIS.

`cited(ids)` resolves connectome dataset ids, recording ids, paper ids, `atlas` and
`neuron_metadata` to what they are (name, sha256 of the imported file) and their references in
core/references.py; the Cite control of every page and the Python client's cite() ask here, and
page scripts put the datasets' sha256 and the data version in their CSV provenance lines.
"""

import difflib
import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from ninja import Field, Query, Router

from activity.models import GCaMPDataset, GCaMPPaper
from connectome.models import Dataset

from . import references as refs
from .api import ERRORS, ApiError, Out, _cache_headers, declared, etag, not_modified
from .cache import data_version
from .models import ImportedData

router = Router(tags=["citations"])

OTHER = {"atlas": ("Signal propagation atlas (Randi et al. 2023)", "atlas"),
         "extrasynaptic": ("Extrasynaptic networks (Ripoll-Sánchez et al. 2023, Bentley et al. 2016)", "extrasynaptic"),
         "neuron_metadata": ("Neuron facts: names, lineage, transmitters, positions", "neurons")}
FORMATS = {"json": "application/json", "bibtex": "application/x-bibtex; charset=utf-8",
           "ris": "application/x-research-info-systems; charset=utf-8"}
SUFFIX = {"bibtex": "bib", "ris": "ris"}


def _everything() -> list[str]:
    """What the about page cites: every connectome dataset and paper, the atlas, the neuron facts."""
    return [*Dataset.objects.order_by("order").values_list("dataset_id", flat=True),
            *GCaMPPaper.objects.filter(paper_id__in=refs.SOURCES).order_by("order").values_list("paper_id", flat=True),
            *OTHER]


def cited(ids: list[str] | None) -> dict:
    """{"datasets": [...], "references": [...], "data_version": ...} for the ids (everything when None).

    Raises ApiError(404) naming the first unknown id, with the closest known ones."""
    ids = list(dict.fromkeys(ids if ids is not None else _everything()))
    connectome = {d.dataset_id: d for d in Dataset.objects.filter(dataset_id__in=ids)}
    recordings = {r.dataset_id: r for r in GCaMPDataset.objects.filter(dataset_id__in=ids).select_related("paper")}
    papers = {p.paper_id: p for p in GCaMPPaper.objects.filter(paper_id__in=ids)}
    hashes = dict(ImportedData.objects.values_list("source", "sha256"))
    datasets = []
    for name in ids:
        if name in connectome:
            d = connectome[name]
            datasets.append({"id": name, "kind": "connectome", "name": d.name, "sha256": d.dataset_sha256,
                             "references": refs.connectome_keys(name, d.citation)})
        elif name in recordings:
            r = recordings[name]
            datasets.append({"id": name, "kind": "recording", "name": f"{r.paper.title_short}, {r.dataset_name}",
                             "sha256": r.dataset_sha256, "references": refs.SOURCES.get(r.paper.paper_id, [])})
        elif name in papers and name in refs.SOURCES:
            datasets.append({"id": name, "kind": "paper", "name": papers[name].title_short,
                             "sha256": hashes.get("activity", ""), "references": refs.SOURCES[name]})
        elif name in OTHER and OTHER[name][1] in hashes:
            datasets.append({"id": name, "kind": name, "name": OTHER[name][0], "sha256": hashes[OTHER[name][1]],
                             "references": refs.SOURCES[name]})
        else:
            raise ApiError(_unknown(name), 404)
    keys = dict.fromkeys(key for d in datasets for key in d["references"])
    return {"datasets": datasets, "references": [_reference_json(refs.REFERENCES[k]) for k in keys],
            "data_version": data_version()}


def _unknown(name: str) -> str:
    known = [*Dataset.objects.values_list("dataset_id", flat=True),
             *GCaMPDataset.objects.values_list("dataset_id", flat=True),
             *GCaMPPaper.objects.filter(paper_id__in=refs.SOURCES).values_list("paper_id", flat=True), *OTHER]
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return (f"Unknown dataset {name!r}: give connectome dataset ids, recording ids, paper ids, "
            f"'atlas', 'extrasynaptic' or 'neuron_metadata'.{hint}")


def _reference_json(ref: refs.Reference) -> dict:
    return {"key": ref.key, "type": ref.type, "authors": [f"{f}, {i}" if i else f for f, i in ref.authors],
            "title": ref.title, "journal": ref.journal, "volume": ref.volume, "pages": ref.pages,
            "year": ref.year, "doi": ref.doi, "url": ref.url, "note": ref.note, "text": ref.text}


class CitedDataset(Out):
    id: str = Field(description="The id asked for.", examples=["white_1986_whole"])
    kind: str = Field(description="connectome, recording, paper, atlas, extrasynaptic or neuron_metadata.")
    name: str = Field(description="Its name as the pages show it.")
    sha256: str = Field(description="sha256 of the imported file (connectome dataset, recording), or of the "
                                    "imported source (paper, atlas, neuron_metadata).")
    references: list[str] = Field(description="Keys of its references, in the order to cite them.")


class ReferenceOut(Out):
    key: str = Field(description="BibTeX key and RIS ID.", examples=["white1986"])
    type: str = Field(description="article, or misc (a website).")
    authors: list[str] = Field(description="'Family, Initials'; a final 'others' stands for et al.")
    title: str
    journal: str
    volume: str
    pages: str = Field(description="first-last, or an article number.")
    year: int
    doi: str = Field(description="DOI without the https://doi.org/ prefix ('' for a website).")
    url: str
    note: str
    text: str = Field(description="The reference as one line of text.")


class CitationsOut(Out):
    datasets: list[CitedDataset]
    references: list[ReferenceOut] = Field(description="Each reference once, in the order first cited.")
    data_version: str = Field(description="Hash of the imported data (as GET /api/version/).")


@router.get("/citations/", response={200: CitationsOut, **ERRORS}, url_name="api-citations",
            summary="References of datasets (JSON, BibTeX, RIS)",
            openapi_extra={"responses": {200: {"description": "The datasets and their references.", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/CitationsOut"}},
                "application/x-bibtex": {"schema": {"type": "string"}},
                "application/x-research-info-systems": {"schema": {"type": "string"}}}}}})
def citations(
    request,
    datasets: str | None = declared(Query(None, description="Comma-separated connectome dataset ids, recording ids, "
                                                   "paper ids, 'atlas', 'extrasynaptic', 'neuron_metadata'. Default: "
                                                   "every connectome dataset and paper, the atlas, the extrasynaptic "
                                                   "networks and the neuron facts.",
                                 example="white_1986_whole,atlas"),
                                    minLength=1, pattern=r"[^,\s]"),  # not blank: the view says so with a 400
    # The enum documents; the view checks, with its own message.
    format: str = declared(Query("json", description="json, bibtex or ris.", example="bibtex"), enum=list(FORMATS)),
):
    """The datasets asked for (name, sha256, reference keys) and their references (authors,
    title, journal, volume, pages, year, DOI), each once; `format=bibtex` or `format=ris` gives
    the references alone as a .bib or .ris file."""
    if format not in FORMATS:
        raise ApiError(f"Unknown format {format!r}: give json, bibtex or ris.")
    tag = etag(json.dumps(["citations", datasets, format]))
    max_age = min(3600, settings.BROWSER_CACHE_SECONDS)
    if not_modified(request, tag):
        response = HttpResponse(status=304)
        _cache_headers(response, tag, max_age)
        return response
    ids = None
    if datasets is not None:
        ids = [name.strip() for name in datasets.split(",") if name.strip()]
        if not ids:
            raise ApiError("No dataset given: list dataset ids separated by commas, or leave datasets out.")
    answer = cited(ids)
    if format == "json":
        response = JsonResponse(answer)
    else:
        render = refs.bibtex if format == "bibtex" else refs.ris
        body = "\n".join(render(refs.REFERENCES[r["key"]]) for r in answer["references"])
        response = HttpResponse(body, content_type=FORMATS[format])
        response["Content-Disposition"] = f'inline; filename="wormwideweb-citations.{SUFFIX[format]}"'
    _cache_headers(response, tag, max_age)
    return response
