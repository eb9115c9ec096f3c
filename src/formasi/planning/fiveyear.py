"""The five-year needs plan of an agency (issue 5), computed from the database.

``collect`` reads every (unit × position) cell once: the need (``PositionNeed``), the ASN in
post on 31 December of the base year (bezetting; non-ASN staff are not ASN and are left out,
UU 20/2023 Pasal 66), and for each plan year the PNS/CPNS reaching BUP
(``formasi.domain.retirement``) and the PPPK/PPPK paruh waktu contracts ending. ``run`` then
projects every cell with the Perban BKN 9/2022 rule (``formasi.domain.projection``), prices a
recruitment plan under the personnel-spending cap (``formasi.domain.budget``, CP-SAT) and
returns a JSON-ready result the pages, the workbook and the PDF read.

Dates: a PNS leaves on their retirement date (the first of the month after the BUP birthday),
so the plan year of a retirement is the year of that date; a contract ending on ``d`` frees
the post on ``d`` + 1 day. Retirements and contract ends on or before 31 December of the base
year are already out of the bezetting; contracts that ended earlier but whose holders are
still recorded as active count as ending in the first plan year.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import Count
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.utils import timezone

from formasi.core import jobs
from formasi.core.errors import stored_internal_error_message
from formasi.domain import budget, plan_rules, projection, retirement
from formasi.domain.projection import ProjectionArrays
from formasi.organization.models import AgencyBudget, OrgUnit, Position, Region
from formasi.planning import budget_text
from formasi.planning.models import Scenario
from formasi.planning.staff_arrays import staff_rows_postgresql
from formasi.workforce.models import Employee
from formasi.workload.models import PositionNeed, WorkloadSettings

# The recruitment solver's budget: deterministic time (the same search on every machine) and a
# wall-clock guard, which on a loaded machine can stop the search earlier and so change the plan.
SOLVER_SECONDS = 5.0
SOLVER_WALL_SECONDS = 5.0

Progress = Callable[[int], None]
ST = Employee.Status
PNS_LIKE = (ST.PNS, ST.CPNS)
CONTRACT = (ST.PPPK, ST.PPPK_PARUH_WAKTU)
AGE_BANDS = (
    (0, 25),
    (25, 30),
    (30, 35),
    (35, 40),
    (40, 45),
    (45, 50),
    (50, 55),
    (55, 60),
    (60, 99),
)
#: Cells listed one by one in the result (largest proposals first); the rest are in the totals.
TOP_CELLS = 200


def position_bup(position: Position) -> int:
    """BUP of a position: its own override, else the rule for its kind, jenjang and family."""
    return int(position.retirement_age)


def _position_bups(agency_ids: list[int]) -> tuple[dict[int, int], dict[int, str]]:
    """BUP and family of every position of the agencies, by id: plain rows, the BUP worked
    out once per distinct (override, kind, jenjang, family) — a national run reads 55,000
    positions of a few dozen kinds."""
    fields = ("retirement_age_override", "kind", "jenjang", "family")
    rows = Position.unscoped.filter(agency_id__in=agency_ids).values_list("pk", *fields)
    by_kind: dict[tuple[Any, ...], int] = {}
    bup, family = {}, {}
    for pk, *values in rows:
        key = tuple(values)
        if key not in by_kind:
            by_kind[key] = position_bup(Position(**dict(zip(fields, key, strict=True))))
        bup[pk], family[pk] = by_kind[key], key[3]
    return bup, family


@dataclass
class Cells:
    """Every (unit, position) cell of the agencies, as arrays (one row per cell)."""

    base_year: int
    years: int
    units: np.ndarray  # (n,) unit id
    positions: np.ndarray  # (n,) position id
    need: np.ndarray  # (n,)
    bezetting: np.ndarray  # (n,)
    retirements: np.ndarray  # (n, years)
    contract_ends: np.ndarray  # (n, years)
    # Staff on 31 December of the base year, for the age pyramid and the retirement wave.
    ages: np.ndarray  # (m,) age on 31 December of the base year
    sexes: np.ndarray  # (m,) "M"/"F"
    retiring_family: dict[tuple[int, str], int]  # (plan year index, family) -> PNS reaching BUP


#: Columns of the staff groups ``_staff_groups`` returns, one int64 array each.
_GROUP_COLUMNS = ("unit", "position", "kind", "birth_year", "december", "end_year", "sex", "n")
#: ``kind`` of a group: 1 PNS/CPNS, 2 PPPK/PPPK paruh waktu, 0 any other ASN status.
_PNS, _CONTRACT = 1, 2
_SEXES = tuple(Employee.Sex.values)  # sex code i is _SEXES[i]; len(_SEXES) is "other"


def _staff_groups(agency_ids: list[int]) -> dict[str, np.ndarray]:
    """The active ASN of the agencies, grouped by everything ``collect`` needs per person:
    (unit, position, kind, birth year, born in December, contract end year, sex) → count.

    The contract end year is the plan year the post is free in (a contract ending on 31
    December frees it on 1 January), 0 when there is none; it is only kept for contracts,
    and "born in December" only for PNS, so that groups merge.
    """
    if connection.vendor == "postgresql":  # one row per person, packed (staff_arrays.py)
        return staff_rows_postgresql(
            agency_ids, pns=PNS_LIKE, contract=CONTRACT, excluded=ST.NON_ASN, sexes=_SEXES,
            kinds=(_PNS, _CONTRACT),
        )  # fmt: skip
    staff = (
        Employee.unscoped.filter(agency_id__in=agency_ids, active=True)
        .exclude(status=ST.NON_ASN)
        .values("unit_id", "position_id", "status", "sex")
        .annotate(
            by=ExtractYear("birth_date"),
            bm=ExtractMonth("birth_date"),
            cy=ExtractYear("contract_end"),
            cm=ExtractMonth("contract_end"),
            cd=ExtractDay("contract_end"),
            n=Count("id"),
        )
        .values_list("unit_id", "position_id", "status", "by", "bm", "cy", "cm", "cd", "sex", "n")
        .order_by()
    )
    sex_code = {s: i for i, s in enumerate(_SEXES)}
    rows = []
    for unit, pos, status, by, bm, cy, cm, cd, sex, n in staff:
        kind = _PNS if status in PNS_LIKE else _CONTRACT if status in CONTRACT else 0
        end_year = cy + (cm == 12 and cd == 31) if kind == _CONTRACT and cy is not None else 0
        december = int(kind == _PNS and bm == 12)
        rows.append((unit, pos, kind, by, december, end_year, sex_code.get(sex, len(_SEXES)), n))
    table = np.array(rows, dtype=np.int64).reshape(-1, len(_GROUP_COLUMNS))
    return {name: table[:, i] for i, name in enumerate(_GROUP_COLUMNS)}


def collect(agency_ids: list[int], base_year: int, years: int) -> Cells:
    bup, family = _position_bups(agency_ids)
    g = _staff_groups(agency_ids)
    unit, pos, n = g["unit"], g["position"], g["n"]
    pns, contract = g["kind"] == _PNS, g["kind"] == _CONTRACT
    birth_year = g["birth_year"]
    # BUP of each group's position (58 when the position is not the agencies')
    position_ids = np.fromiter(bup, np.int64, len(bup))
    position_bups = np.fromiter(bup.values(), np.int64, len(bup))
    order = np.argsort(position_ids)
    position_ids, position_bups = position_ids[order], position_bups[order]
    at = np.minimum(np.searchsorted(position_ids, pos), max(len(position_ids) - 1, 0))
    known = position_ids[at] == pos if len(position_ids) else np.zeros(len(pos), bool)
    ages_bup = np.where(known, position_bups[at] if len(position_ids) else 58, 58)
    # Retirement date = 1st of the month after the BUP birthday: next year for December births.
    retire_year = birth_year + ages_bup + g["december"]
    end_year = g["end_year"]
    first = base_year + 1
    present = ~(pns & (retire_year <= base_year))
    retire_idx = np.where(pns & present, retire_year - first, -1)
    end_idx = np.where(contract & (end_year > 0), np.maximum(end_year - first, 0), -1)

    # Cells: every key with a need or a person.
    needs = list(
        PositionNeed.unscoped.filter(agency_id__in=agency_ids).values_list(
            "unit_id", "position_id", "count"
        )
    )
    need_keys = np.array([(u << 32) | p for u, p, _ in needs], dtype=np.int64)
    staff_keys = (unit << 32) | pos
    keys, inverse = np.unique(np.concatenate([need_keys, staff_keys]), return_inverse=True)
    inverse = inverse.reshape(-1)
    size = len(keys)
    need_of, staff_of = inverse[: len(needs)], inverse[len(needs) :]
    need = np.bincount(
        need_of, weights=np.array([c for _u, _p, c in needs], dtype=float), minlength=size
    )
    bezetting = np.bincount(staff_of, weights=np.where(present, n, 0), minlength=size)

    def per_year(idx: np.ndarray) -> np.ndarray:
        mask = (idx >= 0) & (idx < years)
        flat = np.bincount(
            staff_of[mask] * years + idx[mask], weights=n[mask], minlength=size * years
        )
        return flat.reshape(size, years).astype(float)

    retirements = per_year(retire_idx)
    contract_ends = per_year(np.where(present, end_idx, -1))

    retiring_family: dict[tuple[int, str], int] = defaultdict(int)
    mask = (retire_idx >= 0) & (retire_idx < years)
    pairs, pair_of = np.unique((retire_idx[mask] << 32) | pos[mask], return_inverse=True)
    counts = np.bincount(pair_of.reshape(-1), weights=n[mask], minlength=len(pairs))
    for pair, k in zip(pairs.tolist(), counts.tolist(), strict=True):
        retiring_family[pair >> 32, family.get(pair & 0xFFFFFFFF, "")] += int(k)
    sex_names = np.array([*_SEXES, ""])
    kept = n * present
    return Cells(
        base_year=base_year,
        years=years,
        units=keys >> 32,
        positions=keys & 0xFFFFFFFF,
        need=need,
        bezetting=bezetting,
        retirements=retirements,
        contract_ends=contract_ends,
        ages=np.repeat(base_year - birth_year, kept),
        sexes=np.repeat(sex_names[g["sex"]], kept),
        retiring_family=dict(retiring_family),
    )


# --------------------------------------------------------------------------- run


def _budget_base(agency_id: int) -> AgencyBudget | None:
    return AgencyBudget.objects.filter(agency_id=agency_id).order_by("-year").first()


def _area_weights(
    cells: Cells, unit_district: dict[int, int | None], shortage: np.ndarray, codes: dict[int, str]
) -> dict[str, float]:
    """Default priority of a kecamatan (by code): 0.5 + 0.5 × its share of need unmet relative
    to the most underserved kecamatan's (which gets 1.0)."""
    need: dict[int, float] = defaultdict(float)
    short: dict[int, float] = defaultdict(float)
    for u, n_, s in zip(cells.units.tolist(), cells.need.tolist(), shortage.tolist(), strict=True):
        d = unit_district.get(u)
        if d is not None:
            need[d] += n_
            short[d] += s
    share = {d: short[d] / need[d] if need[d] else 0.0 for d in need if d in codes}
    top = max(share.values(), default=0.0) or 1.0
    return {codes[d]: round(0.5 + 0.5 * s / top, 3) for d, s in share.items()}


