"""Find and read every recording the manifests list, without touching the database.

A data folder without wormwideweb-data/activity/papers.json has no activity data: the
import then empties the activity tables (a connectome-only build).

A problem with a shared input (papers, types, a manifest's columns, label files) raises
DataImportError: nothing is imported. A problem with one recording refuses that recording
with an error naming the file and what is wrong; the others go on. A manifest row without a
file is counted as missing ("68 listed, 1 found") and skipped.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from connectome.models import Neuron, NeuronClass
from core.datafiles import sha256_files

from .errors import DataImportError, Problem, RecordingError
from .h5 import read_h5
from .json_layout import read_json_layout
from .labeled_traces import read_labeled_traces
from .labels import LabelMaps, find_label_file, identity, read_label_file, read_label_maps
from .manifest import ManifestRow, read_dataset_types, read_event_styles, read_manifest, read_papers
from .recording import Recording, check


@dataclass
class PaperReport:
    paper_id: str
    listed: int = 0
    found: int = 0
    refused: int = 0
    missing: list[str] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.found - self.refused


@dataclass
class ActivityData:
    papers: list[dict]
    types: list[dict]
    styles: list[dict]
    recordings: list[Recording]  # checked, in manifest order
    reports: list[PaperReport]
    problems: list[Problem]
    sha256: str  # one hash over every activity input file


def activity_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "wormwideweb-data/activity"


def paper_dirs(data_dir: Path, paper_id: str) -> list[Path]:
    """The folders holding a paper's recordings: data/<paper_id> and data/<paper_id>_*."""
    data_dir = Path(data_dir)
    return sorted(
        p
        for p in data_dir.glob(f"{paper_id}*")
        if p.is_dir() and (p.name == paper_id or p.name.startswith(f"{paper_id}_"))
    )


def input_files(data_dir: Path) -> list[Path]:
    """Every file the activity build reads: shared inputs and the papers' folders."""
    data_dir = Path(data_dir)
    shared = activity_dir(data_dir)
    files = [p for p in shared.rglob("*") if p.is_file()]
    files += sorted((data_dir / "wormwideweb-data/config").glob("gcamp_*.json"))
    try:
        paper_ids = [p["paper_id"] for p in json.loads((shared / "papers.json").read_text()) if isinstance(p, dict)]
    except (OSError, ValueError, TypeError, KeyError):
        paper_ids = []
    for paper_id in paper_ids:
        for folder in paper_dirs(data_dir, paper_id):
            files += [p for p in folder.rglob("*") if p.is_file()]
    return sorted(set(files))


def inputs_sha256(data_dir: Path) -> str:
    """The hash of the activity inputs, as stored in ImportedData after an import."""
    return sha256_files(input_files(data_dir), Path(data_dir))


