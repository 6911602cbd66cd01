"""Atlas import: data/wormneuroatlas/funatlas.h5 (Randi et al. 2023) -> AtlasNeuron, AtlasPair,
AtlasMatrices.

`read_atlas(data_dir, known)` reads and checks the file with h5py, matches its 300 neuron
names to the connectome's (connectome/names.py: `AS1 -> AS01`), and keeps every observed
pair (occ1 > 0) of both strains; `write_atlas(data)` replaces the tables in one transaction.

Entry [i, j] of every matrix is neuron i's response when neuron j was stimulated, so the
pair read from [i, j] is stored as stimulated = j, responder = i (j -> i).
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.db import connection, transaction

from connectome.importer import read_renames
from connectome.names import matches
from core.datafiles import sha256_files
from core.importing import DataImportError, delete_all, forget_cached_versions
from core.models import ImportedData

from .models import UNC31, WILD_TYPE, AtlasMatrices, AtlasNeuron, AtlasPair

SOURCE = "atlas"
# Atlas neurons that are no single connectome cell, and their class: the AWC neuron that is
# ON (or OFF) is AWCL in some animals and AWCR in others.
FUNCTIONAL_IDENTITIES = {"AWCON": "AWC", "AWCOF": "AWC"}
MATRICES = ["dFF", "q", "q_eq", "occ1"]


@dataclass
class StrainPairs:
    strain: str
    stimulated: np.ndarray  # index j of each observed pair
    responder: np.ndarray  # index i
    dff: np.ndarray  # NaN where not finite
    q: np.ndarray
    q_eq: np.ndarray
    n_observations: np.ndarray

    def __len__(self):
        return len(self.stimulated)


@dataclass
class AtlasData:
    neurons: list[tuple[str, str, bool, str]]  # (atlas name, our name, is a cell, class), matrix order
    unmatched: list[str]  # atlas names kept as they are
    strains: list[StrainPairs]
    sha256: str
    missing: str = ""  # why nothing was read: the data folder has no wormneuroatlas/


def atlas_path(data_dir: Path) -> Path:
    return Path(data_dir) / "wormneuroatlas/funatlas.h5"


def inputs_sha256(data_dir: Path) -> str:
    rename_table = Path(data_dir) / "wormwideweb-data/config/connectome_neurons_replacement.csv"
    return sha256_files([p for p in (atlas_path(data_dir), rename_table) if p.is_file()], Path(data_dir))


def read_atlas(data_dir: Path, known: dict[str, str]) -> AtlasData:
    """Read and check funatlas.h5 (`known`: connectome cell -> class); raise DataImportError
    naming the problem.

    A data folder without wormneuroatlas/ (a test fixture, say) gives an empty atlas and says
    so in `missing`; a folder without funatlas.h5 is a DataImportError.
    """
    import h5py

    path = atlas_path(data_dir)
    if not path.parent.is_dir():
        return AtlasData([], [], [], inputs_sha256(data_dir), missing=f"{path.parent} does not exist")
    if not path.is_file():
        raise DataImportError(f"{path}: file not found")
    try:
        with h5py.File(path, "r") as f:
            ids = [n.decode() if isinstance(n, bytes) else str(n) for n in f["neuron_ids"][()]]
            size = len(ids)
            strains = [_read_strain(path, f, strain, size) for strain in (WILD_TYPE, UNC31)]
    except (OSError, KeyError) as e:
        raise DataImportError(f"{path}: not a readable atlas file ({e})") from e
    renames = read_renames(data_dir)
    neurons, unmatched = [], []
    for name in ids:
        match = matches(name, known, renames)
        if len(match.names) == 1:
            neurons.append((name, match.names[0], True, known[match.names[0]]))
        else:
            neurons.append((name, name, False, FUNCTIONAL_IDENTITIES.get(name, "")))
            unmatched.append(name)
    ours = [n[1] for n in neurons]
    if len(set(ours)) != len(ours):
        raise DataImportError(f"{path}: two atlas neurons match the same connectome cell")
    return AtlasData(neurons, unmatched, strains, inputs_sha256(data_dir))


def _read_strain(path: Path, f, strain: str, size: int) -> StrainPairs:
    where = f"{path}, /{strain}"
    arrays = {}
    for key in MATRICES:
        data = f[f"{strain}/{key}"][()]
        if data.shape != (size, size):
            raise DataImportError(f"{where}/{key}: shape {data.shape}, expected ({size}, {size}) like /neuron_ids")
        arrays[key] = data
    occ = arrays["occ1"]
    if not np.issubdtype(occ.dtype, np.integer) or (occ < 0).any():
        raise DataImportError(f"{where}/occ1: observation counts must be non-negative integers")
    observed = occ > 0
    for key in ("dFF", "q", "q_eq"):
        values = arrays[key].astype(np.float64)
        if (np.isfinite(values) & ~observed).any():
            raise DataImportError(f"{where}/{key}: values for pairs that were never observed (occ1 = 0)")
        if key != "dFF" and ((values < 0) | (values > 1)).any():
            raise DataImportError(f"{where}/{key}: q-values must lie in 0-1")
        arrays[key] = np.where(np.isfinite(values), values, np.nan)
    responder, stimulated = np.nonzero(observed)  # row i responds, column j was stimulated
    return StrainPairs(
        strain, stimulated, responder,
        arrays["dFF"][responder, stimulated], arrays["q"][responder, stimulated],
        arrays["q_eq"][responder, stimulated], occ[responder, stimulated],
    )


@transaction.atomic
def write_atlas(data: AtlasData) -> None:
    """Replace the atlas tables with `data`."""
    delete_all([AtlasMatrices, AtlasPair, AtlasNeuron])
    neurons = AtlasNeuron.objects.bulk_create(
        AtlasNeuron(index=i, atlas_name=atlas_name, name=name, is_cell=is_cell, neuron_class=cls)
        for i, (atlas_name, name, is_cell, cls) in enumerate(data.neurons)
    )
    pk = [n.pk for n in neurons]
    table = AtlasPair._meta.db_table

    def value(x):
        return None if np.isnan(x) else float(x)

    with connection.cursor() as cursor:
        for s in data.strains:
            cursor.executemany(
                f"INSERT INTO {table} (strain, stimulated_id, responder_id, dff, q, q_eq, n_observations) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [
                    (s.strain, pk[j], pk[i], value(d), value(q), value(qe), int(n))
                    for j, i, d, q, qe, n in zip(
                        s.stimulated, s.responder, s.dff, s.q, s.q_eq, s.n_observations, strict=True
                    )
                ],
            )
    AtlasMatrices.objects.bulk_create(_matrices(s, len(data.neurons)) for s in data.strains)
    ImportedData.objects.update_or_create(source=SOURCE, defaults={"sha256": data.sha256})
    transaction.on_commit(forget_cached_versions)


def _matrices(s: StrainPairs, size: int) -> AtlasMatrices:
    """The strain's pairs as dense [responder, stimulated] matrices (0 and NaN where never measured)."""
    n = np.zeros((size, size), dtype=np.int32)
    dff, q, q_eq = (np.full((size, size), np.nan) for _ in range(3))
    n[s.responder, s.stimulated] = s.n_observations
    dff[s.responder, s.stimulated], q[s.responder, s.stimulated], q_eq[s.responder, s.stimulated] = s.dff, s.q, s.q_eq
    return AtlasMatrices(strain=s.strain, n_observations=n.tobytes(), dff=dff.tobytes(), q=q.tobytes(),
                         q_eq=q_eq.tobytes())
