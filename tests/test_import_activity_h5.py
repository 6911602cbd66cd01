"""The h5 reader on small fixture files: orientation, signs, gaps, reversals, labels, errors."""

import numpy as np
import pytest

from activity.importers import read_activity
from activity.models import GCaMPDataset, GCaMPNeuron, trace_array
from tests.activity_fixtures import (
    PAPER,
    import_tree,
    label,
    recording_arrays,
    write_h5,
    write_tree,
)

pytestmark = pytest.mark.django_db


def h5_tree(tmp_path, recordings: dict, rows: list[dict] | None = None, labels=None, julia_order=True, skip=()):
    """One h5 file per uid of `recordings` ({uid: arrays}) under tmp_path/<paper>/h5/."""
    rows = rows or [{"uid": uid} for uid in recordings]
    write_tree(tmp_path, rows, labels=labels)
    for uid, arrays in recordings.items():
        write_h5(tmp_path / PAPER / "h5" / f"{uid}-data.h5", arrays, julia_order=julia_order, skip=skip)
    return tmp_path


def stored(uid: str) -> GCaMPDataset:
    return GCaMPDataset.objects.get(dataset_id=f"{PAPER}-{uid}")


def stored_traces(uid: str) -> np.ndarray:
    return np.vstack(
        [
            trace_array(t)
            for t in GCaMPNeuron.objects.filter(dataset__dataset_name=uid)
            .order_by("idx_neuron")
            .values_list("trace", flat=True)
        ]
    )


@pytest.mark.parametrize("julia_order", [True, False], ids=["julia (n_t, n_neuron)", "neuron-major"])
def test_orientation_is_detected_from_the_timestamps(tmp_path, julia_order):
    arrays = recording_arrays(n_neuron=5, n_t=30)
    import_tree(h5_tree(tmp_path, {"2024-01-01-01": arrays}, julia_order=julia_order))
    dataset = stored("2024-01-01-01")
    assert (dataset.n_neuron, dataset.max_t) == (5, 30)
    np.testing.assert_allclose(stored_traces("2024-01-01-01"), arrays["traces"], atol=1e-6)


def test_square_matrix_is_read_the_julia_way(tmp_path):
    arrays = {**recording_arrays(n_neuron=6, n_t=6), "reversal_events": np.array([[1], [2]])}
    import_tree(h5_tree(tmp_path, {"2024-01-01-01": arrays}, julia_order=True))
    np.testing.assert_allclose(stored_traces("2024-01-01-01"), arrays["traces"], atol=1e-6)


@pytest.mark.parametrize("ventral, sign", [(True, -1), (False, 1)])
def test_head_sign_follows_the_manifest(tmp_path, ventral, sign):
    arrays = recording_arrays()
    import_tree(h5_tree(tmp_path, {"u1": arrays}, rows=[{"uid": "u1", "theta_ventral": ventral}]))
    behavior = stored("u1").behavior
    np.testing.assert_allclose(behavior["head_angle"], sign * arrays["head_angle"], atol=1e-6)
    np.testing.assert_allclose(behavior["angular_velocity"], sign * arrays["angular_velocity"], atol=1e-6)
    np.testing.assert_allclose(behavior["velocity"], arrays["velocity"], atol=1e-6)


def test_mean_timestep_leaves_out_one_segment_gap(tmp_path):
    arrays = recording_arrays(n_t=20, step=0.5)
    arrays["timestamps"][10:] += 60  # a one-minute break between two segments
    import_tree(h5_tree(tmp_path, {"u1": arrays}))
    assert stored("u1").avg_timestep == pytest.approx(0.5 / 60)
    assert stored("u1").timestamp_confocal[10] == pytest.approx(65.0)


