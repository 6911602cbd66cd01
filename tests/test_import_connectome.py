"""init_data_connectome: counts on the real data, counting rules on fixtures, every error."""

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F, Sum

from connectome.importer import DataImportError, read_connectome, write_connectome
from connectome.models import Dataset, Neuron, NeuronClass, Synapse
from tests.fixture_data import chem, gap, write_checksums, write_data

# Spec section 12: chemical edges, gap-junction rows (both directions), neurons with
# edges and total synapses, as the original counted them after import.
SPEC_COUNTS = {
    "white_1986_whole": (2405, 1144, 319, 10117),
    "cook_jarrell_2019_h": (4879, 2883, 473, 51426),
    "cook_jarrell_2019_m": (5305, 3482, 589, 77651),
    "white_1986_jsh": (1480, 576, 215, 5862),
    "white_1986_n2u": (1629, 538, 221, 5213),
    "white_1986_jse": (94, 0, 34, 261),
    "witvliet_2020_1": (775, 0, 187, 1296),
    "witvliet_2020_2": (986, 0, 193, 1895),
    "witvliet_2020_3": (1012, 0, 198, 2128),
    "witvliet_2020_4": (1136, 0, 203, 2777),
    "witvliet_2020_5": (1515, 0, 210, 4116),
    "witvliet_2020_6": (1525, 0, 216, 4456),
    "witvliet_2020_7": (2202, 0, 221, 7467),
    "witvliet_2020_8": (2186, 0, 219, 7970),
    "cook_2020": (259, 67, 57, 1895),
}
ONE_DIRECTION = {"cook_2020"}  # its file lists each gap junction once


def _total(queryset) -> int:
    return queryset.aggregate(n=Sum("synapse_count"))["n"] or 0


@pytest.mark.django_db
def test_real_data_has_every_dataset_neuron_and_class():
    # The spec's 15 datasets, then the dauer (Yim et al. 2024, tests/test_dauer.py)
    assert list(Dataset.objects.values_list("dataset_id", flat=True)) == [*SPEC_COUNTS, "yim_2024_dauer"]
    # The spec says 657 cells, but its own per-type counts add up to 658, as does the file.
    assert Neuron.objects.count() == 658
    assert NeuronClass.objects.count() == 263


@pytest.mark.django_db
@pytest.mark.parametrize("dataset_id", SPEC_COUNTS)
def test_real_data_counts_match_the_original(dataset_id):
    """Gap junctions are stored once per pair; counted both ways they give the spec's figures."""
    chemical, gap_rows, neurons, total = SPEC_COUNTS[dataset_id]
    dataset = Dataset.objects.get(dataset_id=dataset_id)
    synapses = Synapse.objects.filter(dataset=dataset)
    gaps = synapses.filter(synapse_type="e")
    self_gaps = gaps.filter(pre=F("post"))
    assert synapses.filter(synapse_type="c").count() == chemical
    assert dataset.available_neurons.count() == neurons
    if dataset_id in ONE_DIRECTION:
        assert gaps.count() == gap_rows
        assert _total(synapses) == total
    else:
        assert 2 * gaps.count() - self_gaps.count() == gap_rows
        assert _total(synapses) + _total(gaps) - _total(self_gaps) == total


@pytest.mark.django_db
def test_gap_junctions_are_stored_once_in_name_order():
    assert not Synapse.objects.filter(synapse_type="e", pre__name__gt=F("post__name")).exists()


@pytest.mark.django_db
def test_witvliet_gap_junctions_are_skipped_by_configuration():
    witvliet = Dataset.objects.filter(dataset_id__startswith="witvliet_2020_")
    assert witvliet.count() == 8
    assert all(d.skip_gap_junction for d in witvliet)
    assert not Synapse.objects.filter(dataset__in=witvliet, synapse_type="e").exists()


def _raw_count(dataset_id: str, pre: str, post: str, typ: int) -> int:
    path = settings.DATA_DIR / f"wormwideweb-data/connectome/connectome/{dataset_id}.json"
    records = json.loads(path.read_text())
    return sum(sum(r["syn"]) for r in records if (r["pre"], r["post"], r["typ"]) == (pre, post, typ))


@pytest.mark.django_db
def test_known_connection_ashl_to_aval_in_white_1986_whole():
    expected = _raw_count("white_1986_whole", "ASHL", "AVAL", 0)
    assert expected > 0
    synapse = Synapse.objects.get(
        dataset__dataset_id="white_1986_whole", pre__name="ASHL", post__name="AVAL", synapse_type="c"
    )
    assert synapse.synapse_count == expected


@pytest.mark.django_db
def test_renames_are_applied():
    """BWM-DL01 is dBWML1 and VA1 is VA01 after import (config/connectome_neurons_replacement.csv)."""
    assert not Neuron.objects.filter(name__in=["BWM-DL01", "VA1"]).exists()
    for name in ("dBWML1", "VA01"):
        assert Dataset.objects.filter(available_neurons__name=name).exists()


def test_proctodeum_is_reported_as_dropped():
    data = read_connectome(settings.DATA_DIR)
    dropped = {d.meta["id"]: d.dropped for d in data.datasets if d.dropped}
    assert dropped == {"cook_jarrell_2019_m": {"proctodeum": 1}}


def _dump() -> dict:
    return {
        model.__name__: list(model.objects.order_by("pk").values_list())
        for model in (NeuronClass, Neuron, Dataset, Synapse, Dataset.available_neurons.through)
    }


@pytest.mark.django_db
def test_reimport_writes_the_same_database():
    before = _dump()
    write_connectome(read_connectome(settings.DATA_DIR))
    assert _dump() == before


