"""Whole persons, the hiring lag at the plan's end, and the years over the cap
(``formasi.domain.plan_rules``)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from formasi.domain.abk import ROUNDING_RULES, round_staff
from formasi.domain.budget import Candidate, plan_recruitment
from formasi.domain.plan_rules import (
    PLAN_OVER_CAP,
    STAFF_OVER_CAP,
    cap_breaches,
    shortage_lines,
    whole_gaps,
)

# --- Whole persons -------------------------------------------------------------------------


def test_each_cell_is_rounded_before_summing() -> None:
    # Three posts each 0.4 short: 0 each to the nearest, so 0 in total (not round(1.2) = 1);
    # up, 1 each; an excess keeps its sign.
    gaps = np.array([[0.4], [0.4], [0.4], [-0.6]])
    assert whole_gaps(gaps, "nearest").ravel().tolist() == [0, 0, 0, -1]
    assert whole_gaps(gaps, "ceil").ravel().tolist() == [1, 1, 1, -1]
    assert whole_gaps(gaps, "floor").ravel().tolist() == [0, 0, 0, 0]
    assert whole_gaps([2.5, -2.5, 3.0000000001], "nearest").tolist() == [3, -3, 3]


def test_unknown_rule_and_nan_are_refused() -> None:
    with pytest.raises(ValueError, match="rounding rule"):
        whole_gaps([1.0], "banker")
    with pytest.raises(ValueError, match="finite"):
        whole_gaps([float("nan")])


@settings(max_examples=60, deadline=None)
@given(
    values=hnp.arrays(float, st.integers(1, 12), elements=st.floats(-50, 50, width=32)),
    rule=st.sampled_from(ROUNDING_RULES),
)
def test_whole_gaps_is_round_staff_on_the_magnitude(values: np.ndarray, rule: str) -> None:
    got = whole_gaps(values, rule)
    assert got.dtype == np.int64
    for value, whole in zip(values.tolist(), got.tolist(), strict=True):
        sign = -1 if value < 0 else 1
        assert whole == sign * round_staff(abs(value), rule)


# --- Hiring lag and the last plan year -----------------------------------------------------


def test_a_rise_is_hired_the_year_before_and_the_year_after_the_horizon_in_the_last_year() -> None:
    # Two plan years and the year after: short 2 at once, 3 in year 2, 5 after the horizon.
    lines = shortage_lines(np.array([[2, 3, 5]]), years=2)
    assert [(ln.arises, ln.count, ln.hire_from) for ln in lines] == [
        (0, 2, 0),
        (1, 1, 0),
        (2, 2, 1),
    ]


def test_a_shortage_that_falls_and_rises_again_is_not_counted_twice() -> None:
    lines = shortage_lines(np.array([[3, 1, 3, 4]]), years=3)
    assert [(ln.arises, ln.count) for ln in lines] == [(0, 3), (3, 1)]


def test_shortage_lines_validate_their_input() -> None:
    with pytest.raises(ValueError, match="columns"):
        shortage_lines(np.zeros((1, 4), dtype=int), years=2)
    with pytest.raises(ValueError, match="non-negative"):
        shortage_lines(np.array([[-1, 0]]), years=2)
    with pytest.raises(ValueError, match="positive"):
        shortage_lines(np.zeros((1, 1), dtype=int), years=0)


def _plan(proposal: np.ndarray, years: int, budget: list[int]):  # type: ignore[no-untyped-def]
    candidates = [
        Candidate(
            key=f"{ln.cell}.{ln.arises}",
            label=str(ln.cell),
            family="guru",
            area="",
            shortage=ln.count,
            priority=1.0,
            annual_cost=10,
            available_from=ln.hire_from,
        )
        for ln in shortage_lines(proposal, years)
    ]
    return plan_recruitment(candidates, budget_by_year=budget, years=years)


def test_the_last_plan_year_hires_for_the_year_after_the_horizon() -> None:
    # Before the rule the last year's hires counted for nothing: the plan hired 0 in year 3.
    proposal = np.array([[1, 1, 1, 4], [0, 2, 2, 2]])
    plan = _plan(proposal, 3, [1_000] * 3)
    by_year = [sum(ln.hires for ln in plan.lines if ln.year == t) for t in range(3)]
    assert by_year == [3, 0, 3]
    assert plan.status == "optimal" and plan.gap == 0


@settings(max_examples=40, deadline=None)
@given(
    proposal=hnp.arrays(
        np.int64,
        st.tuples(st.integers(1, 4), st.integers(2, 4)),
        elements=st.integers(0, 4),
    )
)
def test_every_year_with_a_new_shortage_ahead_and_room_hires(proposal: np.ndarray) -> None:
    """With room for everyone, plan year t hires exactly the rise of the year t + 1 (for t ≥ 1;
    year 0 also takes what is already short) — the last year included."""
    years = proposal.shape[1] - 1
    plan = _plan(proposal, years, [10_000] * years)
    rising = np.diff(np.maximum.accumulate(proposal, axis=1), axis=1, prepend=0).sum(axis=0)
    by_year = [sum(ln.hires for ln in plan.lines if ln.year == t) for t in range(years)]
    expected = [int(rising[0] + rising[1])] + [int(rising[t + 1]) for t in range(1, years)]
    assert by_year == expected
    assert plan.unfilled == ()


# --- Years over the cap --------------------------------------------------------------------


def test_staff_alone_over_a_25_percent_cap() -> None:
    """The demo's 25 % what-if: 28.69 % and 25.99 % before any hire (issue 17)."""
    breaches = cap_breaches(
        years=[2026, 2027, 2028],
        total_belanja=[1_580_800_000_000, 1_644_032_000_000, 1_709_793_280_000],
        spending_without_plan=[453_534_092_308, 427_272_751_442, 402_652_371_933],
        plan_cost=[0, 0, 24_759_830_017],
        cap=0.25,
    )
    assert [(b.year, b.reason) for b in breaches] == [
        (2026, STAFF_OVER_CAP),
        (2027, STAFF_OVER_CAP),
    ]
    first = breaches[0]
    assert first.ratio == pytest.approx(0.2869, abs=1e-4)
    assert first.excess == pytest.approx(0.0369, abs=1e-4)
    assert first.excess_amount == 453_534_092_308 - 395_200_000_000


def test_hires_that_take_a_year_over_the_cap_are_named_as_the_cause() -> None:
    (breach,) = cap_breaches(
        years=[2026], total_belanja=[100], spending_without_plan=[20], plan_cost=[15], cap=0.30
    )
    assert breach.reason == PLAN_OVER_CAP and breach.excess_amount == 5


def test_a_plan_that_fills_the_room_to_the_rupiah_is_not_over() -> None:
    assert (
        cap_breaches(
            years=[2026],
            total_belanja=[1000],
            spending_without_plan=[200],
            plan_cost=[100],
            cap=0.3,
        )
        == ()
    )
    with pytest.raises(ValueError, match="length"):
        cap_breaches(years=[1], total_belanja=[], spending_without_plan=[], plan_cost=[], cap=0.3)