@dataclass
class _Labels:
    """Positions, units and kecamatan of the cells, for labels and priorities."""

    positions: dict[int, Position]
    units: dict[int, OrgUnit]
    unit_district: dict[int, int | None]
    districts: dict[int, Region]
    codes: dict[int, str]


def _labels(cells: Cells) -> _Labels:
    position_ids = {int(p) for p in cells.positions.tolist()}
    unit_ids = {int(u) for u in cells.units.tolist()}
    positions = {p.pk: p for p in Position.unscoped.filter(pk__in=position_ids)}
    units = {
        u.pk: u for u in OrgUnit.unscoped.filter(pk__in=unit_ids).only("pk", "name", "district_id")
    }
    unit_district = {pk: u.district_id for pk, u in units.items()}
    district_ids = {d for d in unit_district.values() if d is not None}
    districts = {r.pk: r for r in Region.objects.filter(pk__in=district_ids)}
    codes = {pk: r.code for pk, r in districts.items()}
    return _Labels(positions, units, unit_district, districts, codes)


def _candidates(
    scenario: Scenario, cells: Cells, proposal: np.ndarray, labels: _Labels
) -> list[budget.Candidate]:
    """Recruitment candidates: each cell's whole shortage as it arises, year by year, one year
    past the horizon included (``formasi.domain.plan_rules.shortage_lines``: a hire counts
    from the next year, so the last plan year's hires fill the year after)."""
    years = scenario.horizon
    area_weights = {str(k): float(v) for k, v in (scenario.area_weights or {}).items()}
    if not area_weights:
        area_weights = _area_weights(
            cells, labels.unit_district, proposal[:, years - 1], labels.codes
        )
    family_weights = {str(k): float(v) for k, v in (scenario.family_weights or {}).items()}
    table = budget.demo_salary_table()
    pppk_share = float(scenario.pppk_percent) / 100
    candidates: list[budget.Candidate] = []
    for line in plan_rules.shortage_lines(proposal, years):
        i = line.cell
        p = labels.positions[int(cells.positions[i])]
        u = labels.units[int(cells.units[i])]
        kelas = p.grade or 7
        cost = round(
            pppk_share * budget.annual_cost(table, "pppk", kelas)
            + (1 - pppk_share) * budget.annual_cost(table, "cpns", kelas)
        )
        district = labels.districts.get(u.district_id) if u.district_id is not None else None
        code = labels.codes.get(district.pk, "") if district is not None else ""
        weight = budget.priority(p.family, code, family_weights, area_weights)
        candidates.append(
            budget.Candidate(
                key=f"{i}.{line.arises}",
                label=f"{p.name} — {u.name}",
                family=p.family,
                area=district.name if district else "",
                shortage=line.count,
                priority=weight,
                annual_cost=cost,
                available_from=line.hire_from,
            )
        )
    return candidates


