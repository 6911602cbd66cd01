"""Client's activity methods: against the API's answers and the recordings' own files (h5 read
with h5py, the label file, the Atanas subset's JSON), with numpy for the correlations."""

import bz2
import csv
import io
import json
import tarfile
import zipfile
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import pytest
import requests
import wormwideweb_client

ROOT = Path(__file__).resolve().parents[3]
DAG = ROOT / "data/dag_nwabudike_kang_2023"
RECORDING = "dag_nwabudike_kang_2023-2022-07-26-31"
ATANAS = "atanas_kim_2023-2022-08-02-01"
TRACE_DECIMALS = 5  # the API serves traces to 5 decimals (README)


def h5_file(uid: str) -> Path:
    return next(DAG.glob(f"h5/*/{uid}-data.h5"))


def h5_traces(uid: str) -> np.ndarray:
    """(frames, neurons): h5py reads Julia's (neurons x frames) matrix transposed; the frame
    axis is the one as long as the timestamps."""
    with h5py.File(h5_file(uid)) as f:
        traces, n_t = f["gcamp/trace_array"][()], len(f["timing/timestamp_confocal"])
    return traces if traces.shape[0] == n_t else traces.T


def raw_label_index(uid: str, label: str) -> int:
    labels = json.loads((DAG / "labels/neuropal_label.json").read_text())["data"][uid]["idx_neuron-label"]
    found = [int(i) for i, record in labels.items() if (record if isinstance(record, dict) else record[0])["label"]
             == label]
    assert len(found) == 1, found
    return found[0]


def api(url: str, path: str, **params):
    response = requests.get(url + path, params=params, timeout=30)
    response.raise_for_status()
    return response.json()


def served_dag_uids(ww) -> list[str]:
    table = ww.recordings()
    return [d.split("-", 1)[1] for d in table.index if table.loc[d, "paper_id"] == "dag_nwabudike_kang_2023"]


def test_aval_trace_equals_the_h5_file(ww):
    idx = raw_label_index("2022-07-26-31", "AVAL")
    expected = h5_traces("2022-07-26-31")[:, idx - 1]
    by_label = ww.trace(RECORDING, "AVAL")
    assert isinstance(by_label, np.ndarray) and by_label.shape == expected.shape == (800,)
    np.testing.assert_allclose(by_label, expected, atol=0.6 * 10**-TRACE_DECIMALS + 1e-6)
    np.testing.assert_array_equal(ww.trace(RECORDING, idx), by_label)
    traces = ww.traces(RECORDING, neurons=["AVAL", "RIBL"])
    assert list(traces.columns) == ["AVAL", "RIBL"]
    np.testing.assert_array_equal(traces["AVAL"].to_numpy(), by_label)
    ribl = raw_label_index("2022-07-26-31", "RIBL")
    np.testing.assert_allclose(traces["RIBL"], h5_traces("2022-07-26-31")[:, ribl - 1], atol=1e-5)
    assert traces.attrs["idx_neuron"] == {"AVAL": idx, "RIBL": ribl}


def test_time_index_is_in_seconds(ww, live_url):
    traces = ww.traces(RECORDING, [89])
    answer = api(live_url, "/activity/api/data/datasets/")
    avg = next(r["avg_timestep"] for r in answer if r["dataset_id"] == RECORDING)
    assert traces.index.name == "time_s" and traces.index[0] == 0.0
    np.testing.assert_allclose(np.diff(traces.index), avg * 60)
    with h5py.File(h5_file("2022-07-26-31")) as f:
        stamps = f["timing/timestamp_confocal"][()]
    # Minutes per frame x 60 is the mean interval of the rig's clock (one segment gap left out).
    intervals = np.diff(stamps)
    assert avg * 60 == pytest.approx(intervals[intervals <= 1.2 * np.median(intervals)].mean(), rel=1e-6)
    assert traces.index[-1] == pytest.approx((len(stamps) - 1) * avg * 60)


def test_every_trace_of_every_recording_equals_its_file(ww):
    """The real sizes: all neurons of every served h5 recording, and the Atanas subset."""
    uids = served_dag_uids(ww)
    assert len(uids) == 8
    for uid in uids:
        traces = ww.traces(f"dag_nwabudike_kang_2023-{uid}")
        expected = h5_traces(uid)
        assert traces.shape == expected.shape
        np.testing.assert_allclose(traces.to_numpy(), expected, atol=1e-5)
    subset = json.loads((ROOT / "data/atanas_kim_2023_subset/2022-08-02-01_labeled_traces.json").read_text())
    traces = ww.traces(ATANAS)
    assert list(traces.columns) == subset["neurons"]
    np.testing.assert_allclose(traces.to_numpy(), np.asarray(subset["trace_array"]).T, atol=1e-5)
    # Frames are evenly spaced at avg_timestep (README); the rig's clock jitters by < 0.1 s.
    np.testing.assert_allclose(traces.index, subset["timestamps_s"], atol=0.1)


