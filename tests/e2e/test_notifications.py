"""The bell (issue 18, part 9): with unread notifications the wide menu still fits, the bell
shows the count, and opening the notification goes to its proposal and empties the bell."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from playwright.sync_api import expect

from formasi.proposals.models import Notification, Proposal, ProposalPart
from tests.e2e.conftest import login
from tests.personas import World

WIDE = {"width": 1440, "height": 900}


def test_the_bell_fits_counts_and_opens_the_proposal(
    page: Any, live_server: Any, world: World
) -> None:
    proposal = Proposal.unscoped.create(agency=world.agency_a, year=2027)
    part = ProposalPart.unscoped.create(proposal=proposal, org_unit=world.dinkes)
    for _ in range(12):
        Notification.unscoped.create(
            user=world.users["admin_a"],
            proposal=proposal,
            part=part,
            kind="submitted",
            code="submit",
        )
    page.set_viewport_size(WIDE)
    login(page, live_server, "admin_a")
    expect(page.locator("[data-testid=unread-count]")).to_have_text("12")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDE["width"]
    page.click("[data-testid=user-menu]")
    page.click("[data-testid=nav-notifications]")
    assert page.url.endswith(reverse("proposals:notifications"))
    page.locator("[data-testid=notification] button").first.click()
    assert page.url.endswith(reverse("proposals:detail", args=[proposal.pk]))
    expect(page.locator("[data-testid=unread-count]")).to_have_text("11")
