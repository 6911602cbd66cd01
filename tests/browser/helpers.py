"""Actions a user takes on our pages, and what the tests read back, shared by the browser tests."""

import csv
import json
import re
import struct
import urllib.parse
import urllib.request
import zlib

from tests.live_server import ROOT

WANG_2024 = ROOT / "data/neuron_metadata/neurotransmitters_wang2024_hermaphrodite.csv"


def pick(page, select_id: str, value: str, typed: str):
    """Open a Tom Select picker, type in its search box, then click the option with that value (e.g. "c:AVA")."""
    search(page, select_id, typed)
    page.locator(f'#{select_id}-ts-dropdown [data-value="{value}"]').click()
    page.keyboard.press("Escape")


def search(page, select_id: str, typed: str):
    """Click a picker open (on its empty right end, away from the x of chosen items) and type in its search box."""
    box = control(page, select_id)
    size = box.bounding_box()
    box.click(position={"x": size["width"] - 6, "y": size["height"] - 6})
    box = page.locator(f".ts-wrapper:has(#{select_id}-ts-control) .dropdown-input")
    box.fill("")
    box.press_sequentially(typed)


def control(page, select_id: str):
    """The box of a Tom Select picker, where a user clicks to type."""
    return page.locator(f"#{select_id}-ts-control")


def unpick(page, select_id: str, value: str):
    """Click the x of a chosen item."""
    control(page, select_id).locator(f'.item[data-value="{value}"] .remove').click()


def picked(page, select_id: str) -> list[str]:
    """The values chosen in a Tom Select picker, in order."""
    return control(page, select_id).locator(".item").evaluate_all(
        "items => items.map(item => item.dataset.value)"
    )


def offered(page, select_id: str, typed: str) -> list[str]:
    """The option values a picker lists after typing `typed` in its search box."""
    search(page, select_id, typed)
    values = page.locator(f"#{select_id}-ts-dropdown [data-value]:visible").evaluate_all(
        "options => options.map(o => o.dataset.value)"
    )
    page.keyboard.press("Escape")
    return values


def wait_for(page, predicate: str, timeout_ms: int = 10_000):
    """Wait until `predicate` (JavaScript returning a truthy value) holds in the page.

    Playwright's wait_for_function compiles its argument with eval, which our
    Content-Security-Policy forbids; this polls in a function sent as it is.
    """
    return page.evaluate(f"""async () => {{
        const deadline = performance.now() + {timeout_ms};
        for (;;) {{
            const value = ({predicate});
            if (value) return value;
            if (performance.now() > deadline) throw new Error({json.dumps("timed out waiting for " + predicate)});
            await new Promise((resolve) => setTimeout(resolve, 25));
        }}
    }}""")


def wait_for_graph(page, box: str = "graph-box"):
    """Wait until a graph box shows the answer to the latest request (drawn, not loading)."""
    wait_for(page, f"document.getElementById('{box}').dataset.drawn !== undefined")
    page.locator(f"#{box} [data-role=loading]").wait_for(state="hidden")


def shown_edges(page, handle: str = "graph") -> list[str]:
    """The ids ("pre!post!type") of the edges a graph shows, sorted."""
    return page.evaluate(f"window.wormwideweb.{handle}.visibleEdges().map(e => e.id()).sort()")


def click_edge(page, edge_id: str, handle: str = "graph"):
    """Click an edge where it is drawn (its midpoint), as a user would."""
    _click_element(page, handle, edge_id, "renderedMidpoint")


def click_node(page, node_id: str, handle: str = "graph"):
    """Click a node where it is drawn."""
    _click_element(page, handle, node_id, "renderedPosition")