def _budget_rows(
    scenario: Scenario, cells: Cells, before: ProjectionArrays, plan_years: list[int]
) -> tuple[AgencyBudget | None, list[dict[str, Any]], list[int], float | None]:
    """The room under the cap each year (``formasi.domain.budget.room_by_year``): cap ×
    total(t) − the counted spending of the staff who are still there (leavers free their
    cost; the base cost is spread per person)."""
    budget_row = _budget_base(scenario.agency_id)
    if budget_row is None:
        return None, [], [0] * scenario.horizon, None
    rooms = budget.room_by_year(
        belanja_pegawai=float(budget_row.personnel_spending),
        tunjangan_guru_tkd=float(budget_row.teacher_allowance_tkd),
        total_belanja=float(budget_row.total_spending),
        budget_year=budget_row.year,
        plan_years=plan_years,
        staff_now=float(cells.bezetting.sum()),
        staff_by_year=[float(before.availability[:, t].sum()) for t in range(len(plan_years))],
        apbd_growth=float(scenario.apbd_growth_percent) / 100,
        cap=float(scenario.cap_percent) / 100,
    )
    rows = [
        {
            "year": r.year,
            "total": r.total_belanja,
            "personnel_without_plan": r.personnel_without_plan,
            "room": r.room,
        }
        for r in rooms
    ]
    ratio_now = budget.spending_ratio(
        belanja_pegawai=float(budget_row.personnel_spending),
        total_belanja=float(budget_row.total_spending),
        tunjangan_guru_tkd=float(budget_row.teacher_allowance_tkd),
    )
    return budget_row, rows, [r.room for r in rooms], ratio_now


