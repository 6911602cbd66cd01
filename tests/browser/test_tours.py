"""The guided tours (core/js/tour.js, driver.js) in Chromium, on each of the five pages that have
one: shown on a browser's first visit, moved by click and keyboard, not shown again after a
reload, and restarted from the page's Tour button."""

import pytest

from tests.browser.conftest import TOURS
from tests.browser.helpers import wait_for

pytestmark = pytest.mark.browser

POPOVER = ".driver-popover"
# name: (address, what the page shows once loaded, the title of step 2 and the element it points at)
PAGES = {
    "connectome-explore": (
        "/connectome/explore/?ds=white_1986_whole&c=AVA,RIM",
        "document.getElementById('graph-box').dataset.drawn !== undefined",
        "Datasets", ".ts-wrapper:has(> #datasets-ts-control)",
    ),
    "connectome-path": (
        "/connectome/path/",
        "document.querySelector('#dataset').tomselect?.items.length > 0",
        "Dataset", ".ts-wrapper:has(> #dataset-ts-control)",
    ),
    "activity-explore": (
        "/activity/explore/dag_nwabudike_kang_2023-2022-07-26-31/?n=1-2&b=v",
        "document.getElementById('plot').dataset.drawn === '3'",
        "Neurons", ".ts-wrapper:has(> #neurons-ts-control)",
    ),
    "activity-replay": (
        "/activity/replay/",
        "document.getElementById('replay-box').dataset.frame !== undefined",
        "Recording", "#activity-dataset",
    ),
    "encoding-table": (
        "/activity/encoding/table/",
        "document.getElementById('summary-table').dataset.loaded === '1'",
        "Search", "#search",
    ),
}


def test_every_tour_is_tested():
    assert sorted(PAGES) == sorted(TOURS)


def step(page) -> dict:
    """The step shown: its title, progress text, highlighted element and the focused control."""
    page.locator(POPOVER).wait_for(state="visible")
    return page.evaluate("""() => ({
        title: document.querySelector('.driver-popover-title').textContent,
        progress: document.querySelector('.driver-popover-progress-text').textContent,
        focused: document.activeElement.className,
        highlighted: [...document.querySelectorAll('.driver-active-element')]
            .some((e) => e.id !== 'driver-dummy-element'),
    })""")


def wait_for_step(page, number: int) -> dict:
    wait_for(page, f"document.querySelector('.driver-popover-progress-text')?.textContent.startsWith('{number} of')")
    # driver.js ignores arrow keys until the step's highlight is drawn (a frame or two later),
    # as a user's next key press comes later anyway.
    page.evaluate("new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))")
    return step(page)


def highlights(page, selector: str) -> bool:
    return page.evaluate(f"document.querySelector({selector!r})?.classList.contains('driver-active-element')")


@pytest.mark.parametrize("name", sorted(PAGES))
def test_tour_once_then_from_the_button(tour_page, name, screenshot):
    page = tour_page
    url, loaded, second_title, second_element = PAGES[name]
    page.goto(url)
    first = wait_for_step(page, 1)
    total = int(first["progress"].split(" of ")[1])
    assert total >= 6 and not first["highlighted"]  # an introduction in the middle
    assert "driver-popover-next-btn" in first["focused"]  # the keyboard starts on Next
    assert page.get_by_role("dialog").get_by_text(first["title"]).is_visible()
    screenshot(f"tour-{name}")

    page.locator(".driver-popover-next-btn").click()  # by click
    second = wait_for_step(page, 2)
    assert second["title"] == second_title and highlights(page, second_element)
    page.keyboard.press("ArrowRight")
    third = wait_for_step(page, 3)
    page.keyboard.press("ArrowLeft")
    assert wait_for_step(page, 2)["title"] == second_title
    page.keyboard.press("Enter")  # on the focused Next button
    assert wait_for_step(page, 3)["title"] == third["title"]
    for _ in range(4):  # Tab stays in the step: its buttons and the element it points at
        page.keyboard.press("Tab")
        assert page.evaluate(
            "document.activeElement.closest('.driver-popover, .driver-active-element') !== null"
        )
    page.keyboard.press("Escape")
    page.locator(POPOVER).wait_for(state="detached")
    assert page.evaluate(f"localStorage.getItem('wormwideweb:tour-{name}')") == "seen"

    page.reload()
    wait_for(page, loaded, timeout_ms=20_000)
    page.wait_for_timeout(500)
    assert page.locator(POPOVER).count() == 0  # seen: not shown again

    page.get_by_role("button", name="Tour").click()
    assert wait_for_step(page, 1)["title"] == first["title"]
    for number in range(2, total + 1):
        page.keyboard.press("Enter" if number % 2 else "ArrowRight")
        shown = wait_for_step(page, number)
        assert shown["highlighted"]  # every later step points at something on the page
    assert page.locator(".driver-popover-next-btn").inner_text() == "Done"
    page.locator(".driver-popover-next-btn").click()
    page.locator(POPOVER).wait_for(state="detached")
    assert page.evaluate("document.activeElement.id") == "tour"  # focus back where it was