@pytest.mark.parametrize("reversals, expected", [
    (np.array([[2, 9], [4, 12]]), [[2, 4], [9, 12]]),  # (2, n_rev): h5py view of Julia's (n_rev, 2)
    (np.array([[2, 4], [9, 12], [14, 15]]), [[2, 4], [9, 12], [14, 15]]),  # (n_rev, 2)
    (np.array([3, 5]), [[3, 5]]),  # one reversal as a vector
    (np.zeros((2, 0), dtype=int), []),  # none
])
def test_reversal_event_shapes(tmp_path, reversals, expected):
    arrays = {**recording_arrays(), "reversal_events": reversals}
    import_tree(h5_tree(tmp_path, {"u1": arrays}))
    assert stored("u1").behavior["reversal_events"] == expected


def test_events_labels_and_types(tmp_path):
    arrays = recording_arrays(n_neuron=4)
    labels = {"u1": {
        "1": label("AVAL", "AVA", "L"),
        "2": [label("RMDVL", "RMD", "L", "V", confidence=2), label("SMDVL", "SMD", "L", "V", confidence=5)],
        "3": label("VB02", "VB02"),
        "9": label("AVAR", "AVA", "R"),  # beyond the 4 traces
    }}
    rows = [{"uid": "u1", "label": True, "type": "baseline,neuropal", "event": "heat=[5]"}]
    data = import_tree(h5_tree(tmp_path, {"u1": arrays}, rows=rows, labels=labels))
    dataset = stored("u1")
    assert dataset.events == {"heat": [5]}
    assert sorted(t.type_id for t in dataset.dataset_types.all()) == ["atanas_kim_2023-baseline", "common-neuropal"]
    neurons = {n.idx_neuron: (n.neuron_name, n.neuron_class, n.lr, n.dv) for n in dataset.neurons.all()}
    assert neurons == {
        1: ("AVAL", "AVA", "l", "x"),
        2: ("SMDVL", "SMD", "l", "v"),  # the candidate of highest confidence
        3: ("VB02", "VB", "x", "x"),  # gcamp_neuron_class_name_map_manual.json: VB02 -> VB
        4: ("", "", "n", "n"),
    }
    assert dataset.n_labeled == 3  # the label of neuron 9 is ignored, not counted
    assert any("label of neuron 9 ignored" in p.message for p in data.problems)


def test_unmeasured_pumping_is_absent_not_nan(tmp_path):
    arrays = {**recording_arrays(), "pumping": np.full(20, np.nan)}
    import_tree(h5_tree(tmp_path, {"u1": arrays}))
    assert stored("u1").behavior["pumping"] is None


def test_unknown_label_class_is_kept_without_class(tmp_path):
    labels = {"u1": {"1": label("XYZL", "XYZ", "L")}}
    data = import_tree(h5_tree(tmp_path, {"u1": recording_arrays()}, labels=labels))
    neuron = stored("u1").neurons.get(idx_neuron=1)
    assert (neuron.neuron_name, neuron.neuron_class) == ("XYZL", "")
    assert any("'XYZ' is not a connectome class" in p.message for p in data.problems)


def bad(arrays: dict, **changes) -> dict:
    return {**arrays, **changes}


@pytest.mark.parametrize(
    "change, skip, fragment",
    [
        ({"velocity": np.zeros(19)}, (), "'behavior/velocity' has shape (19,), expected 20 values"),
        (
            {"traces": np.zeros((4, 19)), "traces_original": np.zeros((4, 19))},
            (),
            "'gcamp/trace_array' has shape (19, 4) but 'timing/timestamp_confocal' has 20",
        ),
        ({"traces_original": np.zeros((3, 20))}, (), "original traces have shape (3, 20)"),
        ({}, ("behavior/head_angle",), "'behavior/head_angle' is missing"),
        ({"reversal_events": np.array([[2, 30], [4, 31]])}, (), "reversal [30, 31] is not within frames 1..20"),
        ({"reversal_events": np.array([[2, 9, 1], [4, 12, 1], [1, 1, 1]])}, (), "expected (2, n_reversals)"),
        (
            {"timestamps": np.r_[np.arange(10) * 0.6, 100 + np.arange(5) * 0.6, 200 + np.arange(5) * 0.6]},
            (),
            "at most one",
        ),
        ({"timestamps": np.zeros(20)}, (), "strictly increasing"),
        ({"traces": np.full((4, 20), np.nan)}, (), "NaN"),
        ({"traces": recording_arrays()["traces"] * 2}, (), "4 trace(s) are not z-scored"),
    ],
)
def test_inconsistent_files_are_refused_and_the_rest_goes_on(tmp_path, change, skip, fragment):
    good, broken = recording_arrays(seed=1), bad(recording_arrays(seed=2), **change)
    write_tree(tmp_path, [{"uid": "good"}, {"uid": "broken"}])
    write_h5(tmp_path / PAPER / "good-data.h5", good)
    write_h5(tmp_path / PAPER / "broken-data.h5", broken, skip=skip)
    data = import_tree(tmp_path)
    errors = [str(p) for p in data.problems if p.level == "error"]
    assert len(errors) == 1 and "broken-data.h5" in errors[0] and fragment in errors[0], errors
    assert list(GCaMPDataset.objects.values_list("dataset_name", flat=True)) == ["good"]
    assert data.reports[0].refused == 1 and data.reports[0].imported == 1


