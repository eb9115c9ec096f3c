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

Salary cost (:class:`SalaryTable`, :func:`annual_cost`)
    Yearly cost per hire by (status, kelas jabatan), else (status, golongan), else a
    per-status fallback. The table is data supplied by the Pemda (its own gaji + TPP
    figures). :func:`demo_salary_table` builds a **demo approximation only** from the entry
    gaji pokok of PP 5/2024 (PNS) and Perpres 11/2024 (PPPK) plus flat allowances and TPP;
    its assumptions are keyword settings, listed in ``docs/domain/budget.md``.

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

Objective scaling (:func:`hire_weight`)
    ``weight = round(priority × PRIORITY_SCALE) × (100 − year_discount_percent × year)``,
    ``PRIORITY_SCALE = 1000``: priorities are kept to three decimals and each year of
    delay costs ``year_discount_percent`` % (default 1 %) of the line's priority, linear,
    not compounded. Hiring later is always worth more than not hiring at all (the weight
    stays positive: the plan horizon must satisfy ``discount × (years − 1) < 100``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, Literal

from ortools.sat.python import cp_model

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


# --- Salary cost -----------------------------------------------------------------------

Status = Literal["pns", "cpns", "pppk", "pppk_pw"]
STATUSES: Final[tuple[Status, ...]] = ("pns", "cpns", "pppk", "pppk_pw")


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, got {status!r}")


def _check_cost(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative int (Rupiah per year), got {value!r}")


@dataclass(frozen=True, eq=False)
class SalaryTable:
    """Yearly cost per hire (Rupiah, everything the APBD pays: gaji, tunjangan, 13th/14th, TPP).

    Lookup order in :func:`annual_cost`: ``by_class[(status, kelas_jabatan)]``, then
    ``by_golongan[(status, golongan)]``, then ``fallback[status]``.
    """

    by_class: Mapping[tuple[str, int], int] = field(default_factory=dict)
    by_golongan: Mapping[tuple[str, str], int] = field(default_factory=dict)
    fallback: Mapping[str, int] = field(default_factory=dict)
    note: str = ""

    def __post_init__(self) -> None:
        for (status, kelas), cost in self.by_class.items():
            _check_status(status)
            if isinstance(kelas, bool) or not isinstance(kelas, int) or not 1 <= kelas <= 17:
                raise ValueError(f"kelas jabatan must be an int 1..17, got {kelas!r}")
            _check_cost(f"by_class[{status!r}, {kelas}]", cost)
        for (status, golongan), cost in self.by_golongan.items():
            _check_status(status)
            _check_cost(f"by_golongan[{status!r}, {golongan!r}]", cost)
        for status, cost in self.fallback.items():
            _check_status(status)
            _check_cost(f"fallback[{status!r}]", cost)
        object.__setattr__(self, "by_class", MappingProxyType(dict(self.by_class)))
        object.__setattr__(self, "by_golongan", MappingProxyType(dict(self.by_golongan)))
        object.__setattr__(self, "fallback", MappingProxyType(dict(self.fallback)))


def annual_cost(
    table: SalaryTable,
    status: str,
    kelas_jabatan: int | None = None,
    *,
    golongan: str | None = None,
) -> int:
    """Yearly cost of one hire of ``status`` in ``kelas_jabatan`` (or ``golongan``).

    Raises :class:`ValueError` for an unknown status and :class:`KeyError` when the table
    has neither a matching row nor a fallback for the status.
    """
    _check_status(status)
    if kelas_jabatan is not None and (status, kelas_jabatan) in table.by_class:
        return table.by_class[(status, kelas_jabatan)]
    if golongan is not None and (status, golongan) in table.by_golongan:
        return table.by_golongan[(status, golongan)]
    if status in table.fallback:
        return table.fallback[status]
    raise KeyError(f"no cost for status={status!r}, kelas={kelas_jabatan!r}, golongan={golongan!r}")


#: Entry gaji pokok (masa kerja 0) per month, PP 5/2024 for PNS, Perpres 11/2024 for PPPK.
#: DEMO figures: I/a confirmed against a published table, the rest [U] (see docs).
_PNS_ENTRY_BASE: Final[Mapping[str, int]] = MappingProxyType(
    {"I/a": 1_685_700, "II/a": 2_184_000, "III/a": 2_785_700, "IV/a": 3_287_800}
)
_PPPK_ENTRY_BASE: Final[Mapping[str, int]] = MappingProxyType(
    {"I": 1_938_500, "V": 2_511_500, "IX": 3_203_600}
)
#: Demo mapping of kelas jabatan to the usual entry golongan (PNS) / golongan (PPPK).
_KELAS_TO_PNS: Final[Mapping[int, str]] = MappingProxyType(
    {k: ("II/a" if k <= 7 else "III/a" if k <= 10 else "IV/a") for k in range(1, 18)}
)
_KELAS_TO_PPPK: Final[Mapping[int, str]] = MappingProxyType(
    {k: ("V" if k <= 7 else "IX") for k in range(1, 18)}
)


def demo_salary_table(
    *,
    payments_per_year: int = 14,
    family_allowance_rate: float = 0.14,
    general_allowance: int = 185_000,
    rice_allowance: int = 289_680,
    tpp_monthly: int = 2_000_000,
    tpp_payments_per_year: int = 12,
    cpns_base_rate: float = 0.80,
    pppk_pw_monthly: int = 2_000_000,
) -> SalaryTable:
    """A DEMO :class:`SalaryTable` — an approximation, not a Pemda's real figures.

    Per hire per year: ``payments_per_year × (gaji_pokok × (1 + family_allowance_rate) +
    general_allowance + rice_allowance) + tpp_payments_per_year × tpp_monthly``, where
    ``gaji_pokok`` is the entry (masa kerja 0) figure, ×``cpns_base_rate`` for CPNS (CPNS
    receive 80 % of gaji pokok). 14 payments = 12 months + gaji ke-13 + THR ("gaji ke-14").
    PPPK paruh waktu: ``12 × pppk_pw_monthly`` (paid per the agency's budget, KepmenPAN-RB
    16/2025; no 13th/14th assumed). Every default is a setting documented in the docs.
    """

    def yearly(base: int) -> int:
        monthly = base * (1 + family_allowance_rate) + general_allowance + rice_allowance
        return round(payments_per_year * monthly + tpp_payments_per_year * tpp_monthly)

    by_golongan: dict[tuple[str, str], int] = {}
    for gol, base in _PNS_ENTRY_BASE.items():
        by_golongan[("pns", gol)] = yearly(base)
        by_golongan[("cpns", gol)] = yearly(round(base * cpns_base_rate))
    for gol, base in _PPPK_ENTRY_BASE.items():
        by_golongan[("pppk", gol)] = yearly(base)
    by_class: dict[tuple[str, int], int] = {}
    for kelas in range(1, 18):
        by_class[("pns", kelas)] = by_golongan[("pns", _KELAS_TO_PNS[kelas])]
        by_class[("cpns", kelas)] = by_golongan[("cpns", _KELAS_TO_PNS[kelas])]
        by_class[("pppk", kelas)] = by_golongan[("pppk", _KELAS_TO_PPPK[kelas])]
    fallback = {
        "pns": by_golongan[("pns", "III/a")],
        "cpns": by_golongan[("cpns", "III/a")],
        "pppk": by_golongan[("pppk", "IX")],
        "pppk_pw": 12 * pppk_pw_monthly,
    }
    return SalaryTable(
        by_class=by_class,
        by_golongan=by_golongan,
        fallback=fallback,
        note="DEMO approximation (PP 5/2024, Perpres 11/2024 entry gaji pokok + flat "
        "allowances + TPP); replace with the Pemda's own figures",
    )


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
        _check_cost("annual_cost", self.annual_cost)
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
    seed, and the greedy plan is given as a hint; if the time limit stops the search with
    a solution worse than greedy's, the greedy plan is returned (status ``"feasible"``),
    so the result is never worse than :func:`greedy_plan`. ``time_limit_s`` bounds the
    deterministic time and, unless ``wall_limit_s`` says otherwise, the wall clock too;
    results are reproducible unless the wall clock fires first (a loaded machine).
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
    model = cp_model.CpModel()
    var: dict[tuple[int, int], cp_model.IntVar] = {}
    for i, c in enumerate(candidates):
        for t in range(c.available_from, n):
            if c.shortage > 0:
                var[(i, t)] = model.new_int_var(0, c.shortage, f"x_{i}_{t}")
        row = [var[(i, t)] for t in range(n) if (i, t) in var]
        if row:
            model.add(sum(row) <= c.shortage)
    for y in range(n):
        spent = [candidates[i].annual_cost * v for (i, t), v in var.items() if t <= y]
        if spent:
            model.add(sum(spent) <= budget[y])
        if caps is not None:
            hired = [v for (_, t), v in var.items() if t == y]
            if hired:
                model.add(sum(hired) <= caps[y])
    model.maximize(
        sum(
            hire_weight(candidates[i].priority, t, year_discount_percent=year_discount_percent) * v
            for (i, t), v in var.items()
        )
    )
    hint = greedy.hires()
    for (i, t), v in var.items():
        model.add_hint(v, hint.get((candidates[i].key, t), 0))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_time_in_seconds = time_limit_s if wall_limit_s is None else wall_limit_s
    solver.parameters.max_deterministic_time = time_limit_s
    code = solver.solve(model)
    if code == cp_model.OPTIMAL:
        status: PlanStatus = "optimal"
    elif code == cp_model.FEASIBLE:
        status = "feasible"
    elif code == cp_model.INFEASIBLE:
        return RecruitmentPlan("infeasible", 0, (), (), (0,) * n, tuple(budget))
    else:  # time limit before any solution: the greedy plan is a valid answer
        return greedy
    x = {key: int(solver.value(v)) for key, v in var.items()}
    plan = _build_plan(status, candidates, x, n, budget, caps, year_discount_percent)
    if plan.objective < greedy.objective:
        return greedy
    return plan
