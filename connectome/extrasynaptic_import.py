"""Extrasynaptic import (build time): the Ripoll-Sánchez 2023 matrices and the Bentley 2016 lists
-> ExtrasynapticEdge.

`read_extrasynaptic(data_dir, known)` reads and checks every file of every model
(extrasynaptic_sources.MODELS), matches each name to the connectome's (connectome/names.py:
`DA1 -> DA01`, the rename table) and reports the names that match no cell;
`write_extrasynaptic(data)` replaces the table in one transaction.

A matrix file has a header row `Row,<302 names>` and one row per releasing neuron, in the same
order; entry (i, j) is the number of pathways from neuron i to neuron j. A list file has a
`#source neuron, target neuron, transmitter, receptor[, receptor gene]` header and one row per
pair and pathway; a pathway named twice (after renaming) counts once.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction

from core.datafiles import sha256_files
from core.importing import DataImportError, delete_all, forget_cached_versions
from core.models import ImportedData

from .extrasynaptic_sources import MODELS, MONOAMINE, NEUROPEPTIDE
from .importer import read_renames
from .models import ExtrasynapticEdge
from .names import by_lowercase, matches

SOURCE = "extrasynaptic"
MONOAMINES = {"dopamine", "serotonin", "tyramine", "octopamine"}  # the Bentley ligands that are no peptide


@dataclass
class ModelEdges:
    model: str
    rows: list[tuple[str, str, str, str, str, int]]  # (kind, pre, post, ligand, receptor, pathways)
    unmatched: dict[str, int] = field(default_factory=dict)  # name as written -> entries dropped
    renamed: dict[str, str] = field(default_factory=dict)  # name as written -> connectome name, when not exact


@dataclass
class ExtrasynapticData:
    models: list[ModelEdges]
    sha256: str


def input_paths(data_dir: Path) -> list[Path]:
    return [Path(data_dir) / f for m in MODELS.values() for f in m["files"]]


def inputs_sha256(data_dir: Path) -> str:
    rename_table = Path(data_dir) / "wormwideweb-data/config/connectome_neurons_replacement.csv"
    paths = [p for p in (*input_paths(data_dir), rename_table) if p.is_file()]
    return sha256_files(paths, Path(data_dir))


def read_extrasynaptic(data_dir: Path, known: set[str], progress=lambda message: None) -> ExtrasynapticData:
    """Read every model's files; DataImportError naming the file and row on a problem.

    A data folder holding none of the files (a test fixture) gives no edges; one holding some
    but not all is an error."""
    data_dir = Path(data_dir)
    present = [p.is_file() for p in input_paths(data_dir)]
    if not any(present):
        return ExtrasynapticData([], inputs_sha256(data_dir))
    missing = [str(p) for p, ok in zip(input_paths(data_dir), present, strict=True) if not ok]
    if missing:
        raise DataImportError(f"{missing[0]}: file not found")
    match = _Matcher(known, read_renames(data_dir))
    models = []
    for model, spec in MODELS.items():
        found = ModelEdges(model, [])
        for name in spec["files"]:
            path = data_dir / name
            if spec["layout"] == "matrix":
                _read_matrix(path, spec["kind"], match, found)
            else:
                _read_list(path, match, found)
        found.unmatched, found.renamed = match.take_report()
        progress(f"{model}: {len(found.rows)} rows from {', '.join(spec['files'])}")
        models.append(found)
    return ExtrasynapticData(models, inputs_sha256(data_dir))


class _Matcher:
    """Connectome names for the names of the files, with a report of what did not match."""

    def __init__(self, known: set[str], renames: dict[str, str]):
        self.known, self.renames, self.lowercase = known, renames, by_lowercase(known)
        self.take_report()

    def __call__(self, name: str) -> str | None:
        found = matches(name, self.known, self.renames, self.lowercase).names
        if len(found) != 1:
            self.unmatched[name] = self.unmatched.get(name, 0) + 1
            return None
        if found[0] != name.strip():
            self.renamed[name] = found[0]
        return found[0]

    def take_report(self) -> tuple[dict[str, int], dict[str, str]]:
        report = (getattr(self, "unmatched", {}), getattr(self, "renamed", {}))
        self.unmatched, self.renamed = {}, {}
        return report


def _read_matrix(path: Path, kind: str, match: _Matcher, found: ModelEdges) -> None:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows or rows[0][:1] != ["Row"]:
        raise DataImportError(f"{path}: expected a header row starting with 'Row'")
    columns = rows[0][1:]
    if len(rows) - 1 != len(columns) or len(set(columns)) != len(columns):
        raise DataImportError(f"{path}: expected a square matrix with distinct names, "
                              f"found {len(rows) - 1} rows and {len(columns)} columns")
    posts = [match(name) for name in columns]
    for number, row in enumerate(rows[1:], 2):
        if len(row) != len(columns) + 1 or row[0] != columns[number - 2]:
            raise DataImportError(f"{path}, line {number}: expected {columns[number - 2]!r} and "
                                  f"{len(columns)} values, the header's order")
        pre = match(row[0])
        for post, value in zip(posts, row[1:], strict=True):
            if not value.isdigit():
                raise DataImportError(f"{path}, line {number}: {value!r} is not a pathway count")
            if int(value) and pre and post:
                found.rows.append((kind, pre, post, "", "", int(value)))


def _read_list(path: Path, match: _Matcher, found: ModelEdges) -> None:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = [c.strip() for c in rows[0]] if rows else []
    if header[:4] != ["#source neuron", "target neuron", "transmitter", "receptor"]:
        raise DataImportError(f"{path}: expected the columns '#source neuron, target neuron, transmitter, receptor'")
    seen = {(kind, pre, post, ligand, receptor) for kind, pre, post, ligand, receptor, _ in found.rows}
    for number, row in enumerate(rows[1:], 2):
        if len(row) != len(rows[0]) or not all(c.strip() for c in row[:4]):
            raise DataImportError(f"{path}, line {number}: expected {len(rows[0])} columns, the first four filled")
        pre, post = match(row[0]), match(row[1])
        ligand, receptor = row[2].strip(), row[3].strip()
        kind = MONOAMINE if ligand in MONOAMINES else NEUROPEPTIDE
        key = (kind, pre, post, ligand, receptor)
        if pre and post and key not in seen:
            seen.add(key)
            found.rows.append((*key, 1))


@transaction.atomic
def write_extrasynaptic(data: ExtrasynapticData, neuron_ids: dict[str, int]) -> None:
    """Replace the extrasynaptic table with `data` (neuron_ids: connectome name -> Neuron pk)."""
    delete_all([ExtrasynapticEdge])
    table = ExtrasynapticEdge._meta.db_table
    with connection.cursor() as cursor:
        for m in data.models:
            cursor.executemany(
                f"INSERT INTO {table} (model, kind, pre_id, post_id, ligand, receptor, pathways) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [(m.model, kind, neuron_ids[pre], neuron_ids[post], ligand, receptor, n)
                 for kind, pre, post, ligand, receptor, n in m.rows],
            )
    ImportedData.objects.update_or_create(source=SOURCE, defaults={"sha256": data.sha256})
    transaction.on_commit(forget_cached_versions)
