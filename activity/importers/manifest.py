"""The shared activity inputs of wormwideweb-data/activity: papers, dataset types, event
styles and the per-paper manifests of recordings (raw/<paper_id>.csv)."""

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from core.importing import load_json

from .errors import DataImportError, Problem

MANIFEST_COLUMNS = ["filename", "checksum", "uid", "θh_pos_is_ventral", "label", "type", "event"]
REPOSITORY_URLS = {
    "zenodo": "https://zenodo.org/records/{}",
    "dryad": "https://datadryad.org/dataset/doi:{}",
}
_EVENT = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*\[([^\]]*)\]\s*[,;]?")


@dataclass
class ManifestRow:
    """One recording as the manifest lists it."""

    paper_id: str
    line: int
    filename: str  # <uid>-data.h5
    checksum: str  # sha256 of the published h5 file
    uid: str
    theta_h_pos_is_ventral: bool  # head-curvature sign convention of the raw h5 data
    label: bool  # NeuroPAL identities exist
    types: list[str]  # type ids as written, e.g. ["neuropal", "reFed"]
    events: dict[str, list[int]] = field(default_factory=dict)  # 1-based frames

    @property
    def where(self) -> str:
        return f"raw/{self.paper_id}.csv, line {self.line} ({self.uid})"


def read_papers(path: Path) -> list[dict]:
    """The papers of papers.json that are not marked `skip`, with their repository URL."""
    papers = load_json(path)
    if not isinstance(papers, list):
        raise DataImportError(f"{path}: expected a JSON list of papers")
    required = ["paper_id", "title_full", "title_short"]
    result, seen = [], set()
    for i, paper in enumerate(papers, 1):
        if not isinstance(paper, dict) or any(not isinstance(paper.get(k), str) for k in required):
            raise DataImportError(f"{path}, paper #{i}: needs the text keys {', '.join(required)}")
        if paper["paper_id"] in seen or not re.fullmatch(r"[a-z0-9_]+", paper["paper_id"]):
            raise DataImportError(f"{path}, paper #{i}: paper_id {paper['paper_id']!r} is repeated or not a plain name")
        seen.add(paper["paper_id"])
        if paper.get("skip"):
            continue
        repository = paper.get("repository") or {}
        template = REPOSITORY_URLS.get(repository.get("type"))
        result.append(
            {
                "paper_id": paper["paper_id"],
                "title_full": paper["title_full"],
                "title_short": paper["title_short"],
                "neuropal_label": bool(paper.get("neuropal_label")),
                "encoding_data": bool(paper.get("encoding_data")),
                "repository_url": (
                    template.format(repository["record_id"]) if template and repository.get("record_id") else ""
                ),
            }
        )
    return result


def read_dataset_types(path: Path, paper_ids: set[str]) -> list[dict]:
    """Dataset types as {type_id, paper_id (None for common), name, description, color}."""
    groups = load_json(path)
    if not isinstance(groups, dict):
        raise DataImportError(f"{path}: expected an object {{'common': [...], '<paper_id>': [...]}}")
    types = []
    for group, entries in groups.items():
        if group != "common" and group not in paper_ids:
            continue  # a skipped paper
        if not isinstance(entries, list):
            raise DataImportError(f"{path}, {group}: expected a list of types")
        for i, entry in enumerate(entries, 1):
            if not isinstance(entry, dict) or not all(
                isinstance(entry.get(k), str) for k in ("id", "name", "color_background")
            ):
                raise DataImportError(f"{path}, {group} type #{i}: needs the text keys id, name, color_background")
            types.append(
                {
                    "type_id": f"{group}-{entry['id']}",
                    "paper_id": None if group == "common" else group,
                    "name": entry["name"],
                    "description": str(entry.get("description", "")),
                    "color_background": entry["color_background"],
                }
            )
    return types


def read_event_styles(path: Path, paper_ids: set[str], problems: list[Problem]) -> list[dict]:
    """Event styles as {event_id, paper_id, color, width}; malformed entries are skipped."""
    groups = load_json(path)
    if not isinstance(groups, dict):
        raise DataImportError(f"{path}: expected an object {{'common': [...], '<paper_id>': [...]}}")
    styles = []
    for group, entries in groups.items():
        if group != "common" and group not in paper_ids:
            continue
        for i, entry in enumerate(entries if isinstance(entries, list) else [None], 1):
            ok = (
                isinstance(entry, dict)
                and isinstance(entry.get("id"), str)
                and isinstance(entry.get("color", ""), str)
                and isinstance(entry.get("width", 2), (int, float))
            )
            if not ok:
                problems.append(Problem("warning", f"{path.name}, {group} style #{i}", "malformed style skipped"))
                continue
            styles.append(
                {
                    "event_id": entry["id"],
                    "paper_id": None if group == "common" else group,
                    "color": entry.get("color") or "rgba(255,0,0,1)",
                    "width": float(entry.get("width", 2)),
                }
            )
    return styles


def parse_events(text: str) -> dict[str, list[int]]:
    """Parse a manifest `event` cell such as "heat=[391]" or "a=[1, 2]; b=[3]"."""
    events, position, text = {}, 0, text.strip()
    while position < len(text):
        match = _EVENT.match(text, position)
        if not match:
            raise ValueError(f"event {text!r} is not of the form name=[frame, ...]")
        name, frames = match.group(1), [f.strip() for f in match.group(2).split(",") if f.strip()]
        if not all(f.isascii() and f.isdigit() and int(f) >= 1 for f in frames):
            raise ValueError(f"event {name!r} has frames that are not positive integers: {match.group(2)!r}")
        events.setdefault(name, []).extend(int(f) for f in frames)
        position = match.end()
    return events


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered not in ("true", "false"):
        raise ValueError(f"{value!r} is not true or false")
    return lowered == "true"


def read_manifest(path: Path, paper_id: str, problems: list[Problem]) -> list[ManifestRow]:
    """The rows of one manifest. A malformed row is reported and left out."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            missing = set(MANIFEST_COLUMNS) - set(reader.fieldnames or [])
            if missing:
                raise DataImportError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
            lines = list(reader)
    except FileNotFoundError:
        raise DataImportError(f"{path}: file not found (every paper of papers.json needs a manifest)") from None
    rows, seen = [], set()
    for line, cells in enumerate(lines, 2):
        uid = (cells.get("uid") or "").strip()
        where = f"raw/{paper_id}.csv, line {line}"
        try:
            if not re.fullmatch(r"[A-Za-z0-9_.-]+", uid) or uid in seen:
                raise ValueError(f"uid {uid!r} is empty, repeated or not a plain name")
            rows.append(
                ManifestRow(
                    paper_id=paper_id,
                    line=line,
                    filename=cells["filename"].strip(),
                    checksum=cells["checksum"].strip().lower(),
                    uid=uid,
                    theta_h_pos_is_ventral=_bool(cells["θh_pos_is_ventral"]),
                    label=_bool(cells["label"]),
                    types=[t.strip() for t in cells["type"].split(",") if t.strip()],
                    events=parse_events(cells["event"] or ""),
                )
            )
            seen.add(uid)
        except (ValueError, AttributeError) as e:
            problems.append(Problem("error", where, f"row skipped: {e}"))
    return rows
