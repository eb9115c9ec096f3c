"""The trace of an item: today's evidence recomputed from the same sources as the draft, the
items whose evidence changed flagged in few queries, and the people behind every count."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from formasi.planning import fiveyear
from formasi.proposals import trace, wording
from formasi.proposals.models import Proposal, ProposalItem
from formasi.workforce.models import Employee
from formasi.workload.models import AbkTask, PositionNeed
from tests import builders as build
from tests.proposals.builders import YEAR, drafted

pytestmark = pytest.mark.django_db


def _nurse(world: Any, proposal: Proposal) -> ProposalItem:
    return ProposalItem.unscoped.select_related("part__proposal", "position").get(
        part__proposal=proposal, org_unit=world.puskesmas, position=world.nurse_position
    )


def _items(proposal: Proposal) -> list[ProposalItem]:
    return list(ProposalItem.unscoped.filter(part__proposal=proposal))


def test_nothing_is_flagged_right_after_the_draft(world: Any) -> None:
    proposal = drafted(world)
    items = _items(proposal)
    assert items
    assert trace.staleness(proposal, items) == {}


def test_current_evidence_is_what_drafting_now_would_store(world: Any) -> None:
    proposal = drafted(world)
    items = _items(proposal)
    current = trace.current_evidence(proposal, items)
    for item in items:
        assert current[item.pk] == item.evidence


def test_a_changed_need_flags_the_item_with_before_and_after(world: Any) -> None:
    proposal = drafted(world)
    nurse = _nurse(world, proposal)
    PositionNeed.unscoped.filter(unit=world.puskesmas, position=world.nurse_position).update(
        count=10
    )
    stale = trace.staleness(proposal, _items(proposal))
    assert set(stale) == {nurse.pk}
    fields = {c.field: (c.before, c.after) for c in stale[nurse.pk]}
    assert fields["need"] == (nurse.evidence["need"], 10)
    assert fields["gap"][1] - fields["gap"][0] == 10 - nurse.evidence["need"]
    with translation.override("id"):
        words = wording.changes(stale[nurse.pk])
    assert f"kebutuhan berubah dari {nurse.evidence['need']} ke 10 sejak draf" in words


def test_a_new_person_in_post_changes_the_bezetting(world: Any) -> None:
    proposal = drafted(world)
    nurse = _nurse(world, proposal)
    build.employee(world.puskesmas, world.nurse_position, "Anita Sari", sex="F")
    changes = trace.staleness(proposal, _items(proposal))[nurse.pk]
    before, after = next((c.before, c.after) for c in changes if c.field == "bezetting")
    assert after == before + 1 == nurse.evidence["bezetting"] + 1


def test_a_change_after_the_counted_years_is_not_flagged(world: Any) -> None:
    """The count rests on years N and N+1; a contract ending in N+3 cannot move it."""
    proposal = drafted(world)
    build.employee(
        world.puskesmas,
        world.nurse_position,
        "Lina Hartati",
        status="pppk",
        sex="F",
        birth=date(1995, 1, 1),
        contract_end=date(YEAR + 3, 6, 30),
    )
    stale = trace.staleness(proposal, _items(proposal))
    assert {c.field for c in stale[_nurse(world, proposal).pk]} == {"bezetting", "gap"}


def test_staleness_of_many_items_takes_as_many_queries_as_of_one(world: Any) -> None:
    proposal = drafted(world)
    items = _items(proposal)
    assert len(items) > 2
    with CaptureQueriesContext(connection) as one:
        trace.staleness(proposal, items[:1])
    with CaptureQueriesContext(connection) as many:
        trace.staleness(proposal, items)
    assert len(many) == len(one) <= 6


def test_the_people_listed_are_those_counted(world: Any) -> None:
    """The trace lists by name the people ``collect`` counts: every count of the evidence is
    the length of a list of people."""
    proposal = drafted(world)
    nurse = _nurse(world, proposal)
    found = trace.trace(world.users["admin_a"], nurse)
    assert len(found.bezetting) == found.current["bezetting"]
    assert [len(p) for _y, p in found.retirements] == found.current["retirements"]
    assert [len(p) for _y, p in found.contract_ends] == found.current["contract_ends"]
    # Rina's contract ends on 30 June N+1: she is in the year N+1 list
    (year,) = [y for y, people in found.contract_ends if people]
    assert year == YEAR + 1
    assert [e.name for _y, p in found.contract_ends for e in p] == ["Rina Marlina"]


def test_a_retirement_is_listed_in_its_plan_year(world: Any) -> None:
    """The kepala dinas (BUP 60) reaches it within a year of the plan data's base year."""
    proposal = drafted(world)
    head = (
        ProposalItem.unscoped.select_related("part__proposal", "position")
        .filter(part__proposal=proposal, position__kind="jpt_pratama")
        .get()
    )
    found = trace.trace(world.users["admin_a"], head)
    holder = Employee.unscoped.get(name="Hendra Gunawan")
    expected = trace.retire_year(holder, fiveyear.position_bup(head.position))
    assert [(y, [e.name for e in p]) for y, p in found.retirements if p] == [
        (expected, ["Hendra Gunawan"])
    ]
    assert sum(found.current["retirements"]) == 1


def test_the_abk_tasks_behind_the_need_with_their_minutes(world: Any) -> None:
    proposal = drafted(world)
    need = PositionNeed.unscoped.get(unit=world.puskesmas, position=world.nurse_position)
    AbkTask.objects.create(
        need=need, description="Asuhan keperawatan", volume=1200, norm_minutes=30
    )
    found = trace.trace(world.users["admin_a"], _nurse(world, proposal))
    assert found.need == need
    assert [(t.description, m) for t, m in trace.task_minutes(found.tasks)] == [
        ("Asuhan keperawatan", 36000)
    ]


def test_the_people_are_scoped_to_the_reader(world: Any) -> None:
    """Another OPD's operator sees nobody of the Dinas Kesehatan's puskesmas."""
    proposal = drafted(world)
    found = trace.trace(world.users["operator_other_opd_a"], _nurse(world, proposal))
    assert found.bezetting == []


def test_an_item_without_drafted_evidence_is_never_flagged(world: Any) -> None:
    proposal = drafted(world)
    nurse = _nurse(world, proposal)
    ProposalItem.unscoped.filter(pk=nurse.pk).update(evidence={})
    assert nurse.pk not in trace.staleness(proposal, _items(proposal))
