"""Per-recording CePNEM encoding from the six published CePNEM files, on fixture files written
as Julia writes them (tests/published_data.py); the expected values of the 2-neuron example
are those of WormWideWebData.jl's own test."""

import pytest

from activity.importers.cepnem import CEPNEM_FILES, find_cepnem
from activity.models import GCaMPDataset, GCaMPNeuron
from tests.activity_fixtures import PAPER, import_tree, label, matched, recording_arrays, write_h5, write_tree
from tests.published_data import JULIA_EXAMPLE, JULIA_EXPECTED, random_cepnem, write_cepnem

pytestmark = pytest.mark.django_db


def tree(tmp_path, n_neuron: int = 2, compress: bool = True, skip=(), cepnem=None):
    """A paper folder as fetched: datasets/<uid>-data.h5 and the CePNEM files beside it."""
    write_tree(tmp_path, [{"uid": "u1"}, {"uid": "u2"}])
    write_h5(tmp_path / PAPER / "datasets/u1-data.h5", recording_arrays(seed=1, n_neuron=n_neuron))
    write_h5(tmp_path / PAPER / "datasets/u2-data.h5", recording_arrays(seed=2, n_neuron=3))
    write_cepnem(tmp_path / PAPER, cepnem or {"u1": JULIA_EXAMPLE}, compress=compress, skip=skip)
    return tmp_path


@pytest.mark.parametrize("compress", [True, False], ids=[".h5.bz2 as downloaded", ".h5 decompressed"])
def test_encoding_follows_the_original_pipeline(tmp_path, compress):
    data = import_tree(tree(tmp_path, compress=compress))
    encoding = GCaMPDataset.objects.get(dataset_name="u1").encoding
    for key, expected in JULIA_EXPECTED.items():
        assert encoding[key] == (expected if key == "ranges" else pytest.approx(expected)), key
    assert encoding["neuron_categorization"]["1"]["θh"]["dorsal"] == [2]
    assert GCaMPDataset.objects.get(dataset_name="u2").encoding is None  # not in the files
    assert [p.message for p in data.problems if "CePNEM" in p.message] == [
        "the CePNEM files have no entry for u2; imported without encoding"
    ]


def test_the_files_read_as_julia_wrote_them_whatever_the_shape(tmp_path):
    """6 neurons, 2 ranges: the matrices are not square, so a wrong orientation would fail."""
    entries = random_cepnem(6, seed=5)
    write_cepnem(tmp_path, {"u": entries})
    block = find_cepnem([tmp_path], []).encoding("u")
    tau = entries["sampled_tau_vals_median"]  # Julia (n_range, n_neuron)
    for n in range(1, 7):
        ranges = [int(r) for r, c in entries["neuron_categorization"].items() if n in c["all"]]
        values = sorted(tau[r - 1][n - 1] for r in ranges)
        expected = 0.0 if not values else (values[0] if len(values) == 1 else (values[0] + values[1]) / 2)
        assert block["tau_vals"][n - 1] == pytest.approx(expected)


def test_incomplete_files_are_a_warning_and_no_encoding(tmp_path):
    data = import_tree(tree(tmp_path, skip=("tuning_strength",)))
    assert GCaMPDataset.objects.get(dataset_name="u1").encoding is None
    assert any("CePNEM files missing: tuning_strength" in p.message for p in data.problems)


def test_an_encoding_of_another_neuron_count_is_left_out(tmp_path):
    data = import_tree(tree(tmp_path, n_neuron=4))
    assert GCaMPDataset.objects.get(dataset_name="u1").encoding is None
    assert any("CePNEM encoding covers 2 neurons, the recording 4" in p.message for p in data.problems)


def test_a_paper_without_encoding_data_ignores_the_files(tmp_path):
    root = tree(tmp_path)
    papers = root / "wormwideweb-data/activity/papers.json"
    papers.write_text(papers.read_text().replace('"encoding_data": true', '"encoding_data": false'))
    import_tree(root)
    assert GCaMPDataset.objects.filter(encoding__isnull=False).count() == 0


def test_the_published_label_file_is_found_beside_the_recordings(tmp_path):
    # The label names its ROI and the h5 file holds the match confirming it (the label check).
    labels, roi_match = matched({"1": label("RIML", "RIM", "L")})
    write_tree(tmp_path, [{"uid": "u1", "label": True}], labels={"u1": labels})
    write_h5(tmp_path / PAPER / "datasets/u1-data.h5", recording_arrays(seed=1, n_neuron=2), roi_match=roi_match)
    (tmp_path / PAPER / "labels/neuropal_label.json").rename(tmp_path / PAPER / "neuropal_label.json")
    import_tree(tmp_path)
    assert GCaMPNeuron.objects.get(dataset__dataset_name="u1", idx_neuron=1).neuron_name == "RIML"


def test_the_six_file_names_are_the_published_ones():
    assert [f"{name}.h5.bz2" for name in CEPNEM_FILES] == [
        "neuron_categorization.h5.bz2", "encoding_changes_corrected.h5.bz2", "relative_encoding_strength_median.h5.bz2",
        "tuning_strength.h5.bz2", "sampled_tau_vals_median.h5.bz2", "fit_ranges.h5.bz2",
    ]
