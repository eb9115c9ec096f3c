"""Unrealised penetapan of last year's decided proposal come back as extra items when BKPSDM
drafts this year's (issue 18, part 10)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from formasi.proposals import carryover, services
from formasi.proposals.models import Proposal, ProposalItem, ProposalPart
from tests.personas import World
from tests.planning.builders import add_plan_data
from tests.proposals.builders import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def counters() -> Iterator[list[Any]]:
    """The registered counters, restored after the test (placement registers one)."""
    saved = list(carryover._COUNTERS)
    carryover._COUNTERS.clear()
    yield carryover._COUNTERS
    carryover._COUNTERS[:] = saved


def _last_year(world: World, state: str = "decided") -> tuple[Proposal, ProposalItem]:
    proposal = Proposal.unscoped.create(agency=world.agency_a, year=YEAR - 1, state=state)
    part = ProposalPart.unscoped.create(proposal=proposal, org_unit=world.dinkes, state="accepted")
    item = ProposalItem.unscoped.create(
        part=part,
        org_unit=world.puskesmas,
        position=world.nurse_position,
        status="pppk",
        education="D-III Keperawatan",
        count=4,
        bkn_verdict="changed",
        bkn_count=3,
        decided_count=3,
    )
    return proposal, item


def test_unrealised_posts_are_drafted_again(world: World, counters: list[Any]) -> None:
    previous, item = _last_year(world)
    carryover.register_realised(lambda p: {item.pk: 1} if p == previous else {})
    carryover.register_realised(counters[0])  # registering twice counts once
    assert len(counters) == 1
    add_plan_data(world)
    proposal = services.draft_proposal(
        actor=world.users["admin_a"], agency=world.agency_a, year=YEAR
    )
    items = list(ProposalItem.unscoped.filter(part__proposal=proposal))
    carried = [i for i in items if i.evidence.get("carried")]
    assert len(carried) == 1
    (extra,) = carried
    # Decided 3, placed 1: 2 posts offered again, with last year's status and education.
    assert (extra.count, extra.status, extra.education) == (2, "pppk", "D-III Keperawatan")
    assert extra.evidence == {
        "carried": True,
        "from_proposal": previous.pk,
        "from_year": YEAR - 1,
        "from_item": item.pk,
        "decided": 3,
        "placed": 1,
    }
    assert str(YEAR - 1) in extra.justification and "2" in extra.justification
    # Drafted beside the shortage items, and ranked after them.
    drafted = [i for i in items if not i.evidence.get("carried")]
    assert drafted and extra.priority > max(i.priority for i in drafted)
    # Drafting again replaces it, not adds it twice.
    services.draft_proposal(actor=world.users["admin_a"], agency=world.agency_a, year=YEAR)
    again = ProposalItem.unscoped.filter(part__proposal=proposal)
    assert sum(1 for i in again if i.evidence.get("carried")) == 1


def test_without_a_counter_nothing_counts_as_placed(world: World, counters: list[Any]) -> None:
    _last_year(world, state="closed")
    (line,) = carryover.carried_lines(world.agency_a, YEAR)
    assert line["count"] == 3 and line["evidence"]["placed"] == 0


@pytest.mark.parametrize("state", ["draft", "submitted_bkn", "pertimbangan"])
def test_an_undecided_proposal_carries_nothing(
    world: World, counters: list[Any], state: str
) -> None:
    _last_year(world, state=state)
    assert carryover.carried_lines(world.agency_a, YEAR) == []


def test_filled_posts_are_not_carried(world: World, counters: list[Any]) -> None:
    _previous, item = _last_year(world)
    carryover.register_realised(lambda p: {item.pk: 5})
    assert carryover.carried_lines(world.agency_a, YEAR) == []
    assert carryover.carried_lines(world.agency_a, YEAR + 1) == []  # only last year's
