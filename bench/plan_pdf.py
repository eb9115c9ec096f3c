"""Time the plan PDF of the demo city's baseline scenario (issue 17 item 5: under 5 s).

    SECRET_KEY=bench FORMASI_DATA_DIR=/tmp/formasi-bench \\
        .venv/bin/python bench/plan_pdf.py [--repeat 5] [--reuse] [--profile FILE]

Uses the PostgreSQL server of BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/formasi_bench) but its own database, the same name with
``_pdf`` appended, which it drops and re-creates (``--reuse`` keeps it when its comment says
it holds the same demo seed and size and no migration is pending). Setup: migrate, load the
demo city (``formasi.demo.loader.load_demo``, the seed and size of ``formasi demo``) and
compute its baseline scenario in this process (``fiveyear.compute``, no worker).

Then the PDF is generated ``--repeat`` times after one warm-up and each run is split into
its three parts, as ``formasi.planning.export.pdf`` does them:

- ``data``: reading the scenario and the agency's signature settings and building the
  template's context (``export.pdf_context``);
- ``html``: rendering the template (``export.render_html``);
- ``weasyprint``: laying out and writing the PDF (``export.print_pdf``).

Prints the median (min–max) of each part and of the whole (wall time), the CPU time of the
whole (this process; on a shared, loaded machine it is closer to what an idle one takes),
the page count and the size of the PDF, and the verdict (wall time) against the target.
``--profile FILE`` writes a cProfile of one more run to FILE (``python -m pstats FILE``).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/formasi_bench"
SEED, SIZE = 2026, 6500  # formasi demo's defaults
TARGET_S = 5.0


def database_url() -> str:
    import dj_database_url

    base = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    name = dj_database_url.parse(base)["NAME"] or "formasi_bench"
    return base.rsplit("/", 1)[0] + f"/{name}_pdf"


def _admin() -> tuple[Any, str]:
    import dj_database_url
    import psycopg

    db = dj_database_url.parse(database_url())
    conn = psycopg.connect(
        dbname="postgres",
        autocommit=True,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"] or "postgres",
        password=db["PASSWORD"] or None,
    )
    return conn, db["NAME"]


def label() -> str:
    return f"plan pdf bench demo seed={SEED} size={SIZE}"


def database_comment() -> str | None:
    conn, name = _admin()
    with conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
    return row[0] if row else None


def recreate_database() -> None:
    from psycopg import sql

    conn, name = _admin()
    with conn:
        quoted = sql.Identifier(name)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(quoted))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(quoted))


def comment_database() -> None:
    from psycopg import sql

    conn, name = _admin()
    with conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(label())
            )
        )


def setup_django() -> None:
    os.environ["DATABASE_URL"] = database_url()
    os.environ["CACHE_URL"] = ""
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ.setdefault("FORMASI_DATA_DIR", "/tmp/formasi-bench")  # noqa: S108
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "formasi.settings")
    if str(ROOT / "src") not in sys.path:
        sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def pending_migrations() -> bool:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def load() -> None:
    """Migrate, load the demo city and compute its baseline in this process."""
    from django.core.management import call_command

    from formasi.demo.loader import load_demo
    from formasi.planning import fiveyear
    from formasi.planning.models import Scenario

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    load_demo(seed=SEED, size=SIZE)
    print(f"demo loaded in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    fiveyear.compute(Scenario.unscoped.get(is_baseline=True))
    print(f"baseline computed in {time.perf_counter() - started:.1f} s")
    comment_database()


def baseline() -> Any:
    from formasi.planning.models import Scenario

    return Scenario.unscoped.select_related("agency").get(is_baseline=True)


def one_run() -> dict[str, Any]:
    """One PDF of the baseline, timed in its three parts."""
    from formasi.planning import export

    cpu0 = time.process_time()
    t0 = time.perf_counter()
    scenario = baseline()
    context = export.pdf_context(scenario)
    t1 = time.perf_counter()
    html = export.render_html(context)
    t2 = time.perf_counter()
    document = export.print_pdf(html)
    t3 = time.perf_counter()
    return {
        "cpu": time.process_time() - cpu0,
        "data": t1 - t0,
        "html": t2 - t1,
        "weasyprint": t3 - t2,
        "total": t3 - t0,
        "bytes": len(document),
        "html_chars": len(html),
    }


def page_count(document: bytes) -> int:
    try:
        from io import BytesIO

        from pypdf import PdfReader
    except ImportError:
        return -1
    return len(PdfReader(BytesIO(document)).pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--profile", metavar="FILE")
    args = parser.parse_args(argv)

    reuse = args.reuse and database_comment() == label()
    if not reuse:
        recreate_database()
    setup_django()
    if not reuse or pending_migrations():
        if reuse:  # a pending migration: load again into a fresh database
            from django.db import connections

            connections.close_all()
            recreate_database()
        load()

    from formasi.planning import export

    one_run()  # warm-up: templates, fonts, imports
    runs = [one_run() for _ in range(args.repeat)]
    document = export.pdf(baseline())
    print(f"{len(runs)} runs after a warm-up; seconds, median (min–max)")
    for part in ("data", "html", "weasyprint", "total", "cpu"):
        values = [r[part] for r in runs]
        print(
            f"  {part:<11} {statistics.median(values):7.2f}  ({min(values):.2f}–{max(values):.2f})"
        )
    print(f"  machine load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"  pages {page_count(document)}, {len(document) / 1024:.0f} KiB, "
        f"HTML {runs[0]['html_chars'] / 1024:.0f} KiB"
    )
    median = statistics.median(r["total"] for r in runs)
    verdict = "pass" if median < TARGET_S else "FAIL"
    print(f"  target < {TARGET_S:.0f} s: {verdict}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        export.pdf(baseline())
        profiler.disable()
        profiler.dump_stats(args.profile)
        print(f"  profile written to {args.profile}")
    return 0 if median < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
