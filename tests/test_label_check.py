"""The label check at import: label keys are trace rows, ROI ids mapped by the h5 file's match
table, or refused; the bundled recordings pass with the figures their files give."""

import io
import json

import h5py
import numpy as np
import pytest
from django.conf import settings
from django.core.management import call_command

from activity.importers import read_activity
from activity.importers.label_check import MIN_PAIRS
from activity.models import GCaMPDataset
from tests.activity_fixtures import PAPER, import_tree, label, paired, recording_arrays, write_h5, write_tree
from tests.raw_recordings import ATANAS, DAG, expected, h5_path

pytestmark = pytest.mark.django_db
N_NEURON, N_T = 14, 200
PAIR_ROWS = [(1, 6), (3, 9), (4, 12), (7, 13), (10, 14)]  # AVA, RIM, AIB, RIB, AIY


def roi(row: int) -> int:
    """The NeuroPAL ROI of a trace row in the fixtures: numbers well above the trace count."""
    return 30 + 7 * row


def fixture(tmp_path, **recordings: tuple[str, bool]):
    """One h5 recording per uid whose traces have five alike left/right pairs, labelled by its
    `keys`: "rows" (1-based trace rows), "rois" (their NeuroPAL ROI ids) or "shifted" (rows +
    1); with `table`, the file holds the ROI-to-trace match. Returns the labels by trace row."""
    arrays, by_row = paired(recording_arrays(seed=3, n_neuron=N_NEURON, n_t=N_T), PAIR_ROWS)
    blocks = {}
    for uid, (keys, table) in recordings.items():
        key = {"rows": lambda row: row, "rois": roi, "shifted": lambda row: row + 1}[keys]
        blocks[uid] = {str(key(int(row))): {**record, "roi_id": roi(int(row))} for row, record in by_row.items()}
        match = {roi(row): row for row in range(1, N_NEURON + 1)} | {roi(N_NEURON + 5): 0} if table else None
        write_h5(tmp_path / PAPER / f"{uid}-data.h5", arrays, roi_match=match)
    write_tree(tmp_path, [{"uid": uid, "label": True} for uid in recordings], labels=blocks)
    return by_row


def stored_labels(uid: str = "u1") -> dict[int, str]:
    dataset = GCaMPDataset.objects.get(dataset_id=f"{PAPER}-{uid}")
    return dict(dataset.neurons.exclude(neuron_name="").values_list("idx_neuron", "neuron_name"))


def names(by_row: dict) -> dict[int, str]:
    return {int(row): record["label"] for row, record in by_row.items()}


def warnings_about(data, uid: str = "u1") -> list[str]:
    return [p.message for p in data.problems if p.level == "warning" and f"{PAPER}-{uid}: labels refused" in p.message]


def test_keys_that_are_trace_rows_pass_on_their_pairs(tmp_path):
    by_row = fixture(tmp_path, u1=("rows", False))
    data = import_tree(tmp_path)
    check = data.recordings[0].label_check
    assert check.passed and (check.n_keys, check.n_above, check.n_pairs) == (10, 0, 5)
    assert check.keys == "trace rows" and check.match == ""
    assert check.z >= 3 and check.r_pairs > 0.8 > check.r_shifted
    assert stored_labels() == names(by_row)
    assert not warnings_about(data)


def test_roi_ids_with_a_match_table_are_moved_to_their_trace_rows(tmp_path):
    by_row = fixture(tmp_path, u1=("rois", True))
    data = import_tree(tmp_path)
    check = data.recordings[0].label_check
    assert check.passed and check.keys == "ROI ids" and check.n_above == 10
    assert check.match == "keys are ROI ids: roi_match moves 10 of 10 to trace rows"
    assert stored_labels() == names(by_row)  # on the traces of their ROIs, not at row = ROI id
    assert check.n_pairs == 5 and check.r_pairs > 0.8


def test_roi_ids_without_a_record_roi_are_mapped_when_keys_exceed_the_traces(tmp_path):
    fixture(tmp_path, u1=("rois", True))
    path = tmp_path / PAPER / "labels/neuropal_label.json"
    content = json.loads(path.read_text())
    for record in content["data"]["u1"]["idx_neuron-label"].values():
        record["roi_id"] = None
    path.write_text(json.dumps(content))
    data = import_tree(tmp_path)
    assert data.recordings[0].label_check.keys == "ROI ids" and len(stored_labels()) == 10


def test_roi_ids_without_a_match_table_are_refused_and_the_traces_kept(tmp_path):
    fixture(tmp_path, u1=("rois", False))
    data = import_tree(tmp_path)
    check = data.recordings[0].label_check
    assert not check.passed and check.n_above == 10
    assert check.failure == f"10 label keys exceed the {N_NEURON} traces (up to {roi(14)}): they are not trace rows"
    dataset = GCaMPDataset.objects.get(dataset_id=f"{PAPER}-u1")
    assert (dataset.n_neuron, dataset.max_t, dataset.n_labeled) == (N_NEURON, N_T, 0)
    assert stored_labels() == {}
    [warning] = warnings_about(data)
    assert "traces imported without them" in warning and f"10 label keys, 10 above the {N_NEURON} traces" in warning


