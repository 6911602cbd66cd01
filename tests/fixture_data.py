"""Small hand-made connectome data trees in the layout of data/wormwideweb-data."""

import csv
import json
from pathlib import Path

from core.datafiles import sha256_file

NEURONS = [
    # name, class, type, type_code, category, dv, lr
    ("AVAL", "AVA", "interneuron", "i", "shared", "", "l"),
    ("AVAR", "AVA", "interneuron", "i", "shared", "", "r"),
    ("AVBL", "AVB", "interneuron", "i", "shared", "", "l"),
    ("AVBR", "AVB", "interneuron", "i", "shared", "", "r"),
    ("ASHL", "ASH", "sensory", "s", "shared", "", "l"),
    ("ASHR", "ASH", "sensory", "s", "shared", "", "r"),
    ("VA01", "VA", "motorneuron", "m", "shared", "v", ""),
]


def write_data(
    root: Path,
    datasets: dict[str, list[dict]],
    skip_gap_junction: tuple[str, ...] = (),
    neurons=NEURONS,
    renames: dict[str, str] | None = None,
    classes: list[str] | None = None,
) -> Path:
    """Write a data folder with the given datasets ({id: [records]}); return its path.

    Checksums are computed from the files written, so the tree is valid unless a test
    changes it afterwards.
    """
    base = root / "wormwideweb-data"
    (base / "connectome/connectome").mkdir(parents=True)
    (base / "config").mkdir()
    with open(base / "connectome/connectome_neurons.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["name", "class", "type", "type_code", "category", "dv", "lr"])
        writer.writerows(neurons)
    class_names = classes if classes is not None else sorted({n[1] for n in neurons})
    with open(base / "config/connectome_neuron_class_split.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["class", "split_lr", "split_dv", "split_d_lr", "split_v_lr"])
        writer.writerows([c, 0, -1, -1, -1] for c in class_names)
    with open(base / "config/connectome_neurons_replacement.csv", "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["original", "replacement"])
        writer.writerows((renames or {}).items())
    metas = []
    for i, (dataset_id, records) in enumerate(datasets.items()):
        (base / f"connectome/connectome/{dataset_id}.json").write_text(json.dumps(records))
        meta = {
            "id": dataset_id, "name": f"Test dataset {i}", "type": "complete", "time": 50 + i,
            "visualTime": 50 + i, "description": "fixture", "citation": ["Test et al., 2025"],
        }
        if dataset_id in skip_gap_junction:
            meta["skip_gap_junction"] = True
        metas.append(meta)
    (base / "connectome/connectome_datasets.json").write_text(json.dumps(metas))
    write_checksums(root)
    return root


def write_checksums(root: Path) -> None:
    base = root / "wormwideweb-data/connectome"
    lines = [f"{p.name},{sha256_file(p)}" for p in sorted((base / "connectome").glob("*.json"))]
    (base / "connectome_checksum.csv").write_text("\n".join(lines) + "\n")


def chem(pre: str, post: str, *syn: int) -> dict:
    return {"pre": pre, "post": post, "typ": 0, "syn": list(syn)}


def gap(pre: str, post: str, *syn: int) -> dict:
    return {"pre": pre, "post": post, "typ": 2, "syn": list(syn)}