def test_event_outside_the_recording_is_refused(tmp_path):
    rows = [{"uid": "u1", "event": "heat=[21]"}]
    data = import_tree(h5_tree(tmp_path, {"u1": recording_arrays()}, rows=rows))
    assert "event 'heat' at frame(s) [21]" in str(data.problems[-1])


def test_not_an_hdf5_file_is_refused(tmp_path):
    write_tree(tmp_path, [{"uid": "u1"}])
    (tmp_path / PAPER / "u1-data.h5").write_text("not hdf5")
    data = read_activity(tmp_path)
    assert "not a readable HDF5 file" in str(data.problems[-1]) and not data.recordings


def test_unknown_type_is_refused(tmp_path):
    data = read_activity(h5_tree(tmp_path, {"u1": recording_arrays()}, rows=[{"uid": "u1", "type": "nosuchtype"}]))
    assert "unknown dataset type 'nosuchtype'" in str(data.problems[-1]) and not data.recordings


def test_two_files_for_one_recording_are_refused(tmp_path):
    h5_tree(tmp_path, {"u1": recording_arrays()})
    (tmp_path / PAPER / "u1.json").write_text("{}")
    data = read_activity(tmp_path)
    assert "several files for u1" in str(data.problems[-1])


def test_malformed_manifest_rows_are_reported_and_skipped(tmp_path):
    rows = [{"uid": "u1"}, {"uid": "u2", "event": "heat=391"}, {"uid": "u1"}]
    data = import_tree(h5_tree(tmp_path, {"u1": recording_arrays()}, rows=rows))
    errors = [str(p) for p in data.problems if p.level == "error"]
    assert any("line 3" in e and "name=[frame" in e for e in errors)
    assert any("line 4" in e and "repeated" in e for e in errors)
    assert data.reports[0].listed == 1 and GCaMPDataset.objects.count() == 1


def test_missing_files_are_listed(tmp_path):
    data = read_activity(
        h5_tree(tmp_path, {"u1": recording_arrays()}, rows=[{"uid": "u1"}, {"uid": "u2"}, {"uid": "u3"}])
    )
    report = data.reports[0]
    assert (report.listed, report.found, report.missing) == (3, 1, ["u2", "u3"])


def test_manifest_checksum_match_gives_no_warning(tmp_path):
    from core.datafiles import sha256_file

    h5_tree(tmp_path, {"u1": recording_arrays()})
    checksum = sha256_file(tmp_path / PAPER / "h5/u1-data.h5")
    write_tree(tmp_path / "second", [{"uid": "u1", "checksum": checksum}])
    write_h5(tmp_path / "second" / PAPER / "u1-data.h5", recording_arrays())
    assert not [p for p in read_activity(tmp_path / "second").problems if "differs" in p.message]
    write_tree(tmp_path / "third", [{"uid": "u1", "checksum": "0" * 64}])
    write_h5(tmp_path / "third" / PAPER / "u1-data.h5", recording_arrays())
    assert [p for p in read_activity(tmp_path / "third").problems if "differs from the manifest" in p.message]
