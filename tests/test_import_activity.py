"""init_data_gcamp on the real bundled recordings: shapes and values against the h5 files."""

import csv
import io
import json

import h5py
import numpy as np
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from activity.behavior import behavior_arrays
from activity.importers import read_activity, write_activity
from activity.models import GCaMPDataset, GCaMPNeuron, trace_array

pytestmark = pytest.mark.django_db
DAG = settings.DATA_DIR / "dag_nwabudike_kang_2023"
ATANAS = settings.DATA_DIR / "atanas_kim_2023_subset/2022-08-02-01_labeled_traces.json"
SUMMARY = list(csv.DictReader(open(DAG / "datasets_summary.csv")))
CONSISTENT = [row for row in SUMMARY if row["consistent"] == "True"]


def dag(uid: str) -> GCaMPDataset:
    return GCaMPDataset.objects.get(dataset_id=f"dag_nwabudike_kang_2023-{uid}")


def h5(row):
    return h5py.File(DAG / row["file"], "r")


def traces(dataset) -> np.ndarray:
    return np.vstack([trace_array(t) for t in dataset.neurons.order_by("idx_neuron").values_list("trace", flat=True)])


@pytest.mark.parametrize("row", CONSISTENT, ids=lambda r: r["uid"])
def test_counts_match_the_data_summary(row):
    dataset = dag(row["uid"])
    assert dataset.max_t == int(row["n_timepoints_trace"]) == int(row["n_timestamps"])
    assert dataset.n_neuron == int(row["n_neuron"]) == dataset.neurons.count()
    assert dataset.n_labeled == int(row["n_labeled"])
    assert dataset.neurons.exclude(neuron_name="").count() == int(row["n_labeled"])
    assert dataset.avg_timestep * 60 == pytest.approx(float(row["mean_timestep_s"]), abs=1e-4)
    assert dataset.dataset_sha256 == row["sha256"]
    assert sorted(t.type_id.split("-", 1)[1] for t in dataset.dataset_types.all()) == sorted(
        row["manifest_type"].split(",")
    )


@pytest.mark.parametrize("row", CONSISTENT, ids=lambda r: r["uid"])
def test_traces_are_the_h5_traces_neuron_major(row):
    dataset = dag(row["uid"])
    with h5(row) as f:
        expected, original = f["gcamp/trace_array"][()].T, f["gcamp/trace_array_original"][()].T
    np.testing.assert_allclose(traces(dataset), expected, rtol=1e-6, atol=1e-6)
    stored = np.vstack(
        [trace_array(t) for t in dataset.neurons.order_by("idx_neuron").values_list("trace_original", flat=True)]
    )
    np.testing.assert_allclose(stored, original, rtol=1e-6)
    np.testing.assert_allclose(traces(dataset).std(axis=1, ddof=1), 1, atol=1e-5)


@pytest.mark.parametrize("row", CONSISTENT, ids=lambda r: r["uid"])
def test_behaviour_sign_correction_and_units(row):
    """θh_pos_is_ventral is true for these animals: head curvature and angular velocity flip."""
    assert row["manifest_theta_h_pos_is_ventral"] == "true"
    dataset = dag(row["uid"])
    with h5(row) as f:
        raw = {k: f[f"behavior/{k}"][()] for k in ("velocity", "head_angle", "angular_velocity", "pumping")}
        reversals = f["behavior/reversal_events"][()]
        timestamps = f["timing/timestamp_confocal"][()]
    stored = dataset.behavior
    np.testing.assert_allclose(stored["velocity"], raw["velocity"], atol=1e-6)
    np.testing.assert_allclose(stored["head_angle"], -raw["head_angle"], atol=1e-6)
    np.testing.assert_allclose(stored["angular_velocity"], -raw["angular_velocity"], atol=1e-6)
    api = behavior_arrays(stored)
    np.testing.assert_allclose(api["v"], 10 * raw["velocity"], atol=1e-5)
    assert stored["reversal_events"] == reversals.T.tolist()  # 1-based frames, as in the file
    assert len(stored["reversal_events"]) == int(row["n_reversals"])
    np.testing.assert_allclose(dataset.timestamp_confocal, timestamps - timestamps[0], atol=1e-6)
    if row["has_pumping"] == "True":
        np.testing.assert_allclose(stored["pumping"], raw["pumping"], atol=1e-6)
    else:
        assert np.all(np.isnan(raw["pumping"])) and stored["pumping"] is None and "f" not in api


