"""Personnel-spending cap, salary cost and a budget-constrained recruitment plan.

Pure Python plus OR-Tools CP-SAT (no Django). Amounts are **Rupiah per year** (``int``),
ratios are fractions (0.30, not 30), years are plan-year indexes starting at 0.

Rules implemented
-----------------
Batas belanja pegawai, UU 1/2022 (HKPD) Pasal 146 ayat (1) and its elucidation (DOMAIN §8)
    Daerah keep belanja pegawai, outside the teacher allowances allocated through TKD, at
    most 30 % of total belanja APBD::

        rasio = (belanja_pegawai − tunjangan_guru_TKD − tamsil_guru_TKD) ÷ total_belanja

    Belanja pegawai includes ASN, kepala daerah and DPRD members (the caller's figure must
    already include them). The Minister of Finance may change the cap after coordinating
    with Mendagri and MenPAN-RB, so :data:`SPENDING_CAP` is only the default and every
    function takes ``cap`` (:func:`spending_ratio`, :func:`headroom`).

Salary cost
    :class:`SalaryTable`, :func:`annual_cost` and :func:`demo_salary_table` live in
    :mod:`formasi.domain.salary` and are re-exported here.

Recruitment plan (:func:`plan_recruitment`, :func:`greedy_plan`) — our formalisation
    Choose integer hires ``x[c, t]`` per candidate line ``c`` and plan year ``t`` with
    ``Σ_t x[c, t] ≤ shortage[c]``, no hire before ``available_from[c]``, and for every year
    ``y`` the added yearly cost of everyone hired so far within the budget
    (``Σ_c Σ_{t ≤ y} cost[c] × x[c, t] ≤ budget[y]``: a person hired in year 1 still costs
    money in years 2, 3, …). Maximise ``Σ hire_weight(priority[c], t) × x[c, t]``.
    DOMAIN §7.5 orders shortages by the instansi's strategic priority; the discount makes
    the optimum fill the most important gaps first. Budgets are the room for *added*
    personnel spending in each year (typically :func:`headroom` of that year's APBD plan,
    plus the cost freed by retirements if the caller wants to count it).

Solving it
    Candidates with the same yearly cost, scaled priority and first year are interchangeable,
    so CP-SAT decides hires per such group (an exact reformulation that is far smaller: the
    demo's 1,363 lines become 138 groups) and the hires are handed back to the group's lines
    in input order. The model counts hires cumulatively (``y[g, t]`` = hired by year t,
    non-decreasing), so each year's budget row reads one variable per group and the
    objective regroups to ``P × d`` per year plus ``P × (100 − d × (n − 1))`` for the last;
    each year's budget row sums one integer per distinct yearly cost (hired so far at that
    cost). With this form CP-SAT proves the demo's optimum in well under a second, where the
    per-line, per-year form ran out of time. A search stopped by its time limit reports the
    best bound it proved; :attr:`RecruitmentPlan.gap` says how far from the optimum the plan
    may be.

Objective scaling (:func:`hire_weight`)
    ``weight = round(priority × PRIORITY_SCALE) × (100 − year_discount_percent × year)``,
    ``PRIORITY_SCALE = 1000``: priorities are kept to three decimals and each year of
    delay costs ``year_discount_percent`` % (default 1 %) of the line's priority, linear,
    not compounded. Hiring later is always worth more than not hiring at all (the weight
    stays positive: the plan horizon must satisfy ``discount × (years − 1) < 100``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Final, Literal

from ortools.sat.python import cp_model

from formasi.domain.salary import (
    STATUSES,
    SalaryTable,
    Status,
    annual_cost,
    check_cost,
    demo_salary_table,
)

__all__ = [
    "DEFAULT_AREA_WEIGHT",
    "DEFAULT_FAMILY_WEIGHT",
    "DEFAULT_FAMILY_WEIGHTS",
    "PRIORITY_SCALE",
    "SPENDING_CAP",
    "STATUSES",
    "Candidate",
    "PlanLine",
    "PlanStatus",
    "Priorities",
    "RecruitmentPlan",
    "SalaryTable",
    "Status",
    "UnfilledLine",
    "UnfilledReason",
    "YearRoom",
    "annual_cost",
    "demo_salary_table",
    "greedy_plan",
    "headroom",
    "hire_weight",
    "plan_recruitment",
    "priority",
    "room_by_year",
    "spending_ratio",
]

#: UU 1/2022 Pasal 146(1): belanja pegawai at most 30 % of total belanja (changeable by MoF).
SPENDING_CAP: Final = 0.30

# --- Pasal 146 ratio -------------------------------------------------------------------


def _check_amount(name: str, value: float) -> None:
    if isinstance(value, bool) or not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite non-negative amount, got {value!r}")


def _counted_spending(
    belanja_pegawai: float, total_belanja: float, tunjangan_guru_tkd: float, tamsil_guru_tkd: float
) -> float:
    for name, value in (
        ("belanja_pegawai", belanja_pegawai),
        ("total_belanja", total_belanja),
        ("tunjangan_guru_tkd", tunjangan_guru_tkd),
        ("tamsil_guru_tkd", tamsil_guru_tkd),
    ):
        _check_amount(name, value)
    if total_belanja <= 0:
        raise ValueError("total_belanja must be greater than 0")
    if tunjangan_guru_tkd + tamsil_guru_tkd > belanja_pegawai:
        raise ValueError(
            "tunjangan_guru_tkd + tamsil_guru_tkd cannot exceed belanja_pegawai "
            "(they are part of it)"
        )
    return belanja_pegawai - tunjangan_guru_tkd - tamsil_guru_tkd


def _check_cap(cap: float) -> None:
    if isinstance(cap, bool) or not math.isfinite(cap) or not 0 < cap <= 1:
        raise ValueError(f"cap must be a fraction in (0, 1], got {cap!r}")


def spending_ratio(
    *,
    belanja_pegawai: float,
    total_belanja: float,
    tunjangan_guru_tkd: float = 0,
    tamsil_guru_tkd: float = 0,
) -> float:
    """Belanja pegawai share per UU 1/2022 Pasal 146(1), teacher allowances via TKD excluded.

    ``(belanja_pegawai − tunjangan_guru_tkd − tamsil_guru_tkd) ÷ total_belanja``, a fraction.
    """
    counted = _counted_spending(belanja_pegawai, total_belanja, tunjangan_guru_tkd, tamsil_guru_tkd)
    return counted / total_belanja


def headroom(
    *,
    belanja_pegawai: float,
    total_belanja: float,
    tunjangan_guru_tkd: float = 0,
    tamsil_guru_tkd: float = 0,
    cap: float = SPENDING_CAP,
) -> float:
    """Yearly Rupiah that counted personnel spending may still grow: ``cap × total − counted``.

    Negative when the daerah is already above the cap (the amount it must cut). Total belanja
    is held fixed: a new hire adds to belanja pegawai *and* to total belanja only if the
    APBD grows, which the caller models by passing next year's planned total.
    """
    _check_cap(cap)
    counted = _counted_spending(belanja_pegawai, total_belanja, tunjangan_guru_tkd, tamsil_guru_tkd)
    return cap * total_belanja - counted


@dataclass(frozen=True, slots=True)
class YearRoom:
    """One plan year under the cap: the APBD total, the counted spending of the staff still
    in post (before any new hire) and the whole Rupiah left for new hires (never negative)."""

    year: int
    total_belanja: float
    personnel_without_plan: float
    room: int


def room_by_year(
    *,
    belanja_pegawai: float,
    total_belanja: float,
    budget_year: int,
    plan_years: Sequence[int],
    staff_now: float,
    staff_by_year: Sequence[float],
    tunjangan_guru_tkd: float = 0,
    apbd_growth: float = 0,
    cap: float = SPENDING_CAP,
) -> tuple[YearRoom, ...]:
    """The room for added personnel spending in each plan year (UU 1/2022 Pasal 146(1)).

    The base year's counted spending (``belanja_pegawai − tunjangan_guru_tkd``) is spread
    per person over ``staff_now``; in plan year ``year`` the staff still in post
    (``staff_by_year``) cost that much each, total belanja grows by ``apbd_growth`` a year
    from ``budget_year``, and the room is :func:`headroom` of that year, floored at 0 and
    truncated to whole Rupiah. ``staff_now`` of 0 counts as 1 (no staff: no spread).
    """
    if len(staff_by_year) != len(plan_years):
        raise ValueError("staff_by_year and plan_years differ in length")
    counted = _counted_spending(belanja_pegawai, total_belanja, tunjangan_guru_tkd, 0)
    per_person = counted / (staff_now or 1.0)
    rows = []
    for year, staff in zip(plan_years, staff_by_year, strict=True):
        total_t = total_belanja * (1 + apbd_growth) ** (year - budget_year)
        without = per_person * staff
        room = headroom(belanja_pegawai=without, total_belanja=total_t, cap=cap)
        rows.append(YearRoom(year, total_t, without, max(int(room), 0)))
    return tuple(rows)


# --- Priorities ------------------------------------------------------------------------

#: Families Palangka Raya names as its needs (IT staff, teachers, health workers, technical
#: staff) weigh highest; administrasi lowest. A default for the demo, not a regulation.
DEFAULT_FAMILY_WEIGHTS: Final[Mapping[str, float]] = MappingProxyType(
    {"guru": 1.0, "kesehatan": 1.0, "ti": 0.9, "teknis": 0.9, "administrasi": 0.4}
)
DEFAULT_FAMILY_WEIGHT: Final = 0.5
DEFAULT_AREA_WEIGHT: Final = 1.0


def priority(
    candidate_family: str,
    area: str,
    family_weights: Mapping[str, float],
    area_weights: Mapping[str, float],
    *,
    default_family_weight: float = DEFAULT_FAMILY_WEIGHT,
    default_area_weight: float = DEFAULT_AREA_WEIGHT,
) -> float:
    """Priority of a shortage line: ``family weight × area weight`` (unknown keys use defaults).

    With weights in [0, 1] the result is in [0, 1]. Underserved areas get weight 1.0 and
    better-served ones less, so the same shortage ranks higher where service is thinner.
    """
    fw = family_weights.get(candidate_family, default_family_weight)
    aw = area_weights.get(area, default_area_weight)
    for name, w in (("family weight", fw), ("area weight", aw)):
        if not math.isfinite(w) or w < 0:
            raise ValueError(f"{name} must be finite and non-negative, got {w!r}")
    return fw * aw


@dataclass(frozen=True, eq=False)
class Priorities:
    """Weights per job family and per area (kecamatan), with defaults for unlisted keys."""

    family_weights: Mapping[str, float] = field(default_factory=lambda: DEFAULT_FAMILY_WEIGHTS)
    area_weights: Mapping[str, float] = field(default_factory=dict)
    default_family_weight: float = DEFAULT_FAMILY_WEIGHT
    default_area_weight: float = DEFAULT_AREA_WEIGHT

    def __post_init__(self) -> None:
        object.__setattr__(self, "family_weights", MappingProxyType(dict(self.family_weights)))
        object.__setattr__(self, "area_weights", MappingProxyType(dict(self.area_weights)))

    def of(self, family: str, area: str) -> float:
        """:func:`priority` with this object's weights."""
        return priority(
            family,
            area,
            self.family_weights,
            self.area_weights,
            default_family_weight=self.default_family_weight,
            default_area_weight=self.default_area_weight,
        )