def test_keys_off_by_one_are_refused_by_their_pairs(tmp_path):
    fixture(tmp_path, u1=("shifted", False))
    data = import_tree(tmp_path)
    check = data.recordings[0].label_check
    assert check.n_above == 1  # row 14 + 1
    assert check.failure.startswith("1 label keys exceed")
    # within the traces, the shifted pairs are caught by their correlation
    path = tmp_path / PAPER / "labels/neuropal_label.json"
    content = json.loads(path.read_text())
    block = content["data"]["u1"]["idx_neuron-label"]
    block.pop("11"), block.pop("15")  # the AIY pair (rows 10, 14), shifted to 11 and 15
    path.write_text(json.dumps(content))
    check = import_tree(tmp_path).recordings[0].label_check
    assert check.n_above == 0 and check.n_pairs == 4 and check.r_pairs < check.r_shifted
    assert check.failure == "labelled left/right pairs are no more alike than shifted or random pairs"
    assert stored_labels() == {}


def test_keys_the_match_table_contradicts_are_refused(tmp_path):
    fixture(tmp_path, u1=("shifted", True))
    data = import_tree(tmp_path)
    check = data.recordings[0].label_check
    assert check.failure == "the keys are neither the trace rows roi_match gives (0 of 10) nor the ROI ids (0 of 10)"
    assert stored_labels() == {}


def test_too_few_pairs_without_a_match_table_cannot_be_verified(tmp_path):
    arrays = recording_arrays(n_neuron=6, n_t=50)
    labels = {"u1": {"1": label("AVAL", "AVA", "L"), "2": label("AVAR", "AVA", "R"), "3": label("ADEL", "ADE", "L")}}
    write_tree(tmp_path, [{"uid": "u1", "label": True}], labels=labels)
    write_h5(tmp_path / PAPER / "u1-data.h5", arrays)
    check = import_tree(tmp_path).recordings[0].label_check
    assert check.n_pairs == 1 < MIN_PAIRS
    assert check.failure.startswith("cannot be verified: 1 labelled left/right pairs")
    assert stored_labels() == {}


def test_the_import_summary_shows_the_check_of_every_recording(tmp_path):
    fixture(tmp_path, u1=("rows", False), u2=("rois", False))
    out = io.StringIO()
    call_command("init_data_gcamp", data_dir=tmp_path, stdout=out)
    lines = [line.strip() for line in out.getvalue().splitlines()]
    kept = next(line for line in lines if line.startswith(f"{PAPER}-u1: labels kept: 10 label keys, 0 above"))
    assert "5 left/right pairs r = " in kept
    assert any(line.startswith(f"{PAPER}-u2: labels REFUSED (10 label keys exceed") for line in lines)
    assert any("warning: " in line and f"{PAPER}-u2: labels refused" in line for line in lines)


# The bundled recordings, against figures computed here from their files


def figures_from_files(paper_id: str, uid: str) -> dict:
    """The label check's figures, from the raw files: traces (h5py or json), label keys, pairs
    by name (AVAL with AVAR, names given to one trace only), Pearson r with numpy, and the h5's
    roi_match."""
    raw = expected(paper_id, uid)
    traces = raw["traces"]
    n = traces.shape[0]
    if paper_id == ATANAS:
        labels = {i: name for i, name in enumerate(raw["names"], 1)}
        rois = {}
    else:
        labels = {int(k): record["label"] for k, record in raw["labels"].items()}
        rois = {int(k): record["roi_id"] for k, record in raw["labels"].items()}
    once = [name for name in labels.values() if list(labels.values()).count(name) == 1]  # URADL twice: no pair
    by_name = {name: row for row, name in labels.items() if "?" not in name and name in once}
    pairs = [(row, by_name[name[:-1] + "R"]) for name, row in by_name.items()
             if name.endswith("L") and name[:-1] + "R" in by_name]
    r = np.corrcoef(traces)
    between = r[np.triu_indices(n, 1)]
    figures = {
        "n_keys": len(labels), "n_above": sum(k > n for k in labels), "n_pairs": len(pairs),
        "r_pairs": np.mean([r[a - 1, b - 1] for a, b in pairs]),
        "r_shifted": max(np.mean([r[a, b] for a, b in pairs if a < n and b < n]),  # rows + 1
                         np.mean([r[a - 2, b - 2] for a, b in pairs if a > 1 and b > 1])),  # rows - 1
        "r_random": between.mean(),
    }
    if rois:
        with h5py.File(h5_path(uid)) as f:
            match = f["neuropal_registration/roi_match"][()]
        figures["agree"] = sum(int(match[roi_id - 1]) == row for row, roi_id in rois.items())
    return figures


def test_the_bundled_recordings_pass_with_the_figures_of_their_files():
    data = read_activity(settings.DATA_DIR)
    checked = {(r.paper_id, r.uid): r.label_check for r in data.recordings if r.label_check}
    assert sorted(checked) == sorted(
        GCaMPDataset.objects.filter(n_labeled__gt=0).values_list("paper__paper_id", "dataset_name")
    )
    assert len([key for key in checked if key[0] == DAG]) == 7
    for (paper_id, uid), check in checked.items():
        files = figures_from_files(paper_id, uid)
        assert check.passed, check.summary()
        assert (check.n_keys, check.n_above, check.n_pairs) == (files["n_keys"], 0, files["n_pairs"])
        assert check.r_pairs == pytest.approx(files["r_pairs"], abs=1e-9)
        assert check.r_shifted == pytest.approx(files["r_shifted"], abs=1e-9)
        assert check.r_random == pytest.approx(files["r_random"], abs=1e-9)
        # what README says of them: pairs far more alike than shifted or random ones
        assert check.r_pairs > 0.45 and check.r_shifted < 0.2 and check.r_random < 0.2 and check.z > 5
        if paper_id == DAG:
            assert files["agree"] == files["n_keys"]
            assert check.match == f"roi_match agrees with {files['n_keys']} of {files['n_keys']} keys"
        else:
            assert check.match == ""  # the subset has no h5: its pairs alone prove it