def test_patch_encounter_event_is_the_food_encounter_frame():
    row = next(r for r in CONSISTENT if r["time_food_encounter_frame"])
    with h5(row) as f:
        frame = int(f["timing/time_food_encounter"][()])
    assert dag(row["uid"]).events == {"patchEncounter": [frame]}


def test_labels_are_the_best_confidence_neuropal_labels():
    labels = json.loads((DAG / "labels/neuropal_label.json").read_text())["data"]
    checked = 0
    for row in CONSISTENT:
        expected = labels.get(row["uid"], {}).get("idx_neuron-label", {})
        neurons = {n.idx_neuron: n for n in dag(row["uid"]).neurons.all()}
        with h5(row) as f:
            roi_match = f["neuropal_registration/roi_match"][()] if "neuropal_registration/roi_match" in f else None
        for key, record in expected.items():
            if isinstance(record, list):
                record = max(record, key=lambda r: r["confidence"])
            neuron = neurons[int(key)]
            assert neuron.neuron_name == record["label"]
            assert neuron.label == record
            # The registration maps the label's NeuroPAL ROI to this very (1-based) trace.
            assert roi_match[record["roi_id"] - 1] == int(key)
            checked += 1
        unlabelled = [n for i, n in neurons.items() if str(i) not in expected]
        assert all(n.neuron_name == "" and n.lr == n.dv == "n" and n.label is None for n in unlabelled)
    assert checked == sum(int(r["n_labeled"]) for r in CONSISTENT)


def test_label_sides_and_class_map():
    aval = GCaMPNeuron.objects.filter(neuron_name="AVAL").first()
    assert (aval.neuron_class, aval.lr, aval.dv) == ("AVA", "l", "x")
    uncertain = GCaMPNeuron.objects.filter(neuron_name__contains="?").exclude(lr="?").exclude(dv="?")
    assert not uncertain.exists(), "a '?' in a name means an uncertain side"
    # VB01/VB02 labels take the class VB (gcamp_neuron_class_name_map_manual.json)
    assert not GCaMPNeuron.objects.filter(neuron_class__in=["VB01", "VB02", "SABV", "SABD"]).exists()


def test_ava_rises_during_reversals():
    """AVA drives backward locomotion: its trace correlates positively with reversals."""
    found = 0
    for row in CONSISTENT:
        dataset = dag(row["uid"])
        reversing = np.zeros(dataset.max_t)
        for start, end in dataset.behavior["reversal_events"]:
            reversing[start - 1:end] = 1
        with h5(row) as f:
            reversal_vec = f["behavior/reversal_vec"][()]  # the file's own 0/1 reversal channel
        for neuron in dataset.neurons.filter(neuron_class="AVA"):
            for reversals in (reversing, reversal_vec):
                r = np.corrcoef(trace_array(neuron.trace), reversals)[0, 1]
                assert r > 0, f"{dataset.dataset_id} {neuron.neuron_name}: r = {r:.2f}"
            found += 1
    assert found >= 5


def test_inconsistent_recording_is_refused_with_a_clear_message():
    data = read_activity(settings.DATA_DIR)
    errors = [p for p in data.problems if p.level == "error"]
    assert len(errors) == 1
    message = str(errors[0])
    assert "2022-05-02-01-data.h5" in message and "(1137, 136)" in message and "1600 timestamps" in message
    assert not GCaMPDataset.objects.filter(dataset_name="2022-05-02-01").exists()


def test_missing_recordings_are_counted_per_paper():
    data = read_activity(settings.DATA_DIR)
    manifests = settings.DATA_DIR / "wormwideweb-data/activity/raw"
    reports = {r.paper_id: r for r in data.reports}
    for paper_id, report in reports.items():
        assert report.listed == len(list(csv.DictReader(open(manifests / f"{paper_id}.csv"))))
    assert (reports["dag_nwabudike_kang_2023"].found, reports["dag_nwabudike_kang_2023"].imported) == (
        len(SUMMARY),
        len(CONSISTENT),
    )
    assert (reports["atanas_kim_2023"].found, reports["atanas_kim_2023"].imported) == (1, 1)
    assert reports["pradhan_madan_2025"].found == 0
    assert "2022-08-03-31" in reports["dag_nwabudike_kang_2023"].missing