def _plan_result(
    plan: budget.RecruitmentPlan, recruits: np.ndarray, plan_years: list[int]
) -> dict[str, Any]:
    """The plan as stored: each line's figures, its reason code where unfilled, and its
    sentence in the language of the run (``formasi.planning.budget_text`` words it again)."""
    lines = []
    for ln in sorted(plan.lines, key=lambda ln: (ln.year, -ln.priority, ln.candidate.label)):
        row = budget_text.line_row(ln)
        lines.append(
            {
                "label": ln.candidate.label,
                "family": ln.candidate.family,
                "area": ln.candidate.area,
                "year": plan_years[ln.year],
                "hires": ln.hires,
                "cost": ln.cost,
                "priority": ln.priority,
                "shortage": ln.shortage,
                "remaining": ln.remaining_shortage,
                "plan_year": row["plan_year"],
                "explanation": budget_text.line_text(row),
            }
        )
    unfilled = []
    for u in sorted(plan.unfilled, key=lambda u: (-u.candidate.priority, u.candidate.label))[
        :TOP_CELLS
    ]:
        row = budget_text.unfilled_row(u)
        unfilled.append({**row, "explanation": budget_text.unfilled_text(row)})
    return {
        "status": plan.status,
        # How far from the optimum the plan may be (0: proven optimal; None: no bound).
        "gap": plan.gap,
        "hires_by_year": [int(recruits[:, t].sum()) for t in range(len(plan_years))],
        "cost_by_year": list(plan.cost_by_year),
        "lines": lines,
        "unfilled": unfilled,
    }


