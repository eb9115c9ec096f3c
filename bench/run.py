"""Time the dashboard and the employee list at national scale (1,000,000 employees).

    SECRET_KEY=bench FORMASI_DATA_DIR=/tmp/formasi-bench \\
        .venv/bin/python bench/run.py [--employees 1000000] [--seed 1] [--reuse] [--repeat 15]

Drops and re-creates the database named by BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/formasi_bench; DATABASE_URL is ignored so that the
benchmark never touches a test or production database), migrates it, loads the synthetic
workforce of bench/generate.py and creates four users. With --reuse an existing database
loaded with the same size, seed and generator, and with no pending migration, is kept.

Then, in this process with django.test.Client, every page of every user is requested once to
warm up and --repeat times in each of three states of the figures cache (cold, changed, warm;
see Result), with the SQL queries of one request per state counted. Prints a table (medians,
p95, verdict on the changed median against 300 ms), EXPLAIN ANALYZE of the slowest query of
every page over the target, and writes bench/results/<timestamp>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/formasi_bench"
TARGET_MS = 300.0
MARKER_VERSION = 3  # bump when generate.py changes what it loads


@dataclass
class Page:
    name: str
    url: str
    note: str = ""


@dataclass
class Result:
    """Timings of one page in three states of the cache of figures and list totals
    (formasi.core.cache): cold, the cache cleared before each request (a restarted web
    process); changed, the data version of the largest agency in scope bumped before each
    request, as any edit in it does (the usual case while people work); warm, untouched.
    The verdict is on the changed median."""

    user: str
    page: str
    url: str
    cold_median_ms: float
    changed_median_ms: float
    changed_p95_ms: float
    warm_median_ms: float
    cold_queries: int
    changed_queries: int
    warm_queries: int
    slowest_query_ms: float  # of the changed request
    passed: bool
    note: str = ""
    slowest_query: str = ""
    explain: str = ""
    cold_ms: list[float] = field(default_factory=list)
    changed_ms: list[float] = field(default_factory=list)
    warm_ms: list[float] = field(default_factory=list)


# --- database ------------------------------------------------------------------------------


def bench_database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)


def setup_django() -> None:
    """Point Django at the bench database (never at DATABASE_URL) and set it up."""
    os.environ["DATABASE_URL"] = bench_database_url()
    os.environ["CACHE_URL"] = ""  # a cache in this process only, which the benchmark clears
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "formasi.settings")
    for path in (str(ROOT / "src"), str(BENCH_DIR)):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()


def prepare_database(url: str, marker: dict[str, Any], reuse: bool) -> bool:
    """Make sure the bench database exists; True if it must be (re)loaded."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    db = dj_database_url.parse(url)
    name = db["NAME"]
    if not name or name in ("postgres", "template0", "template1"):
        raise SystemExit(f"refusing to use database {name!r} for the benchmark")
    params = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"] or "postgres",
        "password": db["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        row = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        if reuse and row is not None and row[0] == json.dumps(marker, sort_keys=True):
            return False
        quoted = sql.Identifier(name)
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(quoted))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(quoted))
    return True


def pending_migrations() -> bool:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def mark_loaded(marker: dict[str, Any]) -> None:
    from django.db import connection
    from psycopg import sql

    comment = json.dumps(marker, sort_keys=True)
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}")
            .format(sql.Identifier(connection.settings_dict["NAME"]), sql.Literal(comment))
            .as_string(connection.connection)
        )


# --- users and pages -----------------------------------------------------------------------


def bench_users(big_agency_code: str) -> dict[str, Any]:
    """The four points of view: national, one big agency, one OPD in it, ten agencies."""
    from formasi.accounts.models import User
    from formasi.core.permissions import Role
    from formasi.organization.models import Agency, OrgUnit

    big = Agency.unscoped.get(code=big_agency_code)
    # Dinas Pendidikan with all its schools: the largest OPD subtree.
    opd = OrgUnit.unscoped.get(agency=big, code="DISDIK")
    others = list(Agency.unscoped.exclude(pk=big.pk).order_by("code")[:10])
    specs = {
        "superuser": {"is_superuser": True, "is_staff": True},
        "admin": {"role": Role.ADMIN, "agency": big, "is_staff": True},
        "opd_operator": {
            "role": Role.OPD_OPERATOR,
            "agency": big,
            "org_unit": opd,
            "is_staff": True,
        },
        "evaluator": {"role": Role.EVALUATOR},
    }
    users = {}
    for label, fields in specs.items():
        user, _created = User.objects.update_or_create(username=f"bench-{label}", defaults=fields)
        users[label] = user
    users["evaluator"].assigned_agencies.set(others)
    return users


def scope_description(label: str, user: Any) -> str:
    from formasi.workforce.models import Employee

    n = Employee.unscoped.visible_to(user).filter(active=True).count()
    if label == "superuser":
        where = "all agencies"
    elif label == "evaluator":
        where = f"{user.assigned_agencies.count()} agencies"
    elif label == "opd_operator":
        where = f"{user.org_unit.name}, {user.agency.name}"
    else:
        where = user.agency.name
    return f"{where}: {n:,} active employees"


