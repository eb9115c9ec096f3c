"""Browser test of an open selection at 1,366 × 768: the BKPSDM admin opens it from the Talenta
menu, closes the registration, enters a candidate's stage scores (who then ranks first), sends
the three best to the PPK and records the PPK's choice; the page then shows the decision."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from playwright.sync_api import expect

from formasi.talent.selection_models import Selection
from tests.e2e.builders import open_menu
from tests.e2e.conftest import login
from tests.personas import World
from tests.talent import builders as talent

LAPTOP = {"width": 1366, "height": 768}


def _fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]


def test_the_admin_walks_a_selection_to_the_ppks_decision(
    page: Any, live_server: Any, world: World
) -> None:
    row = talent.selection(world, state="announced")
    page.set_viewport_size(LAPTOP)
    login(page, live_server, "admin_a")
    open_menu(page, reverse("talent:selection_list"))
    with page.expect_navigation():
        page.get_by_role("link", name=row.title).click()
    _fits(page)
    with page.expect_navigation():
        page.click("[data-testid=selection-close]")
    rows = page.locator("[data-testid=candidate-row]")
    expect(rows.first).to_contain_text("dr. Nadia Putri")
    with page.expect_navigation():
        page.get_by_role("link", name="Hendra Gunawan, MPH").click()
    for field in ("kompetensi", "wawancara", "rekam_jejak"):
        page.fill(f"#id_{field}", "95")
    with page.expect_navigation():
        page.click("[data-testid=scores-form] button[type=submit]")
    expect(rows.first).to_contain_text("Hendra Gunawan, MPH")
    expect(rows.first).to_contain_text("95")
    _fits(page)
    with page.expect_navigation():
        page.click("[data-testid=selection-send]")
    expect(page.locator("[data-testid=selection-state]")).to_contain_text("PPK")
    shortlisted = page.locator("[data-testid=candidate-row].table-success")
    expect(shortlisted).to_have_count(3)
    page.select_option("#id_chosen", label="dr. Nadia Putri")
    page.fill("#id_decided_by_name", "Wali Kota Palangka Raya")
    with page.expect_navigation():
        page.click("[data-testid=decide-form] button[type=submit]")
    expect(page.locator("[data-testid=decision]")).to_contain_text("dr. Nadia Putri")
    expect(page.locator("[data-testid=chosen-badge]")).to_have_count(1)
    _fits(page)
    assert Selection.unscoped.get(pk=row.pk).state == "decided"
