"""init_data_neurons: every name of every metadata file matched to a connectome cell or
reported, and the facts equal to the raw files (read here with csv, json and openpyxl)."""

import ast
import csv
import io
import json
import shutil

import openpyxl
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from connectome.models import Neuron
from neurons.importer import FILES, read_metadata
from neurons.models import NeuronFacts

pytestmark = pytest.mark.django_db
ROOT = settings.DATA_DIR / "neuron_metadata"
# Names in the files that are no connectome cell, with the reason (checked below).
NOT_CELLS = {
    "cect/IndividualNeurons.csv": {"PVS", "PVU"},  # male interneurons absent from the neuron table
    "cect/all_cell_info.csv": {"MVULVA", "MANAL", "BWM", "proctodeum"},  # groups of muscles, the hindgut opening
    "neurotransmitters_wang2024_male.csv": {"different from previous reports"},  # the table's colour legend
}


def raw_names(key: str) -> list[str]:
    """Every name of a file, read without our importer."""
    path = ROOT / FILES[key]
    if key == "individual_neurons":
        lines = [line for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]
        return [line.split(";")[0].strip() for line in lines]
    if key == "all_cell_info":
        return [row[0] for row in list(csv.reader(path.open()))[1:]]
    if key.startswith("wang"):
        return [row["neuron"] for row in csv.DictReader(path.open())]
    if key == "owmeta":
        return list(json.loads(path.read_text())["neuron_info"])
    if key == "ripoll_sanchez":
        rows = openpyxl.load_workbook(path, read_only=True).active.iter_rows(min_row=3, values_only=True)
        return [str(row[0]) for row in rows if row[0]]
    return [row[0].strip("'") for row in csv.reader(path.open())]


@pytest.fixture(scope="module")
def data(django_db_blocker):
    with django_db_blocker.unblock():
        known = set(Neuron.objects.values_list("name", flat=True))
    return read_metadata(settings.DATA_DIR, known), known


@pytest.mark.parametrize("key", list(FILES))
def test_every_name_is_matched_or_reported(data, key):
    metadata, known = data
    report = next(r for r in metadata.files if r.path == FILES[key])
    names = raw_names(key)
    assert report.names == len(names)
    unmatched = {name for _, name in report.unmatched}
    assert unmatched == NOT_CELLS.get(FILES[key], set())
    assert not unmatched & known
    assert sum(report.rules.values()) + len(report.unmatched) == len(names)


def test_the_command_lists_every_unmatched_name():
    out = io.StringIO()
    call_command("init_data_neurons", stdout=out)
    text = out.getvalue()
    for names in NOT_CELLS.values():
        for name in names:
            assert repr(name) in text
    assert "DX3/4" in text and "ambiguous, left out: DX1 lineage" in text


def test_leading_zeros_and_wormatlas_muscles_are_normalised():
    rows = csv.DictReader((ROOT / FILES["wang_hermaphrodite"]).open())
    wang = {row["neuron"]: row["neurotransmitters"] for row in rows}
    positions = {row[0]: [float(v) for v in row[1:]] for row in csv.reader((ROOT / FILES["positions"]).open())}
    da01 = NeuronFacts.objects.get(name="DA01")
    assert da01.transmitters == [wang["DA1"]] and [da01.x_um, da01.y_um, da01.z_um] == positions["DA1"]
    assert NeuronFacts.objects.get(name="VB01").x_um == positions["VB1"][0]
    assert NeuronFacts.objects.get(name="dBWML1").wormatlas_type == "Head muscle"  # MDL01 in all_cell_info.csv


def test_an_either_name_gives_its_cells_the_facts_they_agree_on():
    """IndividualNeurons.csv lists DX1/2 twice, with two lineages: full name yes, lineage no."""
    for cell in ("DX1", "DX2"):
        facts = NeuronFacts.objects.get(name=cell)
        assert facts.full_name == "Dorsorectal Interneuron X 1/2" and facts.lineage is None
        assert facts.transmitters == ["ACh"] and facts.transmitter_table == "male"
    assert NeuronFacts.objects.get(name="DB01").transmitters == ["ACh"]  # DB1/3 and DB3/1


def test_facts_equal_the_raw_files():
    individual = {p[0].strip(): [x.strip() for x in p] for p in
                  (line.split(";") for line in (ROOT / FILES["individual_neurons"]).read_text().splitlines()
                   if line.strip() and not line.startswith("#"))}
    owmeta = json.loads((ROOT / FILES["owmeta"]).read_text())["neuron_info"]
    colours = {row[0].strip("'"): ast.literal_eval(row[1]) for row in csv.reader((ROOT / FILES["colours"]).open())}
    segments = {str(row[0]): row[3] for row in openpyxl.load_workbook(ROOT / FILES["ripoll_sanchez"], read_only=True)
                .active.iter_rows(min_row=3, values_only=True) if row[0]}
    for name in ("ADEL", "AVAL", "ASHR", "RIML"):
        facts = NeuronFacts.objects.get(name=name)
        _, full_name, lineage, description = individual[name]
        assert (facts.full_name, facts.lineage, facts.description) == (full_name, lineage, description)
        assert facts.receptors == sorted(set(owmeta[name][2]))
        assert facts.neuropal_rgb == pytest.approx(colours[name], abs=1e-4)
        assert facts.body_segment == segments[name]
    assert NeuronFacts.objects.get(name="ADEL").transmitters == ["DA"]
    assert NeuronFacts.objects.get(name="ALA").transmitters  # a cell with several identities
    assert NeuronFacts.objects.filter(x_um__isnull=False).count() == 300  # every atlas position


def test_a_missing_file_stops_the_import(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(settings.DATA_DIR / "neuron_metadata", data / "neuron_metadata")
    shutil.copytree(settings.DATA_DIR / "wormwideweb-data/config", data / "wormwideweb-data/config")
    (data / "neuron_metadata" / FILES["owmeta"]).unlink()
    before = NeuronFacts.objects.count()
    with pytest.raises(CommandError, match="owmeta_cache.json: file not found"):
        call_command("init_data_neurons", data_dir=data, stdout=io.StringIO())
    assert NeuronFacts.objects.count() == before


def test_a_malformed_position_stops_the_import(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(settings.DATA_DIR / "neuron_metadata", data / "neuron_metadata")
    shutil.copytree(settings.DATA_DIR / "wormwideweb-data/config", data / "wormwideweb-data/config")
    (data / "neuron_metadata" / FILES["positions"]).write_text("ADAL,94.3,zero,1\n")
    with pytest.raises(CommandError, match=r"LowResAtlasWithHighResHeadsAndTails.csv, line 1: expected name, x, y, z"):
        call_command("init_data_neurons", data_dir=data, stdout=io.StringIO())


@pytest.mark.parametrize("changed, source", [
    ("neuron_metadata/neurotransmitters_wang2024_male.csv", "neurons"),
    ("wormneuroatlas/funatlas.h5", "atlas"),
])
def test_populate_db_rebuilds_when_the_metadata_or_the_atlas_change(tmp_path, changed, source):
    from core.management.commands.populate_db import Command as PopulateDb

    target = tmp_path / "db.sqlite3"
    target.touch()
    data = tmp_path / "data"
    shutil.copytree(settings.DATA_DIR, data)
    assert PopulateDb().rebuild_reason(target, data) is None
    with open(data / changed, "ab") as f:
        f.write(b"\n")
    assert PopulateDb().rebuild_reason(target, data) == f"the {source} data changed since the last build"
