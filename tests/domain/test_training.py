"""Competency gaps (PermenPAN-RB 38/2017), plan priorities and the 20 JP right (PP 11/2017).

Worked example, hand-computed from the regulation's definitions: a pelaksana pelayanan at a
kantor kelurahan held to the standard "pelayanan publik" level 3 (kompetensi manajerial,
PermenPAN-RB 38/2017 Lampiran: level 3 of five), "perekat bangsa" level 2 (sosial kultural)
and the technical "literasi digital" level 3; the person is recorded at 2, 3 and 1. The gaps are
1, 0 (a level above the standard is no surplus) and 2 — three levels missing in all. PP 11/2017
Pasal 203 ayat (4): 20 JP a year; 8 JP done and 6 planned leave 12 owed now, 6 after the plan.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formasi.domain.talent import DEVELOPMENT_ACTIONS, Action
from formasi.domain.training import (
    DEVELOPMENT_RIGHT_HOURS,
    TRAINING_ACTIONS,
    CompetencyGap,
    Kind,
    Priority,
    Requirement,
    box_priority,
    box_training_actions,
    gap,
    gap_priority,
    hours_status,
    person_gaps,
    suggested_hours,
    unit_gaps,
)

STANDARD = [
    Requirement("pelayanan_publik", Kind.MANAGERIAL, 3),
    Requirement("perekat_bangsa", Kind.SOCIO_CULTURAL, 2),
    Requirement("literasi_digital", Kind.TECHNICAL, 3),
]

levels = st.integers(min_value=1, max_value=5)


def test_worked_example_of_a_kelurahan_service_officer() -> None:
    found = person_gaps(
        STANDARD, {"pelayanan_publik": 2, "perekat_bangsa": 3, "literasi_digital": 1}
    )
    assert [g.gap for g in found] == [1, 0, 2]
    assert sum(g.gap for g in found) == 3
    assert found[2] == CompetencyGap("literasi_digital", Kind.TECHNICAL, 3, 1, 2)


def test_no_record_misses_the_whole_level() -> None:
    assert gap(4, None) == 4
    assert person_gaps(STANDARD[:1], {})[0].actual is None


@pytest.mark.parametrize("bad", [0, 6, -1, True, 2.5])
def test_levels_outside_one_to_five_are_refused(bad: object) -> None:
    with pytest.raises(ValueError):
        gap(bad, 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        gap(3, bad)  # type: ignore[arg-type]


@given(levels, st.one_of(st.none(), levels))
def test_gap_is_never_negative_nor_above_the_standard(required: int, actual: int | None) -> None:
    assert 0 <= gap(required, actual) <= required


@given(levels, levels, levels)
def test_raising_a_record_never_raises_the_gap(required: int, actual: int, other: int) -> None:
    low, high = sorted((actual, other))
    assert gap(required, high) <= gap(required, low) <= gap(required, None)


@given(st.lists(st.tuples(levels, st.one_of(st.none(), levels)), min_size=1, max_size=8))
def test_a_unit_adds_whole_people(pairs: list[tuple[int, int | None]]) -> None:
    people = [
        person_gaps([Requirement("x", Kind.TECHNICAL, r)], {"x": a} if a else {}) for r, a in pairs
    ]
    (unit,) = unit_gaps(people)
    assert unit.people == len(pairs)
    assert unit.short == sum(1 for r, a in pairs if gap(r, a) > 0)
    assert unit.total == sum(gap(r, a) for r, a in pairs)
    assert unit.largest == max(gap(r, a) for r, a in pairs)


def test_unit_gaps_put_the_most_people_short_first() -> None:
    people = [
        person_gaps(STANDARD, {"pelayanan_publik": 3, "perekat_bangsa": 2, "literasi_digital": 1}),
        person_gaps(STANDARD, {"pelayanan_publik": 2, "perekat_bangsa": 2, "literasi_digital": 2}),
    ]
    codes = [u.code for u in unit_gaps(people)]
    assert codes == ["literasi_digital", "pelayanan_publik", "perekat_bangsa"]


@pytest.mark.parametrize(
    ("missing", "expected"),
    [(0, None), (1, Priority.MEDIUM), (2, Priority.HIGH), (4, Priority.HIGH)],
)
def test_gap_priority_bands(missing: int, expected: Priority | None) -> None:
    assert gap_priority(missing) == expected


def test_suggested_hours_per_level() -> None:
    assert suggested_hours(2, 16) == 32
    with pytest.raises(ValueError):
        suggested_hours(-1, 16)


def test_box_actions_keep_only_development() -> None:
    assert box_training_actions(9) == ()
    assert box_training_actions(1) == ()
    assert box_training_actions(5) == (Action.PERFORMANCE_COACHING, Action.COMPETENCE_DEVELOPMENT)
    for box, actions in DEVELOPMENT_ACTIONS.items():
        assert set(box_training_actions(box)) == set(actions) & set(TRAINING_ACTIONS)
    with pytest.raises(ValueError):
        box_training_actions(10)


@pytest.mark.parametrize(
    ("box", "expected"),
    [(1, "high"), (3, "high"), (4, "medium"), (6, "medium"), (7, "low"), (9, "low")],
)
def test_box_priority_edges(box: int, expected: str) -> None:
    assert box_priority(box) == expected


def test_twenty_hours_worked_example() -> None:
    assert DEVELOPMENT_RIGHT_HOURS == 20
    status = hours_status(8, 6)
    assert (status.below, status.missing, status.missing_after_plan) == (True, 12, 6)
    assert not hours_status(20, 0).below
    assert hours_status(19, 0).below


@given(st.integers(0, 80), st.integers(0, 80), st.integers(0, 60))
def test_hours_owed_never_negative_and_fall_with_the_plan(
    done: int, planned: int, right: int
) -> None:
    status = hours_status(done, planned, right)
    assert 0 <= status.missing_after_plan <= status.missing <= right
    assert status.below == (status.missing > 0)