@dataclass
class _Whole:
    """A projection in whole persons (``formasi.domain.plan_rules.whole_gaps``, per cell)."""

    availability: np.ndarray
    gap: np.ndarray
    shortage: np.ndarray
    excess: np.ndarray


def _whole(need: np.ndarray, projected: ProjectionArrays, rule: str) -> _Whole:
    gap = plan_rules.whole_gaps(projected.gap, rule)
    return _Whole(need.astype(np.int64) - gap, gap, np.maximum(gap, 0), np.maximum(-gap, 0))


def _within(cells: Cells, years: int) -> Cells:
    """The cells cut to the plan's years (``collect`` ran one year past the horizon)."""
    return replace(
        cells,
        years=years,
        retirements=cells.retirements[:, :years],
        contract_ends=cells.contract_ends[:, :years],
        retiring_family={k: v for k, v in cells.retiring_family.items() if k[0] < years},
    )


def run(scenario: Scenario, progress: Progress | None = None) -> dict[str, Any]:
    """Compute a scenario; returns its JSON-ready result (does not save it).

    The projection runs one year past the horizon (``ahead``) so that hires in the last plan
    year, which count from the next year, fill that year's shortage; the pages show the plan
    years and the year after separately."""
    report = progress or (lambda _percent: None)
    years, base = scenario.horizon, scenario.base_year
    ahead = years + 1
    plan_years = [base + 1 + t for t in range(years)]
    full = collect([scenario.agency_id], base, ahead)
    cells = _within(full, years)
    rule = _rounding(scenario.agency_id)
    report(30)

    growth = float(scenario.need_growth_percent) / 100
    need = np.round(np.outer(full.need, [(1 + growth) ** (t + 1) for t in range(ahead)]))
    renewal = float(scenario.renewal_percent) / 100
    ends = full.contract_ends * (1 - renewal)
    rate = float(scenario.attrition_percent) / 100
    zero = np.zeros_like(need)
    before = projection.project_arrays(
        need, full.bezetting, full.retirements, ends, zero, rate, ahead
    )
    whole_before = _whole(need, before, rule)
    report(45)

    labels = _labels(cells)
    candidates = _candidates(scenario, cells, whole_before.shortage, labels)
    report(55)

    budget_row, budget_rows, room, ratio_now = _budget_rows(scenario, cells, before, plan_years)
    limit = [scenario.max_hires_per_year] * years if scenario.max_hires_per_year else None
    plan = budget.plan_recruitment(
        candidates,
        budget_by_year=room,
        years=years,
        max_hires_by_year=limit,
        time_limit_s=SOLVER_SECONDS,
        wall_limit_s=SOLVER_WALL_SECONDS,
    )
    report(85)

    recruits = np.zeros_like(need)
    for line in plan.lines:
        recruits[int(line.candidate.key.split(".")[0]), line.year] += line.hires
    after = projection.project_arrays(
        need, full.bezetting, full.retirements, ends, recruits, rate, ahead
    )
    whole_after = _whole(need, after, rule)
    for t, row in enumerate(budget_rows):
        row["plan_cost"] = plan.cost_by_year[t] if t < len(plan.cost_by_year) else 0
        row["ratio_without_plan"] = row["personnel_without_plan"] / row["total"]
        row["ratio_with_plan"] = (row["personnel_without_plan"] + row["plan_cost"]) / row["total"]
    cap = float(scenario.cap_percent) / 100
    projected = _Projected(need, ends, before, whole_before, whole_after, recruits)
    result = {
        "base_year": base,
        "years": plan_years,
        "cells": len(cells.need),
        "rounding": rule,
        "totals": _totals(plan_years, cells, projected),
        "year_after": _year_after(base + ahead, projected),
        "retirement_wave": _wave(plan_years, cells),
        "age_pyramid": _pyramid(cells),
        "by_area": _by_area(plan_years, cells, labels, projected),
        "by_position": _by_position(cells, labels.positions, projected),
        "budget": {
            "cap": cap,
            "budget_year": budget_row.year if budget_row else None,
            "ratio_now": ratio_now,
            "rows": budget_rows,
            "over_cap": _over_cap(budget_rows, cap),
        },
        "plan": _plan_result(plan, recruits, plan_years),
    }
    report(100)
    return result


