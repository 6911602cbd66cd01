"""The activity pages as the server renders them: the data handed to their scripts, friendly
answers to bad URLs (a message on the page or the 404 page, never a 500)."""

import json
import re

import pytest

from activity.models import GCaMPDataset, GCaMPPaper
from tests.live_server import ROOT

pytestmark = pytest.mark.django_db

NEUROPAL = "dag_nwabudike_kang_2023-2022-07-26-31"
ATANAS = "atanas_kim_2023-2022-08-02-01"
PATCH = "dag_nwabudike_kang_2023-2022-01-16-01"


def script_data(html: str, element_id: str):
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def module(html: str) -> str:
    """The page's own module (the shared ones, e.g. the Cite control's core/js/cite.js, left aside)."""
    return [s for s in re.findall(r'<script type="module" src="([^"]+)"', html) if "/core/js/" not in s][0]


def test_activity_overview_links_every_tool_and_lists_every_paper(client):
    from django.db.models import Count

    html = client.get("/activity/").content.decode()
    assert "<h1 class=\"h2\">Neural activity</h1>" in html
    for url, action in [("/activity/find-neuron/", "Find neurons"), ("/activity/dataset/", "View datasets"),
                        ("/activity/aligned/", "Average across recordings"), ("/activity/replay/", "Open the replay"),
                        ("/activity/encoding/", "Open the encoding")]:
        assert re.search(rf'href="{re.escape(url)}"[^>]*>\s*(<[^>]+>\s*)*{action}', html), url
    papers = GCaMPPaper.objects.annotate(n=Count("datasets")).order_by("order")
    item = r'\?p=([a-z0-9_]+)"[^>]*>\s*<div><strong>([^<]+)</strong>.*?(\d+) recordings?</span>'
    listed = re.findall(item, html, re.S)
    assert [(paper, n) for paper, _, n in listed] == [(p.paper_id, str(p.n)) for p in papers]
    assert [title for _, title, _ in listed] == [p.title_short.replace("&", "&amp;") for p in papers]


def test_encoding_overview_links_the_table_and_the_connectome_and_cites(client):
    html = client.get("/activity/encoding/").content.decode()
    for url, action in [("/activity/encoding/table/", "Open the table"),
                        ("/activity/encoding/connectome/", "Open the connectome")]:
        assert re.search(rf'href="{re.escape(url)}"[^>]*>\s*(<[^>]+>\s*)*{action}', html), url
    assert "Atanas AA*, Kim J* et al. (2023)" in html and "186:4134" in html


def test_activity_overview_counts_the_recordings(client):
    html = client.get("/activity/").content.decode()
    assert f"{GCaMPDataset.objects.count()} whole-brain GCaMP recordings" in html
    assert 'href="/activity/dataset/?p=dag_nwabudike_kang_2023"' in html


def test_about_datasets_has_one_row_per_paper(client):
    html = client.get("/about/datasets/").content.decode()
    rows = re.findall(r'<tr data-paper="([^"]+)">(.*?)</tr>', html, re.S)
    assert [paper for paper, _ in rows] == list(GCaMPPaper.objects.order_by("order").values_list("paper_id", flat=True))
    row = dict(rows)["dag_nwabudike_kang_2023"]
    datasets = GCaMPDataset.objects.filter(paper__paper_id="dag_nwabudike_kang_2023")
    labelled = sum(d.n_labeled for d in datasets)
    traces = sum(d.n_neuron for d in datasets)
    n_neuropal = sum(d.n_labeled > 0 for d in datasets)
    assert re.search(rf'data-col="n">{datasets.count()}<', row)
    assert f"{n_neuropal} of {datasets.count()} recordings" in row
    assert f"{labelled} of {traces} traces labelled ({round(100 * labelled / traces)} %)" in row
    assert 'href="/activity/dataset/?p=dag_nwabudike_kang_2023"' in row
    assert 'href="/activity/api/data/download/paper/dag_nwabudike_kang_2023/"' in row
    assert 'href="https://zenodo.org/records/19414639"' in row
    atanas = dict(rows)["atanas_kim_2023"]
    assert "class-level table" in atanas and 'data-col="behavior">0 of 1<' in atanas
    pradhan = dict(rows)["pradhan_madan_2025"]
    assert "No recording of this paper is served here." in pradhan and "download" not in pradhan


