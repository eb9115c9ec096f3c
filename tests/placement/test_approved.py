"""Approved formasi as the posts a new-hire run fills (issue 18, part 7), the run page's
approved vs placed, and the unrealised penetapan carried into next year's draft."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from formasi.placement import approved, services
from formasi.placement.models import Applicant, PlacementLine, PlacementRun
from formasi.proposals import carryover
from formasi.proposals.models import ProposalItem
from tests.personas import World
from tests.placement.builders import (
    YEAR,
    accept_all,
    add_placement_data,
    computed_run,
    decided_proposal,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world: World) -> dict[str, Any]:
    return add_placement_data(world)


def _lines(run: PlacementRun) -> dict[int, PlacementLine]:
    return {ln.applicant_id: ln for ln in PlacementLine.unscoped.filter(run=run)}


def test_without_a_decided_proposal_the_needs_stay_the_posts(world: World, people: Any) -> None:
    # A proposal still at KemenPAN-RB is not a penetapan yet.
    nurse = (world.puskesmas, world.nurse_position, "pns", 1)
    decided_proposal(world, [nurse], state="submitted_kemenpanrb")
    run = PlacementRun(agency=world.agency_a, kind="new_hires", year=YEAR, name="x")
    assert approved.approved_open(run) == (None, {})
    done = computed_run(world)
    assert len(_lines(done)) == 3  # two nurses and the teacher, as without proposals
    assert done.summary["approved_from"] is None


def test_only_approved_posts_are_filled(world: World, people: Any) -> None:
    proposal = decided_proposal(world, [(world.puskesmas, world.nurse_position, "pns", 1)])
    run = computed_run(world)
    assert run.summary["approved_from"] == proposal.pk
    lines = _lines(run)
    # One approved nurse post: one nurse placed; the teacher's posts were not approved.
    assert len(lines) == 1
    (line,) = lines.values()
    assert (line.to_unit_id, line.position_id) == (world.puskesmas.pk, world.nurse_position.pk)
    assert people["teacher"].pk not in lines


def test_approved_posts_beyond_the_needs_are_open(world: World, people: Any) -> None:
    # The Dinas Kesehatan's nurse cell is full by its needs, yet the penetapan gave it 2.
    decided_proposal(world, [(world.dinkes, world.nurse_position, "pns", 2)], state="closed")
    lines = _lines(computed_run(world))
    assert len(lines) == 2
    assert {ln.to_unit_id for ln in lines.values()} == {world.dinkes.pk}


def test_accepted_lines_of_the_years_other_runs_use_up_posts(
    world: World, people: Any, client_for: Any
) -> None:
    decided_proposal(world, [(world.puskesmas, world.nurse_position, "pns", 2)])
    first = computed_run(world, name="Pertama")
    assert len(_lines(first)) == 2
    accept_all(client_for("admin_a"), first)
    run = PlacementRun(agency=world.agency_a, kind="new_hires", year=YEAR, name="x")
    _proposal, open_posts = approved.approved_open(run)
    assert open_posts == {(world.puskesmas.pk, world.nurse_position.pk): 0}
    assert PlacementLine.unscoped.filter(run=computed_run(world, name="Kedua")).count() == 0


def test_transfer_runs_ignore_the_penetapan(world: World, people: Any) -> None:
    decided_proposal(world, [(world.puskesmas, world.nurse_position, "pns", 1)])
    run = PlacementRun(agency=world.agency_a, kind="transfers", year=YEAR, name="x")
    assert approved.approved_open(run) == (None, {})
    assert approved.approved_rows(run) == (None, [])


def test_a_cpns_is_not_placed_on_a_pppk_item(world: World, people: Any) -> None:
    proposal = decided_proposal(
        world,
        [
            (world.puskesmas, world.nurse_position, "pppk", 1),
            (world.puskesmas, world.nurse_position, "pns", 1),
        ],
    )
    run = computed_run(world)
    _p, rows = approved.approved_rows(run)
    assert _p == proposal
    by_status = {r["item"].status: (r["approved"], r["placed"]) for r in rows}
    # Three CPNS nurse applicants, a cell approved for 1 PNS and 1 PPPK: one CPNS placed.
    assert by_status == {"pns": (1, 1), "pppk": (1, 0)}
    assert PlacementLine.unscoped.filter(run=run).count() == 1
    rejected = PlacementLine.unscoped.filter(run=run).first()
    assert rejected is not None
    services.decide(
        run=run, decision="rejected", actor=world.users["admin_a"], line_ids=[rejected.pk]
    )
    _p, rows = approved.approved_rows(run)
    assert sum(r["placed"] for r in rows) == 0


def test_an_applicant_with_another_education_is_not_placed(world: World, people: Any) -> None:
    Applicant.unscoped.filter(pk=people["nurse_local"].pk).update(education="S-1")
    Applicant.unscoped.filter(pk=people["nurse_centre"].pk).update(education="Diploma III")
    # nurse_outside: no education recorded
    decided_proposal(
        world, [(world.puskesmas, world.nurse_position, "pns", 3)], education="D-III Keperawatan"
    )
    lines = _lines(computed_run(world))
    assert set(lines) == {people["nurse_centre"].pk}


def test_an_item_naming_two_levels_takes_either(world: World, people: Any) -> None:
    Applicant.unscoped.filter(pk=people["nurse_local"].pk).update(education="S-1")
    Applicant.unscoped.filter(pk=people["nurse_centre"].pk).update(education="Diploma III")
    # Either level fills it, but not the nurse without education; the CPNS teacher does not
    # fill a PPPK item.
    decided_proposal(
        world,
        [
            (world.puskesmas, world.nurse_position, "pns", 3),
            (world.school, world.teacher_position, "pppk", 1),
        ],
        education="S-1/D-III Keperawatan",
    )
    run = computed_run(world, name="S-1 atau D-III")
    assert set(_lines(run)) == {people["nurse_centre"].pk, people["nurse_local"].pk}
    unplaced = {row["number"] for row in run.summary["unplaced"]}
    assert {people["nurse_outside"].registration_number, people["teacher"].registration_number} <= (
        unplaced
    )


@pytest.mark.parametrize("persona", ["admin_a", "leader_a"])
def test_run_page_says_which_posts_it_fills(
    world: World, people: Any, client_for: Any, persona: str
) -> None:
    run = computed_run(world)
    html = client_for(persona).get(reverse("placement:run_detail", args=[run.pk])).content
    assert b'data-testid="approved-basis"' in html
    assert b'data-testid="approved-table"' not in html
    decided_proposal(world, [(world.puskesmas, world.nurse_position, "pns", 2)])
    run = computed_run(world, name="Dengan penetapan")
    page = client_for(persona).get(reverse("placement:run_detail", args=[run.pk]))
    text = page.content.decode()
    assert 'data-testid="approved-table"' in text
    row = text.split('data-testid="approved-table"')[1].split("</tr>")[1]
    assert world.nurse_position.name in row and ">2</td>" in row


def test_realised_and_carried_over(world: World, people: Any, client_for: Any) -> None:
    nurses = (world.puskesmas, world.nurse_position, "pns", 2)
    proposal = decided_proposal(world, [nurses, (world.school, world.teacher_position, "pns", 2)])
    run = computed_run(world)
    item = ProposalItem.unscoped.get(part__proposal=proposal, position=world.nurse_position)
    assert approved.realised_by_item(proposal).get(item.pk) == 0  # nothing accepted yet
    accept_all(client_for("admin_a"), run)
    realised = approved.realised_by_item(proposal)
    assert realised[item.pk] == 2
    assert carryover.realised(proposal) == realised  # placement registered its counter
    carried = {ln["position"]: ln for ln in carryover.carried_lines(world.agency_a, YEAR)}
    # Both nurse posts filled; of the two teacher posts, one (the one teacher applicant).
    assert world.nurse_position.pk not in carried
    teacher = carried[world.teacher_position.pk]
    assert teacher["count"] == 1 and teacher["status"] == "pns"
    assert teacher["evidence"]["carried"] is True and teacher["evidence"]["placed"] == 1
