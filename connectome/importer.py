"""Connectome import: the published files in data/wormwideweb-data -> the database.

`read_connectome(data_dir)` reads and validates every input without touching the database;
`write_connectome(data)` replaces the connectome tables in one transaction. Any problem
raises `DataImportError` naming the file and record, before anything is written.

Counting rules (also in the README):
- Records with the same (pre, post, type) are summed; the count of a record is sum(syn).
- Names pass through config/connectome_neurons_replacement.csv before anything else.
- A gap junction is one undirected connection, stored once with pre <= post by name. Its
  count is the larger of the counts listed for A->B and B->A: the files list gap junctions
  in both directions with equal counts, except cook_2020 and a few Witvliet records, which
  list them in one direction only. Counting max() is right for both.
- Datasets with "skip_gap_junction" in connectome_datasets.json keep no gap junctions.
- Names the file misspells (Cook & Jarrel) are corrected as it is read (spelling.py).
- The dauer connectome (dauer.py), when its file is in data/, is one more dataset, last, whose
  weights are active-zone volumes, not counts.
"""

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import connection, transaction

from core.datafiles import sha256_file, sha256_files
from core.importing import DataImportError, delete_all, forget_cached_versions, load_json
from core.models import ImportedData

from .dauer import META as DAUER_META
from .dauer import DauerSheet, dauer_file, read_dauer
from .models import Dataset, Neuron, NeuronClass, NeuronMetrics, PathGraph, Synapse
from .spelling import corrected_dataset

SOURCE = "connectome"
CHEMICAL_TYP, ELECTRICAL_TYP = 0, 2
# Names in the synapse files that are not cells, so are absent from the neuron table on
# purpose. Their records are dropped and reported; any other unknown name is an error.
NOT_CELLS = {"proctodeum"}  # the hindgut opening (cook_jarrell_2019_m)
DATASET_TYPES = {"complete", "head", "tail", "pharynx"}


@dataclass
class DatasetData:
    meta: dict
    sha256: str
    n_records: int
    chemical: dict = field(default_factory=dict)  # (pre, post) -> count
    electrical: dict = field(default_factory=dict)  # (a, b) with a <= b -> count
    dropped: dict = field(default_factory=dict)  # unknown non-cell name -> records dropped


@dataclass
class ConnectomeData:
    classes: list[dict]
    neurons: list[dict]
    datasets: list[DatasetData]
    sha256: str  # one hash over every input file
    dauer: DauerSheet | None = None  # when data/ holds the dauer file


def connectome_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "wormwideweb-data"


def input_files(data_dir: Path) -> list[Path]:
    """Every file the connectome import reads."""
    root = connectome_dir(data_dir)
    dauer = [dauer_file(data_dir)] if dauer_file(data_dir).is_file() else []
    return dauer + sorted(
        [*root.glob("connectome/**/*.json"), *root.glob("connectome/*.csv")]
        + [
            root / "config/connectome_neuron_class_split.csv",
            root / "config/connectome_neurons_replacement.csv",
        ]
    )


def inputs_sha256(data_dir: Path) -> str:
    """The hash of the connectome inputs, as stored in ImportedData after an import."""
    return sha256_files(input_files(data_dir), Path(data_dir))


def read_connectome(data_dir: Path, progress=lambda message: None) -> ConnectomeData:
    """Read and validate every connectome input; raise DataImportError on any problem."""
    root = connectome_dir(data_dir)
    for path in input_files(data_dir):
        if not path.is_file():
            raise DataImportError(f"{path}: file not found")
    checksums = _read_checksums(root / "connectome/connectome_checksum.csv")
    classes = _read_classes(root / "config/connectome_neuron_class_split.csv")
    neurons = _read_neurons(root / "connectome/connectome_neurons.csv", {c["name"] for c in classes})
    renames = _read_renames(root / "config/connectome_neurons_replacement.csv")
    metas = _read_dataset_list(root / "connectome/connectome_datasets.json")
    names = {n["name"] for n in neurons}
    datasets = []
    for i, meta in enumerate(metas, 1):
        path = root / "connectome/connectome" / f"{meta['id']}.json"
        datasets.append(_read_dataset(path, meta, checksums, renames, names))
        progress(f"[{i:2}/{len(metas)}] read {path.name}")
    extra = set(checksums) - {f"{m['id']}.json" for m in metas}
    if extra:
        raise DataImportError(
            f"{root / 'connectome/connectome_checksum.csv'}: checksums for files that no "
            f"dataset uses: {', '.join(sorted(extra))}"
        )
    dauer = read_dauer(data_dir, renames, names)
    if dauer:
        progress(f"read {dauer_file(data_dir).name}, sheet Dauer: {dauer.n_pairs_in_sheet} pairs")
    return ConnectomeData(classes, neurons, datasets, inputs_sha256(data_dir), dauer)


