"""Cell names as other sources write them, matched to the connectome's names.

Sources spell the same cell differently: `DA1` or `DA01`, `AVAl`, `MDL01` for the body-wall
muscle the connectome calls `dBWML1`, `DX1/2` for "DX1 or DX2". `matches(name, ...)` applies
these rules, in order, and says which one matched:

1. `exact`: the connectome's own name.
2. `renamed`: the connectome's rename table (config/connectome_neurons_replacement.csv),
   when the importer passes it (`VA1 -> VA01`, `BWM-DL01 -> dBWML1`, `pm2D -> pm2d`).
3. `case`: the same name in another case (`avaL -> AVAL`, `ava -> AVA`); no two connectome
   names differ only in case.
4. `leading_zero`: a one-digit number written without its leading zero (`DA1 -> DA01`).
5. `wormatlas_muscle`: WormAtlas's body-wall muscle names (`MDL01 -> dBWML1`, `MVR24 -> vBWMR24`).
6. `either`: `A1/2` names two cells without saying which (`DX1/2 -> DX1, DX2`; `DB1/3 ->
   DB01, DB03`); only the cells that exist are returned.

Build-time importers (neurons, atlas) and request-time suggestions use the same rules.
"""

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

_NUMBERED = re.compile(r"^([A-Za-z]+)(\d)$")
_WORMATLAS_MUSCLE = re.compile(r"^M([DV])([LR])0*(\d+)$")
_EITHER = re.compile(r"^([A-Za-z]+)(\d+)/(\d+)$")


@dataclass(frozen=True)
class Match:
    names: tuple[str, ...]  # the connectome names (several for an `either` name); () if none
    rule: str  # which rule matched ("" if none)


NO_MATCH = Match((), "")


def matches(name: str, known: Collection[str], renames: Mapping[str, str] | None = None,
            lowercase: Mapping[str, str] | None = None) -> Match:
    """The connectome name(s) that `name` stands for, among `known`.

    `lowercase` maps known names in lower case to themselves (built once by `by_lowercase`
    when matching many names); without it, it is built on each call.
    """
    name = name.strip()
    if name in known:
        return Match((name,), "exact")
    if renames and renames.get(name) in known:
        return Match((renames[name],), "renamed")
    lowercase = by_lowercase(known) if lowercase is None else lowercase
    if name.lower() in lowercase:
        return Match((lowercase[name.lower()],), "case")
    numbered = _NUMBERED.match(name)
    if numbered:
        padded = lowercase.get(f"{numbered[1]}0{numbered[2]}".lower())
        if padded:
            return Match((padded,), "leading_zero")
    muscle = _WORMATLAS_MUSCLE.match(name)
    if muscle:
        found = f"{muscle[1].lower()}BWM{muscle[2]}{int(muscle[3])}"
        if found in known:
            return Match((found,), "wormatlas_muscle")
    either = _EITHER.match(name)
    if either:
        found = [single for n in (either[2], either[3])
                 for single in matches(f"{either[1]}{n}", known, renames, lowercase).names]
        if found:
            return Match(tuple(dict.fromkeys(found)), "either")
    return NO_MATCH


def by_lowercase(known: Collection[str]) -> dict[str, str]:
    return {n.lower(): n for n in known}