def test_recording_neurons_and_labels_match_the_label_file(ww, live_url):
    neurons = ww.recording_neurons(RECORDING)
    labels = json.loads((DAG / "labels/neuropal_label.json").read_text())["data"]["2022-07-26-31"]["idx_neuron-label"]
    assert neurons.index.name == "idx_neuron" and len(neurons) == 146
    assert neurons.loc[raw_label_index("2022-07-26-31", "AVAL"), "label"] == "AVAL"
    assert (neurons.label != "").sum() == api(live_url, "/activity/api/data/datasets/")[2]["n_labeled"]
    assert set(neurons.index[neurons.label != ""]) <= {int(i) for i in labels}


def test_repeated_labels_are_told_apart_by_index(ww):
    recording = "dag_nwabudike_kang_2023-2022-07-27-38"
    neurons = ww.recording_neurons(recording)
    twice = neurons.index[neurons.label == "URADL"].tolist()
    assert len(twice) == 2
    traces = ww.traces(recording, ["URADL", 1])
    assert list(traces.columns)[:2] == [f"URADL ({i})" for i in twice]
    assert traces.attrs["idx_neuron"][f"URADL ({twice[0]})"] == twice[0]
    with pytest.raises(wormwideweb_client.WormWideWebError, match="labels 2 traces") as e:
        ww.trace(recording, "URADL")
    assert e.value.status == 400


def test_recordings_equal_the_api_answer(ww, live_url):
    answer = api(live_url, "/activity/api/data/datasets/")
    table = ww.recordings()
    assert table.index.name == "dataset_id" and len(table) == len(answer) == 9
    assert table.reset_index().to_dict("records") == answer


def test_behavior_equals_the_h5_file(ww):
    behavior = ww.behavior(RECORDING)
    with open(ROOT / "data/wormwideweb-data/activity/raw/dag_nwabudike_kang_2023.csv", encoding="utf-8") as f:
        ventral = next(r for r in csv.DictReader(f) if r["uid"] == "2022-07-26-31")["θh_pos_is_ventral"] == "true"
    with h5py.File(h5_file("2022-07-26-31")) as f:
        velocity, head = f["behavior/velocity"][()], f["behavior/head_angle"][()]
        reversals = f["behavior/reversal_events"][()]
    assert list(behavior.columns) == ["v", "hc", "av"]  # SWF702 files hold no pumping
    np.testing.assert_allclose(behavior.v, velocity * 10, atol=1e-4)  # 0.1 mm/s
    np.testing.assert_allclose(behavior.hc, head * (-1 if ventral else 1), atol=1e-4)
    assert behavior.attrs["units"] == {"v": "0.1 mm/s", "hc": "rad", "av": "rad/s"}
    assert behavior.index.equals(ww.traces(RECORDING, [1]).index)
    table = ww.reversals(RECORDING)
    assert table[["start_frame", "end_frame"]].to_numpy().tolist() == reversals.T.tolist()
    np.testing.assert_allclose(table.start_s, behavior.index[table.start_frame - 1])


def test_correlations_equal_numpy(ww):
    names = ["AVAL", "AVAR", "RIBL", "SMDVL"]
    matrix = ww.correlations(RECORDING, names)
    traces = h5_traces("2022-07-26-31")
    idxs = [raw_label_index("2022-07-26-31", n) for n in names]
    expected = np.corrcoef(traces[:, np.asarray(idxs) - 1].T)
    assert list(matrix.index) == list(matrix.columns) == names
    np.testing.assert_allclose(matrix.to_numpy(), expected, atol=6e-4)  # r to 3 decimals


def test_top_partners_and_behavior_correlations(ww, live_url):
    answer = api(live_url, f"/activity/api/data/{RECORDING}/correlation/", n="89-73", top=4)
    partners = ww.top_partners(RECORDING, ["AVAL", "RIBL"], top=4)
    assert list(partners.columns) == ["neuron", "idx_neuron", "rank", "partner", "partner_idx", "r"]
    for idx in (89, 73):
        rows = partners[partners.idx_neuron == idx]
        assert rows.partner_idx.tolist() == [p["idx_neuron"] for p in answer["top"][str(idx)]]
        assert rows.r.tolist() == [p["r"] for p in answer["top"][str(idx)]]
    traces = h5_traces("2022-07-26-31")
    best = np.argsort(-np.abs(np.corrcoef(traces.T)[88]))[1] + 1  # the best partner besides itself
    assert partners.partner_idx.iloc[0] == best
    table = ww.behavior_correlations(RECORDING, ["AVAL", "RIBL"])
    assert table.index.tolist() == ["AVAL", "RIBL"] and list(table.columns) == ["v", "hc", "av"]
    velocity = ww.behavior(RECORDING).v.to_numpy()
    assert table.loc["AVAL", "v"] == pytest.approx(np.corrcoef(traces[:, 88], velocity)[0, 1], abs=6e-4)


