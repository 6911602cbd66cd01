"""Neuron facts import: the published metadata in data/neuron_metadata -> NeuronFacts.

`read_metadata(data_dir, known)` reads every source and matches its names to the connectome
cells `known` (connectome/names.py: exact, rename table, case, leading zero, WormAtlas muscle
names, `A1/2` names); `write_metadata(data)` replaces the table in one transaction. Every
name of every file is either matched or listed in the report with the reason, never dropped
silently.

Sources and what each gives (README "Neuron pages"):
- cect/IndividualNeurons.csv (WormAtlas "Neuron names"): full name, lineage, description.
- cect/all_cell_info.csv (WormAtlas cell list, cect): WormAtlas cell type, and full name,
  lineage and description for the cells the first file lacks. "- To be added... -" is no
  value; nor is a lineage equal to the cell type (the file repeats the type there for cells
  without a lineage). When the classification is missing, the row's extra sixth column
  (e.g. "Body wall muscle") is the description.
- neurotransmitters_wang2024_hermaphrodite.csv, then ..._male.csv (Wang et al. 2024):
  neurotransmitter identities, split at "; ".
- c302/owmeta_cache.json (OpenWorm): receptor genes.
- cect/ripoll_sanchez_2023_neuron_information_mmc7.xlsx (Ripoll-Sánchez et al. 2023, S7):
  body segment.
- neuropal_atlas/LowResAtlasWithHighResHeadsAndTails.csv (Skuhersky et al. 2022): x, y, z in µm.
- neuropal_atlas/NeuropalCanonicalColors.csv (Yemini et al. 2021): NeuroPAL colour.

A source that names several cells at once (`DX1/2` twice, with two lineages) gives a fact to
those cells only when all its rows for them agree; otherwise the fact is reported as
ambiguous and left out. The first source above that gives a fact wins.
"""

import ast
import csv
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from connectome.importer import read_renames
from connectome.names import by_lowercase, matches
from core.datafiles import sha256_files
from core.importing import DataImportError, delete_all, forget_cached_versions
from core.models import ImportedData

from .models import NeuronFacts

SOURCE = "neurons"
PLACEHOLDER = "- To be added... -"
FACTS = [
    "full_name", "description", "wormatlas_type", "lineage", "transmitters", "transmitter_table",
    "receptors", "body_segment", "x_um", "y_um", "z_um", "neuropal_rgb",
]
FILES = {
    "individual_neurons": "cect/IndividualNeurons.csv",
    "all_cell_info": "cect/all_cell_info.csv",
    "wang_hermaphrodite": "neurotransmitters_wang2024_hermaphrodite.csv",
    "wang_male": "neurotransmitters_wang2024_male.csv",
    "owmeta": "c302/owmeta_cache.json",
    "ripoll_sanchez": "cect/ripoll_sanchez_2023_neuron_information_mmc7.xlsx",
    "positions": "neuropal_atlas/LowResAtlasWithHighResHeadsAndTails.csv",
    "colours": "neuropal_atlas/NeuropalCanonicalColors.csv",
}


@dataclass
class FileReport:
    """How the names of one file matched: counts per rule, and every name that matched nothing."""

    path: str
    names: int = 0  # rows with a name
    rules: dict = field(default_factory=lambda: defaultdict(int))  # rule -> rows matched by it
    unmatched: list = field(default_factory=list)  # (line, name), in file order
    partial: list = field(default_factory=list)  # (line, name, cells): an `A1/2` name of which one cell exists


@dataclass
class MetadataData:
    facts: dict  # connectome name -> {fact: value}
    files: list[FileReport]
    ambiguous: list[str]  # facts left out because one source gave a cell two values
    sha256: str
    missing: str = ""  # why nothing was read: the data folder has no neuron_metadata/


def metadata_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "neuron_metadata"


def input_files(data_dir: Path) -> list[Path]:
    root = metadata_dir(data_dir)
    return [root / f for f in FILES.values()]


