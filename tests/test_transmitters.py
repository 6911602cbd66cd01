"""GET /connectome/api/neurotransmitters/ against the Wang et al. 2024 tables, read with pandas."""

import re

import pandas as pd
import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
FILES = [settings.DATA_DIR / f"neuron_metadata/neurotransmitters_wang2024_{sex}.csv"
         for sex in ("hermaphrodite", "male")]
# Each group and the words of the table that name it (checked on the raw text, independently).
WORDS = {"ACh": "ach", "Glu": "glu", "GABA": "gaba", "5-HT": "5-ht", "octopamine": "octopamine",
         "tyramine": "tyramine", "betaine": "betaine"}


@pytest.fixture(scope="module")
def wang():
    """Cell -> identities, cells spelled as the connectome's neuron table does (AS1 -> AS01)."""
    known = set(pd.read_csv(settings.DATA_DIR / "wormwideweb-data/connectome/connectome_neurons.csv")["name"])
    table = pd.concat([pd.read_csv(f) for f in FILES]).drop_duplicates("neuron")

    def spelled(name):  # "DB1/3" is DB01 and DB03
        either = re.fullmatch(r"([A-Z]+)(\d+)/(\d+)", name)
        names = [either[1] + either[2], either[1] + either[3]] if either else [name]
        return [n if n in known else re.sub(r"^([A-Z]+)(\d)$", r"\g<1>0\2", n) for n in names]

    return {cell: [t.strip() for t in str(row.neurotransmitters).split(";") if t.strip()]
            for row in table.itertuples() for cell in spelled(row.neuron)}


def test_every_listed_cell_has_its_identities_and_groups(client, wang):
    answer = client.get("/connectome/api/neurotransmitters/").json()
    cells = answer["cells"]
    assert len(cells) >= 390
    for name, entry in cells.items():
        identities = wang[name]
        assert entry["identities"] == identities
        text = " ".join(identities).lower()
        for group in entry["groups"]:
            assert group in answer["groups"]
            if group in WORDS:
                assert WORDS[group] in text, (name, group, identities)
        first = identities[0].lower().lstrip("*")
        for group, word in WORDS.items():
            if first.startswith(word) and not first.startswith("5-htp"):
                assert entry["groups"][0] == group, (name, identities)


@pytest.mark.parametrize("name, groups", [
    ("ADEL", ["DA"]), ("AVAL", ["ACh"]), ("DD01", ["GABA"]), ("RIML", ["Glu", "tyramine", "betaine"]),
    ("NSML", None), ("RICL", None),
])
def test_known_cells(client, wang, name, groups):
    cells = client.get("/connectome/api/neurotransmitters/").json()["cells"]
    if groups is None:  # read from the file: the first identity's group comes first
        first = wang[name][0]
        groups = [g for g, w in WORDS.items() if first.lower().startswith(w)][:1]
        assert cells[name]["groups"][:1] == groups
    else:
        assert cells[name]["groups"] == groups


def test_a_class_takes_its_cells_groups(client, wang):
    classes = client.get("/connectome/api/neurotransmitters/").json()["classes"]
    assert classes["RIM"]["groups"] == ["Glu", "tyramine", "betaine"]
    assert set(classes["AVA"]["identities"]) == set(wang["AVAL"]) | set(wang["AVAR"])
