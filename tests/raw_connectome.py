"""Connection counts computed straight from the published JSON files with pandas, for tests
to compare the API with (independently of connectome/importer.py)."""

import json

import numpy as np
import pandas as pd
from django.conf import settings

ROOT = "wormwideweb-data"


def renames() -> dict[str, str]:
    table = pd.read_csv(settings.DATA_DIR / ROOT / "config/connectome_neurons_replacement.csv", encoding="utf-8-sig")
    return dict(zip(table["original"].str.strip(), table["replacement"].str.strip(), strict=True))


def neuron_table() -> pd.DataFrame:
    table = pd.read_csv(settings.DATA_DIR / ROOT / "connectome/connectome_neurons.csv", keep_default_na=False)
    return table.apply(lambda column: column.str.strip())


def raw_edges(dataset_id: str) -> pd.DataFrame:
    """One row per connection: pre, post, type (c or e), count. Chemical counts are summed per
    (pre, post); a gap junction is one row per pair (names sorted), its count the larger of
    the two directions' sums."""
    records = json.loads((settings.DATA_DIR / ROOT / f"connectome/connectome/{dataset_id}.json").read_text())
    frame = pd.DataFrame(records)
    rename = renames()
    for end in ("pre", "post"):  # names are stripped and renamed, as the import does
        frame[end] = frame[end].str.strip().map(lambda n: rename.get(n, n))
    frame = frame[frame["pre"].ne("proctodeum") & frame["post"].ne("proctodeum")]
    frame["count"] = frame["syn"].map(sum)
    chemical = frame[frame["typ"] == 0].groupby(["pre", "post"], as_index=False)["count"].sum()
    chemical["type"] = "c"
    gaps = frame[frame["typ"] == 2].groupby(["pre", "post"], as_index=False)["count"].sum()
    gaps["a"] = np.minimum(gaps["pre"], gaps["post"])
    gaps["b"] = np.maximum(gaps["pre"], gaps["post"])
    gaps = gaps.groupby(["a", "b"], as_index=False)["count"].max().rename(columns={"a": "pre", "b": "post"})
    gaps["type"] = "e"
    if skips_gaps(dataset_id):
        gaps = gaps.iloc[:0]
    return pd.concat([chemical, gaps], ignore_index=True)[["pre", "post", "type", "count"]]


def skips_gaps(dataset_id: str) -> bool:
    meta = json.loads((settings.DATA_DIR / ROOT / "connectome/connectome_datasets.json").read_text())
    return bool(next(d for d in meta if d["id"] == dataset_id).get("skip_gap_junction"))
