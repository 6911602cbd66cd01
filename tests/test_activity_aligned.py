"""GET /activity/api/aligned/: activity around events, averaged across recordings.

The expected averages are computed here from the h5 files and the label file with h5py,
scipy's interpolation and numpy, not with activity/aligned.py: the labels' best-confidence
rule, the files' (n_t, n_neuron) orientation, time from `timestamp_confocal`, a 0.5 s grid,
windows wholly inside the recording, the mean over events and traces per recording, then over
recordings with a t-interval. Edge rules (the ends, the segment gap) are checked on a fixture
recording whose traces are linear in time, so the resampled values are known exactly.
"""

import json
import math

import h5py
import numpy as np
import pytest
from django.conf import settings
from scipy import stats
from scipy.interpolate import interp1d

from tests.activity_fixtures import PAPER, import_tree, json_document, paired, recording_arrays
from tests.test_import_activity_json import json_tree

pytestmark = pytest.mark.django_db
DAG = settings.DATA_DIR / "dag_nwabudike_kang_2023"
URL = "/activity/api/aligned/"


def get(client, **params):
    return client.get(URL, params)


def dag_recordings(labels: set[str]) -> dict[str, dict]:
    """uid -> {timestamps, traces {label: [trace]}, reversal starts, velocity} of the bundled
    h5 recordings whose NeuroPAL labels include any of `labels`, read from the files."""
    with open(DAG / "labels/neuropal_label.json") as f:
        label_file = json.load(f)["data"]
    found = {}
    for path in sorted(DAG.glob("h5/*/*-data.h5")):
        uid = path.name.removesuffix("-data.h5")
        chosen = {}
        for idx, candidates in label_file.get(uid, {}).get("idx_neuron-label", {}).items():
            candidates = candidates if isinstance(candidates, list) else [candidates]
            best = max(candidates, key=lambda c: c["confidence"])
            if best["label"] in labels:
                chosen.setdefault(best["label"], []).append(int(idx))
        if not chosen:
            continue
        with h5py.File(path) as f:
            timestamps = f["timing/timestamp_confocal"][()]
            traces = f["gcamp/trace_array"][()]  # (n_t, n_neuron), as h5py reads Julia's files
            assert traces.shape[0] == timestamps.size
            found[uid] = {
                "timestamps": timestamps - timestamps[0],
                "traces": {name: [traces[:, i - 1] for i in idxs] for name, idxs in chosen.items()},
                "idx": chosen,
                "starts": f["behavior/reversal_events"][()][0].astype(int),
                "velocity": 10 * f["behavior/velocity"][()],  # 0.1 mm/s
            }
    return found


def expected(recordings: dict, names: set[str], window: tuple[float, float], channel=None) -> dict:
    """The independent computation: per recording, then across recordings."""
    offsets = np.arange(math.ceil(window[0] / 0.5), math.floor(window[1] / 0.5) + 1) * 0.5
    per_recording = {}
    for uid, r in recordings.items():
        series = [t for name in sorted(names) for t in r["traces"].get(name, [])]
        if channel:
            series = [r[channel]]
        if not series:
            continue
        ts = r["timestamps"]
        intervals = np.diff(ts)
        assert intervals.max() < 1.2 * np.median(intervals)  # no segment gap in these files
        times = [ts[s - 1] for s in r["starts"]]
        kept = [t for t in times if t + offsets[0] >= ts[0] and t + offsets[-1] <= ts[-1]]
        windows = [interp1d(ts, values)(t + offsets) for t in kept for values in series]
        per_recording[uid] = {"mean": np.mean(windows, axis=0), "n_events": len(kept),
                              "dropped": len(times) - len(kept)}
    means = np.array([r["mean"] for r in per_recording.values()])
    n = len(means)
    half = stats.t.ppf(0.975, n - 1) * means.std(axis=0, ddof=1) / np.sqrt(n)
    return {"time": offsets, "recordings": per_recording, "mean": means.mean(axis=0),
            "low": means.mean(axis=0) - half, "high": means.mean(axis=0) + half}


