"""/connectome/development/ in Chromium: connections across the Witvliet developmental series."""

import math
import re

import pytest

from tests.browser.helpers import (
    api_edges,
    check_transmitter_colours,
    expect_failed_request,
    legend_swatches,
    pick,
    screen_colour,
    wait_for,
    wang_first_groups,
    wang_identities,
)

pytestmark = pytest.mark.browser

SERIES = [f"witvliet_2020_{i}" for i in range(1, 9)]
CLASSES = ["AIA", "AIB", "AIY", "AIZ", "RIA", "RIB"]
URL = f"/connectome/development/?c={','.join(CLASSES)}"
STAGES = ["L1 0 h", "L1 5 h", "L1 8 h", "L1 16 h", "L2 23 h", "L3 27 h", "Adult 50 h"]


def series_counts(server_url, minimum=1) -> dict[str, list[float]]:
    """Chemical synapses per stage from get-edges (datasets 1-6 are stages, 7 and 8 average to
    the adult), of the edges with at least `minimum` synapses in one animal."""
    answer = api_edges(server_url, datasets=SERIES, classes=CLASSES)
    return {
        f"{s['pre']} → {s['post']}": [*s["list_count"][:6], (s["list_count"][6] + s["list_count"][7]) / 2]
        for s in answer["synapses"]
        if s["type"] == "c" and max(s["list_count"]) >= minimum
    }


def drawn_at(server_url, stage: int, minimum: int) -> int:
    """How many edges a stage's network draws: those with `minimum` synapses in one of its animals."""
    answer = api_edges(server_url, datasets=SERIES, classes=CLASSES)
    animals = [[i] for i in range(6)] + [[6, 7]]
    return sum(
        s["type"] == "c" and max(s["list_count"][i] for i in animals[stage]) >= minimum for s in answer["synapses"]
    )


def shape(counts: list[float]) -> list[float]:
    top = max(counts) or 1
    return [c / top for c in counts]


def distance(a: list[float], b: list[float]) -> float:
    return math.sqrt(sum((x - y) ** 2 for x, y in zip(a, b, strict=True)))


def cluster_order(counts: dict[str, list[float]]) -> list[str]:
    """The page's documented cluster order, computed here: rows in name order, trajectories
    scaled to their maximum, the two clusters with the closest centroids merged (the first
    such pair on ties, the earlier cluster's rows first) until one is left."""
    rows = sorted(counts, key=lambda label: label.replace(" → ", ">"))
    clusters = [([label], shape(counts[label])) for label in rows]
    while len(clusters) > 1:
        centroids = [[v / len(members) for v in total] for members, total in clusters]
        best = (0, 1, math.inf)
        for i in range(len(clusters)):
            for j in range(i + 1, len(clusters)):
                d = distance(centroids[i], centroids[j])
                if d < best[2]:
                    best = (i, j, d)
        i, j, _ = best
        merged = (clusters[i][0] + clusters[j][0], [a + b for a, b in zip(clusters[i][1], clusters[j][1], strict=True)])
        clusters = [*clusters[:i], merged, *clusters[i + 1:j], *clusters[j + 1:]]
    return clusters[0][0] if clusters else []


def adjacent_distance(rows: list[str], counts: dict[str, list[float]]) -> float:
    """How unlike neighbouring rows' trajectories are, summed down the heatmap."""
    return sum(distance(shape(counts[a]), shape(counts[b])) for a, b in zip(rows, rows[1:], strict=False))


def wait_for_plots(page):
    wait_for(page, "document.querySelector('#heatmap .main-svg') !== null")
    page.locator("#dev-box > [data-role=loading]").wait_for(state="hidden")


def heatmap(page) -> dict:
    """What the heatmap draws: its rows (top to bottom), columns and cells."""
    return page.evaluate(
        "(() => { const d = document.getElementById('heatmap').data[0]; return {x: d.x, y: d.y, z: d.z}; })()"
    )


def click_row(page, label: str):
    """Click the middle of a heatmap row, as a user would."""
    point = page.evaluate(
        """(label) => {
            const el = document.getElementById('heatmap'), layout = el._fullLayout;
            const row = el.data[0].y.indexOf(label), box = el.getBoundingClientRect();
            return {x: box.left + layout.margin.l + layout.xaxis._length / 2,
                    y: box.top + layout.yaxis._offset + layout.yaxis.l2p(row)};
        }""",
        label,
    )
    page.mouse.click(point["x"], point["y"])