def _csv_rows(path: Path, columns: list[str]) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = set(columns) - set(reader.fieldnames or [])
        if missing:
            raise DataImportError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        rows = list(reader)
    for line, row in enumerate(rows, 2):
        if None in row or any(row[c] is None for c in columns):
            raise DataImportError(f"{path}, line {line}: wrong number of fields")
    return rows


def _read_checksums(path: Path) -> dict[str, str]:
    checksums = {}
    with open(path, newline="", encoding="utf-8-sig") as f:
        for line, row in enumerate(csv.reader(f), 1):
            if len(row) != 2 or len(row[1]) != 64:
                raise DataImportError(f"{path}, line {line}: expected 'filename,sha256'")
            checksums[row[0]] = row[1].lower()
    return checksums


def _flag(path: Path, line: int, value: str) -> bool | None:
    try:
        return {"1": True, "0": False, "-1": None}[value.strip()]
    except KeyError:
        raise DataImportError(f"{path}, line {line}: split flag {value!r} is not 1, 0 or -1") from None


def _read_classes(path: Path) -> list[dict]:
    flags = ["split_lr", "split_dv", "split_d_lr", "split_v_lr"]
    classes, seen = [], set()
    for line, row in enumerate(_csv_rows(path, ["class", *flags]), 2):
        name = row["class"].strip()
        if not name or name in seen:
            raise DataImportError(f"{path}, line {line}: empty or repeated class {name!r}")
        seen.add(name)
        classes.append({"name": name, **{f: _flag(path, line, row[f]) for f in flags}})
    return classes


def _read_neurons(path: Path, class_names: set[str]) -> list[dict]:
    columns = ["name", "class", "type", "type_code", "category", "dv", "lr"]
    neurons, seen = [], set()
    for line, row in enumerate(_csv_rows(path, columns), 2):
        name, cls = row["name"].strip(), row["class"].strip()
        where = f"{path}, line {line} ({name})"
        if not name or name in seen:
            raise DataImportError(f"{where}: empty or repeated neuron name")
        if cls not in class_names:
            raise DataImportError(
                f"{where}: class {cls!r} is not in config/connectome_neuron_class_split.csv"
            )
        if row["lr"] not in ("", "l", "r") or row["dv"] not in ("", "d", "v"):
            raise DataImportError(f"{where}: lr must be l/r/empty and dv d/v/empty")
        if not row["type_code"].isalpha():
            raise DataImportError(f"{where}: type_code {row['type_code']!r} is not letters")
        seen.add(name)
        neurons.append(
            {
                "name": name,
                "class": cls,
                "lr": row["lr"],
                "dv": row["dv"],
                "cell_category": row["category"],
                "cell_type_desc": row["type"],
                "cell_type": row["type_code"],
            }
        )
    return neurons


def read_renames(data_dir: Path) -> dict[str, str]:
    """The rename table (original name -> connectome name), which other importers match names with."""
    path = connectome_dir(data_dir) / "config/connectome_neurons_replacement.csv"
    if not path.is_file():
        raise DataImportError(f"{path}: file not found")
    return _read_renames(path)


def _read_renames(path: Path) -> dict[str, str]:
    rows = _csv_rows(path, ["original", "replacement"])
    return {row["original"].strip(): row["replacement"].strip() for row in rows}


