"""Rules that make the five-year plan explain itself: whole persons, the hiring lag at the
plan's end, and the years over the personnel-spending cap.

Pure Python plus numpy (no Django). Persons are whole numbers; ratios are fractions (0.30);
years are calendar years or plan-year indexes (0 = the first plan year) as each function says.

Whole persons (:func:`whole_gaps`)
    The projection counts expected values (1 % other leavers of 3 people is 0.03 person).
    Every figure shown is a whole person: the gap of each cell (a jabatan in a unit) is
    rounded with the agency's ABK rounding rule (:func:`formasi.domain.abk.round_staff`:
    nearest, up or down; DOMAIN §1.5) *before* summing, sign kept (an excess of 0.6 is an
    excess of 1 under "nearest"). Totals are sums of whole cells, so they can differ from the
    rounded sum of the exact fractions.

Hiring lag and the last plan year (:func:`shortage_lines`)
    A person recruited in plan year t counts from year t + 1 (Perban BKN 9/2022 as in
    :mod:`formasi.domain.projection`). A shortage that arises in year t is therefore filled
    by a hire in year t − 1 (in the first year for shortages already there). Hires in the
    last plan year N would fill nothing inside the horizon, so the plan **looks one year past
    it**: the shortage arising in year N + 1 is a line hired in year N. Every line can be
    hired inside the horizon, and the last year's hires are valued by the gap they close in
    year N + 1 (our rule; the Perban is silent on the horizon's end).

Years over the cap (:func:`cap_breaches`)
    UU 1/2022 Pasal 146: counted personnel spending ≤ cap × total belanja. A year over the
    cap gets a reason code: :data:`STAFF_OVER_CAP` when the staff already in post exceed it
    without any hire (nothing can be hired that year), :data:`PLAN_OVER_CAP` when the plan's
    hires take it over (the optimiser never does; a hand-made plan might).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
import numpy.typing as npt

from formasi.domain.abk import ROUNDING_RULES, ROUNDING_TOLERANCE

__all__ = [
    "PLAN_OVER_CAP",
    "STAFF_OVER_CAP",
    "CapBreach",
    "ShortageLine",
    "cap_breaches",
    "shortage_lines",
    "whole_gaps",
]

IntArray = npt.NDArray[np.int64]

STAFF_OVER_CAP: Final = "staff_over_cap"
PLAN_OVER_CAP: Final = "plan_over_cap"
BreachReason = Literal["staff_over_cap", "plan_over_cap"]


def whole_gaps(gap: npt.ArrayLike, rule: str = "nearest") -> IntArray:
    """Each cell's gap in whole persons: ``sign(gap) × round_staff(|gap|, rule)``.

    Elementwise the same as :func:`formasi.domain.abk.round_staff` on the magnitude
    (a value within its tolerance of a whole number is that number under every rule).
    """
    if rule not in ROUNDING_RULES:
        raise ValueError(f"unknown rounding rule {rule!r}; use one of {', '.join(ROUNDING_RULES)}")
    values = np.asarray(gap, dtype=float)
    if not np.all(np.isfinite(values)):
        raise ValueError("gaps must be finite")
    size = np.abs(values)
    whole = np.round(size)
    lower = np.floor(size)
    if rule == "floor":
        rounded = lower
    elif rule == "ceil":
        rounded = lower + 1
    else:
        rounded = np.where(size - lower >= 0.5 - ROUNDING_TOLERANCE, lower + 1, lower)
    rounded = np.where(np.abs(size - whole) <= ROUNDING_TOLERANCE, whole, rounded)
    out: IntArray = (np.sign(values) * rounded).astype(np.int64)
    return out


@dataclass(frozen=True, slots=True)
class ShortageLine:
    """``count`` persons short in cell ``cell`` from plan year ``arises`` (``years`` = the
    year after the horizon), to be hired from plan year ``hire_from``."""

    cell: int
    arises: int
    count: int
    hire_from: int


def shortage_lines(proposal: npt.ArrayLike, years: int) -> list[ShortageLine]:
    """The shortages to recruit for, each as it arises, with the hiring lag.

    ``proposal`` is the whole shortage per cell (rows) and year; it has ``years`` columns,
    or ``years + 1`` with the year after the horizon. A cell's shortage rises when it passes
    its highest earlier value (people hired for an earlier rise are still there); the rise in
    year t is hired from year ``max(t − 1, 0)``, so the rise in year N + 1 is hired in the
    last plan year N (index ``years − 1``).
    """
    if isinstance(years, bool) or not isinstance(years, int) or years < 1:
        raise ValueError(f"years must be a positive int, got {years!r}")
    matrix = np.asarray(proposal, dtype=np.int64)
    if matrix.ndim != 2 or matrix.shape[1] not in (years, years + 1):
        raise ValueError(f"proposal must have {years} or {years + 1} columns")
    if np.any(matrix < 0):
        raise ValueError("proposal must be non-negative")
    rising = np.diff(np.maximum.accumulate(matrix, axis=1), axis=1, prepend=0)
    return [
        ShortageLine(int(i), int(t), int(rising[i, t]), min(max(int(t) - 1, 0), years - 1))
        for i, t in zip(*np.nonzero(rising > 0), strict=True)
    ]


@dataclass(frozen=True, slots=True)
class CapBreach:
    """A year over the cap: its ratio with the plan, by how much (fraction points and whole
    Rupiah of counted spending above the cap) and why (:data:`STAFF_OVER_CAP` or
    :data:`PLAN_OVER_CAP`)."""

    year: int
    ratio: float
    cap: float
    excess: float
    excess_amount: int
    reason: BreachReason


def cap_breaches(
    *,
    years: Sequence[int],
    total_belanja: Sequence[float],
    spending_without_plan: Sequence[float],
    plan_cost: Sequence[float],
    cap: float,
) -> tuple[CapBreach, ...]:
    """The years whose counted personnel spending with the plan is over ``cap × total``.

    The tolerance is one Rupiah: a plan that fills the room to the last Rupiah is not over.
    """
    if not (len(years) == len(total_belanja) == len(spending_without_plan) == len(plan_cost)):
        raise ValueError("years, totals, spending and plan cost differ in length")
    if isinstance(cap, bool) or not math.isfinite(cap) or not 0 < cap <= 1:
        raise ValueError(f"cap must be a fraction in (0, 1], got {cap!r}")
    out = []
    for year, total, without, cost in zip(
        years, total_belanja, spending_without_plan, plan_cost, strict=True
    ):
        if total <= 0:
            raise ValueError("total_belanja must be greater than 0")
        limit = cap * total
        spent = without + cost
        if spent - limit <= 1:
            continue
        reason: BreachReason = STAFF_OVER_CAP if without - limit > 1 else PLAN_OVER_CAP
        out.append(
            CapBreach(
                year=int(year),
                ratio=spent / total,
                cap=cap,
                excess=spent / total - cap,
                excess_amount=math.ceil(spent - limit),
                reason=reason,
            )
        )
    return tuple(out)
