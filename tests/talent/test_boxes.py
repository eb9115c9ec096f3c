"""The 9-box read: kinerja from the SKP predicate, potensi from the latest assessment up to the
year, people left unmapped, and the pool (PermenPAN-RB 3/2020)."""

from __future__ import annotations

from datetime import date

import pytest

from formasi.domain import talent as talent_rules
from formasi.talent import boxes
from tests.talent.builders import YEAR, assessment, sanction, skp

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 1)


def _box(world, persona="admin_a", year=YEAR):  # type: ignore[no-untyped-def]
    return boxes.nine_box(world.users[persona], world.agency_a, boxes.BoxFilter(year=year), DAY)


@pytest.mark.parametrize(
    ("result", "behaviour", "potential", "box"),
    [
        ("above", "above", "high", 9),  # sangat baik → di atas ekspektasi
        ("as_expected", "above", "high", 8),  # baik → sesuai
        ("below", "above", "high", 6),  # butuh perbaikan → di bawah
        ("above", "above", "low", 4),
        ("as_expected", "as_expected", "medium", 5),
        ("above", "below", "low", 1),  # kurang → di bawah
    ],
)
def test_a_person_lands_in_the_box_of_their_predicate_and_potential(  # type: ignore[no-untyped-def]
    world, result, behaviour, potential, box
) -> None:
    skp(world.employee_dinkes, result=result, behaviour=behaviour)
    assessment(world.employee_dinkes, potential=potential)
    found = _box(world)
    assert [p.box for p in found.people] == [box]
    assert found.people[0].box == talent_rules.nine_box(
        talent_rules.performance_level(found.people[0].predicate), potential
    )


def test_the_latest_assessment_up_to_the_year_is_used(world) -> None:  # type: ignore[no-untyped-def]
    skp(world.employee_dinkes)
    assessment(world.employee_dinkes, year=2023, potential="low")
    assessment(world.employee_dinkes, year=2024, potential="medium")
    assessment(world.employee_dinkes, year=2026, potential="high")  # after the year: ignored
    assert [p.potential for p in _box(world).people] == ["medium"]


def test_people_without_skp_or_assessment_are_counted_apart(world) -> None:  # type: ignore[no-untyped-def]
    skp(world.employee_dinkes)
    assessment(world.employee_puskesmas)
    found = _box(world)
    assert (found.staff, found.without_skp, found.without_assessment) == (3, 2, 1)
    assert found.people == []
    assert sum(found.counts().values()) == 0


def test_inactive_people_are_left_out(world) -> None:  # type: ignore[no-untyped-def]
    skp(world.employee_dinkes)
    assessment(world.employee_dinkes)
    world.employee_dinkes.active = False
    world.employee_dinkes.save()
    assert _box(world).staff == 2


def test_the_pool_is_boxes_seven_to_nine_without_a_running_sanction(world) -> None:  # type: ignore[no-untyped-def]
    for person, potential in ((world.employee_dinkes, "medium"), (world.employee_puskesmas,
                              "high"), (world.employee_disdik, "low")):  # fmt: skip
        skp(person)
        assessment(person, potential=potential)
    sanction(world.employee_puskesmas, "tukin_cut_6_months", date(2026, 1, 1))
    found = _box(world)
    assert sorted(p.box for p in found.people) == [4, 7, 9]
    assert [p.employee.name for p in found.pool()] == ["Siti Rahmawati"]
    assert [p.employee.name for p in found.barred()] == ["Yohanes Ahang"]


def test_an_ended_or_light_sanction_does_not_bar(world) -> None:  # type: ignore[no-untyped-def]
    skp(world.employee_dinkes)
    assessment(world.employee_dinkes)
    sanction(world.employee_dinkes, "tukin_cut_6_months", date(2025, 1, 1))  # ended July 2025
    sanction(world.employee_dinkes, "teguran_lisan", date(2026, 2, 1))
    assert len(_box(world).pool()) == 1


def test_the_default_year_is_the_latest_with_results(world) -> None:  # type: ignore[no-untyped-def]
    skp(world.employee_dinkes, year=2023)
    skp(world.employee_disdik, year=2024)
    assert boxes.default_year(world.users["admin_a"], world.agency_a) == 2024
    # The Dinas Kesehatan operator sees only 2023's result.
    assert boxes.default_year(world.users["operator_dinkes_a"], world.agency_a) == 2023


def test_the_predicate_counts_have_every_predicate(world) -> None:  # type: ignore[no-untyped-def]
    skp(world.employee_dinkes, result="below", behaviour="below")
    rows = boxes.unit_rows(world.users["admin_a"], world.dinkes, YEAR)
    counts = boxes.predicate_counts(rows)
    assert counts == {"sangat_baik": 0, "baik": 0, "butuh_perbaikan": 0, "kurang": 0,
                      "sangat_kurang": 1}  # fmt: skip
    assert [r.employee.name for r in rows] == ["Siti Rahmawati", "Yohanes Ahang"]