def inputs_sha256(data_dir: Path) -> str:
    """The hash of the metadata inputs (and the rename table they are matched with)."""
    rename_table = Path(data_dir) / "wormwideweb-data/config/connectome_neurons_replacement.csv"
    paths = [p for p in [*input_files(data_dir), rename_table] if p.is_file()]
    return sha256_files(paths, Path(data_dir))


def read_metadata(data_dir: Path, known: set[str], progress=lambda message: None) -> MetadataData:
    """Read every metadata file and match its names to the connectome cells `known`.

    A data folder without neuron_metadata/ (a test fixture, say) gives no facts and says so
    in `missing`; a missing or malformed file inside it is a DataImportError.
    """
    root = metadata_dir(data_dir)
    if not root.is_dir():
        return MetadataData({}, [], [], inputs_sha256(data_dir), missing=f"{root} does not exist")
    for path in input_files(data_dir):
        if not path.is_file():
            raise DataImportError(f"{path}: file not found")
    renames = read_renames(data_dir)
    lowercase = by_lowercase(known)
    claims: dict[tuple[str, str], dict] = {}  # (cell, fact) -> {source: set of values}
    reports = []
    for key, relative in FILES.items():
        path = root / relative
        report = FileReport(relative)
        for line, name, facts in READERS[key](path):
            report.names += 1
            match = matches(name, known, renames, lowercase)
            if not match.names:
                report.unmatched.append((line, name))
                continue
            report.rules[match.rule] += 1
            if match.rule == "either" and len(match.names) == 1:
                report.partial.append((line, name, match.names))
            for cell in match.names:
                for fact, value in facts.items():
                    if value is not None:
                        claims.setdefault((cell, fact), {}).setdefault(key, set()).add(_frozen(value))
        reports.append(report)
        rules = ", ".join(f"{n} {rule}" for rule, n in sorted(report.rules.items()))
        progress(f"{relative}: {report.names} names, {len(report.unmatched)} unmatched; matched: {rules}")
    facts: dict[str, dict] = defaultdict(dict)
    ambiguous = []
    for (cell, fact), by_source in sorted(claims.items()):
        for source in FILES:  # the first source that gives the fact wins
            if source not in by_source:
                continue
            values = by_source[source]
            if len(values) == 1:
                facts[cell][fact] = _thawed(next(iter(values)))
            else:
                ambiguous.append(f"{cell} {fact}: {FILES[source]} gives {' or '.join(sorted(map(str, values)))}")
            break
    return MetadataData(dict(facts), reports, ambiguous, inputs_sha256(data_dir))


def _frozen(value):
    return tuple(value) if isinstance(value, list) else value


def _thawed(value):
    return list(value) if isinstance(value, tuple) else value


def _text(value) -> str | None:
    """A cell's text, or None when empty or a placeholder."""
    text = (value or "").strip()
    return None if not text or text == PLACEHOLDER else text


def _read_individual_neurons(path: Path):
    with open(path, encoding="utf-8") as f:
        for line, text in enumerate(f, 1):
            if text.startswith("#") or not text.strip():
                continue
            parts = [p.strip() for p in text.split(";")]
            if len(parts) != 4:
                raise DataImportError(f"{path}, line {line}: expected 4 ';'-separated fields, found {len(parts)}")
            name, full_name, lineage, description = parts
            facts = {"full_name": full_name, "lineage": lineage, "description": description}
            yield line, name, {k: _text(v) for k, v in facts.items()}