def _read_dataset_list(path: Path) -> list[dict]:
    metas = load_json(path)
    if not isinstance(metas, list) or not metas:
        raise DataImportError(f"{path}: expected a non-empty JSON list of datasets")
    required = ["id", "name", "type", "time", "visualTime", "description", "citation"]
    seen = set()
    for i, meta in enumerate(metas):
        where = f"{path}, dataset #{i + 1}"
        if not isinstance(meta, dict) or any(k not in meta for k in required):
            raise DataImportError(f"{where}: needs the keys {', '.join(required)}")
        if meta["id"] in seen or not str(meta["id"]).replace("_", "").isalnum():
            raise DataImportError(f"{where}: id {meta['id']!r} is repeated or not a plain name")
        if meta["type"] not in DATASET_TYPES:
            raise DataImportError(f"{where} ({meta['id']}): unknown type {meta['type']!r}")
        if not isinstance(meta["citation"], list):
            raise DataImportError(f"{where} ({meta['id']}): citation must be a list")
        try:
            Decimal(str(meta["time"])), Decimal(str(meta["visualTime"]))
        except InvalidOperation:
            raise DataImportError(f"{where} ({meta['id']}): time and visualTime must be numbers") from None
        seen.add(meta["id"])
    return [corrected_dataset(meta) for meta in metas]  # names the data misspells (spelling.py)


def _read_dataset(path, meta, checksums, renames, names) -> DatasetData:
    expected = checksums.get(path.name)
    if expected is None:
        raise DataImportError(f"{path}: no checksum in connectome_checksum.csv")
    if not path.is_file():
        raise DataImportError(f"{path}: file not found")
    actual = sha256_file(path)
    if actual != expected:
        raise DataImportError(
            f"{path}: sha256 {actual} does not match connectome_checksum.csv ({expected})"
        )
    records = load_json(path)
    if not isinstance(records, list):
        raise DataImportError(f"{path}: expected a JSON list of synapse records")
    data = DatasetData(meta=meta, sha256=actual, n_records=len(records))
    directed_gap = defaultdict(int)
    chemical = defaultdict(int)
    dropped = defaultdict(int)
    for i, record in enumerate(records):
        where = f"{path}, record #{i + 1}"
        if not isinstance(record, dict) or any(k not in record for k in ("pre", "post", "typ", "syn")):
            raise DataImportError(f"{where}: needs the keys pre, post, typ, syn")
        typ, syn = record["typ"], record["syn"]
        if typ not in (CHEMICAL_TYP, ELECTRICAL_TYP) or isinstance(typ, bool):
            raise DataImportError(f"{where}: typ {typ!r} is neither 0 (chemical) nor 2 (gap junction)")
        if not isinstance(syn, list) or not all(type(n) is int and n >= 0 for n in syn):
            raise DataImportError(f"{where}: syn must be a list of non-negative integers")
        if typ == ELECTRICAL_TYP and meta.get("skip_gap_junction"):
            continue
        pre, post = (renames.get(record[k], record[k]) for k in ("pre", "post"))
        unknown = [n for n in (pre, post) if n not in names]
        if unknown:
            if set(unknown) <= NOT_CELLS:
                dropped[unknown[0]] += 1
                continue
            raise DataImportError(f"{where}: unknown neuron {unknown[0]!r} (not in connectome_neurons.csv)")
        count = sum(syn)
        if count == 0:
            continue
        if typ == CHEMICAL_TYP:
            chemical[pre, post] += count
        else:
            directed_gap[pre, post] += count
    data.chemical = dict(chemical)
    for (a, b), count in directed_gap.items():
        key = (min(a, b), max(a, b))
        data.electrical[key] = max(data.electrical.get(key, 0), count)
    data.dropped = dict(dropped)
    return data


