"""The reads of the survey: sums in the database give the domain's IKM; flagged units."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formasi.domain.survey import ikm
from formasi.feedback import reports
from formasi.workload.models import PositionNeed
from tests.feedback.builders import YEAR, response

pytestmark = pytest.mark.django_db

ROWS = [[4, 3, 2, 4, None, 3, 3, 2, 4], [3, 3, 3, 4, 2, 1, 4, 2, None], [2, 4, 3, 4, 3, 3, 3, 3, 3]]


def test_the_database_sums_give_the_domains_result(world) -> None:  # type: ignore[no-untyped-def]
    for row in ROWS:
        response(world.puskesmas, row)
    admin = world.users["admin_a"]
    result = reports.unit_result(admin, world.puskesmas, reports.Period.year(YEAR))
    assert result == ikm(ROWS)
    assert reports.by_unit(admin, world.agency_a, reports.Period.year(YEAR)) == {
        world.puskesmas.pk: ikm(ROWS)
    }


def test_another_year_is_not_counted(world) -> None:  # type: ignore[no-untyped-def]
    response(world.puskesmas, [4] * 9)
    admin = world.users["admin_a"]
    assert reports.unit_result(admin, world.puskesmas, reports.Period.year(YEAR - 1)).index is None


def test_a_low_ikm_with_too_few_staff_is_flagged(world) -> None:  # type: ignore[no-untyped-def]
    response(world.puskesmas, [2] * 9)  # 50.00, D
    response(world.school, [2] * 9)
    # the puskesmas has one nurse: a need of 2 puts it at 0.5; the school's need is met
    PositionNeed.unscoped.create(
        agency=world.agency_a, unit=world.puskesmas, position=world.nurse_position,
        source="entered", count=2,
    )  # fmt: skip
    PositionNeed.unscoped.create(
        agency=world.agency_a, unit=world.school, position=world.teacher_position,
        source="entered", count=1,
    )  # fmt: skip
    found = reports.flagged(world.users["leader_a"], world.agency_a, reports.Period.year(YEAR))
    assert [(f.unit, f.result.index, f.staff, f.need) for f in found] == [
        (world.puskesmas, Decimal("50.00"), 1, 2)
    ]


def test_a_good_ikm_is_not_flagged_whatever_the_staff(world) -> None:  # type: ignore[no-untyped-def]
    response(world.puskesmas, [4] * 9)
    PositionNeed.unscoped.create(
        agency=world.agency_a, unit=world.puskesmas, position=world.nurse_position,
        source="entered", count=5,
    )  # fmt: skip
    assert reports.flagged(world.users["admin_a"], world.agency_a, reports.Period.year(YEAR)) == []


@pytest.mark.parametrize(
    ("staff", "need", "pressed"), [(0, 0, False), (7, 10, True), (8, 10, False), (3, 2, False)]
)
def test_pressure_is_bezetting_below_0_8_of_need(staff: int, need: int, pressed: bool) -> None:
    assert reports.under_pressure(staff, need) is pressed
