"""NeuroPAL labels: the label files, the best-confidence rule, and the name/class maps.

A label record is {"label": "AVAL", "neuron_class": "AVA", "LR": "L", "DV": "undefined",
"region": "", "roi_id": 53, "confidence": 4}. A neuron with several candidate records keeps
the one with the highest confidence (the first one on a tie).
"""

import bz2
import json
from dataclasses import dataclass
from pathlib import Path

from core.importing import load_json

from .errors import DataImportError

LABEL_FILES = ("labels/neuropal_label.json", "labels/neuropal_label.json.bz2")


@dataclass(frozen=True)
class LabelMaps:
    """The manual maps of wormwideweb-data/config, applied to every label."""

    names: dict[str, str]  # gcamp_neuron_name_map_manual.json
    classes: dict[str, str]  # gcamp_neuron_class_name_map_manual.json (VB01 -> VB, ...)


def read_label_maps(config_dir: Path) -> LabelMaps:
    maps = []
    for name in ("gcamp_neuron_name_map_manual.json", "gcamp_neuron_class_name_map_manual.json"):
        path = config_dir / name
        value = load_json(path)
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise DataImportError(f"{path}: expected an object of name -> name")
        maps.append(value)
    return LabelMaps(*maps)


def best_label(candidates) -> dict:
    """The record with the highest confidence, from one record or a list of them."""
    if isinstance(candidates, dict):
        return candidates
    if not isinstance(candidates, list) or not candidates or not all(isinstance(c, dict) for c in candidates):
        raise ValueError("a label must be a record or a non-empty list of records")
    return max(
        candidates,
        key=lambda c: c.get("confidence") if isinstance(c.get("confidence"), (int, float)) else float("-inf"),
    )


def parse_labels(block, where: str) -> dict[int, dict]:
    """{"<1-based index>": record | [records]} -> {index: best record}."""
    if not isinstance(block, dict):
        raise ValueError(f"{where}: labels must be an object keyed by neuron index")
    labels = {}
    for key, candidates in block.items():
        if not (str(key).isascii() and str(key).isdigit()) or int(key) < 1:
            raise ValueError(f"{where}: label key {key!r} is not a 1-based neuron index")
        record = best_label(candidates)
        if not isinstance(record.get("label"), str) or not record["label"]:
            raise ValueError(f"{where}: label of neuron {key} has no 'label' name")
        labels[int(key)] = record
    return labels


def find_label_file(paper_dirs: list[Path]) -> Path | None:
    for folder in paper_dirs:
        for name in LABEL_FILES:
            if (folder / name).is_file():
                return folder / name
    return None


def read_label_file(path: Path) -> dict[str, dict[int, dict]]:
    """A neuropal_label.json(.bz2): {uid: {index: best record}}."""
    try:
        opener = bz2.open if path.suffix == ".bz2" else open
        with opener(path, "rt", encoding="utf-8") as f:
            content = json.load(f)
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as e:
        raise DataImportError(f"{path}: not a readable label file ({e})") from e
    data = content.get("data") if isinstance(content, dict) else None
    if not isinstance(data, dict):
        raise DataImportError(f"{path}: expected {{'data': {{uid: {{'idx_neuron-label': ...}}}}}}")
    try:
        return {
            uid: parse_labels((entry or {}).get("idx_neuron-label", {}), f"{path}, {uid}")
            for uid, entry in data.items()
        }
    except (ValueError, AttributeError) as e:
        raise DataImportError(str(e)) from e


def side_code(value, letters: str) -> str:
    """LR or DV of a record as a one-letter code: l/r (d/v), x undefined, ? missing, n other."""
    text = str(value or "")
    if text.lower() == "undefined":
        return "x"
    if text.lower() in letters:
        return text.lower()
    if text == "missing":
        return "?"
    return "n"


def identity(record: dict, maps: LabelMaps) -> tuple[str, str, str, str]:
    """(neuron_name, neuron_class, lr, dv) of a label record, after the manual maps."""
    name = maps.names.get(record["label"], record["label"])
    raw_class = str(record.get("neuron_class") or "")
    neuron_class = maps.classes.get(raw_class, raw_class)
    return name, neuron_class, side_code(record.get("LR"), "lr"), side_code(record.get("DV"), "dv")