def dataset(uid: str) -> str:
    return f"dag_nwabudike_kang_2023-{uid}"


def assert_series(series: dict, want: dict):
    assert [r["dataset_id"] for r in series["recordings"]] == [dataset(u) for u in want["recordings"]]
    assert series["n_recordings"] == len(want["recordings"])
    assert series["n_events"] == sum(r["n_events"] for r in want["recordings"].values())
    for got in series["recordings"]:
        mine = want["recordings"][got["dataset_id"].removeprefix("dag_nwabudike_kang_2023-")]
        assert (got["n_events"], got["n_events_dropped"]) == (mine["n_events"], mine["dropped"])
        np.testing.assert_allclose(got["mean"], mine["mean"], atol=2e-4)
    np.testing.assert_allclose(series["mean"], want["mean"], atol=2e-4)
    np.testing.assert_allclose(series["ci_low"], want["low"], atol=3e-4)
    np.testing.assert_allclose(series["ci_high"], want["high"], atol=3e-4)


@pytest.mark.parametrize("cls, window", [("AVA", (-10, 20)), ("RIB", (-30, 15.2))])
def test_class_around_reversal_starts_matches_the_h5_files(client, cls, window):
    members = {f"{cls}L", f"{cls}R"}
    recordings = dag_recordings(members)
    want = expected(recordings, members, window)
    response = get(client, neuron=cls, event="reversal_start", window=f"{window[0]},{window[1]}")
    assert response.status_code == 200 and response["Cache-Control"] == "public, max-age=300, must-revalidate"
    data = response.json()
    assert (data["neuron"], data["neuron_kind"], data["lr"]) == (cls, "class", "together")
    assert data["members"] == sorted(members)
    assert data["step"] == 0.5 and data["window"] == [want["time"][0], want["time"][-1]]
    np.testing.assert_allclose(data["time"], want["time"])
    assert len(data["series"]) == 1 and data["series"][0]["name"] == cls
    assert_series(data["series"][0], want)
    for got in data["series"][0]["recordings"]:  # the traces averaged are the labelled ones
        idx = recordings[got["dataset_id"].removeprefix("dag_nwabudike_kang_2023-")]["idx"]
        assert sorted((t["label"], t["idx_neuron"]) for t in got["traces"]) == sorted(
            (name, i) for name, idxs in idx.items() for i in idxs)
    # Velocity around the same events of the same recordings.
    velocity = expected({u: recordings[u] for u in want["recordings"]}, members, window, channel="velocity")
    for r in velocity["recordings"].values():
        r["dropped"] = 0  # the behaviour counts only the kept events with a missing value
    behaviour = data["behavior"]
    assert (behaviour["key"], behaviour["unit"]) == ("v", "0.1 mm/s")
    assert_series({**behaviour, "recordings": [{**r, "traces": []} for r in behaviour["recordings"]]}, velocity)


def test_split_gives_one_series_per_member(client):
    recordings = dag_recordings({"RIBL", "RIBR"})
    data = get(client, neuron="RIB", event="reversal_start", window="-10,20", lr="split").json()
    assert [s["name"] for s in data["series"]] == ["RIBL", "RIBR"]
    for series in data["series"]:
        with_member = {u: r for u, r in recordings.items() if series["name"] in r["traces"]}
        assert_series(series, expected(with_member, {series["name"]}, (-10, 20)))


def test_a_neuron_and_its_class_differ_and_names_are_case_insensitive(client):
    recordings = dag_recordings({"AVAL"})
    data = get(client, neuron="aval", event="reversal_start", window="-5,5").json()
    assert (data["neuron"], data["neuron_kind"], data["members"]) == ("AVAL", "neuron", ["AVAL"])
    assert_series(data["series"][0], expected(recordings, {"AVAL"}, (-5, 5)))