@pytest.mark.parametrize("url, script", [
    ("/activity/dataset/", "datasets"), ("/activity/find-neuron/", "find_neuron"),
])
def test_table_pages_hand_papers_and_types(client, url, script):
    html = client.get(url).content.decode()
    papers = script_data(html, "activity-papers")
    assert [p["paper_id"] for p in papers] == list(
        GCaMPPaper.objects.order_by("order").values_list("paper_id", flat=True)
    )
    types = script_data(html, "activity-types")
    assert types["common-neuropal"]["name"] == "NeuroPAL" and types["common-neuropal"]["paper_id"] is None
    assert types["dag_nwabudike_kang_2023-patchEncounter"]["paper_id"] == "dag_nwabudike_kang_2023"
    assert module(html) == f"/static/activity/js/{script}.js"


def test_explore_hands_the_recording_and_its_neurons(client):
    html = client.get(f"/activity/explore/{NEUROPAL}/?n=3-1-3&b=hc-v").content.decode()
    recording = script_data(html, "recording")
    dataset = GCaMPDataset.objects.get(dataset_id=NEUROPAL)
    assert recording["dataset_id"] == NEUROPAL and recording["neuropal"] is True and recording["has_behavior"] is True
    assert recording["max_t"] == dataset.max_t and recording["avg_timestep"] == dataset.avg_timestep
    neurons = script_data(html, "recording-neurons")
    assert [n["idx"] for n in neurons] == list(range(1, dataset.n_neuron + 1))
    labelled = dataset.neurons.exclude(neuron_name="").values_list("idx_neuron", "neuron_name")
    assert {n["idx"]: n["label"] for n in neurons if n["label"]} == dict(labelled)
    assert script_data(html, "initial-state") == {"n": [3, 1], "b": ["hc", "v"], "problems": []}
    assert script_data(html, "connectome-datasets")  # the linked connectome
    assert "cytoscape.min.js" in html and "plotly-cartesian.min.js" in html


def test_explore_of_a_recording_without_labels_has_no_connectome(client):
    html = client.get(f"/activity/explore/{PATCH}/").content.decode()
    recording = script_data(html, "recording")
    assert recording["neuropal"] is False and recording["events"] == {"patchEncounter": [325]}
    assert recording["event_styles"] == {"patchEncounter": {"color": "rgba(255,0,0,1)", "width": 2.0}}
    assert script_data(html, "connectome-datasets") == [] and "cytoscape.min.js" not in html


def test_event_styles_come_from_the_data_not_the_default(client):
    """The bundled style of patchEncounter equals the code's default, so a page that ignored the
    data would pass the tests above: give the event another style in the database and the pages
    must hand that one; an event the data gives no style gets the default."""
    from activity import pages
    from activity.models import GCaMPEventStyle

    published = json.loads((ROOT / "data/wormwideweb-data/activity/event_styles.json").read_text())
    bundled = {s["id"]: s for s in published["dag_nwabudike_kang_2023"]}["patchEncounter"]
    html = client.get(f"/activity/explore/{PATCH}/").content.decode()
    assert script_data(html, "recording")["event_styles"]["patchEncounter"] == {
        "color": bundled["color"], "width": bundled["width"]
    }
    green = {"color": "rgb(0,128,0)", "width": 3.5}
    GCaMPEventStyle.objects.filter(event_id="patchEncounter").update(**green)
    pages._event_styles.cache_clear()
    try:
        html = client.get(f"/activity/explore/{PATCH}/").content.decode()
        assert script_data(html, "recording")["event_styles"] == {"patchEncounter": green}
        plots = script_data(client.get(f"/activity/plot-multiple/?d={PATCH}").content.decode(), "plots")
        assert plots[0]["event_styles"] == {"patchEncounter": green}
        replay = script_data(client.get("/activity/replay/").content.decode(), "event-styles")
        assert replay["dag_nwabudike_kang_2023"]["patchEncounter"] == green
        GCaMPEventStyle.objects.filter(event_id="patchEncounter").delete()
        pages._event_styles.cache_clear()
        html = client.get(f"/activity/explore/{PATCH}/").content.decode()
        assert script_data(html, "recording")["event_styles"] == {"patchEncounter": pages.DEFAULT_EVENT_STYLE}
    finally:
        pages._event_styles.cache_clear()


def test_explore_says_the_recording_has_no_behaviour(client):
    html = client.get(f"/activity/explore/{ATANAS}/").content.decode()
    assert script_data(html, "recording")["has_behavior"] is False
    assert "This recording has no behaviour data" in html


@pytest.mark.parametrize("query, message", [
    ("n=1-x-999-0", "so left out: x, 999, 0."),
    ("n=%F0%9F%90%9B", "so left out: \U0001f41b."),
    ("b=v-speed", "Unknown behaviours left out: speed"),
    ("n=2-" + "9" * 4400, "so left out: " + "9" * 20 + "."),  # too long for int(): no 500
])
def test_explore_reports_bad_parameters(client, query, message):
    response = client.get(f"/activity/explore/{PATCH}/?{query}")
    assert response.status_code == 200
    assert message in " ".join(script_data(response.content.decode(), "initial-state")["problems"])


