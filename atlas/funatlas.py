"""The signal propagation atlas (Randi et al. 2023) as plain functions, callable without HTTP.

Direction: every function speaks of `stimulated` -> `responder`, the responder's measured
change in activity when the stimulated neuron was optogenetically activated (entry
[responder, stimulated] of funatlas.h5). Names are connectome names ("AVAL", "AS01"), or the
atlas's own name for the two neurons that are no single cell ("AWCON", "AWCOF").

- `names()`, `in_atlas(name)`, `of_class(neuron_class)`: which neurons the atlas holds.
- `pair(stimulated, responder, strain)`: the Evidence for one pair, or None if never measured.
- `responses_to(stimulated, strain)`: how each neuron responded when `stimulated` was stimulated.
- `responses_of(responder, strain)`: how `responder` responded to the stimulation of each neuron.
- `never_measured(name, strain, role)`: how many partners of a neuron were never observed.
- `observed_pairs(strain)`: every observed pair, for layers over many neurons.
- `matrices(strain)`: the names and the dense (responder x stimulated) arrays, for layers.

The measured pairs are loaded once per process (and data version) as dense 300 x 300 numpy
arrays (read-only, stored so by the import: AtlasMatrices), so a lookup is an array index and
a neuron's responses a row or column slice. An absent pair was not measured: it is no
evidence that the neurons are unconnected.
"""

import math
from dataclasses import dataclass

import numpy as np

from core.cache import data_cache, data_version

from .models import STRAINS, UNC31, WILD_TYPE, AtlasMatrices, AtlasNeuron

Q_MAX = 0.05  # the paper's significance threshold on q
STRAIN_NAMES = dict(STRAINS)
__all__ = ["Q_MAX", "STRAIN_NAMES", "UNC31", "WILD_TYPE", "Evidence", "class_of", "in_atlas", "names",
           "matrices", "never_measured", "observed_pairs", "of_class", "pair", "responses_of", "responses_to"]


@dataclass(frozen=True)
class Evidence:
    """What was measured for stimulated -> responder in one strain."""

    stimulated: str
    responder: str
    strain: str  # "wt" or "unc31"
    dff: float | None  # mean ΔF/F of the responder (a ratio, no unit); None if no finite mean
    q: float | None  # q-value that the responder responds; small = significant
    q_eq: float | None  # equivalence-test q-value; small = evidence of no response
    n_observations: int  # trials in which the pair was observed (>= 1)

    def significant(self, q_max: float = Q_MAX) -> bool:
        return self.q is not None and self.q < q_max


@dataclass(frozen=True)
class _Strain:
    n: np.ndarray  # (300, 300) int: observations of [responder, stimulated]; 0 = never measured
    dff: np.ndarray  # float, NaN where no value
    q: np.ndarray
    q_eq: np.ndarray


@dataclass(frozen=True)
class _Atlas:
    names: tuple[str, ...]  # matrix order
    index: dict[str, int]
    classes: dict[str, tuple[str, ...]]  # connectome class -> its atlas neurons
    class_of: dict[str, str]
    strains: dict[str, _Strain]


def names() -> tuple[str, ...]:
    """The atlas's neurons, in matrix order."""
    return _atlas().names


def in_atlas(name: str) -> bool:
    return name in _atlas().index


def of_class(neuron_class: str) -> tuple[str, ...]:
    """The atlas neurons of a connectome class (AVA: AVAL, AVAR; AWC: AWCOF, AWCON)."""
    return _atlas().classes.get(neuron_class, ())


def class_of(name: str) -> str | None:
    """The connectome class of an atlas neuron."""
    return _atlas().class_of.get(name)


def pair(stimulated: str, responder: str, strain: str = WILD_TYPE) -> Evidence | None:
    """The measurement of stimulated -> responder, or None if the pair was never measured
    (or a name is not in the atlas)."""
    atlas = _atlas()
    j, i = atlas.index.get(stimulated), atlas.index.get(responder)
    if i is None or j is None:
        return None
    return _evidence(atlas, strain, i, j)


def responses_to(stimulated: str, strain: str = WILD_TYPE, q_max: float | None = None,
                 include_self: bool = False) -> list[Evidence]:
    """Every measured response to the stimulation of `stimulated`, by responder name.
    With q_max, only those with q < q_max."""
    atlas = _atlas()
    j = atlas.index.get(stimulated)
    if j is None:
        return []
    column = atlas.strains[strain].n[:, j]
    return _collect(atlas, strain, [(int(i), j) for i in np.flatnonzero(column)], q_max, include_self)


