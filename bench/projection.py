"""Time issue 5's five-year projection at national scale (target: under 30 s for 4.7 million
employees, under 1 s for one Pemda of 10,000), compared in the same run with a straightforward
row-by-row Python implementation.

    SECRET_KEY=bench FORMASI_DATA_DIR=/tmp/formasi-bench \\
        .venv/bin/python bench/projection.py [--scale 1.0] [--seed 1] [--repeat 3] [--reuse]
        [--baseline-agencies 60] [--no-before]

Reuses the database of ``needs.py`` (``formasi_bench_needs``: 550 agencies, 4.7 million
employees, ~500,000 unit × position cells), creating it with needs.py's generator when it is
missing or holds another scale or seed (``--reuse`` as in needs.py), and migrates it. That
generator writes no contract ends, so the first run gives every PPPK and PPPK paruh waktu one
(the last day of a month in 2024–2030, chosen from the id; 1 in 12 on 31 December), once.
Each step runs in its own subprocess so that its peak memory (maxrss) is its own:

- ``fast``: ``fiveyear.collect`` for the agencies + ``projection.project_arrays`` over all
  cells for 5 years (base year 2025, plan years 2026–2030, 2 % attrition);
- ``before``: the same with ``collect`` as it was before the aggregated rewrite
  (``collect_before`` below: every employee row fetched and turned into numpy arrays);
- ``baseline``: row by row — every active employee through the ORM
  (``values_list(...).iterator()``), ``retirement.retirement_date`` per PNS, per-cell dicts,
  then ``projection.project_cell`` per cell. Nationally it runs on the first
  ``--baseline-agencies`` agencies and is extrapolated linearly by employees (said so in
  the output).

Each result is reduced to per-year totals (need, availability, retirements, contract ends,
shortage, excess); the baseline is compared with ``fast`` over the same agencies.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import needs
from steps import run_step_process

BENCH_DIR = Path(__file__).resolve().parent
BASE_YEAR, YEARS, RATE = 2025, 5, 0.02
TARGET_NATIONAL_S = 8.0  # issue 21 (issue 5 asked for 30 s)
TARGET_PEMDA_S = 1.0
#: Contract ends for the PPPK rows of needs.py's data (it writes none).
CONTRACT_ENDS = (
    "UPDATE workforce_employee SET contract_end = (make_date(2024 + (id % 7)::int, "
    "1 + ((id / 7) % 12)::int, 1) + interval '1 month' - interval '1 day')::date "
    "WHERE status IN ('pppk', 'pppk_pw') AND contract_end IS NULL"
)


# --- collect as it was before (for the before/after figures) -------------------------------


def _rows_before(qs: Any) -> list[tuple]:
    """Plain tuples of a values_list queryset through the cursor (no model overhead)."""
    from django.db import connection

    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def collect_before(agency_ids: list[int], base_year: int, years: int) -> Any:
    """``formasi.planning.fiveyear.collect`` before the aggregated rewrite, verbatim."""
    import numpy as np
    from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

    from formasi.organization.models import Position
    from formasi.planning.fiveyear import CONTRACT, PNS_LIKE, ST, Cells, position_bup
    from formasi.workforce.models import Employee
    from formasi.workload.models import PositionNeed

    positions = Position.unscoped.filter(agency_id__in=agency_ids)
    bup = {p.pk: position_bup(p) for p in positions}
    family = {p.pk: p.family for p in positions}
    staff = (
        Employee.unscoped.filter(agency_id__in=agency_ids, active=True)
        .exclude(status=ST.NON_ASN)
        .annotate(
            by=ExtractYear("birth_date"),
            bm=ExtractMonth("birth_date"),
            cy=ExtractYear("contract_end"),
            cm=ExtractMonth("contract_end"),
            cd=ExtractDay("contract_end"),
        )
        .values_list("unit_id", "position_id", "status", "by", "bm", "cy", "cm", "cd", "sex")
        .order_by()
    )
    rows = _rows_before(staff)
    m = len(rows)
    unit = np.fromiter((r[0] for r in rows), np.int64, m)
    pos = np.fromiter((r[1] for r in rows), np.int64, m)
    pns = np.fromiter((r[2] in PNS_LIKE for r in rows), bool, m)
    contract = np.fromiter((r[2] in CONTRACT for r in rows), bool, m)
    birth_year = np.fromiter((r[3] for r in rows), np.int64, m)
    birth_month = np.fromiter((r[4] for r in rows), np.int64, m)
    ages_bup = np.fromiter((bup.get(r[1], 58) for r in rows), np.int64, m)
    # Retirement date = 1st of the month after the BUP birthday: next year for December births.
    retire_year = birth_year + ages_bup + (birth_month == 12)
    end_year = np.fromiter(
        ((r[5] + (r[6] == 12 and r[7] == 31)) if r[5] is not None else 0 for r in rows),
        np.int64,
        m,
    )
    first = base_year + 1
    gone = pns & (retire_year <= base_year)
    present = ~gone
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
    n = len(keys)
    need_of, staff_of = inverse[: len(needs)], inverse[len(needs) :]
    need = np.zeros(n)
    np.add.at(need, need_of, [c for _u, _p, c in needs])
    bezetting = np.bincount(staff_of[present], minlength=n).astype(float)
    retirements = np.zeros((n, years))
    mask = (retire_idx >= 0) & (retire_idx < years)
    np.add.at(retirements, (staff_of[mask], retire_idx[mask]), 1)
    contract_ends = np.zeros((n, years))
    mask = present & (end_idx >= 0) & (end_idx < years)
    np.add.at(contract_ends, (staff_of[mask], end_idx[mask]), 1)

    retiring_family: dict[tuple[int, str], int] = defaultdict(int)
    for idx, p in zip(
        retire_idx[(retire_idx >= 0) & (retire_idx < years)],
        pos[(retire_idx >= 0) & (retire_idx < years)],
        strict=True,
    ):
        retiring_family[int(idx), family.get(int(p), "")] += 1
    sexes = np.array([r[8] for r in rows])[present] if m else np.array([], dtype=str)
    return Cells(
        base_year=base_year,
        years=years,
        units=keys >> 32,
        positions=keys & 0xFFFFFFFF,
        need=need,
        bezetting=bezetting,
        retirements=retirements,
        contract_ends=contract_ends,
        ages=(base_year - birth_year)[present],
        sexes=sexes,
        retiring_family=dict(retiring_family),
    )


# --- what is measured ----------------------------------------------------------------------


def project(cells: Any) -> Any:
    """The projection ``fiveyear.run`` makes before recruiting (no need growth, no renewal)."""
    import numpy as np

    from formasi.domain import projection

    need = np.repeat(cells.need[:, None], YEARS, axis=1)
    zero = np.zeros_like(need)
    return projection.project_arrays(
        need, cells.bezetting, cells.retirements, cells.contract_ends, zero, RATE, YEARS
    )


def summary_of_arrays(cells: Any, result: Any) -> dict[str, list[float]]:
    need = [float(cells.need.sum())] * YEARS
    return {
        "cells": len(cells.need),
        "bezetting": float(cells.bezetting.sum()),
        "need": need,
        "availability": result.availability.sum(axis=0).tolist(),
        "retirements": cells.retirements.sum(axis=0).tolist(),
        "contract_ends": cells.contract_ends.sum(axis=0).tolist(),
        "shortage": result.proposal.sum(axis=0).tolist(),
        "excess": (-result.gap).clip(min=0).sum(axis=0).tolist(),
    }


def fast(agency_ids: list[int]) -> dict[str, Any]:
    from formasi.planning.fiveyear import collect

    cells = collect(agency_ids, BASE_YEAR, YEARS)
    return summary_of_arrays(cells, project(cells))


def before(agency_ids: list[int]) -> dict[str, Any]:
    cells = collect_before(agency_ids, BASE_YEAR, YEARS)
    return summary_of_arrays(cells, project(cells))


def baseline(agency_ids: list[int]) -> dict[str, Any]:
    """Row by row: each employee through the ORM, each retirement date with
    ``retirement_date``, per-cell dicts, ``project_cell`` per cell."""
    from datetime import date

    from formasi.domain.projection import Cell, project_cell
    from formasi.domain.retirement import retirement_date
    from formasi.organization.models import Position
    from formasi.planning.fiveyear import CONTRACT, PNS_LIKE, ST, position_bup
    from formasi.workforce.models import Employee
    from formasi.workload.models import PositionNeed

    bup = {p.pk: position_bup(p) for p in Position.unscoped.filter(agency_id__in=agency_ids)}
    first = BASE_YEAR + 1
    day_zero = date(BASE_YEAR, 12, 31)
    need: dict[tuple[int, int], float] = defaultdict(float)
    bezetting: dict[tuple[int, int], int] = defaultdict(int)
    retirements: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0] * YEARS)
    ends: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0] * YEARS)
    staff = (
        Employee.unscoped.filter(agency_id__in=agency_ids, active=True)
        .exclude(status=ST.NON_ASN)
        .values_list("unit_id", "position_id", "status", "birth_date", "contract_end")
        .iterator(chunk_size=10_000)
    )
    for unit_id, position_id, status, birth, contract_end in staff:
        key = (unit_id, position_id)
        if status in PNS_LIKE:
            leaves = retirement_date(birth, bup.get(position_id, 58))
            if leaves <= day_zero:
                bezetting.setdefault(key, 0)
                continue
            t = leaves.year - first
            if t < YEARS:
                retirements[key][t] += 1
        elif status in CONTRACT and contract_end is not None:
            t = max(date.fromordinal(contract_end.toordinal() + 1).year - first, 0)
            if t < YEARS:
                ends[key][t] += 1
        bezetting[key] += 1
    for unit_id, position_id, count in (
        PositionNeed.unscoped.filter(agency_id__in=agency_ids)
        .values_list("unit_id", "position_id", "count")
        .iterator(chunk_size=10_000)
    ):
        need[(unit_id, position_id)] += count
    keys = need.keys() | bezetting.keys()
    total = {
        name: [0.0] * YEARS
        for name in ("availability", "retirements", "contract_ends", "shortage", "excess")
    }
    for key in keys:
        rows = project_cell(
            Cell(
                need=need.get(key, 0.0),
                bezetting=bezetting.get(key, 0),
                retirements=tuple(retirements.get(key, ())),
                contract_ends=tuple(ends.get(key, ())),
                attrition_rate=RATE,
                base_year=BASE_YEAR,
            ),
            YEARS,
        )
        for t, row in enumerate(rows):
            total["availability"][t] += row.availability
            total["retirements"][t] += row.retirements
            total["contract_ends"][t] += row.contract_ends
            total["shortage"][t] += row.proposal
            total["excess"][t] += max(-row.gap, 0.0)
    return {
        "cells": len(keys),
        "bezetting": float(sum(bezetting.values())),
        "need": [float(sum(need.values()))] * YEARS,
        **total,
        "employees": sum(bezetting.values()),
    }


def same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Equal counts, and totals equal to 1e-6 (sums in another order)."""
    for name, value in a.items():
        if name == "employees" or name not in b:
            continue
        other = b[name]
        values = value if isinstance(value, list) else [value]
        others = other if isinstance(other, list) else [other]
        if len(values) != len(others):
            return False
        if any(abs(x - y) > 1e-6 * max(1.0, abs(x)) for x, y in zip(values, others, strict=True)):
            return False
    return True


