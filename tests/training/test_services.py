"""The writers of training data: scope, validation, history, and the generated plan."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import translation

from formasi.training import services
from formasi.training.models import CompetencyRecord, CompetencyStandard, PlanLine
from tests.personas import World
from tests.talent import builders as talent
from tests.training import builders as build
from tests.training.builders import YEAR


def test_record_competency_then_correct_it(world: World) -> None:
    found = build.training_data(world)
    admin = world.users["admin_a"]
    row, created = services.record_competency(
        employee=world.employee_puskesmas,
        competency=found["digital"],
        level=2,
        assessed_on=date(2026, 4, 1),
        actor=admin,
    )
    assert created and row.level == 2 and row.agency == world.agency_a
    again, created = services.record_competency(
        employee=world.employee_puskesmas,
        competency=found["digital"],
        level=3,
        assessed_on=date(2026, 5, 1),
        actor=admin,
    )
    assert not created and again.pk == row.pk and again.level == 3
    assert [h.level for h in again.history.order_by("history_id")] == [2, 3]
    assert again.history.first().history_user == admin


@pytest.mark.parametrize(
    ("persona", "employee", "allowed"),
    [
        ("operator_dinkes_a", "employee_puskesmas", True),
        ("operator_other_opd_a", "employee_puskesmas", False),
        ("evaluator_a", "employee_dinkes", False),
        ("leader_a", "employee_dinkes", False),
        ("admin_b", "employee_dinkes", False),
    ],
)
def test_only_who_may_change_the_employee_records(
    world: World, persona: str, employee: str, allowed: bool
) -> None:
    found = build.training_data(world)
    call = lambda: services.record_competency(  # noqa: E731
        employee=getattr(world, employee),
        competency=found["digital"],
        level=2,
        assessed_on=date(2026, 4, 1),
        actor=world.users[persona],
    )
    if allowed:
        call()
    else:
        with pytest.raises(PermissionDenied):
            call()
        assert not CompetencyRecord.unscoped.filter(
            employee=getattr(world, employee), level=2
        ).exists()


def test_bad_level_and_foreign_competency_are_refused_in_indonesian(world: World) -> None:
    found = build.training_data(world)
    admin = world.users["admin_a"]
    with translation.override("id"), pytest.raises(ValidationError) as caught:
        services.record_competency(
            employee=world.employee_puskesmas,
            competency=found["digital"],
            level=6,
            assessed_on=date(2026, 4, 1),
            actor=admin,
        )
    assert caught.value.message_dict["level"] == ["Isikan level dari 1 sampai 5."]
    other = build.competency(world.agency_b, "X", "Lain")
    with pytest.raises(ValidationError):
        services.record_competency(
            employee=world.employee_puskesmas,
            competency=other,
            level=2,
            assessed_on=date(2026, 4, 1),
            actor=admin,
        )
    assert not CompetencyRecord.unscoped.filter(employee=world.employee_puskesmas).exists()


def test_standards_are_bkpsdm_s(world: World) -> None:
    found = build.training_data(world)
    with pytest.raises(PermissionDenied):
        services.set_standard(
            position=world.teacher_position,
            competency=found["digital"],
            level=2,
            actor=world.users["operator_dinkes_a"],
        )
    row, created = services.set_standard(
        position=world.teacher_position,
        competency=found["digital"],
        level=2,
        actor=world.users["admin_a"],
    )
    assert created and row.agency == world.agency_a
    assert CompetencyStandard.unscoped.filter(position=world.teacher_position).count() == 1


def test_development_hours(world: World) -> None:
    row = services.record_development(
        employee=world.employee_dinkes,
        year=YEAR,
        title=" Bimtek SIAK ",
        hours=8,
        provider="BPSDM Kalteng",
        actor=world.users["operator_dinkes_a"],
    )
    assert (row.title, row.hours, row.agency) == ("Bimtek SIAK", 8, world.agency_a)
    with pytest.raises(ValidationError):
        services.record_development(
            employee=world.employee_dinkes,
            year=YEAR,
            title="x",
            hours=0,
            actor=world.users["admin_a"],
        )


@override_settings(FORMASI_TRAINING_HOURS_PER_LEVEL=10)
def test_generate_plan_from_gaps_and_boxes_is_idempotent(world: World) -> None:
    found = build.training_data(world)
    talent.skp(world.employee_disdik, year=YEAR - 1, result="as_expected", behaviour="as_expected")
    talent.assessment(world.employee_disdik, year=YEAR - 1, potential="medium", score="70")
    admin = world.users["admin_a"]
    done = services.generate_plan(agency=world.agency_a, year=YEAR, actor=admin)
    # Dinkes nurse: digital 1 of 3 (gap 2), nation none of 2 (gap 2); the puskesmas nurse was
    # never assessed (no line). The teacher in box 5: coaching and competence development.
    assert (done.from_gaps, done.from_boxes, done.kept) == (2, 2, 0)
    dinkes = {
        ln.competency_id: ln for ln in PlanLine.unscoped.filter(employee=world.employee_dinkes)
    }
    assert set(dinkes) == {found["digital"].pk, found["nation"].pk}
    assert (dinkes[found["digital"].pk].priority, dinkes[found["digital"].pk].hours) == ("high", 20)
    box = PlanLine.unscoped.filter(employee=world.employee_disdik).order_by("action")
    assert [(ln.action, ln.priority) for ln in box] == [
        ("competence_development", "medium"),
        ("performance_coaching", "medium"),
    ]
    edited = dinkes[found["digital"].pk]
    services.save_plan_line(
        employee=world.employee_dinkes,
        year=YEAR,
        title="",
        priority="low",
        hours=30,
        cost=Decimal(1500000),
        provider="BPSDM",
        actor=admin,
        line=edited,
    )
    again = services.generate_plan(agency=world.agency_a, year=YEAR, actor=admin)
    assert (again.from_gaps, again.from_boxes, again.kept) == (0, 0, 4)
    edited.refresh_from_db()
    assert (edited.priority, edited.hours, edited.provider) == ("low", 30, "BPSDM")


def test_an_operator_generates_their_opd_only(world: World) -> None:
    found = build.training_data(world)
    build.record(world.employee_disdik, found["digital"], 1)  # no standard for the teacher
    services.generate_plan(
        agency=world.agency_a, year=YEAR, actor=world.users["operator_other_opd_a"]
    )
    assert not PlanLine.unscoped.exists()  # the nurses are in the Dinas Kesehatan
    with pytest.raises(PermissionDenied):
        services.generate_plan(agency=world.agency_a, year=YEAR, actor=world.users["leader_a"])


def test_a_manual_line_needs_words_and_a_known_priority(world: World) -> None:
    admin = world.users["admin_a"]
    with pytest.raises(ValidationError):
        services.save_plan_line(
            employee=world.employee_dinkes,
            year=YEAR,
            title=" ",
            priority="high",
            hours=8,
            actor=admin,
        )
    with pytest.raises(ValidationError):
        services.save_plan_line(
            employee=world.employee_dinkes,
            year=YEAR,
            title="Bimtek",
            priority="urgent",
            hours=8,
            actor=admin,
        )
    row = services.save_plan_line(
        employee=world.employee_dinkes,
        year=YEAR,
        title="Bimtek",
        priority="high",
        hours=8,
        actor=admin,
    )
    assert row.source == "manual"
