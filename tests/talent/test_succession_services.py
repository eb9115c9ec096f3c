"""Filling a post from its list: the decision with history, the move, the checks."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from formasi.talent import succession_lists
from formasi.talent.succession_models import SuccessionDecision
from formasi.talent.succession_services import StaleListError, fill_post
from formasi.workforce.models import Employee
from tests.talent.builders import succession_world

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 1)


@time_machine.travel(TODAY, tick=False)
def test_filling_records_the_decision_and_moves_the_employee(world) -> None:  # type: ignore[no-untyped-def]
    s = succession_world(world, TODAY)
    admin = world.users["admin_a"]
    version = succession_lists.post_version(world.dinkes, s.head)
    decision = fill_post(unit=world.dinkes, position=s.head, employee=s.second,
                         reason="Rekam jejak di Dinas Pendidikan", actor=admin,
                         expected_version=version)  # fmt: skip
    assert (decision.rank, decision.ranked, decision.decided_by) == (2, 2, admin)
    assert decision.from_unit == world.disdik and decision.starts_on == TODAY
    assert decision.history.count() == 1
    moved = Employee.unscoped.get(pk=s.second.pk)
    assert (moved.unit, moved.position, moved.tmt_position) == (world.dinkes, s.head, TODAY)
    # The vacancy report no longer has the post empty.
    posts = succession_lists.vacant_posts(admin, world.agency_a, today=TODAY, on=TODAY)
    assert all(p.position != s.head for p in posts)


@time_machine.travel(TODAY, tick=False)
def test_an_excluded_person_cannot_be_chosen_and_nothing_is_saved(world) -> None:  # type: ignore[no-untyped-def]
    s = succession_world(world, TODAY)
    with pytest.raises(ValidationError, match="hukuman disiplin sedang berjalan"):
        fill_post(unit=world.dinkes, position=s.head, employee=s.sanctioned, reason="x",
                  actor=world.users["admin_a"])  # fmt: skip
    assert not SuccessionDecision.unscoped.exists()
    assert Employee.unscoped.get(pk=s.sanctioned.pk).position == s.admin_position


@time_machine.travel(TODAY, tick=False)
def test_a_stale_list_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    s = succession_world(world, TODAY)
    with pytest.raises(StaleListError):
        fill_post(unit=world.dinkes, position=s.head, employee=s.best, reason="x",
                  actor=world.users["admin_a"], expected_version="0-0-stale")  # fmt: skip


@time_machine.travel(TODAY, tick=False)
def test_a_reason_is_required(world) -> None:  # type: ignore[no-untyped-def]
    s = succession_world(world, TODAY)
    with pytest.raises(ValidationError):
        fill_post(unit=world.dinkes, position=s.head, employee=s.best, reason="  ",
                  actor=world.users["admin_a"])  # fmt: skip


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("role", ["operator_dinkes_a", "evaluator_a", "leader_a", "admin_b"])
def test_only_the_agency_admin_fills(world, role) -> None:  # type: ignore[no-untyped-def]
    s = succession_world(world, TODAY)
    with pytest.raises(PermissionDenied):
        fill_post(unit=world.dinkes, position=s.head, employee=s.best, reason="x",
                  actor=world.users[role])  # fmt: skip
    assert not SuccessionDecision.unscoped.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_post_without_an_empty_seat_today_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    s = succession_world(world, TODAY)
    fill_post(unit=world.dinkes, position=s.head, employee=s.best, reason="x",
              actor=world.users["admin_a"])  # fmt: skip
    with pytest.raises(ValidationError):
        fill_post(unit=world.dinkes, position=s.head, employee=s.second, reason="x",
                  actor=world.users["admin_a"])  # fmt: skip
