"""Issue 17, item 1: at 1,366 × 768 every role reaches every menu item, the language switch and
logout; the grouped menu folds behind one button below 1,400 px and fits wider screens."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.builders import log_out, open_menu, unfold_menu
from tests.e2e.conftest import login
from tests.personas import World

LAPTOP = {"width": 1366, "height": 768}
WIDE = {"width": 1440, "height": 900}
ROLES = ["admin_a", "operator_dinkes_a", "evaluator_a", "leader_a"]


def _menu_links(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "#main-menu a.dropdown-item[href], #main-menu a.nav-link[href]:not(.dropdown-toggle)",
        "links => links.map(a => a.getAttribute('href'))",
    )


def _page_width(page: Any) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("persona", ROLES)
def test_every_role_reaches_every_menu_item_the_language_switch_and_logout(
    page: Any, live_server: Any, world: World, persona: str
) -> None:
    page.set_viewport_size(LAPTOP)
    login(page, live_server, persona)
    expect(page.locator("[data-testid=menu-toggle]")).to_be_visible()  # folded at 1,366 px
    links = _menu_links(page)
    assert reverse("workforce:dashboard") in links
    for href in links:
        open_menu(page, href)
        assert page.url.startswith(live_server.url + href), f"{persona}: {href} → {page.url}"
        if not href.startswith("/admin/"):
            expect(page.locator("h1, h2, .page-title").first).to_be_visible()
            assert _page_width(page) <= LAPTOP["width"], f"{href} is wider than the screen"
        page.goto(live_server.url + reverse("workforce:dashboard"))

    # The language switch is labelled, and English is one choice away; then back to Indonesian.
    unfold_menu(page)
    switch = page.get_by_label("Bahasa")
    expect(switch).to_be_visible()
    with page.expect_navigation():
        switch.select_option("en")
    assert page.locator("html").get_attribute("lang") == "en"
    unfold_menu(page)
    with page.expect_navigation():
        page.get_by_label("Language").select_option("id")
    assert page.locator("html").get_attribute("lang") == "id"

    log_out(page, live_server)


def test_the_menu_is_open_and_fits_on_a_wider_screen(
    page: Any, live_server: Any, world: World
) -> None:
    page.set_viewport_size(WIDE)
    login(page, live_server, "admin_a")
    expect(page.locator("[data-testid=menu-toggle]")).to_be_hidden()
    expect(page.locator("[data-testid=user-menu]")).to_be_visible()
    expect(page.get_by_label("Bahasa")).to_be_visible()
    assert _page_width(page) <= WIDE["width"]