# --- Recruitment plan ------------------------------------------------------------------

#: Priorities are scaled to integers with three decimals for CP-SAT.
PRIORITY_SCALE: Final = 1000
_YEAR_WEIGHT_BASE: Final = 100


@dataclass(frozen=True)
class Candidate:
    """One shortage line to recruit for (a jabatan in a unit), costed per hire per year."""

    key: str
    label: str
    family: str
    area: str
    shortage: int
    priority: float
    annual_cost: int
    available_from: int = 0

    def __post_init__(self) -> None:
        if not self.key:
            raise ValueError("key must be a non-empty string")
        for name, value in (("shortage", self.shortage), ("available_from", self.available_from)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a non-negative int, got {value!r}")
        check_cost("annual_cost", self.annual_cost)
        p = self.priority
        if isinstance(p, bool) or not math.isfinite(p) or p < 0:
            raise ValueError(f"priority must be finite and non-negative, got {p!r}")


def hire_weight(priority: float, year: int, *, year_discount_percent: int = 1) -> int:
    """Objective coefficient of one hire: ``round(priority × 1000) × (100 − discount × year)``."""
    weight = _YEAR_WEIGHT_BASE - year_discount_percent * year
    if weight <= 0:
        raise ValueError("year discount leaves no weight; shorten the horizon")
    return round(priority * PRIORITY_SCALE) * weight


PlanStatus = Literal["optimal", "feasible", "infeasible"]
UnfilledReason = Literal[
    "outside_horizon", "over_budget", "budget_exhausted", "hire_limit", "not_selected"
]


@dataclass(frozen=True)
class PlanLine:
    """Hires of one candidate in one plan year. ``cost`` = hires × annual cost (per year)."""

    candidate: Candidate
    year: int
    hires: int
    cost: int
    priority: float
    shortage: int
    remaining_shortage: int


@dataclass(frozen=True)
class UnfilledLine:
    """Shortage left open at the end of the plan, with a reason code.

    ``outside_horizon``: the line becomes available after the last plan year;
    ``over_budget``: one hire does not fit the budget even with nobody else hired;
    ``budget_exhausted``: it would fit alone, but the chosen lines (valued higher by the
    objective: higher priority, or more priority per Rupiah) used up the room;
    ``hire_limit``: it would still fit the budget but the yearly hire limit is used up;
    ``not_selected``: room is left but the line adds nothing to the objective (a priority
    that rounds to 0 at three decimals).
    """

    candidate: Candidate
    remaining: int
    reason: UnfilledReason


@dataclass(frozen=True)
class RecruitmentPlan:
    """Result: status, scaled objective (see :func:`hire_weight`), chosen and unfilled lines."""

    status: PlanStatus
    objective: int
    lines: tuple[PlanLine, ...]
    unfilled: tuple[UnfilledLine, ...]
    cost_by_year: tuple[int, ...]
    budget_by_year: tuple[int, ...]
    #: The best bound on the objective the search proved (equal to ``objective`` when the
    #: plan is optimal); ``None`` for a plan no search looked at (the greedy plan alone).
    bound: int | None = None

    @property
    def gap(self) -> float | None:
        """How far from the optimum the plan may be, as a fraction of the bound:
        ``(bound − objective) ÷ bound`` (0 when proven optimal; ``None`` without a bound)."""
        if self.bound is None:
            return None
        if self.bound <= 0:
            return 0.0
        return (self.bound - self.objective) / self.bound

    def hires(self) -> dict[tuple[str, int], int]:
        """``{(candidate key, year): hires}`` for the chosen lines."""
        return {(ln.candidate.key, ln.year): ln.hires for ln in self.lines}


def _prepare(
    candidates: Sequence[Candidate],
    budget_by_year: Sequence[int],
    years: int | None,
    max_hires_by_year: Sequence[int] | None,
    year_discount_percent: int,
) -> tuple[int, list[int], list[int] | None]:
    keys = [c.key for c in candidates]
    if len(set(keys)) != len(keys):
        raise ValueError("candidate keys must be unique")
    n = len(budget_by_year) if years is None else years
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"years must be a positive int, got {n!r}")
    if len(budget_by_year) < n:
        raise ValueError(f"budget_by_year has {len(budget_by_year)} entries, need {n}")
    budget = [int(b) for b in budget_by_year[:n]]
    caps: list[int] | None = None
    if max_hires_by_year is not None:
        if len(max_hires_by_year) < n:
            raise ValueError(f"max_hires_by_year has {len(max_hires_by_year)} entries, need {n}")
        caps = [int(m) for m in max_hires_by_year[:n]]
        if any(m < 0 for m in caps):
            raise ValueError("max_hires_by_year must be non-negative")
    if not isinstance(year_discount_percent, int) or year_discount_percent < 0:
        raise ValueError("year_discount_percent must be a non-negative int")
    hire_weight(0, n - 1, year_discount_percent=year_discount_percent)  # horizon check
    return n, budget, caps


