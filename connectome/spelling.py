"""Names the published data spells wrong, shown right.

`connectome_datasets.json` is kept exactly as flavell-lab/WormWideWeb-data publishes it (its
checksum and provenance are in data/wormwideweb-data/README.md), so the import corrects these
spellings as it reads the file, and everything after it (database, API answers, pages,
citations, downloads) carries the right name.

| published | shown | why |
|---|---|---|
| Cook & Jarrel | Cook & Jarrell | Travis A. Jarrell, co-first author of Cook, Jarrell et al. (2019) Nature 571:63-71 |
"""

import re

CORRECTIONS = {"Cook & Jarrel": "Cook & Jarrell"}
_PATTERN = re.compile("|".join(rf"{re.escape(wrong)}\b" for wrong in CORRECTIONS))


def corrected(text: str) -> str:
    """The text with every misspelling of CORRECTIONS replaced (whole words only)."""
    return _PATTERN.sub(lambda m: CORRECTIONS[m.group(0)], text)


def corrected_dataset(meta: dict) -> dict:
    """A dataset entry of connectome_datasets.json with its name, description and citations corrected."""
    return {
        **meta,
        "name": corrected(meta["name"]),
        "description": corrected(meta["description"]),
        "citation": [corrected(c) for c in meta["citation"]],
    }
