"""Seleksi terbuka JPT: final score, ranking, shortlist of three, committee and announcement
rules, the PPK's choice.

No published worked example of a weighted final score was found (the regulation leaves the
weights to the committee); the examples are hand-computed from the module's stated formula
and say so. The committee bounds (odd, 5–9, internal ≤ 45 %) are PermenPAN-RB 15/2019 [P].
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from formasi.domain.selection import (
    DEFAULT_WEIGHTS,
    CandidateScores,
    StageWeights,
    announcement_problems,
    committee_problems,
    decision_problem,
    final_score,
    rank,
)


def _c(key: int, k: int | None, w: int | None, r: int | None, passed: bool | None = True):  # type: ignore[no-untyped-def]
    f = lambda v: None if v is None else Fraction(v)  # noqa: E731
    return CandidateScores(key, passed, f(k), f(w), f(r))


def test_final_score_by_hand() -> None:
    # 0.5 × 80 + 0.3 × 70 + 0.2 × 90 = 40 + 21 + 18 = 79 (hand-computed).
    assert final_score(_c(1, 80, 70, 90)) == 79


def test_final_score_needs_every_weighted_stage() -> None:
    assert final_score(_c(1, 80, None, 90)) is None
    only_competence = StageWeights.percent(100, 0, 0)
    assert final_score(_c(1, 80, None, None), only_competence) == 80


def test_scores_outside_0_to_100_are_refused() -> None:
    with pytest.raises(ValueError):
        final_score(_c(1, 101, 70, 90))
    with pytest.raises(ValueError):
        final_score(_c(1, -1, 70, 90))


def test_weights_must_sum_to_one() -> None:
    with pytest.raises(ValueError):
        StageWeights.percent(50, 30, 30)
    with pytest.raises(ValueError):
        StageWeights.percent(120, -20, 0)
    assert sum(DEFAULT_WEIGHTS.as_mapping().values()) == 1


def test_ranking_shortlist_and_reasons() -> None:
    found = rank(
        [
            _c(1, 80, 70, 90),  # 79
            _c(2, 90, 90, 90),  # 90
            _c(3, 60, 60, 60),  # 60
            _c(4, 70, 80, 80),  # 35 + 24 + 16 = 75
            _c(5, 99, 99, 99, passed=False),
            _c(6, 99, 99, 99, passed=None),
            _c(7, 99, None, 99),
        ]
    )
    assert [r.key for r in found.ranked] == [2, 1, 4, 3]
    assert [r.place for r in found.ranked] == [1, 2, 3, 4]
    assert found.shortlist() == (2, 1, 4)
    assert dict(found.not_ranked) == {
        5: "administrasi_failed",
        6: "administrasi_pending",
        7: "scores_missing",
    }
    assert found.place_of(3) == 4 and found.place_of(5) is None


def test_ties_go_to_competence_then_registration() -> None:
    # Both 76: 0.5 × 80 + 0.3 × 80 + 0.2 × 60 and 0.5 × 68 + 0.3 × 90 + 0.2 × 75.
    found = rank([_c(9, 68, 90, 75), _c(3, 80, 80, 60), _c(1, 80, 80, 60)])
    assert [r.key for r in found.ranked] == [1, 3, 9]


def test_fewer_than_three_all_shortlisted() -> None:
    assert rank([_c(1, 50, 50, 50), _c(2, 60, 60, 60)]).shortlist() == (2, 1)


@pytest.mark.parametrize(
    ("members", "problems"),
    [
        ([(True, True), (False, False), (False, False), (False, False), (True, False)], ()),
        ([(True, True), (False, False), (False, False)], ("too_few",)),
        ([(False, True)] + [(False, False)] * 5, ("even_number",)),
        ([(False, True)] + [(False, False)] * 10, ("too_many",)),
        # 3 of 5 internal = 60 % > 45 %.
        ([(True, True), (True, False), (True, False), (False, False), (False, False)],
         ("internal_share",)),
        ([(True, False)] * 5, ("internal_share", "no_external", "chair_count")),
        ([(False, True), (False, True), (False, False), (False, False), (True, False)],
         ("chair_count",)),
    ],
)  # fmt: skip
def test_committee_rules(members: list[tuple[bool, bool]], problems: tuple[str, ...]) -> None:
    assert committee_problems(members) == problems


def test_nine_with_four_internal_is_allowed_five_is_not() -> None:
    four = [(True, True)] + [(True, False)] * 3 + [(False, False)] * 5  # 44 %
    five = [(True, True)] + [(True, False)] * 4 + [(False, False)] * 4  # 56 %
    assert committee_problems(four) == ()
    assert committee_problems(five) == ("internal_share",)


def test_announcement_days() -> None:
    assert announcement_problems(0) == ("closes_before_opens",)
    assert announcement_problems(14) == ("too_short",)
    assert announcement_problems(15) == ()


def test_decision_must_be_one_of_the_three() -> None:
    assert decision_problem(2, (2, 1, 4)) == ""
    assert decision_problem(3, (2, 1, 4)) == "not_shortlisted"
    assert decision_problem(3, ()) == "no_shortlist"


# --------------------------------------------------------------------------- properties

score = st.integers(min_value=0, max_value=100)
candidate = st.tuples(st.booleans(), score, score, score)


def _pool(raw: list[tuple[bool, int, int, int]]) -> list[CandidateScores]:
    return [_c(i, k, w, r, passed=p) for i, (p, k, w, r) in enumerate(raw)]


@given(st.lists(candidate, min_size=1, max_size=12), st.data())
def test_a_higher_stage_score_never_lowers_the_place(raw, data) -> None:  # type: ignore[no-untyped-def]
    who = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
    assume(raw[who][0])
    stage = data.draw(st.integers(min_value=1, max_value=3))
    bump = data.draw(st.integers(min_value=0, max_value=100 - raw[who][stage]))
    higher = list(raw)
    row = list(higher[who])
    row[stage] += bump
    higher[who] = (row[0], row[1], row[2], row[3])
    before = rank(_pool(raw)).place_of(who)
    after = rank(_pool(higher)).place_of(who)
    assert before is not None and after is not None
    assert after <= before


@given(st.lists(candidate, max_size=12))
def test_only_passed_candidates_are_ranked(raw) -> None:  # type: ignore[no-untyped-def]
    found = rank(_pool(raw))
    assert {r.key for r in found.ranked} == {i for i, row in enumerate(raw) if row[0]}


@given(st.lists(candidate, max_size=12))
def test_the_three_shortlisted_are_the_highest(raw) -> None:  # type: ignore[no-untyped-def]
    found = rank(_pool(raw))
    short = [r for r in found.ranked if r.shortlisted]
    rest = [r for r in found.ranked if not r.shortlisted]
    assert len(short) == min(3, len(found.ranked))
    assert all(s.final >= o.final for s in short for o in rest)
    finals = [r.final for r in found.ranked]
    assert finals == sorted(finals, reverse=True)