def _build_plan(
    status: PlanStatus,
    candidates: Sequence[Candidate],
    x: Mapping[tuple[int, int], int],
    n: int,
    budget: list[int],
    caps: list[int] | None,
    discount: int,
) -> RecruitmentPlan:
    lines: list[PlanLine] = []
    cost_by_year = [0] * n
    hires_by_year = [0] * n
    objective = 0
    remaining = [c.shortage for c in candidates]
    for t in range(n):
        for i, c in enumerate(candidates):
            h = x.get((i, t), 0)
            if h <= 0:
                continue
            remaining[i] -= h
            hires_by_year[t] += h
            for y in range(t, n):
                cost_by_year[y] += h * c.annual_cost
            objective += h * hire_weight(c.priority, t, year_discount_percent=discount)
            lines.append(PlanLine(c, t, h, h * c.annual_cost, c.priority, c.shortage, remaining[i]))
    unfilled: list[UnfilledLine] = []
    if status in ("optimal", "feasible"):
        slack = [b - used for b, used in zip(budget, cost_by_year, strict=True)]
        for i, c in enumerate(candidates):
            if remaining[i] > 0:
                unfilled.append(
                    UnfilledLine(c, remaining[i], _reason(c, n, budget, slack, caps, hires_by_year))
                )
    return RecruitmentPlan(
        status, objective, tuple(lines), tuple(unfilled), tuple(cost_by_year), tuple(budget)
    )