def step_measure(args: argparse.Namespace) -> dict[str, Any]:
    needs.setup_django()
    from formasi.organization.models import Agency
    from formasi.workforce.models import Employee

    all_ids = list(Agency.unscoped.order_by("pk").values_list("pk", flat=True))
    pemda = [needs.PEMDA_INDEX + 1]
    what, scope = args.step.removeprefix("measure-").split("_")
    if scope == "pemda":
        ids = pemda
    elif what == "baseline" and args.baseline_agencies < len(all_ids):
        ids = all_ids[: args.baseline_agencies]
    else:
        ids = all_ids
    function = {"fast": fast, "before": before, "baseline": baseline}[what]
    repeat = 1 if what != "fast" and scope == "national" else args.repeat
    times, results = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        results.append(function(ids))
        times.append(time.perf_counter() - started)
    extra: dict[str, Any] = {}
    employees = Employee.unscoped.filter(agency_id__in=ids, active=True).count()
    if len(ids) < len(all_ids) and scope == "national":
        total = Employee.unscoped.filter(active=True).count()
        extra = {
            "sample_agencies": len(ids),
            "sample_employees": employees,
            "extrapolated_from_s": round(statistics.median(times), 2),
            "factor": round(total / employees, 3),
        }
        times = [t * total / employees for t in times]
        extra["fast_on_sample"] = fast(ids)
    return {
        "times_s": [round(t, 3) for t in times],
        "min_s": round(min(times), 3),
        "median_s": round(statistics.median(times), 3),
        "maxrss_mb": needs.maxrss_mb(),
        "agencies": len(ids),
        "employees": employees,
        "result": results[0],
        **extra,
    }


