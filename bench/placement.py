"""Time issue 7's placement (``formasi.domain.placement``) on synthetic data: a province
(20,000 people, 2,000 units, 20 position families; target: ``place`` under 10 s) and one
Pemda (1,000 people, 200 units; target under 1 s), against the greedy baseline and the same
model as a HiGHS MILP (OR-Tools ``pywraplp``).

    SECRET_KEY=bench FORMASI_DATA_DIR=/tmp/formasi-bench \\
        .venv/bin/python bench/placement.py [--seed 1] [--repeat 3] [--milp-limit 120]
        [--case province|pemda|both] [--no-milp]

Pure domain code, no database. Generator (numpy ``default_rng(seed)``): units sit in
villages (about one village per 1.3 units, 10 villages per kecamatan) with coordinates
around a centre (±2.5° province, ±0.5° Pemda); each unit has 4 of the families, need 1–6,
bezetting 0–8 (so some cells are short, some over); priority 0.1–1.0 in steps of 0.1;
1 in 50 short cells must fill 1 post. 70 % of the people are new hires, 30 % serving staff
in a cell of their family (1 in 5 of them must stay); homes are villages (coordinates =
village centre), 1 in 10 without a home; 1 in 10 also qualify for a second family.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np

from formasi.domain.placement import (
    Cell,
    Person,
    Placement,
    Request,
    greedy_placement,
    milp_placement,
    place,
)

CASES = {"province": (20_000, 2_000, 20, 2.5, 10.0), "pemda": (1_000, 200, 20, 0.5, 1.0)}


def generate(people_n: int, units_n: int, families_n: int, spread: float, seed: int) -> Request:
    rng = np.random.default_rng(seed)
    villages_n = max(10, int(units_n / 1.3))
    vlat = -1.5 + rng.uniform(-spread, spread, villages_n)
    vlng = 113.5 + rng.uniform(-spread, spread, villages_n)
    families = [f"F{f:02d}" for f in range(families_n)]
    cells: list[Cell] = []
    for u in range(units_n):
        v = int(rng.integers(villages_n))
        for f in rng.choice(families_n, 4, replace=False).tolist():
            need = int(rng.integers(1, 7))
            bez = int(rng.integers(0, 9))
            short = need > bez
            cells.append(
                Cell(
                    f"U{u:04d}",
                    families[f],
                    need=need,
                    bezetting=bez,
                    priority=int(rng.integers(1, 11)) / 10,
                    village=f"V{v:04d}",
                    district=f"K{v // 10:03d}",
                    location=(float(vlat[v]), float(vlng[v])),
                    must_fill=1 if short and rng.integers(50) == 0 else 0,
                )
            )
    over = [c for c in cells if c.bezetting > c.need]
    people: list[Person] = []
    for i in range(people_n):
        v = int(rng.integers(villages_n))
        homeless = rng.integers(10) == 0
        serving = rng.random() < 0.3
        if serving:
            c = over[int(rng.integers(len(over)))]
            position, unit = c.position, c.unit
        else:
            position, unit = families[int(rng.integers(families_n))], None
        alt = (families[int(rng.integers(families_n))],) if rng.integers(10) == 0 else ()
        people.append(
            Person(
                f"P{i:05d}",
                position,
                home_village=None if homeless else f"V{v:04d}",
                home_district=None if homeless else f"K{v // 10:03d}",
                home=None if homeless else (float(vlat[v]), float(vlng[v])),
                current_unit=unit,
                must_stay=serving and rng.integers(5) == 0,
                alternatives=alt,
            )
        )
    return Request(people, cells, max_moves_per_unit=3)


def timed(fn: Callable[[], Placement], repeat: int) -> tuple[Placement, float, float]:
    times = []
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    assert result is not None
    return result, times[0], statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--milp-limit", type=float, default=120.0)
    parser.add_argument("--case", choices=("province", "pemda", "both"), default="both")
    parser.add_argument("--no-milp", action="store_true")
    args = parser.parse_args()
    rows = []
    for name in ("pemda", "province") if args.case == "both" else (args.case,):
        people_n, units_n, families_n, spread, target = CASES[name]
        request = generate(people_n, units_n, families_n, spread, args.seed)
        open_posts = sum(c.open for c in request.cells)
        print(f"{name}: {len(request.people)} people, {len(request.cells)} cells, "
              f"{open_posts} open posts")  # fmt: skip
        runs = [("place", lambda r=request: place(r), args.repeat)]
        runs.append(("greedy", lambda r=request: greedy_placement(r), args.repeat))
        if not args.no_milp:
            runs.append(
                ("milp HiGHS", lambda r=request: milp_placement(r, time_limit_s=args.milp_limit), 1)
            )
        for label, fn, repeat in runs:
            result, first, median = timed(fn, repeat)
            o = result.objective
            verdict = ""
            if label == "place":
                ok = result.status == "OPTIMAL" and median < target
                verdict = ("PASS" if ok else "FAIL") + f" (< {target:g} s)"
            rows.append(
                (name, label, result.status, first, median, o.filled_posts, o.filled_priority,
                 o.home_village, o.home_district, o.distance_km, len(result.assignments), verdict)
            )  # fmt: skip
            print(f"  {label}: {result.status} first {first:.2f} s, median {median:.2f} s, "
                  f"key {o.key}", flush=True)  # fmt: skip
            for problem in result.problems[:3]:
                print(f"    problem: {problem}", flush=True)
    print()
    print("| case | method | status | first s | median s | filled | Σ priority | home desa "
          "| home kec. | km | assignments | |")  # fmt: skip
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:.2f} | {r[4]:.2f} | {r[5]:,} | {r[6]:,.1f} "
              f"| {r[7]:,} | {r[8]:,} | {r[9]:,.0f} | {r[10]:,} | {r[11]} |")  # fmt: skip


if __name__ == "__main__":
    main()