def test_find_neuron_equals_the_api_index(ww, live_url):
    answer = api(live_url, "/activity/api/data/find_neuron/")
    found = ww.find_neuron()
    rebuilt: dict = {}
    for row in found.itertuples(index=False):
        rebuilt.setdefault(f"{row.neuron_class}_{row.lr}_{row.dv}", {})[row.recording] = row.idx_neurons
    assert rebuilt == answer["match"]
    ava = ww.find_neuron("AVA")
    left = ava[(ava.lr == "l") & (ava.recording == RECORDING)]
    assert left.idx_neurons.tolist() == [[raw_label_index("2022-07-26-31", "AVAL")]]


def test_encoding_table_equals_the_file(ww):
    raw = json.loads((ROOT / "data/wormwideweb-data/activity/encoding_table.json").read_text())
    table = ww.encoding_table()
    assert table.index.tolist() == raw["class"]
    assert table["count"].tolist() == raw["count"]
    i = raw["class"].index("AVA")
    np.testing.assert_allclose(table.loc["AVA", "enc_strength_v"], raw["enc_strength_v"][i])
    assert len(table.columns) == 9 + 24
    np.testing.assert_allclose(table.iloc[:, 9:].to_numpy(), np.asarray(raw["encoding_table"], dtype=float))
    assert table.attrs["neuron_match"]["AVAL"] == "AVA"


def test_encoding_of_a_recording_with_one(encoding_url):
    """No bundled recording has a CePNEM encoding: a server on the fixture recording."""
    ww = wormwideweb_client.Client(encoding_url, retries=0)
    answer = api(encoding_url, "/activity/api/data/atanas_kim_2023-u1/encoding/")
    encoding = ww.encoding("atanas_kim_2023-u1")
    assert encoding.index.tolist() == list(range(1, answer["n_neuron"] + 1)) == list(range(1, 7))
    for key in ("rel_enc_str_v", "rel_enc_str_θh", "rel_enc_str_P", "forwardness", "dorsalness", "feedingness",
                "tau_vals"):
        np.testing.assert_array_equal(encoding[key], np.asarray(answer[key], dtype=float))
    assert encoding.index[encoding.encoding_changing].tolist() == sorted(answer["encoding_changing_neurons"])
    assert encoding.attrs["neuron_categorization"] == answer["neuron_categorization"]
    dictionary = ww.encoding_dictionary()
    assert dictionary == api(encoding_url, "/activity/api/data/atanas_kim_2023_encoding/")
    assert list(dictionary) == ["atanas_kim_2023-u1"]
    assert dictionary["atanas_kim_2023-u1"]["neuron"]["1"]["label"] == "AVAL"
    assert ww.traces("atanas_kim_2023-u1", ["AVAL", "RIMR"]).shape == (120, 2)


def test_encoding_dictionary_equals_the_api_answer(ww, live_url):
    assert ww.encoding_dictionary() == api(live_url, "/activity/api/data/atanas_kim_2023_encoding/") == {}


def test_replay_equals_the_api_answer(ww, live_url):
    answer = api(live_url, "/activity/api/data/replay/", activity_dataset=RECORDING,
                 connectome_dataset="cook_jarrell_2019_h")
    replay = ww.replay(RECORDING, "cook_jarrell_2019_h")
    assert replay.nodes.index.tolist() == [n["id"] for n in answer["nodes"]]
    assert replay.nodes.loc["AVAL", "pagerank_centrality"] == next(
        n["pagerank_centrality"] for n in answer["nodes"] if n["id"] == "AVAL")
    assert replay.nodes.loc["AVAL", "r_v"] == next(n for n in answer["nodes"] if n["id"] == "AVAL")[
        "behavior_correlations"]["v"]
    assert replay.edges.to_dict("records") == answer["edges"]
    assert replay.activity.shape == (answer["meta"]["trace_length"], answer["meta"]["n_nodes"])
    np.testing.assert_allclose(replay.activity["AVAL"], next(n["trace"] for n in answer["nodes"] if n["id"] == "AVAL"))
    assert replay.behavior.columns.tolist() == ["v", "hc", "av"]
    assert replay.meta == answer["meta"] and replay.warnings == answer["warnings"]
    assert replay.attrs["datasets"] == [RECORDING, "cook_jarrell_2019_h"]
    # Activity is each trace z-scored, clipped to ±3 and divided by 3 (README): from the h5 file.
    raw = h5_traces("2022-07-26-31")[:, raw_label_index("2022-07-26-31", "AVAL") - 1]
    expected = np.clip((raw - raw.mean()) / raw.std(), -3, 3) / 3
    np.testing.assert_allclose(replay.activity["AVAL"], expected, atol=2e-3)