def test_checksums_differing_from_the_manifest_are_warnings():
    data = read_activity(settings.DATA_DIR)
    warned = {p.where for p in data.problems if p.level == "warning" and "differs from the manifest" in p.message}
    assert warned == {f"{row['uid']}-data.h5" for row in CONSISTENT}
    assert GCaMPDataset.objects.filter(paper__paper_id="dag_nwabudike_kang_2023").count() == len(CONSISTENT)


def test_atanas_subset_has_traces_and_labels_but_no_behaviour():
    source = json.loads(ATANAS.read_text())
    dataset = GCaMPDataset.objects.get(dataset_id="atanas_kim_2023-2022-08-02-01")
    assert dataset.behavior is None
    assert (dataset.n_neuron, dataset.n_labeled, dataset.max_t) == (
        len(source["neurons"]),
        len(source["neurons"]),
        len(source["timestamps_s"]),
    )
    np.testing.assert_allclose(traces(dataset), np.asarray(source["trace_array"]), atol=1e-6)
    assert list(dataset.neurons.order_by("idx_neuron").values_list("neuron_name", flat=True)) == source["neurons"]
    assert sorted(t.type_id for t in dataset.dataset_types.all()) == ["atanas_kim_2023-baseline", "common-neuropal"]
    assert "no behaviour" in dataset.meta["note"]
    aval = dataset.neurons.get(neuron_name="AIBR")
    assert (aval.neuron_class, aval.lr, aval.dv) == ("AIB", "r", "x")


def test_reimport_writes_the_same_rows():
    before = list(GCaMPDataset.objects.values_list("id", "dataset_id", "n_neuron", "dataset_sha256"))
    neurons = list(GCaMPNeuron.objects.values_list("id", "dataset_id", "idx_neuron", "neuron_name", "trace"))
    write_activity(read_activity(settings.DATA_DIR), settings.DATA_DIR)
    assert list(GCaMPDataset.objects.values_list("id", "dataset_id", "n_neuron", "dataset_sha256")) == before
    assert list(GCaMPNeuron.objects.values_list("id", "dataset_id", "idx_neuron", "neuron_name", "trace")) == neurons


def test_a_failure_while_writing_leaves_the_previous_import(monkeypatch):
    before = list(GCaMPDataset.objects.values_list("dataset_id", flat=True))
    data = read_activity(settings.DATA_DIR)
    calls = []
    original = GCaMPNeuron.objects.bulk_create

    def failing(objs, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return original(objs, *args, **kwargs)

    monkeypatch.setattr(GCaMPNeuron.objects, "bulk_create", failing)
    with pytest.raises(RuntimeError):
        write_activity(data, settings.DATA_DIR)
    assert list(GCaMPDataset.objects.values_list("dataset_id", flat=True)) == before
    assert GCaMPNeuron.objects.count() == sum(GCaMPDataset.objects.values_list("n_neuron", flat=True))


def test_command_reports_listed_found_imported_refused():
    out = io.StringIO()
    call_command("init_data_gcamp", stdout=out)
    text = out.getvalue()
    assert f"dag_nwabudike_kang_2023: 15 listed, {len(SUMMARY)} found, {len(CONSISTENT)} imported, 1 refused" in text
    assert "atanas_kim_2023: 68 listed, 1 found, 1 imported, 0 refused" in text
    assert "refused: 'gcamp/trace_array' has shape (1137, 136)" in text
    assert "Imported 9 recordings" in text


def test_strict_mode_stops_on_the_refused_recording():
    before = GCaMPDataset.objects.count()
    with pytest.raises(CommandError, match="--strict"):
        call_command("init_data_gcamp", "--strict", stdout=io.StringIO())
    assert GCaMPDataset.objects.count() == before


def test_command_refuses_to_write_at_runtime(settings):
    settings.DB_BUILD = False
    with pytest.raises(CommandError, match="DJ_DB_BUILD=1"):
        call_command("init_data_gcamp", stdout=io.StringIO())