def _rounding(agency_id: int) -> str:
    """The agency's ABK rounding rule (nearest unless its workload settings say otherwise)."""
    found = WorkloadSettings.objects.filter(agency_id=agency_id).values_list("rounding", flat=True)
    return next(iter(found), WorkloadSettings.Rounding.NEAREST)


def _over_cap(rows: list[dict[str, Any]], cap: float) -> list[dict[str, Any]]:
    """The years over the cap with their reason code (``formasi.domain.plan_rules``)."""
    breaches = plan_rules.cap_breaches(
        years=[r["year"] for r in rows],
        total_belanja=[r["total"] for r in rows],
        spending_without_plan=[r["personnel_without_plan"] for r in rows],
        plan_cost=[r["plan_cost"] for r in rows],
        cap=cap,
    )
    return [
        {
            "year": b.year,
            "ratio": b.ratio,
            "excess": b.excess,
            "excess_amount": b.excess_amount,
            "reason": b.reason,
        }
        for b in breaches
    ]


@dataclass
class _Projected:
    """The projection (one year past the horizon) in whole persons, with and without plan."""

    need: np.ndarray
    ends: np.ndarray
    before: ProjectionArrays
    whole: _Whole
    whole_after: _Whole
    recruits: np.ndarray


def _totals(years: list[int], cells: Cells, p: _Projected) -> list[dict[str, Any]]:
    """Per plan year, in whole persons: sums of whole cells; the expected other leavers and
    (after renewals) contract ends are expectations, rounded as totals."""
    rows = []
    for t, year in enumerate(years):
        rows.append(
            {
                "year": year,
                "need": int(p.need[:, t].sum()),
                "availability": int(p.whole.availability[:, t].sum()),
                "retirements": int(cells.retirements[:, t].sum()),
                "contract_ends": round(float(p.ends[:, t].sum())),
                "attrition": round(float(p.before.attrition[:, t].sum())),
                "shortage": int(p.whole.shortage[:, t].sum()),
                "excess": int(p.whole.excess[:, t].sum()),
                "proposal": int(p.whole.shortage[:, t].sum()),
                "recruits": int(p.recruits[:, t].sum()),
                "availability_with_plan": int(p.whole_after.availability[:, t].sum()),
                "shortage_with_plan": int(p.whole_after.shortage[:, t].sum()),
            }
        )
    return rows