def test_plot_multiple_url_equals_the_api_redirect(ww, live_url):
    response = requests.post(f"{live_url}/activity/plot-multiple-data/", json={RECORDING: [89, 73], ATANAS: []},
                             timeout=30)
    url = ww.plot_multiple_url({RECORDING: ["AVAL", "RIBL"], ATANAS: []})
    assert url == live_url + response.json()["redirect"]
    assert requests.get(url, timeout=30).status_code == 200


def test_downloads_are_the_api_files(ww, live_url, tmp_path):
    path = ww.download(RECORDING, tmp_path)
    expected = requests.get(f"{live_url}/activity/api/data/download/{RECORDING}/", timeout=60).content
    assert path == tmp_path / "dag_nwabudike_kang_2023_2022-07-26-31.json.bz2" and path.read_bytes() == expected
    document = json.loads(bz2.decompress(path.read_bytes()))
    trace = np.asarray(document["gcamp"]["trace_array"][raw_label_index("2022-07-26-31", "AVAL") - 1])
    np.testing.assert_allclose(trace, h5_traces("2022-07-26-31")[:, 88], atol=1e-5)
    named = ww.download(ATANAS, tmp_path / "atanas.json.bz2")
    assert named == tmp_path / "atanas.json.bz2" and json.loads(bz2.decompress(named.read_bytes()))["metadata"]
    zipped = ww.download_zip([RECORDING, ATANAS], tmp_path)
    with zipfile.ZipFile(zipped) as z:
        assert sorted(z.namelist()) == ["atanas_kim_2023_2022-08-02-01.json.bz2",
                                        "dag_nwabudike_kang_2023_2022-07-26-31.json.bz2"]
        assert z.read("dag_nwabudike_kang_2023_2022-07-26-31.json.bz2") == expected
    archive = ww.download_paper("dag_nwabudike_kang_2023", tmp_path)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert archive.name == "dag_nwabudike_kang_2023.tar.bz2"
    assert sorted(names) == sorted(f"dag_nwabudike_kang_2023_{uid}.json" for uid in served_dag_uids(ww))
    assert not list(tmp_path.glob(".*.part"))


def test_traces_frame_is_usable_with_pandas(ww):
    traces = ww.traces(RECORDING, ["AVAL", "AVAR"])
    windowed = traces.loc[60:120]
    assert windowed.index.min() >= 60 and windowed.index.max() <= 120
    assert isinstance(traces.to_numpy(), np.ndarray) and traces.dtypes.eq("float64").all()
    assert pd.api.types.is_float_dtype(traces.index)
    buffer = io.StringIO()
    traces.to_csv(buffer)
    assert buffer.getvalue().startswith("time_s,AVAL,AVAR")


def test_aligned_equals_the_api_answer(ww, live_url):
    answer = api(live_url, "/activity/api/aligned/", neuron="RIB", event="reversal_start", window="-5,10", lr="split")
    a = ww.aligned("RIB", "reversal_start", (-5, 10), lr="split")
    assert a.mean.index.name == "time_s" and a.mean.index.tolist() == answer["time"]
    assert a.mean.columns.tolist() == ["RIBL", "RIBR", "v"]
    for s in answer["series"]:
        np.testing.assert_array_equal(a.mean[s["name"]], s["mean"])
        np.testing.assert_array_equal(a.ci_low[s["name"]], s["ci_low"])
        np.testing.assert_array_equal(a.ci_high[s["name"]], s["ci_high"])
        for r in s["recordings"]:
            np.testing.assert_array_equal(a.per_recording[(s["name"], r["dataset_id"])], r["mean"])
            row = a.counts[(a.counts.series == s["name"]) & (a.counts.recording == r["dataset_id"])].iloc[0]
            assert (row.n_events, row.n_events_dropped) == (r["n_events"], r["n_events_dropped"])
            assert row.idx_neurons == [t["idx_neuron"] for t in r["traces"]]
    np.testing.assert_array_equal(a.mean["v"], answer["behavior"]["mean"])
    assert a.notes == answer["notes"] and a.attrs["behavior_unit"] == "0.1 mm/s"
    assert a.attrs["datasets"] == sorted({r["dataset_id"] for s in answer["series"] for r in s["recordings"]})
    assert "@article{dag2023" in ww.cite(a)


def test_aligned_of_an_unknown_neuron_is_a_404(ww):
    with pytest.raises(wormwideweb_client.WormWideWebError) as raised:
        ww.aligned("AVX")
    assert raised.value.status == 404 and "Did you mean" in raised.value.error
