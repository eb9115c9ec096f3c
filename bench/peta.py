"""Time the peta jabatan of the largest OPD of the demo city (issue 17 item 2: < 500 ms
server time) and its xlsx download.

    SECRET_KEY=bench FORMASI_DATA_DIR=/tmp/formasi-bench \\
        .venv/bin/python bench/peta.py [--reuse] [--repeat 7] [--seed 2026] [--size 6500]

Drops and re-creates the database named by BENCH_PETA_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/formasi_bench_peta; DATABASE_URL is ignored), migrates it
and loads the demo city with ``formasi.demo.loader.load_demo`` (what ``formasi demo`` runs).
With --reuse a database loaded with the same seed and size and no pending migration is kept.

The largest OPD is the one with the most peta rows (unit × position cells with a need or
people). Every page is requested with django.test.Client as the demo admin, once to warm up
and then --repeat times; the medians (ms, server side: URL routing, views, queries, template
rendering; also the CPU time of this process, steadier on a shared machine) are printed with
the response size and the query count, and written to
``results/peta-<timestamp>.json``. A page whose URL does not exist on this checkout (the
filtered views and the xlsx before they were built) is reported as missing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/formasi_bench_peta"
TARGET_MS = 500.0
MARKER_VERSION = 1


def setup(url: str) -> None:
    os.environ["BENCH_DATABASE_URL"] = url
    for path in (str(ROOT / "src"), str(BENCH_DIR)):
        if path not in sys.path:
            sys.path.insert(0, path)
    from run import setup_django

    setup_django()


def load(args: argparse.Namespace, url: str) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connections
    from run import mark_loaded, pending_migrations, prepare_database

    marker = {"bench": "peta", "version": MARKER_VERSION, "seed": args.seed, "size": args.size}
    fresh = prepare_database(url, marker, reuse=args.reuse)
    if not fresh and pending_migrations():
        print("the reused database lacks migrations of this checkout: loading it again")
        connections.close_all()
        fresh = prepare_database(url, marker, reuse=False)
    if not fresh:
        return {"reused": True}
    from formasi.demo.loader import load_demo

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_demo(seed=args.seed, size=args.size)
    mark_loaded(marker)
    return {"reused": False, "load_s": round(time.perf_counter() - started, 1)}


def largest_opd() -> tuple[Any, int]:
    """The OPD whose subtree has the most peta rows (cells with a need or people)."""
    from django.db.models import Count

    from formasi.organization.models import OrgUnit
    from formasi.workforce.models import Employee
    from formasi.workload.models import PositionNeed

    cells: dict[int, set[tuple[int, int]]] = {}
    needs = PositionNeed.unscoped.values_list("unit__opd_id", "unit_id", "position_id")
    staff = (
        Employee.unscoped.filter(active=True)
        .values_list("unit__opd_id", "unit_id", "position_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for opd_id, unit_id, position_id, *_n in [*needs, *staff]:
        cells.setdefault(opd_id, set()).add((unit_id, position_id))
    opd_id, rows = max(cells.items(), key=lambda kv: len(kv[1]))
    return OrgUnit.unscoped.get(pk=opd_id), len(rows)


def pages(opd: Any) -> list[tuple[str, str]]:
    from django.urls import NoReverseMatch, reverse

    base = reverse("workload:peta_opd", args=[opd.pk])
    found = [
        ("peta (default view)", base),
        ("peta, shortage only", base + "?gap=short"),
        ("peta, largest shortage first", base + "?sort=shortage"),
        ("peta, all units open", base + "?open=all"),
    ]
    try:
        xlsx = reverse("workload:peta_xlsx", args=[opd.pk])
    except NoReverseMatch:
        xlsx = ""
    found += [("peta xlsx", xlsx), ("peta xlsx, shortage only", xlsx and xlsx + "?gap=short")]
    return found


def time_page(client: Any, url: str, repeat: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm-up
    if response.status_code != 200:
        return {"status": response.status_code}
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    query_count = len(queries)  # read now: every request clears the connection's query log
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return {
        "status": response.status_code,
        "median_ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
        "cpu_median_ms": round(statistics.median(cpu), 1),
        "bytes": len(body),
        "queries": query_count,
        "times_ms": [round(t, 1) for t in times],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--size", type=int, default=6500)
    args = parser.parse_args()
    url = os.environ.get("BENCH_PETA_DATABASE_URL", DEFAULT_URL)
    setup(url)
    load_info = load(args, url)

    from django.test import Client

    from formasi.accounts.models import User

    opd, rows = largest_opd()
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username="admin"))
    print(f"largest OPD: {opd.name} ({rows:,} peta rows); {args.repeat} repeats, median ms")
    results = {}
    for label, page_url in pages(opd):
        if not page_url:
            print(f"{label:28} missing on this checkout")
            continue
        result = time_page(client, page_url, args.repeat)
        results[label] = {"url": page_url, **result}
        if "median_ms" not in result:
            print(f"{label:28} HTTP {result['status']}")
            continue
        verdict = "pass" if result["median_ms"] < TARGET_MS else "FAIL"
        print(
            f"{label:28} {result['median_ms']:8.1f} ms  (cpu {result['cpu_median_ms']:6.1f})"
            f"  {result['bytes'] / 1024:6.0f} KiB"
            f"  {result['queries']:3} queries  {verdict}"
        )
    out = BENCH_DIR / "results" / f"peta-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(exist_ok=True)
    report = {"opd": opd.name, "rows": rows, "load": load_info, "pages": results}
    out.write_text(json.dumps(report, indent=2))
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
