"""The published per-recording JSON layout (spec 4.4), with and without encoding, and the
round trip through the download endpoint."""

import json

import numpy as np
import pytest

from activity.downloads import recording_document
from activity.importers import read_activity
from activity.models import GCaMPDataset, GCaMPNeuron, trace_array
from tests.activity_fixtures import (
    PAPER,
    encoding_block,
    import_tree,
    json_document,
    label,
    recording_arrays,
    write_tree,
)

pytestmark = pytest.mark.django_db
REAL = "dag_nwabudike_kang_2023-2022-07-26-31"


def json_tree(tmp_path, documents: dict[str, dict], name="{paper}_{uid}.json"):
    write_tree(tmp_path, [{"uid": uid, "type": "baseline,neuropal"} for uid in documents])
    for uid, document in documents.items():
        (tmp_path / PAPER / name.format(paper=PAPER, uid=uid)).write_text(json.dumps(document))
    return tmp_path


def test_json_layout_is_imported_without_sign_flip(tmp_path):
    arrays = recording_arrays(n_neuron=3, n_t=25)
    labels = {"2": label("AVAR", "AVA", "R")}
    import_tree(json_tree(tmp_path, {"u1": json_document(arrays, "u1", labels=labels)}))
    dataset = GCaMPDataset.objects.get(dataset_id=f"{PAPER}-u1")
    assert (dataset.source_format, dataset.n_neuron, dataset.max_t, dataset.n_labeled) == ("json", 3, 25, 1)
    np.testing.assert_allclose(dataset.behavior["head_angle"], arrays["head_angle"], atol=1e-6)
    assert dataset.behavior["pumping"] is None and dataset.encoding is None
    assert dataset.neurons.get(idx_neuron=2).neuron_name == "AVAR"
    traces = np.vstack([trace_array(t) for t in dataset.neurons.order_by("idx_neuron").values_list("trace", flat=True)])
    np.testing.assert_allclose(traces, arrays["traces"], atol=1e-6)


def test_uid_json_name_is_accepted_too(tmp_path):
    json_tree(tmp_path, {"u1": json_document(recording_arrays(), "u1")}, name="{uid}.json")
    assert [r.uid for r in read_activity(tmp_path).recordings] == ["u1"]


def test_encoding_block_is_imported_and_served(tmp_path, client):
    arrays = recording_arrays(n_neuron=4)
    encoding = encoding_block(4)
    labels = {"1": label("AVAL", "AVA", "L"), "3": label("RIML", "RIM", "L")}
    import_tree(json_tree(tmp_path, {"u1": json_document(arrays, "u1", labels=labels, encoding=encoding)}))

    answer = client.get(f"/activity/api/data/{PAPER}-u1/encoding/").json()
    assert answer["n_neuron"] == 4
    for key in ("rel_enc_str_v", "rel_enc_str_θh", "rel_enc_str_P", "forwardness", "dorsalness", "feedingness",
                "tau_vals", "neuron_categorization", "encoding_changing_neurons"):
        assert answer[key] == encoding[key]

    dictionary = client.get("/activity/api/data/atanas_kim_2023_encoding/").json()
    entry = dictionary[f"{PAPER}-u1"]
    assert entry["dataset_name"] == "u1" and entry["encoding"] == answer
    assert entry["neuron"]["1"] == {"name": "1 (AVAL)", "label": "AVAL", "class": "AVA", "idx_neuron": 1}
    assert entry["neuron"]["2"] == {"name": "2", "label": "", "class": None, "idx_neuron": 2}


def test_recordings_of_other_types_stay_out_of_the_encoding_dictionary(tmp_path, client):
    document = json_document(
        recording_arrays(n_neuron=4), "u1", labels={"1": label("AVAL", "AVA", "L")}, encoding=encoding_block(4)
    )
    document["metadata"]["dataset_type"] = ["heat", "neuropal"]
    import_tree(json_tree(tmp_path, {"u1": document}))
    assert client.get(f"/activity/api/data/{PAPER}-u1/encoding/").status_code == 200
    assert client.get("/activity/api/data/atanas_kim_2023_encoding/").json() == {}