def test_heatmap_shows_each_connection_at_each_stage(page, server_url, screenshot):
    page.goto("/connectome/development/")
    for name in CLASSES:
        pick(page, "neurons", f"c:{name}", name)
    wait_for(page, f"location.search.includes('c={','.join(CLASSES)}')")
    wait_for_plots(page)
    expected = series_counts(server_url)
    drawn = heatmap(page)
    assert drawn["x"] == STAGES
    assert drawn["y"] == sorted(expected, key=lambda label: label.replace(" → ", ">"))
    assert {label: row for label, row in zip(drawn["y"], drawn["z"], strict=True)} == expected
    assert page.locator("#row-count").inner_text() == f"{len(expected)} connections"
    strongest = max(expected, key=lambda label: sum(expected[label]))
    assert page.locator("#trend-title").inner_text().startswith(f"{strongest} across development")
    screenshot("development")


def test_clicking_a_row_shows_its_trend(page, server_url):
    page.goto(URL)
    wait_for_plots(page)
    answer = api_edges(server_url, datasets=SERIES, classes=CLASSES)
    edge = next(s for s in answer["synapses"] if (s["pre"], s["post"]) == ("AIY", "AIZ"))
    click_row(page, "AIY → AIZ")
    wait_for(page, "location.search.includes('edge=AIY')")
    assert page.locator("#trend-title").inner_text() == "AIY → AIZ across development"
    cells = page.locator("#trend-table tbody tr").all_inner_texts()
    assert [row.split("\t")[-1] for row in cells] == [str(n) for n in edge["list_count"]]
    assert cells[0].startswith("Witvliet et al., 2020, Dataset 1 (L1)\t0 h")
    trend = page.evaluate("document.getElementById('trend').data[0].y")
    assert trend == [*edge["list_count"][:6], (edge["list_count"][6] + edge["list_count"][7]) / 2]


def test_row_orders_and_filters(page, server_url):
    page.goto(URL)
    wait_for_plots(page)
    expected = series_counts(server_url)
    page.get_by_label("Order rows by").select_option("total")
    wait_for(page, "location.search.includes('order=total')")
    totals = [sum(expected[label]) for label in heatmap(page)["y"]]
    assert totals == sorted(totals, reverse=True)
    page.get_by_label("Order rows by").select_option("peak")
    peaks = [expected[label].index(max(expected[label])) for label in heatmap(page)["y"]]
    assert peaks == sorted(peaks)
    page.get_by_label("Order rows by").select_option("cluster")
    wait_for(page, "location.search.includes('order=cluster')")
    rows = heatmap(page)["y"]
    assert rows == cluster_order(expected)
    assert adjacent_distance(rows, expected) < adjacent_distance(sorted(expected), expected)
    page.get_by_label("Pre", exact=True).select_option("AIY")
    from_aiy = sorted(label for label in expected if label.startswith("AIY → "))
    assert len(from_aiy) > 1 and sorted(heatmap(page)["y"]) == from_aiy
    assert page.locator("#row-count").inner_text() == f"{len(from_aiy)} connections"
    assert "pre=AIY" in page.url


def test_small_multiples_show_each_stage(page, server_url, screenshot):
    page.goto(URL + "&cmin=2")
    wait_for_plots(page)
    page.get_by_role("tab", name="Small multiples").click()
    wait_for(page, "location.search.includes('tab=multiples')")
    for i in range(len(STAGES)):
        n = drawn_at(server_url, i, 2)
        assert page.locator(f"[data-stage-count='{i}']").inner_text() == f"· {n} connection{'' if n == 1 else 's'}"
    positions = page.evaluate("window.wormwideweb.stages.map(g => g.positions())")
    assert all(p == positions[0] for p in positions)  # a neuron is at the same place at every stage
    screenshot("development-multiples")


def test_time_slider_steps_and_plays(page, server_url):
    page.goto(URL + "&tab=slider&stage=0")
    wait_for_plots(page)
    assert page.locator("#stage-label").inner_text() == "L1 0 h"
    assert page.locator("#stage-summary").inner_text() == f"{drawn_at(server_url, 0, 1)} connections shown"
    page.get_by_role("button", name="Play").click()
    page.locator("#stage-label").filter(has_text="Adult 50 h").wait_for(timeout=15_000)
    page.get_by_role("button", name="Play").wait_for()  # it stops at the last stage
    assert page.locator("#stage-summary").inner_text() == f"{drawn_at(server_url, 6, 1)} connections shown"
    assert "stage=" not in page.url  # the last stage is the default
    page.get_by_label("Stage").fill("4")
    assert page.locator("#stage-label").inner_text() == "L2 23 h"
    assert "stage=4" in page.url


def test_a_shared_link_restores_the_view(page):
    page.goto(URL + "&order=total&cmap=Plasma&tab=slider&stage=2&cmin=3")
    wait_for_plots(page)
    assert page.get_by_label("Order rows by").input_value() == "total"
    assert page.get_by_label("Colour scale").input_value() == "Plasma"
    assert page.get_by_role("tab", name="Time slider").get_attribute("aria-selected") == "true"
    assert page.locator("#stage-label").inner_text() == "L1 8 h"
    assert page.locator("#setting-cmin").input_value() == "3"