def responses_of(responder: str, strain: str = WILD_TYPE, q_max: float | None = None,
                 include_self: bool = False) -> list[Evidence]:
    """Every measured response of `responder`, to the stimulation of each neuron, by name of
    the stimulated neuron. With q_max, only those with q < q_max."""
    atlas = _atlas()
    i = atlas.index.get(responder)
    if i is None:
        return []
    row = atlas.strains[strain].n[i, :]
    return _collect(atlas, strain, [(i, int(j)) for j in np.flatnonzero(row)], q_max, include_self)


def never_measured(name: str, strain: str = WILD_TYPE, role: str = "stimulated") -> int | None:
    """How many other atlas neurons were never observed with `name` in that role
    ("stimulated": as responders to it; "responder": as stimulated neurons); None if `name`
    is not in the atlas."""
    atlas = _atlas()
    k = atlas.index.get(name)
    if k is None:
        return None
    n = atlas.strains[strain].n
    line = n[:, k] if role == "stimulated" else n[k, :]
    others = np.delete(line, k)
    return int((others == 0).sum())


def observed_pairs(strain: str = WILD_TYPE) -> list[Evidence]:
    """Every measured pair of a strain (self-pairs included), sorted by stimulated, responder."""
    atlas = _atlas()
    responder, stimulated = np.nonzero(atlas.strains[strain].n)
    pairs = zip(stimulated.tolist(), responder.tolist(), strict=True)
    order = sorted(pairs, key=lambda p: (atlas.names[p[0]], atlas.names[p[1]]))
    return [_evidence(atlas, strain, i, j) for j, i in order]


def matrices(strain: str = WILD_TYPE) -> tuple[tuple[str, ...], _Strain]:
    """The atlas names in matrix order and the strain's arrays (n, dff, q, q_eq), each indexed
    [responder, stimulated]; n = 0 where never measured. Read-only: shared by the process."""
    atlas = _atlas()
    return atlas.names, atlas.strains[strain]


def _collect(atlas: _Atlas, strain: str, pairs, q_max, include_self) -> list[Evidence]:
    found = (_evidence(atlas, strain, i, j) for i, j in pairs if include_self or i != j)
    kept = [e for e in found if q_max is None or e.significant(q_max)]
    return sorted(kept, key=lambda e: (e.stimulated, e.responder))


def _evidence(atlas: _Atlas, strain: str, i: int, j: int) -> Evidence | None:
    s = atlas.strains[strain]
    n = int(s.n[i, j])
    if n == 0:
        return None
    return Evidence(atlas.names[j], atlas.names[i], strain, _value(s.dff[i, j]), _value(s.q[i, j]),
                    _value(s.q_eq[i, j]), n)


def _value(x) -> float | None:
    return None if math.isnan(x) else float(x)


def _atlas() -> _Atlas:
    return _load(data_version())


@data_cache(2)
def _load(version: str) -> _Atlas:
    neurons = list(AtlasNeuron.objects.order_by("index").values_list("name", "neuron_class"))
    shape = (len(neurons), len(neurons))
    stored = {m.strain: m for m in AtlasMatrices.objects.all()}
    strains = {}
    for strain, _ in STRAINS:
        m = stored.get(strain)
        if m is None:  # an empty atlas: the data folder had no wormneuroatlas/
            strains[strain] = _Strain(np.zeros(shape, dtype=np.int32), *(np.full(shape, np.nan) for _ in range(3)))
        else:
            floats = (np.frombuffer(b, dtype=np.float64).reshape(shape) for b in (m.dff, m.q, m.q_eq))
            strains[strain] = _Strain(np.frombuffer(m.n_observations, dtype=np.int32).reshape(shape), *floats)
    names = tuple(name for name, _ in neurons)
    classes: dict[str, list[str]] = {}
    for name, neuron_class in neurons:
        classes.setdefault(neuron_class, []).append(name)
    return _Atlas(names, {name: k for k, name in enumerate(names)}, {c: tuple(sorted(m)) for c, m in classes.items()},
                  dict(neurons), strains)