def test_unknown_recording_is_the_404_page(client):
    response = client.get("/activity/explore/nope/")
    assert response.status_code == 404
    assert "There is no recording “nope”" in response.content.decode()
    assert 'href="/activity/dataset/"' in response.content.decode()


def test_plot_multiple_reads_the_selection_from_the_url(client):
    html = client.get(f"/activity/plot-multiple/?d={NEUROPAL}:12-3-12&d={PATCH}").content.decode()
    plots = script_data(html, "plots")
    assert [(p["dataset_id"], p["neurons"]) for p in plots] == [(NEUROPAL, [12, 3]), (PATCH, [])]
    assert plots[1]["event_styles"] == {"patchEncounter": {"color": "rgba(255,0,0,1)", "width": 2.0}}
    assert "plotly-cartesian.min.js" in html


@pytest.mark.parametrize("query, message", [
    ("d=nope:1", "There is no recording “nope”"),
    (f"d={PATCH}:1-x", "neuron indices must be positive integers"),
    (f"d={PATCH}:1-100000", "left out 100000"),
    (f"d={PATCH}:1-" + "9" * 4400, "neuron indices must be positive integers"),
    ("&".join(f"d=r{i}" for i in range(51)), "At most 50 recordings (51 given)"),
    ("token=0123abcd", "Links to this page now hold the selection itself and never expire"),
])
def test_plot_multiple_explains_bad_selections(client, query, message):
    response = client.get(f"/activity/plot-multiple/?{query}")
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")


def test_plot_multiple_without_selection(client):
    html = client.get("/activity/plot-multiple/").content.decode()
    assert "No plots yet" in html and script_data(html, "plots") == [] and "plotly" not in html


@pytest.mark.parametrize("url, script, plotly", [
    ("/activity/encoding/table/", "encoding_table", False),
    ("/activity/encoding/connectome/", "encoding_connectome", False),
])
def test_pages_load_their_script(client, url, script, plotly):
    html = client.get(url).content.decode()
    assert module(html) == f"/static/activity/js/{script}.js"
    assert ("plotly-cartesian.min.js" in html) is plotly


def test_replay_hands_the_labelled_recordings(client):
    html = client.get("/activity/replay/").content.decode()
    recordings = script_data(html, "replay-recordings")
    labelled = GCaMPDataset.objects.filter(n_labeled__gt=0).order_by("order")
    assert [r["dataset_id"] for r in recordings] == [d.dataset_id for d in labelled]
    assert PATCH not in {r["dataset_id"] for r in recordings}  # no labels: nothing to replay
    assert script_data(html, "event-styles")["dag_nwabudike_kang_2023"]["patchEncounter"] == {
        "color": "rgba(255,0,0,1)",
        "width": 2.0,
    }
    assert module(html) == "/static/activity/js/replay.js"
    assert "plotly-cartesian.min.js" in html and "cytoscape.min.js" in html


def test_aligned_hands_the_identified_names_and_the_events(client):
    from activity.models import GCaMPNeuron

    html = client.get("/activity/aligned/").content.decode()
    assert module(html) == "/static/activity/js/aligned.js"
    choices = script_data(html, "aligned-choices")
    classes = {c["name"]: c for c in choices["classes"]}
    holders = GCaMPNeuron.objects.filter(neuron_class="AVA").values("dataset").distinct().count()
    assert classes["AVA"] == {"name": "AVA", "members": ["AVAL", "AVAR"], "n_recordings": holders}
    assert "AIA?" not in {n["name"] for n in choices["neurons"]} and "AIAL" in {n["name"] for n in choices["neurons"]}
    with_reversals = sum(1 for d in GCaMPDataset.objects.all() if d.behavior and d.behavior["reversal_events"])
    with_patch = sum(1 for d in GCaMPDataset.objects.all() if d.events.get("patchEncounter"))
    assert choices["events"] == [
        {"kind": "reversal_start", "name": "Reversal start", "n_recordings": with_reversals},
        {"kind": "reversal_end", "name": "Reversal end", "n_recordings": with_reversals},
        {"kind": "patchEncounter", "name": "Food-patch encounter", "n_recordings": with_patch},
    ]
    assert [b["key"] for b in choices["behaviours"]] == ["v", "hc", "av", "f"]
    assert (choices["max_seconds"], choices["step"]) == (60, 0.5)
