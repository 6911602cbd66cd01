"""/ in Chromium: the landing page and the site navigation."""

import pytest

pytestmark = pytest.mark.browser


def test_home_leads_to_the_connectome(page, screenshot):
    page.goto("/")
    assert page.title() == "WormWideWeb · C. elegans connectomes and neural activity"
    screenshot("home")
    page.get_by_role("link", name="Explore the connectome").click()
    page.wait_for_url("**/connectome/explore/")
    assert page.locator("h1").inner_text() == "Explore the connectome"


def test_navigation_menus(page):
    page.goto("/")
    page.get_by_role("button", name="Neural Activity").click()
    menu = page.locator(".dropdown-menu.show")
    assert menu.get_by_role("link").all_inner_texts() == [
        "Overview", "Find Neurons", "View Datasets", "Across Recordings", "Circuit Replay",
    ]
    page.get_by_role("button", name="Encoding").click()
    menu = page.locator(".dropdown-menu.show")
    assert menu.get_by_role("link").all_inner_texts() == ["Overview", "Encoding Table", "Encoding Connectome"]
    page.get_by_role("button", name="Neural Activity").click()
    page.locator(".dropdown-menu.show").get_by_role("link", name="Find Neurons").click()
    page.wait_for_url("**/activity/find-neuron/")
    assert page.locator(".nav-link.active").first.inner_text() == "Neural Activity"
    page.get_by_role("button", name="Connectome").click()
    menu = page.locator(".dropdown-menu.show")
    assert menu.get_by_role("link").all_inner_texts() == [
        "Overview",
        "Explore",
        "Neural Path",
        "Development",
        "Compare",
        "Matrix",
    ]
    menu.get_by_role("link", name="Neural Path").click()
    page.wait_for_url("**/connectome/path/")
    assert page.locator(".nav-link.active").first.inner_text() == "Connectome"


def test_narrow_window(page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_label("Toggle navigation").click()
    page.get_by_role("link", name="About").wait_for()
    screenshot("home-mobile")