def pages_for(user: Any) -> list[Page]:
    filtered, note = _filtered_query(user)
    prefix = _name_prefix(user)
    return [
        Page("dashboard", "/"),
        Page("list", "/pegawai/"),
        Page("filtered", f"/pegawai/?{filtered}", note),
        Page("sorted", "/pegawai/?sort=-birth_date"),
        Page("search", f"/pegawai/?q={prefix}"),
        Page("page 50", "/pegawai/?page=50"),
        Page("api", "/api/v1/employees?page_size=50"),
    ]


def _filtered_query(user: Any) -> tuple[str, str]:
    """The list filtered to the kecamatan with the most employees in the user's scope, among
    the choices of the list's kecamatan filter (or overall, with a note, when it offers none).
    Users who see several agencies choose the agency first, as the filter form asks."""
    from django.db.models import Count
    from django.http import QueryDict

    from formasi.workforce.filters import EmployeeFilterForm
    from formasi.workforce.models import Employee

    rows = (
        Employee.unscoped.visible_to(user)
        .filter(active=True, unit__district__isnull=False)
        .values_list("agency_id", "unit__district_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    form = EmployeeFilterForm(user=user)
    choices = set(form.fields["district"].queryset.values_list("pk", flat=True))
    valid = [(n, agency, district) for agency, district, n in rows if district in choices]
    note = "{n:,} employees"
    if not valid:
        valid = [(n, agency, district) for agency, district, n in rows]
        note = (
            "FILTER IGNORED: the kecamatan filter offers no kecamatan to this user, the form is "
            "invalid and the page shows the unfiltered list (busiest kecamatan: {n:,} employees)"
        )
    n, agency, district = max(valid)
    query = QueryDict(mutable=True)
    if "agency" in form.fields:
        query["agency"] = str(agency)
    query["district"] = str(district)
    if not EmployeeFilterForm(query, user=user).is_valid() and not note.startswith("FILTER"):
        note = "FILTER IGNORED: the form rejects it ({n:,} employees)"
    return query.urlencode(), note.format(n=n)


def _name_prefix(user: Any) -> str:
    """The first four letters of the first name of the employee in the middle of the scope."""
    from formasi.workforce.models import Employee

    qs = Employee.unscoped.visible_to(user).filter(active=True).order_by("id")
    ids = qs.values_list("id", flat=True)
    first, last = ids.first(), ids.last()
    name = qs.filter(id__gte=(first + last) // 2).values_list("name", flat=True).first()
    return name.split()[0][:4]


# --- timing --------------------------------------------------------------------------------


def time_page(client: Any, label: str, page: Page, repeat: int, changed_agency: int) -> Result:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from formasi.core.cache import bump

    prepare = {
        "cold": cache.clear,
        "changed": lambda: bump([changed_agency]),
        "warm": lambda: None,
    }

    def get(state: str) -> float:
        prepare[state]()
        started = time.perf_counter()
        response = client.get(page.url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{label} {page.url}: HTTP {response.status_code}")
        return elapsed

    get("cold")  # warm up: templates, the first plans
    queries = {}
    for state in prepare:
        with CaptureQueriesContext(connection) as captured:
            get(state)
        # read them now: every request clears the connection's query log
        queries[state] = list(captured.captured_queries)
    slowest = max(queries["changed"], key=lambda q: float(q["time"]))
    times = {state: [get(state) for _ in range(repeat)] for state in prepare}
    changed = statistics.median(times["changed"])
    result = Result(
        user=label,
        page=page.name,
        url=page.url,
        cold_median_ms=round(statistics.median(times["cold"]), 1),
        changed_median_ms=round(changed, 1),
        changed_p95_ms=round(_p95(times["changed"]), 1),
        warm_median_ms=round(statistics.median(times["warm"]), 1),
        cold_queries=len(queries["cold"]),
        changed_queries=len(queries["changed"]),
        warm_queries=len(queries["warm"]),
        slowest_query_ms=round(float(slowest["time"]) * 1000, 1),
        passed=changed <= TARGET_MS,
        note=page.note,
        slowest_query=slowest["sql"],
        cold_ms=[round(t, 1) for t in times["cold"]],
        changed_ms=[round(t, 1) for t in times["changed"]],
        warm_ms=[round(t, 1) for t in times["warm"]],
    )
    if not result.passed:
        result.explain = explain(slowest["sql"])
    return result


def largest_agency(user: Any) -> int:
    """The agency in the user's scope with the most employees."""
    from django.db.models import Count

    from formasi.workforce.models import Employee

    rows = Employee.unscoped.visible_to(user).values("agency_id").annotate(n=Count("id"))
    return max(rows, key=lambda row: row["n"])["agency_id"]


def _p95(times: list[float]) -> float:
    if len(times) < 2:
        return times[0]
    return statistics.quantiles(times, n=20, method="inclusive")[18]


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


# --- report --------------------------------------------------------------------------------


def checkout() -> str:
    """The commit the benchmark ran against ("+dirty" with local changes under src/)."""
    import subprocess

    def git(*args: str) -> str:
        command = ["git", *args]  # fixed arguments
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + ("+dirty" if git("status", "--porcelain", "--", "src") else "")


def machine() -> dict[str, Any]:
    from django.db import connection

    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in cpuinfo.read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    settings = {}
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        settings["server_version"] = cursor.fetchone()[0]
        for name in (
            "shared_buffers",
            "work_mem",
            "effective_cache_size",
            "jit",
            "max_parallel_workers_per_gather",
            "random_page_cost",
        ):
            cursor.execute(f"SHOW {name}")
            settings[name] = cursor.fetchone()[0]
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "postgresql": settings,
    }


def print_table(results: list[Result]) -> None:
    header = (
        f"{'user':<13} {'page':<10} {'cold':>7} {'changed':>8} {'p95':>7} {'warm':>7} "
        f"{'queries':>9} {'slowest q':>9}  result"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        verdict = "pass" if r.passed else "FAIL"
        queries = f"{r.cold_queries}/{r.changed_queries}/{r.warm_queries}"
        print(
            f"{r.user:<13} {r.page:<10} {r.cold_median_ms:>7.1f} {r.changed_median_ms:>8.1f} "
            f"{r.changed_p95_ms:>7.1f} {r.warm_median_ms:>7.1f} {queries:>9} "
            f"{r.slowest_query_ms:>9.1f}  {verdict}" + (f"  ({r.note})" if r.note else "")
        )
    print(
        "ms, medians (p95 of changed). cold: figures cache cleared before each request; "
        "changed: the largest agency in scope bumped;\nwarm: cache untouched. "
        "queries: cold/changed/warm; slowest q: the slowest query of a changed request."
    )


def print_explains(results: list[Result], width: int = 300) -> None:
    """EXPLAIN ANALYZE of the slowest query of each page over the target (long lines cut;
    the JSON report has them whole)."""
    for r in results:
        if r.explain:
            print(f"\n== {r.user} {r.page} ({r.url}): slowest query {r.slowest_query_ms} ms")
            print(_cut(r.slowest_query, width))
            for line in r.explain.splitlines():
                print(_cut(line, width))


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database if it already holds this size and seed",
    )
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--user",
        action="append",
        choices=["superuser", "admin", "opd_operator", "evaluator"],
        help="time only this user's pages (repeatable)",
    )
    args = parser.parse_args(argv)
    commit = checkout()  # now: the checkout may change while the benchmark runs

    marker = {"employees": args.employees, "seed": args.seed, "version": MARKER_VERSION}
    load = prepare_database(bench_database_url(), marker, args.reuse)
    setup_django()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    if not load and pending_migrations():
        print("the reused database lacks migrations of this checkout: loading it again")
        connections.close_all()
        load = prepare_database(bench_database_url(), marker, reuse=False)

    from formasi.organization.models import Agency

    started = time.perf_counter()
    load_info: dict[str, Any] = {"reused": not load}
    if load:
        from generate import check_sample, generate

        call_command("migrate", verbosity=0)
        load_info["migrate_s"] = round(time.perf_counter() - started, 1)
        summary = generate(
            args.employees,
            seed=args.seed,
            progress=lambda message: print(f"  {message}", flush=True),
        )
        load_info |= asdict(summary)
        load_info["total_s"] = round(time.perf_counter() - started, 1)
        load_info["validated_sample"] = check_sample()
        mark_loaded(marker)
        print(f"loaded in {load_info['total_s']} s", flush=True)
    big_code = Agency.unscoped.get(kind=Agency.Kind.PROVINCE).code
    users = bench_users(big_code)

    results: list[Result] = []
    scopes = {}
    for label, user in users.items():
        if args.user and label not in args.user:
            continue
        scopes[label] = scope_description(label, user)
        print(f"{label}: {scopes[label]}", flush=True)
        client = Client()
        client.force_login(user)
        changed_agency = largest_agency(user)
        for page in pages_for(user):
            result = time_page(client, label, page, args.repeat, changed_agency)
            results.append(result)
            print(
                f"  {page.name:<10} cold {result.cold_median_ms:7.1f}, changed "
                f"{result.changed_median_ms:7.1f}, warm {result.warm_median_ms:7.1f} ms"
                f"  {page.url}",
                flush=True,
            )

    print()
    print_table(results)
    print_explains(results)
    report = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "commit": commit,
        "employees": args.employees,
        "seed": args.seed,
        "repeat": args.repeat,
        "target_ms": TARGET_MS,
        "machine": machine(),
        "load": load_info,
        "scopes": scopes,
        "results": [asdict(r) for r in results],
    }
    out = BENCH_DIR / "results" / f"{datetime.now():%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    failed = sum(not r.passed for r in results)
    print(
        f"\n{len(results) - failed}/{len(results)} pages within {TARGET_MS:.0f} ms; "
        f"results in {out.relative_to(ROOT)}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