def test_reversals_rise_in_ava(client):
    """A sanity check on the science: AVA is active during reversals (it drives them)."""
    data = get(client, neuron="AVA", event="reversal_start", window="-10,10").json()
    time, mean = np.array(data["time"]), np.array(data["series"][0]["mean"])
    assert mean[(time > 1) & (time < 5)].mean() > mean[time < -2].mean() + 0.2
    velocity = np.array(data["behavior"]["mean"])
    assert velocity[(time > 1) & (time < 4)].mean() < 0  # moving backwards


def test_the_recording_without_behaviour_is_named_in_a_note(client):
    data = get(client, neuron="AVA").json()  # event and window take their defaults
    assert (data["event"], data["window"]) == ("reversal_start", [-10.0, 20.0])
    assert any("atanas_kim_2023-2022-08-02-01" in note for note in data["notes"])
    assert all(not r["dataset_id"].startswith("atanas") for r in data["series"][0]["recordings"])


# Edge rules on a fixture recording ---------------------------------------------------------

def gap_recording() -> dict:
    """100 frames at 0.6 s with a 30 s segment gap after frame 50; AVAL and the velocity are
    linear in time, so their interpolated values are known exactly."""
    arrays = recording_arrays(n_neuron=6, n_t=100)
    ts = 0.6 * np.arange(100)
    ts[50:] += 30.0
    arrays["timestamps"] = ts
    arrays["traces"][0] = ts
    arrays["velocity"] = 0.01 * ts
    # Starts at 0.6 s (runs off the start), 11.4 s (kept), 28.2 s (crosses the gap),
    # 65.4 s (kept) and 88.8 s (runs off the end), for a window of -5 to 5 s.
    arrays["reversal_events"] = np.array([[2, 20, 48, 60, 99], [3, 22, 49, 62, 100]])
    return arrays


def import_gap_fixture(tmp_path):
    """The gap recording and one whose only reversal is at its start, each with three labelled
    left/right pairs (AVA, RIM, AIB) whose traces are alike, so the import's label check keeps
    them; AVAL stays linear in time (z-scoring keeps it so)."""
    arrays, labels = paired(gap_recording(), [(1, 2), (3, 4), (5, 6)])
    edge = recording_arrays(seed=3, n_neuron=6, n_t=100)
    edge["reversal_events"] = np.array([[1], [3]])
    edge, edge_labels = paired(edge, [(1, 2), (3, 4), (5, 6)], seed=1)
    import_tree(json_tree(tmp_path, {
        "gap": json_document(arrays, "gap", labels=labels), "edge": json_document(edge, "edge", labels=edge_labels),
    }))
    return arrays


def test_events_off_the_recording_or_across_the_gap_are_dropped(client, tmp_path):
    arrays = import_gap_fixture(tmp_path)
    data = get(client, neuron="AVAL", event="reversal_start", window="-5,5").json()
    series = data["series"][0]
    (recording,) = series["recordings"]
    assert recording["dataset_id"] == f"{PAPER}-gap"
    assert (recording["event_frames"], recording["n_events"], recording["n_events_dropped"]) == ([20, 60], 2, 3)
    ts, trace = arrays["timestamps"], arrays["traces"][0]
    offsets = np.arange(-10, 11) * 0.5
    slope, intercept = np.polyfit(ts, trace, 1)
    want = np.mean([slope * (ts[f - 1] + offsets) + intercept for f in (20, 60)], axis=0)
    np.testing.assert_allclose(recording["mean"], want, atol=2e-4)
    assert series["ci_low"] is None and series["ci_high"] is None  # one recording: no band
    velocity = np.mean([0.1 * (ts[f - 1] + offsets) for f in (20, 60)], axis=0)  # 0.01 mm/s per s, x 10
    np.testing.assert_allclose(data["behavior"]["mean"], velocity, atol=2e-4)
    assert any(note.startswith(f"{PAPER}-edge: left out") for note in data["notes"])