def _read_all_cell_info(path: Path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = ["Cell name", "Type", "Name details", "Lineage", "Classification"]
    if rows[:1] != [header]:
        raise DataImportError(f"{path}: expected the header {','.join(header)}")
    for line, row in enumerate(rows[1:], 2):
        if len(row) not in (5, 6):
            raise DataImportError(f"{path}, line {line}: expected 5 or 6 fields, found {len(row)}")
        name, cell_type, full_name, lineage, classification = (_text(v) for v in row[:5])
        description = classification or (_text(row[5]) if len(row) == 6 else None)
        yield line, name, {
            "wormatlas_type": cell_type,
            "full_name": full_name,
            "lineage": lineage if lineage != cell_type else None,
            "description": description,
        }


def _wang_reader(table: str):
    def read(path: Path):
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            if reader.fieldnames != ["neuron", "neuron_class", "neurotransmitters"]:
                raise DataImportError(f"{path}: expected the columns neuron, neuron_class, neurotransmitters")
            for line, row in enumerate(reader, 2):
                identities = [t.strip() for t in (row["neurotransmitters"] or "").split(";") if t.strip()]
                yield line, row["neuron"].strip(), {
                    "transmitters": identities or None,
                    "transmitter_table": table if identities else None,
                }

    return read


def _read_owmeta(path: Path):
    with open(path, encoding="utf-8") as f:
        try:
            info = json.load(f)["neuron_info"]
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise DataImportError(f"{path}: expected JSON with a 'neuron_info' object ({e})") from e
    for i, (name, record) in enumerate(info.items(), 1):
        if not isinstance(record, list) or len(record) < 3 or not isinstance(record[2], list):
            raise DataImportError(f"{path}, neuron_info #{i} ({name}): expected [uri, types, receptors, ...]")
        yield i, name, {"receptors": sorted({str(r) for r in record[2]})}


def _read_ripoll_sanchez(path: Path):
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(workbook["Neuron information"].iter_rows(values_only=True))
    except KeyError:
        raise DataImportError(f"{path}: no sheet 'Neuron information'") from None
    finally:
        workbook.close()
    if not rows or rows[0][0] != "Neuron" or not str(rows[0][3] or "").startswith("Segment"):
        raise DataImportError(f"{path}: expected the columns Neuron, ..., Segment on the first row")
    for line, row in enumerate(rows[2:], 3):  # two header rows
        if row[0]:
            yield line, str(row[0]).strip(), {"body_segment": _text(str(row[3] or ""))}


def _read_positions(path: Path):
    with open(path, newline="", encoding="utf-8") as f:
        for line, row in enumerate(csv.reader(f), 1):
            try:
                x, y, z = (float(v) for v in row[1:])
            except ValueError:
                raise DataImportError(f"{path}, line {line}: expected name, x, y, z in µm") from None
            if not all(math.isfinite(v) for v in (x, y, z)):
                raise DataImportError(f"{path}, line {line}: a coordinate is not a finite number")
            yield line, row[0].strip(), {"x_um": x, "y_um": y, "z_um": z}


def _read_colours(path: Path):
    with open(path, newline="", encoding="utf-8") as f:
        for line, row in enumerate(csv.reader(f), 1):
            try:
                rgb = [float(v) for v in ast.literal_eval(row[1])]
            except (IndexError, ValueError, SyntaxError):
                raise DataImportError(f"{path}, line {line}: expected 'name',\"[r, g, b]\"") from None
            if len(rgb) != 3 or not all(0 <= v <= 1 for v in rgb):
                raise DataImportError(f"{path}, line {line}: a colour needs three values in 0-1")
            yield line, row[0].strip().strip("'"), {"neuropal_rgb": [round(v, 4) for v in rgb]}


READERS = {
    "individual_neurons": _read_individual_neurons,
    "all_cell_info": _read_all_cell_info,
    "wang_hermaphrodite": _wang_reader("hermaphrodite"),
    "wang_male": _wang_reader("male"),
    "owmeta": _read_owmeta,
    "ripoll_sanchez": _read_ripoll_sanchez,
    "positions": _read_positions,
    "colours": _read_colours,
}


@transaction.atomic
def write_metadata(data: MetadataData) -> int:
    """Replace the NeuronFacts table; return its row count."""
    delete_all([NeuronFacts])
    NeuronFacts.objects.bulk_create(
        NeuronFacts(name=name, **{f: facts.get(f) for f in FACTS}) for name, facts in sorted(data.facts.items())
    )
    ImportedData.objects.update_or_create(source=SOURCE, defaults={"sha256": data.sha256})
    transaction.on_commit(forget_cached_versions)
    return len(data.facts)