@pytest.mark.django_db
def test_command_prints_progress_and_summary():
    out = StringIO()
    call_command("init_data_connectome", stdout=out)
    text = out.getvalue()
    assert "[15/15] cook_2020" in text
    assert "Imported 15 datasets, 658 neurons in 263 classes" in text
    assert "proctodeum" in text


# Counting rules, on hand-made data.


def _import(tmp_path, datasets, **kwargs):
    write_connectome(read_connectome(write_data(tmp_path, datasets, **kwargs)))


def _synapses(dataset_id):
    return {
        (s.pre.name, s.post.name, s.synapse_type): s.synapse_count
        for s in Synapse.objects.filter(dataset__dataset_id=dataset_id).select_related("pre", "post")
    }


@pytest.mark.django_db
def test_records_of_the_same_connection_are_summed(tmp_path):
    _import(tmp_path, {"d": [chem("AVAL", "AVBL", 1, 2), chem("AVAL", "AVBL", 3), chem("AVBL", "AVAL", 1)]})
    assert _synapses("d") == {("AVAL", "AVBL", "c"): 6, ("AVBL", "AVAL", "c"): 1}


@pytest.mark.django_db
def test_gap_junction_listed_both_ways_counts_once(tmp_path):
    _import(tmp_path, {"d": [gap("AVBL", "AVAL", 2, 1), gap("AVAL", "AVBL", 3)]})
    assert _synapses("d") == {("AVAL", "AVBL", "e"): 3}


@pytest.mark.django_db
def test_gap_junction_listed_one_way_counts_once_in_name_order(tmp_path):
    _import(tmp_path, {"d": [gap("AVBL", "AVAL", 4), gap("ASHL", "ASHR", 1), gap("ASHL", "ASHL", 2)]})
    assert _synapses("d") == {("AVAL", "AVBL", "e"): 4, ("ASHL", "ASHR", "e"): 1, ("ASHL", "ASHL", "e"): 2}


@pytest.mark.django_db
def test_skip_gap_junction_keeps_chemical_synapses_only(tmp_path):
    _import(tmp_path, {"d": [gap("AVAL", "AVBL", 1), chem("AVAL", "AVBL", 2)]}, skip_gap_junction=("d",))
    assert _synapses("d") == {("AVAL", "AVBL", "c"): 2}
    assert Dataset.objects.get(dataset_id="d").skip_gap_junction


@pytest.mark.django_db
def test_renames_apply_before_merging(tmp_path):
    _import(tmp_path, {"d": [chem("VA1", "AVAL", 1), chem("VA01", "AVAL", 2)]}, renames={"VA1": "VA01"})
    assert _synapses("d") == {("VA01", "AVAL", "c"): 3}


@pytest.mark.django_db
def test_available_neurons_and_classes_are_those_on_kept_edges(tmp_path):
    _import(tmp_path, {"d": [chem("AVAL", "ASHR", 1)]})
    dataset = Dataset.objects.get(dataset_id="d")
    assert sorted(dataset.available_neurons.values_list("name", flat=True)) == ["ASHR", "AVAL"]
    assert sorted(dataset.available_classes.values_list("name", flat=True)) == ["ASH", "AVA"]


# Errors: each names the file and record, and nothing is written.


def _expect_error(data_dir, *fragments):
    with pytest.raises(DataImportError) as error:
        read_connectome(data_dir)
    for fragment in fragments:
        assert fragment in str(error.value)


def test_checksum_mismatch_names_the_file(tmp_path):
    write_data(tmp_path, {"d": [chem("AVAL", "AVBL", 1)]})
    (tmp_path / "wormwideweb-data/connectome/connectome/d.json").write_text(json.dumps([chem("AVAL", "AVBL", 9)]))
    _expect_error(tmp_path, "d.json", "does not match connectome_checksum.csv")


def test_malformed_json_names_the_file(tmp_path):
    write_data(tmp_path, {"d": []})
    (tmp_path / "wormwideweb-data/connectome/connectome/d.json").write_text("[{")
    write_checksums(tmp_path)
    _expect_error(tmp_path, "d.json", "not valid JSON")


def test_unknown_neuron_names_file_and_record(tmp_path):
    write_data(tmp_path, {"d": [chem("AVAL", "AVBL", 1), chem("AVAL", "XYZ", 1)]})
    _expect_error(tmp_path, "d.json, record #2", "unknown neuron 'XYZ'")


def test_class_missing_from_the_split_table_names_the_neuron(tmp_path):
    write_data(tmp_path, {"d": []}, classes=["AVA", "AVB", "ASH"])
    _expect_error(tmp_path, "connectome_neurons.csv, line 8 (VA01)", "class 'VA'")


def test_unknown_synapse_type_names_the_record(tmp_path):
    write_data(tmp_path, {"d": [{"pre": "AVAL", "post": "AVBL", "typ": 1, "syn": [1]}]})
    _expect_error(tmp_path, "d.json, record #1", "typ 1")


def test_record_without_syn_names_the_record(tmp_path):
    write_data(tmp_path, {"d": [{"pre": "AVAL", "post": "AVBL", "typ": 0}]})
    _expect_error(tmp_path, "d.json, record #1", "pre, post, typ, syn")


def test_missing_connectome_file_is_named(tmp_path):
    write_data(tmp_path, {"d": []})
    (tmp_path / "wormwideweb-data/connectome/connectome/d.json").unlink()
    _expect_error(tmp_path, "d.json")


@pytest.mark.django_db
def test_failed_import_leaves_the_database_unchanged(tmp_path):
    write_data(tmp_path, {"d": [chem("AVAL", "NOPE", 1)]})
    before = _dump()
    with pytest.raises(CommandError, match="database unchanged.*unknown neuron 'NOPE'"):
        call_command("init_data_connectome", data_dir=tmp_path, stdout=StringIO())
    assert _dump() == before
