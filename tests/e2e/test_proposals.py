"""Browser test of the proposal pages at 1,366 × 768: the admin drafts the year's proposal
from the menu, every proposal page fits the screen, and the OPD operator edits an item and
submits their part with the buttons the page offers."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from playwright.sync_api import expect

from formasi.proposals.models import Proposal, ProposalPart
from tests.e2e.builders import open_menu
from tests.e2e.conftest import login
from tests.personas import World
from tests.planning.builders import add_plan_data
from tests.proposals.builders import YEAR

LAPTOP = {"width": 1366, "height": 768}


def _fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= LAPTOP["width"], f"{page.url} is {width} px wide"


def test_draft_edit_and_submit_in_the_browser(page: Any, live_server: Any, world: World) -> None:
    add_plan_data(world)
    page.set_viewport_size(LAPTOP)
    login(page, live_server, "admin_a")
    open_menu(page, reverse("proposals:list"))
    form = page.get_by_test_id("draft-form")
    form.get_by_label("Tahun", exact=True).fill(str(YEAR))
    with page.expect_navigation():
        form.get_by_role("button").click()
    proposal = Proposal.unscoped.get(agency=world.agency_a, year=YEAR)
    assert page.url.endswith(reverse("proposals:detail", args=[proposal.pk]))
    _fits(page)
    for name in ("proposals:history", "proposals:compare"):
        page.goto(live_server.url + reverse(name, args=[proposal.pk]))
        expect(page.locator("h1")).to_be_visible()
        _fits(page)

    page.context.clear_cookies()
    login(page, live_server, "operator_dinkes_a")
    page.goto(live_server.url + reverse("proposals:detail", args=[proposal.pk]))
    part = ProposalPart.unscoped.get(proposal=proposal, org_unit=world.dinkes)
    first = part.items.order_by("priority").first()
    with page.expect_navigation():
        page.get_by_test_id(f"edit-{first.pk}").click()
    _fits(page)
    page.get_by_label("Jumlah").fill("1")
    with page.expect_navigation():
        page.get_by_test_id("item-form").get_by_role("button", name="Simpan").click()
    with page.expect_navigation():
        page.get_by_test_id("part-step-submit").click()
    with page.expect_navigation():
        page.get_by_test_id("step-form").get_by_role("button", name="Ajukan ke BKPSDM").click()
    part.refresh_from_db()
    first.refresh_from_db()
    assert (part.state, first.count) == ("submitted", 1)
    expect(page.get_by_test_id(f"edit-{first.pk}")).to_have_count(0)  # no longer editable
