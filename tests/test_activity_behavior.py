"""GET /activity/api/data/<dataset_id>/behavior/: channels, units, signs, reversals, events."""

import csv

import h5py
import numpy as np
import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
DAG = settings.DATA_DIR / "dag_nwabudike_kang_2023"
ROWS = {r["uid"]: r for r in csv.DictReader(open(DAG / "datasets_summary.csv"))}


def get(client, uid):
    return client.get(f"/activity/api/data/dag_nwabudike_kang_2023-{uid}/behavior/")


@pytest.mark.parametrize("uid", ["2022-01-16-01", "2022-07-26-31"])
def test_behaviour_channels_against_the_h5_file(client, uid):
    row = ROWS[uid]
    response = get(client, uid)
    assert response.status_code == 200 and response["Cache-Control"] == "public, max-age=300, must-revalidate"
    data = response.json()
    with h5py.File(DAG / row["file"]) as f:
        raw = {
            k: f[f"behavior/{k}"][()]
            for k in ("velocity", "head_angle", "angular_velocity", "pumping", "reversal_events")
        }
    traces = data["data"]["behavior"]["traces"]
    expected_keys = ["v", "hc", "av", "f"] if row["has_pumping"] == "True" else ["v", "hc", "av"]
    assert list(traces) == expected_keys
    assert [traces[k]["i"] for k in expected_keys] == list(range(len(expected_keys)))
    assert (traces["v"]["name"], traces["v"]["unit"]) == ("Velocity", "0.1 mm/s")
    assert (traces["hc"]["name"], traces["hc"]["unit"]) == ("Head Curve", "rad")
    np.testing.assert_allclose(traces["v"]["data"], 10 * raw["velocity"], atol=1e-5)
    sign = -1 if row["manifest_theta_h_pos_is_ventral"] == "true" else 1
    np.testing.assert_allclose(traces["hc"]["data"], sign * raw["head_angle"], atol=1e-6)
    np.testing.assert_allclose(traces["av"]["data"], sign * raw["angular_velocity"], atol=1e-6)
    if "f" in traces:
        assert traces["f"]["unit"] == "pumps/s"
        np.testing.assert_allclose(traces["f"]["data"], raw["pumping"], atol=1e-6)
    assert data["data"]["behavior"]["reversal_events"] == raw["reversal_events"].T.tolist()
    assert data["max_t"] == int(row["n_timepoints_trace"])
    assert data["avg_timestep"] == pytest.approx(float(row["mean_timestep_s"]) / 60, abs=1e-6)
    events = {"patchEncounter": [int(row["time_food_encounter_frame"])]} if row["time_food_encounter_frame"] else {}
    assert data["data"]["events"] == events


def test_recording_without_behaviour_says_so(client):
    response = client.get("/activity/api/data/atanas_kim_2023-2022-08-02-01/behavior/")
    assert response.status_code == 404
    assert "has no behaviour data" in response.json()["error"]
    assert "traces are available" in response.json()["error"]


def test_refused_and_unknown_recordings_are_404(client):
    assert get(client, "2022-05-02-01").status_code == 404
    assert "Unknown recording" in get(client, "nope").json()["error"]


def test_post_is_405(client):
    assert client.post("/activity/api/data/dag_nwabudike_kang_2023-2022-07-26-31/behavior/").status_code == 405