@pytest.mark.parametrize("change, fragment", [
    (lambda d: d["encoding"].update(tau_vals=[1.0]), "encoding 'tau_vals' must have one value per neuron (4)"),
    (lambda d: d["encoding"].pop("forwardness"), "encoding block lacks forwardness"),
    (lambda d: d["encoding"].update(encoding_changing_neurons=[9]), "must list neuron indices"),
    (lambda d: d["gcamp"]["trace_array"][1].pop(), "rows have different lengths"),
    (lambda d: d["timing"]["timestamp_confocal"].pop(), "20 frames of traces but 19 timestamps"),
    (lambda d: d["behavior"].pop("velocity"), "behavior.velocity is missing"),
    (lambda d: d["behavior"].update(reversal_events=[[1, 2, 3]]), "[start, end] frame pairs"),
    (lambda d: d["metadata"].update(uid="other"), "metadata.uid is 'other'"),
    (lambda d: d.pop("gcamp"), "'gcamp' is missing"),
])
def test_malformed_json_is_refused_naming_the_problem(tmp_path, change, fragment):
    document = json_document(recording_arrays(n_neuron=4), "u1", encoding=encoding_block(4))
    change(document)
    data = read_activity(json_tree(tmp_path, {"u1": document}))
    assert not data.recordings
    assert f"{PAPER}_u1.json" in str(data.problems[-1]) and fragment in str(data.problems[-1])


def test_not_json_is_refused(tmp_path):
    write_tree(tmp_path, [{"uid": "u1"}])
    (tmp_path / PAPER / f"{PAPER}_u1.json").write_text("{oops")
    assert "not a readable JSON file" in str(read_activity(tmp_path).problems[-1])


def test_max_t_disagreement_is_a_warning(tmp_path):
    document = json_document(recording_arrays(), "u1")
    document["timing"]["max_t"] = 99
    data = import_tree(json_tree(tmp_path, {"u1": document}))
    assert any("timing.max_t is 99" in p.message for p in data.problems)
    assert GCaMPDataset.objects.get(dataset_name="u1").max_t == 20


def test_null_behaviour_means_no_behaviour(tmp_path, client):
    import_tree(json_tree(tmp_path, {"u1": json_document(recording_arrays(), "u1", behavior=False)}))
    assert GCaMPDataset.objects.get(dataset_name="u1").behavior is None
    response = client.get(f"/activity/api/data/{PAPER}-u1/behavior/")
    assert response.status_code == 404 and "no behaviour data" in response.json()["error"]


def test_download_round_trip_reimports_the_same_recording(tmp_path):
    """A downloaded recording, placed in a data folder, imports back to the same values."""
    original = GCaMPDataset.objects.get(dataset_id=REAL)
    neurons = list(
        original.neurons.order_by("idx_neuron").values_list("neuron_name", "neuron_class", "lr", "dv", "trace")
    )
    document = recording_document(original)
    paper, uid = original.paper.paper_id, original.dataset_name
    write_tree(tmp_path, [{"uid": uid, "type": "neuropal,reFed"}], paper=paper)
    (tmp_path / paper / f"{paper}_{uid}.json").write_text(json.dumps(document))
    data = import_tree(tmp_path)
    assert not [p for p in data.problems if p.level == "error"]
    copy = GCaMPDataset.objects.get(dataset_id=REAL)
    assert copy.source_format == "json"
    for field in ("n_neuron", "n_labeled", "max_t", "events", "timestamp_confocal", "behavior"):
        assert getattr(copy, field) == getattr(original, field), field
    assert copy.avg_timestep == pytest.approx(original.avg_timestep, rel=1e-9)
    reimported = list(
        GCaMPNeuron.objects.filter(dataset=copy)
        .order_by("idx_neuron")
        .values_list("neuron_name", "neuron_class", "lr", "dv", "trace")
    )
    assert [n[:4] for n in reimported] == [n[:4] for n in neurons]
    np.testing.assert_allclose([trace_array(n[4]) for n in reimported], [trace_array(n[4]) for n in neurons], atol=1e-5)
