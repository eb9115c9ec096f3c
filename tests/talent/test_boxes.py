"""The 9-box read: kinerja from the SKP predicate, potensi from the latest assessment up to the
year, people left unmapped, and the pool (PermenPAN-RB 3/2020)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formasi.domain import performance
from formasi.domain import talent as talent_rules
from formasi.talent import boxes
from formasi.talent.models import SkpResult
from tests import builders as build
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


# The counts and the people of a box come from the database (CASE expressions built from the
# domain rules); the domain functions over the same random rows are the oracle.
_PERSON = st.tuples(
    st.none() | st.sampled_from(list(performance.Predicate)),  # the year's SKP predicate
    st.lists(  # assessments: (year, potential), before, in and after the year
        st.tuples(st.integers(YEAR - 2, YEAR + 1), st.sampled_from(list(talent_rules.Potential))),
        max_size=3,
        unique_by=lambda row: row[0],
    ),
    st.booleans(),  # serving a sanction that bars promotion
)


def _expected(rows: list) -> tuple[dict[int, list[int]], int, int]:  # type: ignore[type-arg]
    """(people per box as row numbers, without SKP, without assessment) by the domain."""
    found: dict[int, list[int]] = {box: [] for box in range(1, 10)}
    without_skp = without_assessment = 0
    for number, (predicate, assessed, _running) in enumerate(rows):
        latest = max((row for row in assessed if row[0] <= YEAR), default=None)
        if predicate is None:
            without_skp += 1
        elif latest is None:
            without_assessment += 1
        else:
            level = talent_rules.performance_level(predicate)
            found[talent_rules.nine_box(level, latest[1])].append(number)
    return found, without_skp, without_assessment


def _write(world, rows: list) -> list:  # type: ignore[no-untyped-def, type-arg]
    unit = build.unit(world.agency_a, "Dinas Uji Kotak")
    post = build.position(world.agency_a)
    staff = []
    for number, (predicate, assessed, running) in enumerate(rows):
        person = build.employee(unit, post, name=f"Pegawai {number:02d}")
        if predicate is not None:
            row = {"result": "above", "behaviour": "above", "predicate": predicate}
            SkpResult.unscoped.create(agency_id=person.agency_id, employee=person, year=YEAR, **row)
        for year, potential in assessed:
            assessment(person, year=year, potential=potential)
        if running:
            sanction(person, "tukin_cut_12_months", date(2026, 1, 1))
        staff.append(person)
    return [unit, staff]


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(_PERSON, min_size=1, max_size=8))
def test_the_database_counts_equal_the_domain_rules(world, rows) -> None:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        unit, staff = _write(world, rows)
        chosen = boxes.BoxFilter(year=YEAR, opd=unit)
        user = world.users["admin_a"]
        counts = boxes.box_counts(user, world.agency_a, chosen, DAY)
        found, without_skp, without_assessment = _expected(rows)
        assert counts.boxes == {box: len(numbers) for box, numbers in found.items()}
        assert (counts.staff, counts.without_skp, counts.without_assessment) == (
            len(rows), without_skp, without_assessment)  # fmt: skip
        pool = [n for box in talent_rules.SUCCESSION_BOXES for n in found[box] if not rows[n][2]]
        assert counts.pool == len(pool)
        for box, numbers in found.items():
            page = boxes.box_people(user, world.agency_a, chosen, box, DAY)
            assert [p.employee.pk for p in page[:]] == [staff[n].pk for n in numbers]
            assert all(p.box == box for p in page[:])
        members = boxes.pool(user, world.agency_a, chosen, DAY).members[:]
        assert [p.employee.pk for p in members] == [staff[n].pk for n in sorted(pool)]
        transaction.set_rollback(True)


def test_the_expressions_follow_the_domain_rules() -> None:
    """Each (predicate, potential) pair's CASE branch gives the domain's box."""
    level = boxes.performance_expression()
    assert sum(len(w.condition.children[0][1]) for w in level.cases) == len(performance.Predicate)
    for when in level.cases:
        for predicate in when.condition.children[0][1]:
            assert talent_rules.performance_level(predicate).value == when.result.value
    assert len(boxes.box_expression().cases) == len(performance.Rating) * 3
    for when in boxes.box_expression().cases:
        (_l, rating), (_p, potential) = sorted(when.condition.children)
        assert talent_rules.nine_box(rating, potential) == when.result.value