def _reason(
    c: Candidate,
    n: int,
    budget: list[int],
    slack: list[int],
    caps: list[int] | None,
    hires_by_year: list[int],
) -> UnfilledReason:
    start_years = range(c.available_from, n)
    if not start_years:
        return "outside_horizon"

    def fits(room: list[int], t: int) -> bool:
        return all(room[y] >= c.annual_cost for y in range(t, n))

    if not any(fits(budget, t) and (caps is None or caps[t] > 0) for t in start_years):
        return "over_budget"
    budget_room = [t for t in start_years if fits(slack, t)]
    if not budget_room:
        return "budget_exhausted"
    if caps is not None and all(hires_by_year[t] >= caps[t] for t in budget_room):
        return "hire_limit"
    return "not_selected"


def greedy_plan(
    candidates: Sequence[Candidate],
    *,
    budget_by_year: list[int],
    years: int | None = None,
    max_hires_by_year: list[int] | None = None,
    year_discount_percent: int = 1,
) -> RecruitmentPlan:
    """Baseline: year by year, fill lines in order of priority per Rupiah, as many as fit.

    Order: ``priority ÷ annual_cost`` descending (cost 0 first), then priority, then key.
    A hire in year ``t`` is taken only if it fits the remaining budget of every year
    ``y ≥ t``. Status is ``"feasible"`` (no optimality claim) or ``"infeasible"`` when some
    year's budget is negative (over the cap even without hiring).
    """
    n, budget, caps = _prepare(
        candidates, budget_by_year, years, max_hires_by_year, year_discount_percent
    )
    if any(b < 0 for b in budget):
        return RecruitmentPlan("infeasible", 0, (), (), (0,) * n, tuple(budget))

    def order(i: int) -> tuple[float, float, str]:
        c = candidates[i]
        ratio = math.inf if c.annual_cost == 0 else c.priority / c.annual_cost
        return (-ratio, -c.priority, c.key)

    ranked = sorted(range(len(candidates)), key=order)
    slack = list(budget)
    left = [c.shortage for c in candidates]
    x: dict[tuple[int, int], int] = {}
    for t in range(n):
        cap_left = caps[t] if caps is not None else sum(left)
        for i in ranked:
            c = candidates[i]
            if t < c.available_from or left[i] == 0 or cap_left == 0:
                continue
            h = min(left[i], cap_left)
            if c.annual_cost > 0:
                h = min(h, min(slack[t:]) // c.annual_cost)
            if h <= 0:
                continue
            x[(i, t)] = h
            left[i] -= h
            cap_left -= h
            for y in range(t, n):
                slack[y] -= h * c.annual_cost
    return _build_plan("feasible", candidates, x, n, budget, caps, year_discount_percent)


def plan_recruitment(
    candidates: Sequence[Candidate],
    *,
    budget_by_year: list[int],
    years: int | None = None,
    max_hires_by_year: list[int] | None = None,
    year_discount_percent: int = 1,
    time_limit_s: float = 10.0,
    wall_limit_s: float | None = None,
) -> RecruitmentPlan:
    """Optimal integer hiring plan under the yearly budget (CP-SAT, deterministic).

    See the module docstring for the model. The solver runs with one worker and a fixed
    seed (no hint: the greedy plan as a hint steered the demo's search away from the proof);
    if the time limit stops the search with a solution worse than greedy's, the greedy plan
    is returned (status ``"feasible"``), so the result is never worse than
    :func:`greedy_plan`. ``time_limit_s`` bounds the deterministic time and, unless
    ``wall_limit_s`` says otherwise, the wall clock too;
    results are reproducible unless the wall clock fires first (a loaded machine). The
    plan's ``bound`` is the best bound proved (its objective when optimal; every shortage
    hired at once when the search found nothing), so :attr:`RecruitmentPlan.gap` says how far
    from the optimum a stopped plan may be.
    """
    n, budget, caps = _prepare(
        candidates, budget_by_year, years, max_hires_by_year, year_discount_percent
    )
    greedy = greedy_plan(
        candidates,
        budget_by_year=budget,
        max_hires_by_year=caps,
        year_discount_percent=year_discount_percent,
    )
    if greedy.status == "infeasible":
        return greedy
    groups = _groups(candidates)
    model, var = _model(groups, n, budget, caps, year_discount_percent)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_time_in_seconds = time_limit_s if wall_limit_s is None else wall_limit_s
    solver.parameters.max_deterministic_time = time_limit_s
    code = solver.solve(model)
    ceiling = _trivial_bound(candidates, n, year_discount_percent)
    if code == cp_model.OPTIMAL:
        status: PlanStatus = "optimal"
    elif code == cp_model.FEASIBLE:
        status = "feasible"
    elif code == cp_model.INFEASIBLE:
        return RecruitmentPlan("infeasible", 0, (), (), (0,) * n, tuple(budget))
    else:  # time limit before any solution: the greedy plan is a valid answer
        return _with_bound(greedy, ceiling)  # no search, so only the trivial bound
    totals = {
        (g, t): int(solver.value(v))
        - (int(solver.value(var[(g, t - 1)])) if (g, t - 1) in var else 0)
        for (g, t), v in var.items()
    }
    x = _spread(candidates, groups, totals, n)
    plan = _build_plan(status, candidates, x, n, budget, caps, year_discount_percent)
    bound = plan.objective if status == "optimal" else min(ceiling, _solver_bound(solver, ceiling))
    if plan.objective < greedy.objective:
        return _with_bound(greedy, bound)
    return _with_bound(plan, bound)


def _model(
    groups: Sequence[_Group], n: int, budget: list[int], caps: list[int] | None, discount: int
) -> tuple[cp_model.CpModel, dict[tuple[int, int], cp_model.IntVar]]:
    """The CP-SAT model of :func:`plan_recruitment` over groups (see the module docstring)."""
    model = cp_model.CpModel()
    # y[g, t]: hires of group g in years ≤ t (cumulative, so each budget row reads one year).
    var: dict[tuple[int, int], cp_model.IntVar] = {}
    for g, group in enumerate(groups):
        for t in range(group.available_from, n):
            var[(g, t)] = model.new_int_var(0, group.shortage, f"y_{g}_{t}")
            if (g, t - 1) in var:
                model.add(var[(g, t)] >= var[(g, t - 1)])
    for y in range(n):
        # Hired by year y per yearly cost: a knapsack row of a few integers CP-SAT can close.
        by_cost: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for (g, t), v in var.items():
            if t == y:
                by_cost[groups[g].annual_cost].append(v)
        spent = []
        for cost, members in sorted(by_cost.items()):
            top = sum(
                groups[g].shortage for (g, t) in var if t == y and groups[g].annual_cost == cost
            )
            total = model.new_int_var(0, top, f"hired_{cost}_{y}")
            model.add(total == sum(members))
            spent.append(cost * total)
        if spent:
            model.add(sum(spent) <= budget[y])
        if caps is not None:
            hired = [
                v - var[(g, t - 1)] if (g, t - 1) in var else v
                for (g, t), v in var.items()
                if t == y
            ]
            if hired:
                model.add(sum(hired) <= caps[y])
    # Σ_t weight(t) × (y_t − y_{t−1}) with weight(t) = P × (100 − d × t), regrouped per y_t.
    last_weight = _YEAR_WEIGHT_BASE - discount * (n - 1)
    model.maximize(
        sum(
            groups[g].scaled_priority * (last_weight if t == n - 1 else discount) * v
            for (g, t), v in var.items()
        )
    )
    return model, var


@dataclass
class _Group:
    """Candidates that are interchangeable for the optimiser: the same yearly cost, scaled
    priority and first possible year. The model decides hires per group; :func:`_spread`
    hands them to the group's candidates in input order (an exact reformulation, far
    smaller, so CP-SAT can prove the optimum)."""

    annual_cost: int
    scaled_priority: int
    available_from: int
    members: list[int] = field(default_factory=list)
    shortage: int = 0


def _groups(candidates: Sequence[Candidate]) -> list[_Group]:
    index: dict[tuple[int, int, int], int] = {}
    groups: list[_Group] = []
    for i, c in enumerate(candidates):
        key = (c.annual_cost, round(c.priority * PRIORITY_SCALE), c.available_from)
        if key not in index:
            index[key] = len(groups)
            groups.append(_Group(*key))
        g = index[key]
        groups[g].members.append(i)
        groups[g].shortage += c.shortage
    return groups


def _spread(
    candidates: Sequence[Candidate],
    groups: Sequence[_Group],
    totals: Mapping[tuple[int, int], int],
    n: int,
) -> dict[tuple[int, int], int]:
    """Each group's hires per year handed to its candidates, first candidate first (each up
    to its shortage; the group's total never exceeds the sum of its members')."""
    x: dict[tuple[int, int], int] = {}
    for g, group in enumerate(groups):
        left = {i: candidates[i].shortage for i in group.members}
        for t in range(n):
            hires = totals.get((g, t), 0)
            for i in group.members:
                if hires == 0:
                    break
                take = min(hires, left[i])
                if take > 0:
                    x[(i, t)] = take
                    left[i] -= take
                    hires -= take
    return x


def _trivial_bound(candidates: Sequence[Candidate], n: int, discount: int) -> int:
    """An upper bound on any plan's objective: every shortage hired in its first year."""
    return sum(
        c.shortage * hire_weight(c.priority, c.available_from, year_discount_percent=discount)
        for c in candidates
        if c.available_from < n
    )


def _solver_bound(solver: cp_model.CpSolver, ceiling: int) -> int:
    bound = solver.best_objective_bound
    return ceiling if not math.isfinite(bound) else math.floor(bound + 1e-6)


def _with_bound(plan: RecruitmentPlan, bound: int) -> RecruitmentPlan:
    return replace(plan, bound=max(bound, plan.objective))