def _click_element(page, handle: str, element_id: str, where: str):
    """Click where the element is drawn once the graph stands still on screen: its box the same
    over two frames (a smooth scroll, e.g. after scroll_into_view_if_needed, may still move it)."""
    point = page.evaluate(
        f"""async (id) => {{
            const cy = window.wormwideweb.{handle}.cy;
            const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
            const at = () => {{
                const p = cy.getElementById(id).{where}(), box = cy.container().getBoundingClientRect();
                return {{x: box.left + p.x, y: box.top + p.y}};
            }};
            let [last, now] = [null, at()];
            for (let i = 0; i < 100 && (!last || last.x !== now.x || last.y !== now.y); i++) {{
                await frame();
                [last, now] = [now, at()];
            }}
            return now;
        }}""",
        element_id,
    )
    page.mouse.click(point["x"], point["y"])


def api_get(server_url: str, path: str, **params) -> dict:
    """An answer of our API, straight from the server (the reference the pages must match)."""
    query = urllib.parse.urlencode(params)
    return json.load(urllib.request.urlopen(f"{server_url}{path}?{query}"))


def api_edges(server_url: str, **body) -> dict:
    """The get-edges answer for a request body."""
    request = urllib.request.Request(
        f"{server_url}/connectome/api/get-edges/", json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    return json.load(urllib.request.urlopen(request))


def edge_ids(answer: dict, chemical_min: int = 1, gap_min: int = 1) -> list[str]:
    """The ids of an answer's synapses that reach the minimum counts, sorted."""
    return sorted(
        f"{s['pre']}!{s['post']}!{s['type']}"
        for s in answer["synapses"]
        if s["count"] >= (chemical_min if s["type"] == "c" else gap_min)
    )


def download(page, menu_button, item_name: str) -> str:
    """Open a download menu, click an item and return the path of the saved file."""
    menu_button.click()
    with page.expect_download() as info:
        page.get_by_role("button", name=item_name).click()
    return info.value.path()


def expect_failed_request(page, status: int, timeout_ms: int = 5_000):
    """Take from page.problems only the console error the browser logs for a response of this status
    that the test asked for (a faked API failure, a 404 page); every other problem stays for the
    page fixture to report. Fails when no such error was logged."""
    wanted = f"console error: Failed to load resource: the server responded with a status of {status} "
    for _ in range(timeout_ms // 50):
        if any(p.startswith(wanted) for p in page.problems):
            break
        page.wait_for_timeout(50)
    else:
        raise AssertionError(f"no failed request with status {status} was logged; problems: {page.problems}")
    page.problems[:] = [p for p in page.problems if not p.startswith(wanted)]


def original_links(cls: str) -> dict:
    """The outside links the original's info panel gives a class (its URL patterns)."""
    return {
        "WormAtlas": f"https://www.wormatlas.org/search_results.html?q={cls}",
        "WormBase": f"https://www.wormbase.org/species/all/anatomy_term/{cls}",
        "3D view (Zhen lab)": f"https://zhen-tools.com/#/3d-viewer?neurons={cls}",
        "FunCoNN (Leifer lab)": f"https://funconn.princeton.edu/?in={cls}",
    }


def external_links(panel) -> dict:
    """The outside links of an info panel, {text: href}, each opening in a new tab."""
    links = panel.locator("[data-role=external-links] a")
    assert all(t == "_blank" for t in links.evaluate_all("links => links.map(a => a.target)"))
    return dict(links.evaluate_all("links => links.map(a => [a.textContent.trim(), a.getAttribute('href')])"))


def read_csv(path) -> tuple[dict, list[list[str]]]:
    """A CSV the site saved: its `#` provenance lines as {"source", "page", "dataset": {id: sha256},
    "option": {name: value}, "data_version", "date", "cite": [...]}, and its records (header first),
    read with Python's csv module after the comment lines. Fails unless the comments come first."""
    import csv
    import io

    text = open(path, newline="").read()
    lines = text.split("\r\n")
    n = next(i for i, line in enumerate(lines) if not line.startswith("# "))
    assert n >= 5 and all(not line.startswith("#") for line in lines[n:]), "provenance lines first, then the table"
    info: dict = {"dataset": {}, "option": {}, "cite": []}
    for line in lines[:n]:
        key, _, value = line[2:].partition(": ")
        if key == "dataset":
            name, _, sha = value.partition(" sha256=")
            info["dataset"][name] = sha
        elif key == "option":
            name, _, option = value.partition("=")
            info["option"][name] = option
        elif key == "cite":
            info["cite"].append(value)
        else:
            info[key] = value
    rows = list(csv.reader(io.StringIO("\r\n".join(lines[n:]), newline="")))
    return info, rows


def check_provenance(info: dict, server_url: str, page_url: str, dataset_ids: list[str]) -> None:
    """The provenance lines name the page, each dataset with the sha256 /api/citations/ gives,
    the data version of /api/version/, the moment it was written (within the last hour, so a run
    across midnight passes) and every reference of the datasets."""
    import datetime

    assert info["source"].startswith("WormWideWeb, ")
    assert info["page"] == page_url
    cited = api_get(server_url, "/api/citations/", datasets=",".join(dataset_ids)) if dataset_ids else None
    assert info["dataset"] == ({d["id"]: d["sha256"] for d in cited["datasets"]} if cited else {})
    assert all(len(sha) == 64 for sha in info["dataset"].values())
    assert info["data_version"] == api_get(server_url, "/api/version/")["data_version"]
    written = datetime.datetime.fromisoformat(info["date"].replace("Z", "+00:00"))
    assert datetime.timedelta(0) <= datetime.datetime.now(datetime.UTC) - written < datetime.timedelta(hours=1)
    assert info["cite"] == ([r["text"] for r in cited["references"]] if cited else [])


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def wang_identities() -> dict[str, str]:
    """Cell -> its neurotransmitter identities as the Wang 2024 table writes them."""
    with WANG_2024.open(newline="") as f:
        return {row["neuron"]: row["neurotransmitters"] for row in csv.DictReader(f)}


def wang_first_groups() -> dict:
    """Cell -> the first word of its first identity in the Wang 2024 table (ACh, Glu, DA, ...)."""
    return {cell: re.split(r"[;( ]", text.lstrip("*"))[0] for cell, text in wang_identities().items()}


def legend_swatches(page, box: str) -> dict[str, str]:
    """The transmitter entries of a graph box's legend: {group: the swatch's colour, "rgb(r, g, b)"}."""
    return page.evaluate(f"""Object.fromEntries([...document.querySelectorAll('#{box} [data-transmitter]')]
        .map(i => [i.dataset.transmitter, getComputedStyle(i.querySelector('.legend-swatch')).backgroundColor]))""")


def check_transmitter_colours(page, handle: str, box: str):
    """Every drawn cell (or L/R class) listed by Wang 2024 whose first identity is a legend group has that
    group's colour in its first slice."""
    wait_for(page, f"document.querySelector('#{box} [data-transmitter]')")
    legend_colours = legend_swatches(page, box)
    nodes = f"window.wormwideweb.{handle}.visibleNodes()"
    pies = page.evaluate(f"Object.fromEntries({nodes}.map(n => [n.id(), n.data('pie1')]))")
    first = wang_first_groups()
    checked = 0
    for name, pie in pies.items():
        cells = [name] if name in first else sorted(c for c in first if re.fullmatch(rf"{name}[LR]", c))  # a class
        if cells and first[cells[0]] in legend_colours:
            assert rgb(pie) == legend_colours[first[cells[0]]], name
            checked += 1
    assert checked >= 2
    assert "Wang et al., 2024" in page.locator(f"#{box} [data-role=watermark]").inner_text()


def screen_colour(page, x: float, y: float) -> tuple[int, int, int]:
    """The colour of the screen pixel at page coordinates (x, y), from a one-pixel screenshot."""
    png = page.screenshot(clip={"x": x, "y": y, "width": 1, "height": 1})
    chunks, at = {}, 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        chunks[kind] = chunks.get(kind, b"") + png[at + 8:at + 8 + length]
        at += 12 + length
    # One pixel: each PNG filter (none, sub, up, average, Paeth) leaves its bytes as they are.
    return tuple(zlib.decompress(chunks[b"IDAT"])[1:4])
