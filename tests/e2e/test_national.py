"""Browser test of the national view of the usul kebutuhan (issue 18 part 8): an evaluator of
two agencies opens it, sees both provinces on the map, clicks one and gets its
kabupaten/kota; the map is drawn under the Content-Security-Policy (the `page` fixture fails
on a blocked script or style)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from formasi.organization.models import Region
from formasi.proposals.models import Proposal, ProposalItem, ProposalPart
from tests import builders as build
from tests.e2e.builders import open_menu
from tests.e2e.conftest import submit_login
from tests.personas import World

pytestmark = pytest.mark.e2e

CENTRE = (
    """([lng, lat]) => window.formasiNationalMap.convertToPixel({seriesIndex: 0}, [lng, lat])"""
)


def _square(lng: float, lat: float) -> dict[str, Any]:
    ring = [[lng - 1, lat - 1], [lng + 1, lat - 1], [lng + 1, lat + 1], [lng - 1, lat + 1]]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def _sent(agency: Any, unit: Any, position: Any, count: int) -> None:
    proposal = Proposal.unscoped.create(agency=agency, year=2027, state="submitted_bkn")
    part = ProposalPart.unscoped.create(proposal=proposal, org_unit=unit, state="accepted")
    ProposalItem.unscoped.create(
        part=part, org_unit=unit, position=position, location=unit.region, count=count
    )


def test_evaluator_opens_a_province_from_the_map(page: Any, live_server: Any, world: World) -> None:
    Region.objects.filter(code="62").update(boundary=_square(113.0, -1.5))
    Region.objects.filter(code="63").update(boundary=_square(116.0, -3.0))
    _sent(world.agency_a, world.puskesmas, world.nurse_position, 6)
    _sent(world.agency_b, world.opd_b, world.employee_b.position, 4)
    build.user("bkn_pusat", "evaluator", assigned=[world.agency_a, world.agency_b])
    submit_login(page, live_server, "bkn_pusat")
    page.goto(live_server.url + reverse("proposals:national"))
    page.wait_for_selector("[data-testid=national-map][data-mode=map]")
    page.wait_for_function("() => window.formasiNationalMap !== undefined")
    assert page.locator("[data-measure=requested]").inner_text() == "10"
    x, y = page.evaluate(CENTRE, [113.0, -1.5])
    box = page.locator("#national-map").bounding_box()
    with page.expect_navigation():
        page.mouse.click(box["x"] + x, box["y"] + y)
    assert "provinsi=62" in page.url
    rows = page.locator("[data-testid=national-areas] tbody tr")
    assert rows.count() == 1
    assert "Kota Palangka Raya" in rows.first.inner_text()
    assert page.locator("[data-measure=requested]").inner_text() == "6"


def test_evaluator_computes_the_national_needs_per_agency(
    page: Any, live_server: Any, world: World
) -> None:
    """The national summary (issue 21) from the menu: the needs computed per agency in the
    background (in-process here) appear in a table with the total, within a laptop's width."""
    build.user("bkn_ringkasan", "evaluator", assigned=[world.agency_a, world.agency_b])
    submit_login(page, live_server, "bkn_ringkasan")
    open_menu(page, reverse("planning:national"))
    page.wait_for_selector("[data-testid=national-needs_summary] [data-testid=national-none]")
    with page.expect_navigation():
        page.get_by_test_id("national-start-needs_summary").click()
    page.wait_for_selector("[data-testid=national-needs-table]")
    progress = page.locator("[data-testid=national-needs_summary] [data-state]")
    assert progress.get_attribute("data-state") == "done"
    total = page.get_by_test_id("national-needs-total").inner_text()
    assert total.startswith("Total")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