def read_activity(data_dir: Path, progress=lambda message: None) -> ActivityData:
    """Read papers, types, styles and every recording found; see the module docstring."""
    data_dir = Path(data_dir)
    shared = activity_dir(data_dir)
    problems: list[Problem] = []
    if not (shared / "papers.json").exists():
        problems.append(
            Problem("warning", str(shared), "no activity data (papers.json is missing): no recordings to import")
        )
        return ActivityData([], [], [], [], [], problems, inputs_sha256(data_dir))
    papers = read_papers(shared / "papers.json")
    paper_ids = {p["paper_id"] for p in papers}
    types = read_dataset_types(shared / "dataset_types.json", paper_ids)
    styles = read_event_styles(shared / "event_styles.json", paper_ids, problems)
    maps = read_label_maps(data_dir / "wormwideweb-data/config")
    connectome = _connectome_neurons()
    classes = set(NeuronClass.objects.values_list("name", flat=True))
    type_ids = {t["type_id"] for t in types}

    rows: list[tuple[ManifestRow, list[Path]]] = []
    reports, labels_by_paper = [], {}
    for paper in papers:
        paper_id = paper["paper_id"]
        report = PaperReport(paper_id)
        reports.append(report)
        manifest = read_manifest(shared / f"raw/{paper_id}.csv", paper_id, problems)
        folders = paper_dirs(data_dir, paper_id)
        label_file = find_label_file(folders)
        labels_by_paper[paper_id] = read_label_file(label_file) if label_file else {}
        files = _files_by_name(folders)
        report.listed = len(manifest)
        for row in manifest:
            candidates = sorted({p for name in _file_names(row) for p in files.get(name, [])})
            if not candidates:
                report.missing.append(row.uid)
                continue
            report.found += 1
            rows.append((row, candidates))
        progress(f"{paper_id}: {report.listed} listed, {report.found} found")

    recordings = []
    for i, (row, candidates) in enumerate(rows, 1):
        report = next(r for r in reports if r.paper_id == row.paper_id)
        where = candidates[0].relative_to(data_dir) if candidates[0].is_relative_to(data_dir) else candidates[0]
        try:
            if len(candidates) > 1:
                raise RecordingError(f"several files for {row.uid}: {', '.join(p.name for p in candidates)}")
            recording = _read_one(candidates[0], row, labels_by_paper[row.paper_id], connectome, problems)
            check(recording, problems)
            _resolve(recording, type_ids, classes, maps, problems)
        except RecordingError as e:
            report.refused += 1
            problems.append(Problem("error", str(where), f"refused: {e}"))
            progress(f"[{i}/{len(rows)}] {row.paper_id}-{row.uid}: REFUSED ({e})")
            continue
        recordings.append(recording)
        progress(
            f"[{i}/{len(rows)}] {recording.dataset_id}: {recording.n_neuron} neurons x {recording.max_t} frames, "
            f"{len(recording.labels)} labelled{'' if recording.behavior else ', no behaviour'}"
        )
    return ActivityData(papers, types, styles, recordings, reports, problems, inputs_sha256(data_dir))


def _connectome_neurons() -> dict[str, tuple[str, str, str]]:
    neurons = {
        name: (cls, lr, dv)
        for name, cls, lr, dv in Neuron.objects.values_list("name", "neuron_class__name", "lr", "dv")
    }
    if not neurons:
        raise DataImportError("the connectome is not imported yet: run init_data_connectome first")
    return neurons


def _file_names(row: ManifestRow) -> list[str]:
    """The file names a recording may have, one per supported layout."""
    return [row.filename, f"{row.paper_id}_{row.uid}.json", f"{row.uid}.json", f"{row.uid}_labeled_traces.json"]


def _files_by_name(folders: list[Path]) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                found.setdefault(path.name, []).append(path)
    return found


def _read_one(path: Path, row: ManifestRow, paper_labels: dict, connectome, problems) -> Recording:
    if path.name == row.filename and path.suffix == ".h5":
        if row.label and row.uid not in paper_labels:
            problems.append(Problem("warning", path.name, "the manifest says it is labelled, but no labels were found"))
        recording = read_h5(path, row, paper_labels.get(row.uid, {}))
        if row.checksum and recording.sha256 != row.checksum:
            problems.append(
                Problem(
                    "warning", path.name,
                    f"sha256 {recording.sha256[:12]}... differs from the manifest's {row.checksum[:12]}... "
                    "(a re-exported copy); imported anyway",
                )
            )
        return recording
    if path.name.endswith("_labeled_traces.json"):
        return read_labeled_traces(path, row, connectome)
    return read_json_layout(path, row, problems)


def _resolve(recording: Recording, type_ids: set[str], classes: set[str], maps: LabelMaps, problems) -> None:
    """Full type ids ("<paper>-<id>", else "common-<id>") and the identity of each label."""
    resolved = []
    for short in recording.types:
        for candidate in (f"{recording.paper_id}-{short}", f"common-{short}"):
            if candidate in type_ids:
                resolved.append(candidate)
                break
        else:
            raise RecordingError(f"unknown dataset type {short!r} (not in dataset_types.json)")
    recording.type_ids = list(dict.fromkeys(resolved))
    for idx, record in sorted(recording.labels.items()):
        name, neuron_class, lr, dv = identity(record, maps)
        if neuron_class not in classes:
            problems.append(
                Problem(
                    "warning",
                    str(recording.source.name),
                    f"neuron {idx} ({name}): class {neuron_class!r} is not a connectome class; kept without class",
                )
            )
            neuron_class = ""
        recording.identities[idx] = (name, neuron_class, lr, dv)