def step_prepare(args: argparse.Namespace) -> dict[str, Any]:
    """Migrate the reused database and give the PPPK rows contract ends (once)."""
    needs.setup_django()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM workforce_employee WHERE contract_end IS NOT NULL)"
        )
        if cursor.fetchone()[0]:
            return {"contract_ends": "present"}
        started = time.perf_counter()
        cursor.execute(CONTRACT_ENDS)
        updated = cursor.rowcount
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) workforce_employee")
    return {"contract_ends_set": updated, "seconds": round(time.perf_counter() - started, 1)}


# --- driver --------------------------------------------------------------------------------


def run_step(step: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--step", step, "--scale", str(args.scale),
               "--seed", str(args.seed), "--repeat", str(args.repeat),
               "--baseline-agencies", str(args.baseline_agencies)]  # fmt: skip
    return run_step_process(command, step)


MEASURES = [
    ("fast_national", "collect + project, national", TARGET_NATIONAL_S),
    ("before_national", "before: old collect, national", None),
    ("baseline_national", "row-by-row, national", None),
    ("fast_pemda", "collect + project, one Pemda", TARGET_PEMDA_S),
    ("before_pemda", "before: old collect, Pemda", None),
    ("baseline_pemda", "row-by-row, one Pemda", None),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep needs.py's database")
    parser.add_argument("--baseline-agencies", type=int, default=60)
    parser.add_argument("--no-before", action="store_true", help="skip the old collect")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        result = step_prepare(args) if args.step == "prepare" else step_measure(args)
        print(json.dumps(result))
        return 0

    report: dict[str, Any] = {"scale": args.scale, "seed": args.seed,
                              "database": needs.database_url()}  # fmt: skip
    if args.reuse and needs.database_comment() == needs.label(args):
        print(f"reusing {needs.database_url()} ({needs.label(args)})", flush=True)
        report["setup"] = "reused"
    else:
        needs.recreate_database()
        report["setup"] = needs.run_step("setup", args)
        print(f"setup: {json.dumps(report['setup'])}", flush=True)
        conn, name = needs.admin_connection()
        with conn:
            conn.execute(f"COMMENT ON DATABASE {name} IS '{needs.label(args)}'")
    report["prepare"] = run_step("prepare", args)
    print(f"prepare: {json.dumps(report['prepare'])}", flush=True)
    measures = [m for m in MEASURES if not (args.no_before and m[0].startswith("before"))]
    for step, _title, _target in measures:
        result = run_step(f"measure-{step}", args)
        report[step] = result
        shown = {k: v for k, v in result.items() if k not in ("result", "fast_on_sample")}
        print(f"{step}: {json.dumps(shown)}", flush=True)

    national = report["fast_national"]
    base = report["baseline_national"]
    checks = {
        "baseline = fast, Pemda": same(report["fast_pemda"]["result"],
                                       report["baseline_pemda"]["result"]),
        "baseline = fast, national"
        + (f" sample ({base['sample_agencies']} agencies)" if "sample_agencies" in base else ""):
        same(base.get("fast_on_sample", national["result"]), base["result"]),
    }  # fmt: skip
    for scope in ("national", "pemda"):
        if f"before_{scope}" in report:
            checks[f"before = fast, {scope}"] = (
                report[f"before_{scope}"]["result"] == report[f"fast_{scope}"]["result"]
            )
    r = national["result"]
    print()
    print(
        f"national: {national['employees']:,} active employees, {r['cells']:,} cells, "
        f"bezetting {r['bezetting']:,.0f}; plan years {BASE_YEAR + 1}–{BASE_YEAR + YEARS}"
    )
    print("  retirements   " + " ".join(f"{v:>10,.0f}" for v in r["retirements"]))
    print("  contract ends " + " ".join(f"{v:>10,.0f}" for v in r["contract_ends"]))
    print("  availability  " + " ".join(f"{v:>10,.0f}" for v in r["availability"]))
    print("  shortage      " + " ".join(f"{v:>10,.0f}" for v in r["shortage"]))
    print()
    print(f"{'what':<34} {'min s':>9} {'median s':>9} {'maxrss MB':>10}  result")
    passed = True
    for step, title, target in measures:
        m = report[step]
        verdict = ""
        if target is not None:
            ok = m["median_s"] < target
            passed &= ok
            verdict = f"{'PASS' if ok else 'FAIL'} (< {target} s)"
        if "sample_agencies" in m:
            verdict = (
                f"extrapolated ×{m['factor']} from {m['sample_agencies']} agencies "
                f"({m['sample_employees']:,} employees, {m['extrapolated_from_s']} s)"
            )
        print(f"{title:<34} {m['min_s']:>9.3f} {m['median_s']:>9.3f} {m['maxrss_mb']:>10}  "
              f"{verdict}")  # fmt: skip
    for name, ok in checks.items():
        print(f"{name}: {ok}")
    out = BENCH_DIR / "results" / f"projection-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"results in {out.relative_to(BENCH_DIR.parent)}")
    assert all(checks.values()), "the implementations disagree"
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
