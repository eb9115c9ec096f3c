"""Time the "Dokumen Usulan Kebutuhan ASN" PDF of the demo city (issue 18 part 5: under 5 s).

    SECRET_KEY=bench FORMASI_DATA_DIR=/tmp/formasi-bench \\
        .venv/bin/python bench/proposal_pdf.py [--repeat 5] [--reuse] [--profile FILE]

Uses the PostgreSQL server of BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/formasi_bench) but its own database, the same name with
``_proppdf`` appended, which it drops and re-creates (``--reuse`` keeps it when its comment says
it holds the same demo seed and size and no migration is pending). Setup: migrate, load the
demo city (``formasi.demo.loader.load_demo``, the seed and size of ``formasi demo``); the
proposal timed is the demo's one with the most items (1,715 items).

Then the PDF is generated ``--repeat`` times after one warm-up and each run is split into
its three parts, as ``formasi.proposals.documents.content`` does them:

- ``data``: reading the proposal, its items and their trace and building the template's
  context (``documents.usulan_context``);
- ``html``: rendering the template;
- ``weasyprint``: laying out and writing the PDF (``planning.export.print_pdf``).

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
from datetime import date
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/formasi_bench"
SEED, SIZE = 2026, 6500  # formasi demo's defaults
TARGET_S = 5.0
ON = date(2026, 12, 1)  # the date the document bears


def database_url() -> str:
    import dj_database_url

    base = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    name = dj_database_url.parse(base)["NAME"] or "formasi_bench"
    return base.rsplit("/", 1)[0] + f"/{name}_proppdf"


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
    return f"proposal pdf bench demo seed={SEED} size={SIZE}"


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
    """Migrate and load the demo city."""
    from django.core.management import call_command

    from formasi.demo.loader import load_demo

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    load_demo(seed=SEED, size=SIZE)
    print(f"demo loaded in {time.perf_counter() - started:.1f} s")
    comment_database()


def baseline() -> Any:
    """The demo's proposal with the most items."""
    from django.db.models import Count

    from formasi.proposals.models import Proposal

    return (
        Proposal.unscoped.select_related("agency__region")
        .annotate(n=Count("parts__items"))
        .order_by("-n")
        .first()
    )


def one_run() -> dict[str, Any]:
    """One usulan PDF, timed in its three parts."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from formasi.planning.export import print_pdf
    from formasi.proposals import documents

    documents._drafted.cache_clear()  # each run pays for its own wording
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    with documents.fewer_collections():  # as documents.content
        proposal = baseline()
        context = documents.usulan_context(proposal, ON)
        t1 = time.perf_counter()
        with translation.override("id"):
            html = render_to_string("proposals/usulan_pdf.html", context)
        t2 = time.perf_counter()
        document = print_pdf(html)
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

    from formasi.proposals import documents

    one_run()  # warm-up: templates, fonts, imports
    runs = [one_run() for _ in range(args.repeat)]
    document = documents.content(baseline(), documents.Kind.USULAN_PDF, ON)
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
        documents.content(baseline(), documents.Kind.USULAN_PDF, ON)
        profiler.disable()
        profiler.dump_stats(args.profile)
        print(f"  profile written to {args.profile}")
    return 0 if median < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