def _year_after(year: int, p: _Projected) -> dict[str, Any]:
    """The year after the horizon, which the last plan year's hires fill (hiring lag)."""
    return {
        "year": year,
        "need": int(p.need[:, -1].sum()),
        "shortage": int(p.whole.shortage[:, -1].sum()),
        "shortage_with_plan": int(p.whole_after.shortage[:, -1].sum()),
    }


def _wave(years: list[int], cells: Cells) -> dict[str, Any]:
    families = sorted({f for _t, f in cells.retiring_family})
    return {
        "families": families,
        "rows": [
            {
                "year": year,
                "by_family": {f: cells.retiring_family.get((t, f), 0) for f in families},
                "total": sum(cells.retiring_family.get((t, f), 0) for f in families),
            }
            for t, year in enumerate(years)
        ],
    }


def _pyramid(cells: Cells) -> list[dict[str, Any]]:
    rows = []
    for low, high in AGE_BANDS:
        band = (cells.ages >= low) & (cells.ages < high)
        label = f"<{high}" if low == 0 else (f"{low}+" if high == 99 else f"{low}–{high - 1}")
        rows.append(
            {
                "band": label,
                "male": int((band & (cells.sexes == "M")).sum()),
                "female": int((band & (cells.sexes == "F")).sum()),
            }
        )
    return rows


def _by_area(
    years: list[int], cells: Cells, labels: _Labels, p: _Projected
) -> list[dict[str, Any]]:
    index: dict[int, list[int]] = defaultdict(list)
    for i, u in enumerate(cells.units.tolist()):
        d = labels.unit_district.get(u)
        if d is not None:
            index[d].append(i)
    rows = []
    for d, idx in index.items():
        region = labels.districts.get(d)
        rows.append(
            {
                "code": region.code if region else "",
                "name": region.name if region else "",
                "need": int(cells.need[idx].sum()),
                "bezetting": int(cells.bezetting[idx].sum()),
                "shortage": [int(p.whole.shortage[idx, t].sum()) for t in range(len(years))],
                "shortage_with_plan": [
                    int(p.whole_after.shortage[idx, t].sum()) for t in range(len(years))
                ],
            }
        )
    return sorted(rows, key=lambda r: r["code"])


def _by_position(
    cells: Cells, positions: dict[int, Position], p: _Projected
) -> list[dict[str, Any]]:
    """Per jabatan (summed over units, cell by cell): the §7.4 table of the usul kebutuhan."""
    groups: dict[int, list[int]] = defaultdict(list)
    for i, pos in enumerate(cells.positions.tolist()):
        groups[pos].append(i)
    years = cells.years
    rows: list[dict[str, Any]] = []
    for pos, idx in groups.items():
        position = positions[pos]
        rows.append(
            {
                "code": position.code,
                "name": position.name,
                "family": position.family,
                "need": int(cells.need[idx].sum()),
                "bezetting": int(cells.bezetting[idx].sum()),
                "retirements": [int(x) for x in cells.retirements[idx].sum(axis=0)],
                "contract_ends": [round(float(x)) for x in p.ends[idx, :years].sum(axis=0)],
                "proposal": [int(x) for x in p.whole.shortage[idx, :years].sum(axis=0)],
            }
        )
    rows.sort(key=lambda r: (-sum(r["proposal"]), r["code"]))
    return rows


# --------------------------------------------------------------------------- saving