def test_a_window_no_event_fits_is_a_404(client, tmp_path):
    import_gap_fixture(tmp_path)
    response = get(client, neuron="AVA", event="reversal_start", window="-30,30")
    assert response.status_code == 404
    assert "try a shorter window" in response.json()["error"]


def test_the_grid_is_snapped_inward_to_half_seconds(client):
    data = get(client, neuron="AVA", window="-2.3,1.9").json()
    assert data["window"] == [-2.0, 1.5] and data["time"] == [-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5]


# Errors ------------------------------------------------------------------------------------

@pytest.mark.parametrize("params, status, words", [
    ({}, 400, "Missing required parameter 'neuron'"),
    ({"neuron": ""}, 400, "Missing required parameter 'neuron'"),
    ({"neuron": "AV-A"}, 400, "Parameter 'neuron' must be a neuron or class name"),
    ({"neuron": "AVA", "event": "reversal start"}, 400, "Parameter 'event' must be an event kind"),
    ({"neuron": "AVA", "window": "-10"}, 400, "Parameter 'window' must be two times in seconds"),
    ({"neuron": "AVA", "window": "a,b"}, 400, "Parameter 'window' must be two times in seconds"),
    ({"neuron": "AVA", "window": "-61,0"}, 400, "within -60 to 60 s"),
    ({"neuron": "AVA", "window": "20,-10"}, 400, "must start before it ends"),
    ({"neuron": "AVA", "window": "0.1,0.4"}, 400, "at least two points of the 0.5 s grid"),
    ({"neuron": "AVA", "lr": "both"}, 400, "Parameter 'lr' must be together"),
    ({"neuron": "AVA", "behavior": "speed"}, 400, "Parameter 'behavior' must be a behaviour key"),
    ({"neuron": "AVX"}, 404, "No recording has a NeuroPAL-identified neuron or class 'AVX'. Did you mean"),
    ({"neuron": "AVG"}, 404, "No recording has a NeuroPAL-identified neuron or class 'AVG'"),
    ({"neuron": "AVA", "event": "heat"}, 404, "No recording served here has an event 'heat'"),
    ({"neuron": "AVA", "event": "patchEncounter"}, 404, "none of them has a patchEncounter event"),
    ({"neuron": "RIF", "lr": "split"}, 404, "use lr=together"),
])
def test_bad_input_says_what_is_wrong(client, params, status, words):
    response = get(client, **params)
    assert response.status_code == status, response.content
    assert words in response.json()["error"]


def test_the_404_for_an_unknown_event_lists_those_that_occur(client):
    error = get(client, neuron="AVA", event="nope").json()["error"]
    assert error.endswith("the events that occur are reversal_start, reversal_end, patchEncounter.")


def test_a_behaviour_no_recording_has_is_null_with_a_note(client):
    data = get(client, neuron="AVA", behavior="f").json()  # the NeuroPAL strain's pumping was not measured
    assert data["behavior"] is None and any("feeding" in note for note in data["notes"])


def test_post_is_405(client):
    assert client.post(f"{URL}?neuron=AVA").status_code == 405


def test_a_repeated_request_is_answered_from_the_cache(client, django_assert_num_queries):
    first = get(client, neuron="AVA", window="-5,5")
    with django_assert_num_queries(0):
        again = get(client, neuron="AVA", window="-5,5")
    assert again.content == first.content


def test_a_class_known_only_with_an_uncertain_side_averages_those_traces(client):
    from activity.models import GCaMPNeuron

    labels = set(GCaMPNeuron.objects.filter(neuron_class="RIF").values_list("neuron_name", flat=True))
    assert labels == {"RIF?"}  # the bundle names RIF only with an uncertain side
    data = get(client, neuron="RIF").json()
    assert data["members"] == [] and data["series"][0]["neurons"] == ["RIF?"]
