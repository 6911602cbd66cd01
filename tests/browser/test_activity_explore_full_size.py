"""/activity/explore/ at the real size: every neuron of the largest bundled recording (98 traces x
1600 frames = 156,800 values, atanas_kim_2023-2022-08-02-01), then Reset scale, a double-click and
the CSV. Expected values come from the bundled file itself (numpy), not from the page or the API.
Before numbers.js the reset threw "Maximum call stack size exceeded" (Math.min(...values))."""

import csv
import json

import numpy as np
import pytest

from tests.browser.helpers import wait_for
from tests.live_server import ROOT

pytestmark = pytest.mark.browser

ATANAS = "atanas_kim_2023-2022-08-02-01"
RAW = ROOT / "data/atanas_kim_2023_subset/2022-08-02-01_labeled_traces.json"


@pytest.fixture(scope="module")
def raw():
    document = json.loads(RAW.read_text())
    return document["neurons"], np.array(document["trace_array"], dtype=float)


def largest_bundled_recording() -> int:
    """Values (neurons x frames) of the largest bundled recording: the h5 files and the JSON subset."""
    import h5py

    sizes = [int(np.prod(h5py.File(f)["gcamp/trace_array"].shape)) for f in (ROOT / "data").glob("*/h5/*/*-data.h5")]
    document = json.loads(RAW.read_text())
    return max([*sizes, len(document["trace_array"]) * len(document["trace_array"][0])])


def y_range(page) -> list[float]:
    return page.evaluate("document.getElementById('plot').layout.yaxis.range")


def zoom_in(page):
    page.evaluate("Plotly.relayout('plot', {'xaxis.range': [1, 2], 'yaxis.range': [-0.5, 0.5]})")
    wait_for(page, "document.getElementById('plot').layout.yaxis.range[0] === -0.5")


def test_every_neuron_reset_scale_double_click_and_csv(page, raw, screenshot):
    names, traces = raw
    assert traces.size == largest_bundled_recording() == 156_800  # this is the largest bundled recording
    n = len(names)
    page.goto(f"/activity/explore/{ATANAS}/?n={'-'.join(str(i) for i in range(1, n + 1))}")
    wait_for(page, f"document.getElementById('plot').dataset.drawn === '{n}'", timeout_ms=30_000)
    page.locator("#plot-box [data-role=loading]").wait_for(state="hidden", timeout=30_000)
    low, high = traces.min(), traces.max()
    margin = 0.05 * (high - low)
    expected = [low - margin, high + margin]
    whole = [0, (traces.shape[1] - 1) * page.evaluate("document.getElementById('plot').data[0].x[1]")]

    zoom_in(page)
    page.get_by_role("button", name="Reset scale").click()
    wait_for(page, "document.getElementById('plot').layout.yaxis.range[0] !== -0.5")
    assert y_range(page) == pytest.approx(expected, abs=1e-9)
    assert page.evaluate("document.getElementById('plot').layout.xaxis.range") == pytest.approx(whole)

    zoom_in(page)
    page.locator("#plot .nsewdrag").first.dblclick()
    wait_for(page, "document.getElementById('plot').layout.yaxis.range[0] !== -0.5")
    assert y_range(page) == pytest.approx(expected, abs=1e-9)

    with page.expect_download() as info:
        page.get_by_role("button", name="CSV").click()
    with open(info.value.path()) as f:
        rows = [row for row in csv.reader(f) if row and not row[0].startswith("#")]
    header, body = rows[0], rows[1:]
    assert header == ["t (minute)", *[f"{i} ({name})" for i, name in enumerate(names, start=1)]]
    assert len(body) == traces.shape[1]
    assert np.array([[float(v) for v in row[1:]] for row in body]).T == pytest.approx(traces)
    screenshot("activity-explore-all-neurons")