def node_point(page, stage: int, label: str) -> dict:
    """Where a user sees a node's fill in a stage network: page coordinates between its label and its
    border (above the middle), and whether the node is drawn there in full (the canvas on top, not faded)."""
    return page.evaluate(
        """([stage, label]) => {
            const graph = window.wormwideweb.stages[stage], node = graph.cy.getElementById(label);
            const box = graph.cy.container().getBoundingClientRect(), at = node.renderedPosition();
            const x = box.left + at.x, y = box.top + at.y - 0.6 * node.renderedHeight() / 2;
            const onTop = document.elementFromPoint(x, y)?.tagName === "CANVAS";
            return {x, y, clear: onTop && !node.hasClass("ghost")};
        }""",
        [stage, label],
    )


def stage_pies(page) -> list[dict]:
    """The first slice colour of each node, per stage network."""
    return page.evaluate(
        "window.wormwideweb.stages.map(g => Object.fromEntries(g.cy.nodes().map(n => [n.id(), n.data('pie1')])))"
    )


def legend_text(page) -> str:
    """The legend under the small multiples (their boxes are too small for one each)."""
    return page.locator("#multiples-legend").text_content()


def test_colour_by_neurotransmitter(page, screenshot):
    adult = len(STAGES) - 1
    page.goto(URL)
    wait_for_plots(page)
    page.get_by_role("tab", name="Small multiples").click()
    wait_for(page, "location.search.includes('tab=multiples')")
    page.locator(f"#stage-{adult}-box").scroll_into_view_if_needed()
    by_type = stage_pies(page)
    assert "Interneuron" in legend_text(page)

    page.get_by_label("Neuron colour").select_option("transmitter")
    for i in range(len(STAGES)):
        check_transmitter_colours(page, f"stages[{i}]", f"stage-{i}-box")
    # The legend lists the groups of the drawn classes' cells (for these, each identity's first word).
    identities = wang_identities()
    labels = page.evaluate(f"window.wormwideweb.stages[{adult}].visibleNodes().map(n => n.id())")
    cells = [c for c in identities if any(re.fullmatch(rf"{label}[LR]?", c) for label in labels)]
    groups = {re.split(r"[ (]", part.strip().lstrip("*"))[0] for c in cells for part in identities[c].split(";")}
    wait_for(page, "document.querySelector('#multiples-legend [data-transmitter]')")
    assert page.locator("#multiples-legend").is_visible()
    swatches = legend_swatches(page, "multiples-legend")
    assert set(swatches) == groups == {"ACh", "Glu", "GABA", "betaine"}
    assert "Interneuron" not in legend_text(page)
    # On screen, a class of one transmitter is filled with that transmitter's legend colour.
    first = wang_first_groups()
    single = [label for label in labels if ";" not in identities.get(f"{label}L", ";")]
    label, point = next((lb, p) for lb in single if (p := node_point(page, adult, lb))["clear"])
    expected = tuple(int(v) for v in re.findall(r"\d+", swatches[first[f"{label}L"]]))
    assert screen_colour(page, point["x"], point["y"]) == pytest.approx(expected, abs=3), label
    screenshot("development-transmitters")

    assert "color=transmitter" in page.evaluate("location.search")
    page.reload()
    wait_for_plots(page)
    assert page.get_by_label("Neuron colour").input_value() == "transmitter"
    for i in range(len(STAGES)):
        check_transmitter_colours(page, f"stages[{i}]", f"stage-{i}-box")
    check_transmitter_colours(page, "slider", "slider-box")
    assert set(legend_swatches(page, "multiples-legend")) == groups

    page.get_by_label("Neuron colour").select_option("type")
    wait_for(page, "!document.querySelector('#pane-multiples [data-transmitter]')")
    assert "color=" not in page.evaluate("location.search")
    assert "Interneuron" in legend_text(page)
    assert stage_pies(page) == by_type


def test_a_failing_transmitter_table_gives_a_friendly_message(page):
    page.route("**/connectome/api/neurotransmitters/", lambda route: route.fulfill(status=500, body=""))
    page.goto(URL + "&color=transmitter")
    wait_for_plots(page)
    page.locator("#message").filter(has_text="Could not load the neurotransmitters").wait_for()
    assert "Interneuron" in legend_text(page)  # the cell-type colours stay
    expect_failed_request(page, 500)


def test_a_failing_api_gives_a_friendly_message(page):
    page.route("**/connectome/api/get-edges/", lambda route: route.fulfill(status=500, body=""))
    page.goto(URL)
    page.locator("#message").filter(has_text="Could not load the connections").wait_for()
    expect_failed_request(page, 500)  # the failure we faked, and nothing else


def test_narrow_window(page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(URL)
    wait_for_plots(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("development-mobile")
