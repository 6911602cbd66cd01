"""The dauer connectome (Yim et al. 2024): chemical connections weighted by active-zone volume.

Read from sheet `Dauer` of data/yim2024_dauer/yim2024_dauer_synaptic_connections_MOESM6.xlsx
(a 224 x 224 block: row 1 the postsynaptic names from column C, column A the presynaptic
names from row 3; cell = the summed volume of active-zone material of that pair). Names pass
through the connectome's rename table (BWM-DL01 -> dBWML1, ...); a name that is still not a
connectome cell is reported and its pairs are left out. The volumes are stored rounded to a
whole unit (the smallest non-zero volume is 263.8, so the change is under 0.2 %).

Its weights are volumes, not synapse counts: `VOLUME_DATASETS` names the datasets so weighted,
and everything that adds or compares counts keeps them apart (README "Dauer").
"""

from dataclasses import dataclass
from pathlib import Path

from core.datafiles import sha256_file
from core.importing import DataImportError

DAUER_ID = "yim_2024_dauer"
FILE = "yim2024_dauer/yim2024_dauer_synaptic_connections_MOESM6.xlsx"
SHEET = "Dauer"
UNIT = "active-zone volume"  # the sheet does not state the unit of volume
UNIT_NOTE = "summed volume of active-zone material per pair, unit as published (not stated in the sheet)"
VOLUME_DATASETS = {DAUER_ID: UNIT}
CITATION = "Yim et al., 2024"
META = {
    "id": DAUER_ID,
    "name": "Yim et al., 2024 (dauer; active-zone volumes)",
    "type": "head",
    "time": 0,  # a dauer is an arrested alternative larval stage: no age in hours (pages show "dauer")
    "visualTime": 0,
    "description": (
        "Chemical synapses of the nerve ring of a dauer larva (serial-section EM), weighted by the "
        "summed volume of active-zone material of each pair, not by synapse counts. No gap junctions."
    ),
    "citation": [CITATION],
    "skip_gap_junction": True,
}


@dataclass
class DauerSheet:
    volumes: dict  # (pre, post) -> volume, connectome names
    renamed: dict  # sheet name -> connectome name, for the names the rename table changed
    unmatched: list  # sheet names that are no connectome cell (their pairs left out)
    n_pairs_in_sheet: int
    sha256: str


def dauer_file(data_dir: Path) -> Path:
    return Path(data_dir) / FILE


def read_dauer(data_dir: Path, renames: dict[str, str], names: set[str]) -> DauerSheet | None:
    """The dauer volumes with connectome names, or None when the file is not in data_dir."""
    import openpyxl

    path = dauer_file(data_dir)
    if not path.is_file():
        return None
    try:
        sheet = openpyxl.load_workbook(path, read_only=True, data_only=True)[SHEET]
    except KeyError:
        raise DataImportError(f"{path}: no sheet {SHEET!r}") from None
    rows = list(sheet.iter_rows(values_only=True))
    if len(rows) < 3 or rows[0][:2] != (None, None):
        raise DataImportError(f"{path}, sheet {SHEET}: expected post names in row 1 from column C")
    posts = [str(n).strip() for n in rows[0][2:]]
    renamed, unmatched = {}, set()

    def name_of(raw: str) -> str | None:
        name = renames.get(raw, raw)
        if name != raw:
            renamed[raw] = name
        if name not in names:
            unmatched.add(raw)
            return None
        return name

    volumes, n_pairs = {}, 0
    for line, row in enumerate(rows[2:], 3):
        pre = name_of(str(row[0]).strip())
        for post_raw, value in zip(posts, row[2:], strict=True):
            if value in (None, 0):
                continue
            if not isinstance(value, (int, float)) or value < 0:
                raise DataImportError(f"{path}, sheet {SHEET}, row {line}: {value!r} is not a volume")
            n_pairs += 1
            post = name_of(post_raw)
            if pre and post:
                volumes[pre, post] = volumes.get((pre, post), 0) + value
    return DauerSheet(volumes, dict(sorted(renamed.items())), sorted(unmatched), n_pairs, sha256_file(path))