@transaction.atomic
def write_connectome(data: ConnectomeData, progress=lambda message: None) -> list[dict]:
    """Replace the connectome tables with `data`; return one summary row per dataset."""
    delete_all([NeuronMetrics, PathGraph, Synapse, Dataset, Neuron, NeuronClass])

    classes = NeuronClass.objects.bulk_create(
        NeuronClass(**{k: c[k] for k in ("name", "split_lr", "split_dv", "split_d_lr", "split_v_lr")})
        for c in data.classes
    )
    class_by_name = {c.name: c for c in classes}
    neurons = Neuron.objects.bulk_create(
        Neuron(
            neuron_class=class_by_name[n["class"]],
            **{k: n[k] for k in ("name", "lr", "dv", "cell_category", "cell_type_desc", "cell_type")},
        )
        for n in data.neurons
    )
    neuron_by_name = {n.name: n for n in neurons}

    summary = []
    for order, d in enumerate(data.datasets):
        meta = d.meta
        dataset = Dataset.objects.create(
            dataset_id=meta["id"],
            order=order,
            dataset_sha256=d.sha256,
            name=meta["name"],
            dataset_type=meta["type"],
            animal_time=Decimal(str(meta["time"])),
            animal_visual_time=Decimal(str(meta["visualTime"])),
            description=meta["description"],
            citation=meta["citation"],
            skip_gap_junction=bool(meta.get("skip_gap_junction", False)),
        )
        rows = [(pre, post, Synapse.CHEMICAL, n) for (pre, post), n in d.chemical.items()]
        rows += [(a, b, Synapse.ELECTRICAL, n) for (a, b), n in d.electrical.items()]
        rows.sort()
        _insert_synapses(dataset.id, [(neuron_by_name[a].id, neuron_by_name[b].id, kind, n) for a, b, kind, n in rows])
        present = sorted({name for pre, post, _, _ in rows for name in (pre, post)})
        dataset.available_neurons.set([neuron_by_name[n] for n in present])
        present_classes = sorted({neuron_by_name[n].neuron_class.name for n in present})
        dataset.available_classes.set([class_by_name[c] for c in present_classes])
        row = {
            "dataset": dataset.dataset_id,
            "records": d.n_records,
            "chemical": len(d.chemical),
            "gap_junction_pairs": len(d.electrical),
            "neurons": len(present),
            "classes": len(present_classes),
            "synapses": sum(n for *_, n in rows),
            "dropped": d.dropped,
        }
        summary.append(row)
        progress(
            f"[{order + 1:2}/{len(data.datasets)}] {row['dataset']:<20} {row['chemical']:5} chemical, "
            f"{row['gap_junction_pairs']:5} gap-junction pairs, {row['neurons']:3} neurons, "
            f"{row['synapses']:6} synapses"
        )
    if data.dauer:
        _write_dauer(data.dauer, len(data.datasets), neuron_by_name, class_by_name)
    ImportedData.objects.update_or_create(source=SOURCE, defaults={"sha256": data.sha256})
    transaction.on_commit(forget_cached_versions)
    return summary


def _write_dauer(dauer: DauerSheet, order: int, neuron_by_name: dict, class_by_name: dict) -> None:
    """The dauer dataset: its volumes, rounded to a whole unit, as chemical connections."""
    meta = DAUER_META
    dataset = Dataset.objects.create(
        dataset_id=meta["id"], order=order, dataset_sha256=dauer.sha256, name=meta["name"],
        dataset_type=meta["type"], animal_time=Decimal(meta["time"]), animal_visual_time=Decimal(meta["visualTime"]),
        description=meta["description"], citation=meta["citation"], skip_gap_junction=True,
    )
    rows = sorted((pre, post, Synapse.CHEMICAL, max(1, round(v))) for (pre, post), v in dauer.volumes.items())
    _insert_synapses(dataset.id, [(neuron_by_name[a].id, neuron_by_name[b].id, kind, n) for a, b, kind, n in rows])
    present = sorted({name for pre, post, _, _ in rows for name in (pre, post)})
    dataset.available_neurons.set([neuron_by_name[n] for n in present])
    dataset.available_classes.set(sorted({neuron_by_name[n].neuron_class for n in present}, key=lambda c: c.name))


def _insert_synapses(dataset_pk: int, rows: list[tuple[int, int, str, int]]) -> None:
    """Insert (pre id, post id, type, count) rows; plain executemany is 10x faster than the ORM."""
    table = Synapse._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (dataset_id, pre_id, post_id, synapse_type, synapse_count) "
            "VALUES (%s, %s, %s, %s, %s)",
            [(dataset_pk, *row) for row in rows],
        )