def compute(scenario: Scenario) -> Scenario:
    """Run a scenario and store its result (the background task calls this)."""

    def report(percent: int) -> None:
        Scenario.unscoped.filter(pk=scenario.pk).update(
            progress=percent, heartbeat_at=timezone.now()
        )
        jobs.checkpoint("scenario.compute")  # tests kill the worker here

    Scenario.unscoped.filter(pk=scenario.pk).update(state=Scenario.State.RUNNING, progress=1)
    try:
        result = run(scenario, report)
    except Exception:
        # The task logs the exception; the user sees a generic message, never its text.
        Scenario.unscoped.filter(pk=scenario.pk).update(
            state=Scenario.State.FAILED, error=stored_internal_error_message()
        )
        raise
    scenario.result, scenario.state, scenario.progress = result, Scenario.State.DONE, 100
    scenario.computed_at = timezone.now()
    scenario.error = ""
    scenario.save(update_fields=["result", "state", "progress", "computed_at", "error"])
    return scenario


# --------------------------------------------------------------------------- vacancies

STRUCTURAL = (
    Position.Kind.JPT_UTAMA,
    Position.Kind.JPT_MADYA,
    Position.Kind.JPT_PRATAMA,
    Position.Kind.ADMINISTRATOR,
    Position.Kind.PENGAWAS,
)


def sotk_seats(agency_ids: list[int]) -> dict[str, int]:
    """The SOTK seats (the need) of each structural post, keyed like ``vacancy_report``'s
    posts (``"<unit>:<position>"``); a post with holders but no need has none."""
    needs = PositionNeed.unscoped.filter(
        agency_id__in=agency_ids, position__kind__in=STRUCTURAL
    ).values_list("unit_id", "position_id", "count")
    return {f"{u}:{p}": int(c) for u, p, c in needs}


def vacancy_report(agency_ids: list[int], *, today: date, on: date) -> projection.VacancyReport:
    """Structural posts (JPT, administrator, pengawas) of the agencies: empty now, and
    emptying by ``on`` with the holder and the reason. A post's seats are its need in the
    unit (the SOTK), at least the number of holders."""
    needs = PositionNeed.unscoped.filter(
        agency_id__in=agency_ids, position__kind__in=STRUCTURAL
    ).select_related("unit", "position")
    holders_qs = Employee.unscoped.filter(
        agency_id__in=agency_ids, active=True, position__kind__in=STRUCTURAL
    ).select_related("position")
    seats = {(n.unit_id, n.position_id): n for n in needs}
    held: dict[tuple[int, int], list[Employee]] = defaultdict(list)
    for e in holders_qs:
        held[e.unit_id, e.position_id].append(e)
    units = {
        u.pk: u
        for u in OrgUnit.unscoped.filter(pk__in={k[0] for k in held} | {k[0] for k in seats})
    }
    positions = {
        p.pk: p
        for p in Position.unscoped.filter(pk__in={k[1] for k in held} | {k[1] for k in seats})
    }
    posts, holders = [], []
    for key in sorted(
        set(seats) | set(held), key=lambda k: (positions[k[1]].kind, units[k[0]].path)
    ):
        unit, position = units[key[0]], positions[key[1]]
        count = max(seats[key].count if key in seats else 0, len(held.get(key, [])))
        if count == 0:
            continue
        post_id = f"{key[0]}:{key[1]}"
        posts.append(
            projection.Post(
                post_id=post_id,
                level=position.kind,
                name=position.name,
                unit=unit.name,
                seats=count,
            )
        )
        age = position_bup(position)
        for e in held.get(key, []):
            holders.append(
                projection.Holder(
                    post_id=post_id,
                    label=f"{e.name} ({e.nip})" if e.nip else e.name,
                    retirement_date=retirement.retirement_date(e.birth_date, age)
                    if e.status in PNS_LIKE
                    else None,
                    contract_end=e.contract_end if e.status in CONTRACT else None,
                )
            )
    return projection.vacancies(posts, holders, today=today, on=on)
