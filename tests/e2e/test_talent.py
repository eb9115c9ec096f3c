"""Browser test of the talent pages at 1,366 px: the OPD operator opens the Talenta menu,
enters an SKP result for a person of their OPD and sees the predicate; the admin opens the
9-box, clicks box 9 and sees who is in it, with the running sanction marked."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from formasi.domain.discipline import add_months
from formasi.talent.models import DisciplineRecord
from tests.e2e.builders import open_menu
from tests.e2e.conftest import login
from tests.personas import World
from tests.talent.builders import YEAR, talent_data

LAPTOP = {"width": 1366, "height": 768}


def _page_width(page: Any) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_operator_enters_an_skp_result(page: Any, live_server: Any, world: World) -> None:
    page.set_viewport_size(LAPTOP)
    login(page, live_server, "operator_dinkes_a")
    open_menu(page, reverse("talent:skp"))
    with page.expect_navigation():
        page.get_by_role("link", name="Dinas Kesehatan").click()
    assert _page_width(page) <= LAPTOP["width"]
    with page.expect_navigation():
        page.locator("[data-testid=skp-people] a").first.click()
    page.select_option("#id_result", "above")
    page.select_option("#id_behaviour", "below")
    with page.expect_navigation():
        page.click("[data-testid=skp-form] button[type=submit]")
    expect(page.locator("[data-testid=skp-predicate]")).to_contain_text("Kurang/misconduct")


def test_the_admin_drills_into_box_nine(page: Any, live_server: Any, world: World) -> None:
    talent_data(world)
    today = timezone.localdate()  # the puskesmas nurse's sanction runs from today
    DisciplineRecord.unscoped.update(starts_on=today, ends_on=add_months(today, 12))
    page.set_viewport_size(LAPTOP)
    login(page, live_server, "admin_a")
    page.goto(f"{live_server.url}{reverse('talent:ninebox')}?tahun={YEAR}")
    expect(page.locator("[data-testid=box-9] .h2")).to_have_text("2")
    with page.expect_navigation():
        page.locator("[data-testid=box-9] a").click()
    people = page.locator("[data-testid=box-people]")
    expect(people).to_contain_text("Siti Rahmawati")
    expect(people).to_contain_text("sanksi berjalan")
    assert _page_width(page) <= LAPTOP["width"]
    page.goto(f"{live_server.url}{reverse('talent:pool')}?tahun={YEAR}")
    expect(page.locator("[data-testid=pool-members]")).to_contain_text("Siti Rahmawati")
    expect(page.locator("[data-testid=pool-barred]")).to_contain_text("Yohanes Ahang")
    assert _page_width(page) <= LAPTOP["width"]
