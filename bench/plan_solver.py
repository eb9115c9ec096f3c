"""Time issue 17's recruitment optimiser on the demo city (target: the baseline proven optimal,
well inside ``fiveyear.SOLVER_SECONDS``), for the demo's baseline and a 25 % cap.

    SECRET_KEY=bench FORMASI_DATA_DIR=/tmp/formasi-bench-plan \\
        .venv/bin/python bench/plan_solver.py [--size 6500]

Uses the embedded SQLite database of ``FORMASI_DATA_DIR`` (migrated, and loaded with the demo
city when empty). For each scenario it runs ``fiveyear.run`` and reports the whole run's
seconds, the CP-SAT status, deterministic time and wall time of the solve, and the plan's gap.
"""

from __future__ import annotations

import argparse
import os
import time
from decimal import Decimal
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=6500)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "formasi.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from ortools.sat.python import cp_model

    from formasi.demo.loader import load_demo
    from formasi.planning import fiveyear
    from formasi.planning.models import Scenario

    call_command("migrate", "--no-input", verbosity=0)
    if not Scenario.unscoped.exists():
        load_demo(seed=2026, size=args.size)
    solves: list[dict[str, Any]] = []
    solve = cp_model.CpSolver.solve

    def timed(self: cp_model.CpSolver, model: cp_model.CpModel, *a: Any, **k: Any) -> Any:
        code = solve(self, model, *a, **k)
        solves.append(
            {
                "status": self.status_name(code),
                "dt": self.deterministic_time,
                "wall": self.wall_time,
            }
        )
        return code

    cp_model.CpSolver.solve = timed  # type: ignore[method-assign]
    base = Scenario.unscoped.get(is_baseline=True)
    tight = Scenario(
        agency=base.agency,
        name="cap 25",
        base_year=base.base_year,
        renewal_percent=base.renewal_percent,
        cap_percent=Decimal(25),
    )
    print(f"{'scenario':<40} {'run s':>6} {'status':>9} {'det. time':>9} {'solve s':>8} {'gap':>9}")
    for scenario in (base, tight):
        start = time.perf_counter()
        result = fiveyear.run(scenario)
        seconds = time.perf_counter() - start
        s = solves[-1]
        gap = result["plan"]["gap"]
        print(
            f"{scenario.name[:40]:<40} {seconds:6.2f} {s['status']:>9} {s['dt']:9.3f} "
            f"{s['wall']:8.2f} {gap:9.2e}"
        )


if __name__ == "__main__":
    main()
