"""Time needs and gaps at national scale (issue 4's target: gap_summary over a national-size
synthetic set in under 20 s, and over one Pemda of 10,000 employees in under 0.5 s, each
compared in the same run with a straightforward row-by-row Python implementation).

    SECRET_KEY=bench FORMASI_DATA_DIR=/tmp/formasi-bench \\
        .venv/bin/python bench/needs.py [--scale 1.0] [--seed 1] [--repeat 3] [--reuse]

Uses the PostgreSQL server of BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/formasi_bench) but its own database, the same name with
``_needs`` appended, which it drops and re-creates (``--reuse`` keeps it when its comment
says it holds the same scale and seed), so the databases of run.py and import_employees.py
are left alone. Steps, each in its own subprocess so that its peak memory (maxrss) is its own:

1. setup: migrate; write 550 agencies (38 provincial, 512 kabupaten/kota) with their regions,
   150–250 units each, 100 positions each, ~500,000 PositionNeed cells (count 0–20, source
   "standard") and 4,700,000 employees by COPY (psycopg 3 ``cursor.copy``), the employee
   table's non-unique indexes dropped during the load and re-created after with their own
   definitions (``pg_get_indexdef``), then ``VACUUM (ANALYZE)``. One kabupaten has exactly
   10,000 employees (the Pemda). ``--scale 0.05`` scales agencies, employees and needs (the
   Pemda stays at 10,000) for a quick run.
2. gap_summary over all agencies, then the row-by-row baseline over all agencies, then both
   for the Pemda alone, then ``peta_jabatan`` (as a superuser) of the Pemda's largest OPD.
   Each is timed ``--repeat`` times; the baseline must return exactly what gap_summary does.

The baseline reads every active employee's (unit, position) through a server-side cursor
(``values_list(...).iterator()``), counts per cell in a dict, reads the needs the same way,
computes each cell with ``formasi.domain.gaps.cell_gap`` and sums per agency through a
unit → agency dict.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from steps import run_step_process

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/formasi_bench"
GENERATOR_VERSION = 1
N_AGENCIES = 550
N_PROVINCES = 38
N_EMPLOYEES = 4_700_000
PEMDA_EMPLOYEES = 10_000
PEMDA_INDEX = 1  # the first kabupaten (index 0 is a province)
POSITIONS_PER_AGENCY = 100
#: How many positions of a unit have a need (PositionNeed cells), at random between the two.
CELLS_PER_UNIT = (2, 7)
SUPERUSER = "bench-needs-superuser"
TARGET_NATIONAL_S = 1.5  # issue 21 (issue 4 asked for 20 s)
TARGET_PEMDA_S = 0.5
OPDS = [
    "Sekretariat Daerah",
    "Sekretariat DPRD",
    "Inspektorat",
    "Bappeda",
    "BKPSDM",
    "BPKAD",
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "Dinas PUPR",
    "Dinas Dukcapil",
    "Dinas Sosial",
    "Satpol PP",
    "Dinas Perhubungan",
    "Dinas Lingkungan Hidup",
]
DISDIK, DINKES = 6, 7
SUB_UNITS = ["Sekretariat", "Bidang Program", "Bidang Pelayanan"]
DISTRICTS_PER_AGENCY = 3
STATUSES = ["pns"] * 62 + ["cpns"] * 3 + ["pppk"] * 22 + ["pppk_pw"] * 10 + ["non_asn"] * 3
POSITION_KINDS = (
    ["jpt_pratama"] * 3 + ["administrator"] * 7 + ["pengawas"] * 15
    + ["fungsional"] * 50 + ["pelaksana"] * 25
)  # fmt: skip


# --- database ------------------------------------------------------------------------------


def database_url() -> str:
    import dj_database_url

    base = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    name = dj_database_url.parse(base)["NAME"] or "formasi_bench"
    return base.rsplit("/", 1)[0] + f"/{name}_needs"


def admin_connection() -> Any:
    import dj_database_url
    import psycopg

    db = dj_database_url.parse(database_url())
    return psycopg.connect(
        dbname="postgres",
        autocommit=True,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"] or "postgres",
        password=db["PASSWORD"] or None,
    ), db["NAME"]


def database_comment() -> str | None:
    conn, name = admin_connection()
    with conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
    return row[0] if row else None


def recreate_database() -> None:
    from psycopg import sql

    conn, name = admin_connection()
    with conn:
        quoted = sql.Identifier(name)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(quoted))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(quoted))


def label(args: argparse.Namespace) -> str:
    return f"needs bench v{GENERATOR_VERSION} scale={args.scale} seed={args.seed}"


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


def maxrss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# --- data ----------------------------------------------------------------------------------


def _text(rows: list[tuple]) -> bytes:
    """Rows as COPY text format (values contain no tab, newline or backslash; None → \\N)."""
    return "".join(
        "\t".join("\\N" if v is None else str(v) for v in row) + "\n" for row in rows
    ).encode()


def copy_rows(cursor: Any, table: str, columns: list[str], rows: list[tuple]) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for start in range(0, len(rows), 50_000):
            copy.write(_text(rows[start : start + 50_000]))


def employee_sizes(rng: random.Random, n_agencies: int, total: int) -> list[int]:
    """Employees per agency: the Pemda exactly PEMDA_EMPLOYEES, the rest log-normal weights
    scaled to the remaining total (provinces twice as heavy)."""
    weights = [
        rng.lognormvariate(0, 0.5) * (2.0 if i < n_provinces(n_agencies) else 1.0)
        for i in range(n_agencies)
    ]
    weights[PEMDA_INDEX] = 0.0
    rest = max(total - PEMDA_EMPLOYEES, 0)
    scale = rest / sum(weights)
    sizes = [int(w * scale) for w in weights]
    sizes[PEMDA_INDEX] = PEMDA_EMPLOYEES
    sizes[0] += total - sum(sizes) if total > PEMDA_EMPLOYEES else 0
    return sizes


def n_provinces(n_agencies: int) -> int:
    return max(1, round(n_agencies * N_PROVINCES / N_AGENCIES))


def step_setup(args: argparse.Namespace) -> dict[str, Any]:
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from formasi.accounts.models import User

    timings: dict[str, float] = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings["migrate_s"] = time.perf_counter() - started
    mark = time.perf_counter()

    rng = random.Random(args.seed)
    n_agencies = max(2, round(N_AGENCIES * args.scale))
    n_prov = n_provinces(n_agencies)
    n_employees = max(PEMDA_EMPLOYEES + 1000, round(N_EMPLOYEES * args.scale))
    now = "2026-01-01 00:00:00+00"

    regions: list[tuple] = []  # id, code, name, level, parent_id
    agencies: list[tuple] = []  # id, code, name, kind, region_id
    units: list[tuple] = []  # id, agency, parent, code, name, kind, region, path, opd, district
    positions: list[tuple] = []  # id, agency, code, name, kind, jenjang, family, edu, active
    needs: list[tuple] = []  # id, agency, unit, position, source, exact, count, basis, at
    cells_of: dict[int, tuple[list[tuple[int, int]], list[int], list[int], list[int]]] = {}
    province_region: dict[int, int] = {}
    regencies_in: dict[int, int] = defaultdict(int)

    def region(code: str, name: str, level: str, parent: int | None) -> int:
        regions.append((len(regions) + 1, code, name, level, parent))
        return len(regions)

    for a in range(n_agencies):
        agency_id = a + 1
        p = a % n_prov
        if p not in province_region:
            province_region[p] = region(f"{11 + p}", f"Provinsi {11 + p}", "provinsi", None)
        regencies_in[p] += 1
        reg_code = f"{11 + p}.{regencies_in[p]:02d}"
        regency = region(reg_code, f"Kabupaten {reg_code}", "kabupaten_kota", province_region[p])
        districts = [
            region(f"{reg_code}.{k:02d}", f"Kecamatan {reg_code}.{k:02d}", "kecamatan", regency)
            for k in range(1, DISTRICTS_PER_AGENCY + 1)
        ]
        if a < n_prov:
            agencies.append((agency_id, f"A{agency_id:04d}", f"Pemerintah Provinsi {11 + p}",
                             "provinsi", province_region[p]))  # fmt: skip
        else:
            kind = "kota" if rng.random() < 0.19 else "kabupaten"
            agencies.append((agency_id, f"A{agency_id:04d}", f"Pemerintah {kind} {reg_code}",
                             kind, regency))  # fmt: skip
        # positions
        first_position = len(positions) + 1
        for k in range(POSITIONS_PER_AGENCY):
            kind = POSITION_KINDS[k % len(POSITION_KINDS)]
            positions.append((len(positions) + 1, agency_id, f"P{k:03d}", f"Jabatan {k:03d}",
                              kind, "", "lainnya", "", True))  # fmt: skip
        position_ids = list(range(first_position, first_position + POSITIONS_PER_AGENCY))
        # units: 14 OPDs with 3 sub-units, a kantor kecamatan per kecamatan, then schools
        # (Disdik), puskesmas (Dinkes) and kantor kelurahan up to 150–250 units
        n_units = rng.randint(150, 250)
        agency_units: list[int] = []
        counter = 0

        def unit(
            name: str,
            kind: str,
            parent: tuple | None,
            kec: int,
            agency_id: int = agency_id,
            agency_units: list[int] = agency_units,
        ) -> tuple:
            nonlocal counter
            counter += 1
            pk = len(units) + 1
            path = f"{pk}/" if parent is None else f"{parent[7]}{pk}/"
            opd = pk if parent is None else parent[8]
            row = (pk, agency_id, parent[0] if parent else None, f"U{counter:04d}",
                   f"{name} {counter}", kind, kec, path, opd, kec)  # fmt: skip
            units.append(row)
            agency_units.append(pk)
            return row

        opds = []
        for name in OPDS:
            opd = unit(name, "opd", None, districts[0])
            opds.append(opd)
            for sub in SUB_UNITS:
                unit(f"{sub} {name}", "sub_unit", opd, districts[0])
        offices = [unit("Kantor Kecamatan", "kantor_kecamatan", None, k) for k in districts]
        while len(agency_units) < n_units:
            roll = rng.random()
            kec = rng.choice(districts)
            if roll < 0.7:
                unit("SD Negeri", "sekolah", opds[DISDIK], kec)
            elif roll < 0.9:
                unit("Puskesmas", "puskesmas", opds[DINKES], kec)
            else:
                unit("Kantor Kelurahan", "kantor_kelurahan", rng.choice(offices), kec)
        # needs: CELLS_PER_UNIT (2–7) positions per unit, count 0–20
        cells: list[tuple[int, int]] = []
        need_counts: list[int] = []
        for unit_id in agency_units:
            for position_id in rng.sample(position_ids, rng.randint(*CELLS_PER_UNIT)):
                count = rng.randint(0, 20)
                needs.append((len(needs) + 1, agency_id, unit_id, position_id, "standard",
                              count, count, "", now))  # fmt: skip
                cells.append((unit_id, position_id))
                need_counts.append(count)
        cum, running = [], 0
        for count in need_counts:
            running += count + 1
            cum.append(running)
        cells_of[agency_id] = (cells, cum, agency_units, position_ids)

    superuser = User.objects.filter(username=SUPERUSER).first() or User.objects.create_superuser(
        username=SUPERUSER, email="", password=None
    )
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        copy_rows(cursor, "organization_region", ["id", "code", "name", "level", "parent_id",
                  "area_source", "remoteness"], [(*r, "", "") for r in regions])  # fmt: skip
        copy_rows(cursor, "organization_agency", ["id", "code", "name", "kind", "region_id",
                  "signature_place", "signatory_title", "signatory_name", "signatory_nip"],
                  [(*a, "", "", "", "") for a in agencies])  # fmt: skip
        copy_rows(cursor, "organization_orgunit", ["id", "agency_id", "parent_id", "code", "name",
                  "kind", "region_id", "path", "opd_id", "district_id", "attributes", "active"],
                  [(*u, "{}", True) for u in units])  # fmt: skip
        copy_rows(cursor, "organization_position", ["id", "agency_id", "code", "name", "kind",
                  "jenjang", "family", "education_requirement", "active"], positions)  # fmt: skip
        copy_rows(cursor, "workload_positionneed", ["id", "agency_id", "unit_id", "position_id",
                  "source", "exact", "count", "basis", "updated_at"], needs)  # fmt: skip
        timings["masters_s"] = time.perf_counter() - mark

        # employees: drop the non-unique indexes, COPY with FK triggers off (the rows are
        # consistent by construction), re-create the indexes with their own definitions
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = 'workforce_employee'::regclass AND NOT indisprimary "
            "AND NOT indisunique"
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET session_replication_role = replica")
        mark = time.perf_counter()
        sizes = employee_sizes(rng, n_agencies, n_employees)
        birth_dates = [
            (date(1966, 1, 1) + timedelta(days=rng.randrange(365 * 38))).isoformat()
            for _ in range(4000)
        ]
        columns = ["id", "agency_id", "nik", "name", "sex", "birth_date", "birth_place",
                   "status", "position_id", "unit_id", "golongan", "education", "address",
                   "active"]  # fmt: skip
        next_id = 1
        generate_s = 0.0
        with cursor.copy(f"COPY workforce_employee ({', '.join(columns)}) FROM STDIN") as copy:
            for agency_id, size in enumerate(sizes, start=1):
                g0 = time.perf_counter()
                cells, cum, agency_units, position_ids = cells_of[agency_id]
                n_cell = round(size * 0.95)
                picked = rng.choices(cells, cum_weights=cum, k=n_cell)
                picked += [
                    (rng.choice(agency_units), rng.choice(position_ids))
                    for _ in range(size - n_cell)
                ]
                statuses = rng.choices(STATUSES, k=size)
                births = rng.choices(birth_dates, k=size)
                sexes = rng.choices("MF", k=size)
                actives = ["f" if rng.random() < 0.02 else "t" for _ in range(size)]
                lines = [
                    f"{next_id + i}\t{agency_id}\t\tPegawai {next_id + i}\t{sexes[i]}\t"
                    f"{births[i]}\t\t{statuses[i]}\t{cell[1]}\t{cell[0]}\t\t\t\t{actives[i]}\n"
                    for i, cell in enumerate(picked)
                ]
                data = "".join(lines).encode()
                generate_s += time.perf_counter() - g0
                copy.write(data)
                next_id += size
        cursor.execute("SET session_replication_role = DEFAULT")
        timings["employees_copy_s"] = time.perf_counter() - mark
        timings["employees_python_s"] = generate_s
        mark = time.perf_counter()
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        timings["employee_indexes_s"] = time.perf_counter() - mark
        for table in (
            "organization_region",
            "organization_agency",
            "organization_orgunit",
            "organization_position",
            "workload_positionneed",
            "workforce_employee",
        ):
            sequence = f"pg_get_serial_sequence('{table}', 'id')"
            cursor.execute(f"SELECT setval({sequence}, (SELECT MAX(id) FROM {table}))")  # noqa: S608
    mark = time.perf_counter()
    with connection.cursor() as cursor:
        for table in (
            "organization_region",
            "organization_agency",
            "organization_orgunit",
            "organization_position",
            "workload_positionneed",
            "workforce_employee",
        ):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    timings["vacuum_analyze_s"] = time.perf_counter() - mark
    timings["total_s"] = time.perf_counter() - started
    return {
        **{k: round(v, 1) for k, v in timings.items()},
        "agencies": n_agencies,
        "units": len(units),
        "positions": len(positions),
        "needs": len(needs),
        "employees": next_id - 1,
        "pemda_agency_id": PEMDA_INDEX + 1,
        "superuser_id": superuser.pk,
        "indexes_rebuilt": [name for name, _d in indexes],
        "database_size": size,
        "maxrss_mb": maxrss_mb(),
    }


# --- what is measured ----------------------------------------------------------------------


def baseline(agency_ids: list[int]) -> dict[int, Any]:
    """Row by row in Python: count active employees per (unit, position), add the needs,
    cell_gap per cell, sum per agency."""
    from formasi.domain.gaps import Gap, cell_gap
    from formasi.organization.models import OrgUnit
    from formasi.workforce.models import Employee
    from formasi.workload.models import PositionNeed

    agency_of = dict(
        OrgUnit.unscoped.filter(agency_id__in=agency_ids)
        .values_list("id", "agency_id")
        .iterator(chunk_size=10_000)
    )
    bezetting: dict[tuple[int, int], int] = defaultdict(int)
    for unit_id, position_id in (
        Employee.unscoped.filter(active=True, agency_id__in=agency_ids)
        .values_list("unit_id", "position_id")
        .iterator(chunk_size=10_000)
    ):
        bezetting[(unit_id, position_id)] += 1
    need: dict[tuple[int, int], int] = defaultdict(int)
    for unit_id, position_id, count in (
        PositionNeed.unscoped.filter(agency_id__in=agency_ids)
        .values_list("unit_id", "position_id", "count")
        .iterator(chunk_size=10_000)
    ):
        need[(unit_id, position_id)] += count
    totals: dict[int, Gap] = {}
    for key in need.keys() | bezetting.keys():
        agency = agency_of[key[0]]
        gap = cell_gap(need.get(key, 0), bezetting.get(key, 0))
        totals[agency] = totals[agency] + gap if agency in totals else gap
    return totals


def largest_opd(agency_id: int) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.opd_id, COUNT(*) FROM workforce_employee e "
            "JOIN organization_orgunit u ON u.id = e.unit_id "
            "WHERE e.agency_id = %s AND e.active GROUP BY u.opd_id ORDER BY 2 DESC LIMIT 1",
            [agency_id],
        )
        return cursor.fetchone()[0]


def explain_gap_summary(agency_ids: list[int]) -> str:
    from django.db import connection

    from formasi.workload import services

    captured: dict[str, Any] = {}

    class Spy:
        def __init__(self, real: Any) -> None:
            self.real = real

        def __enter__(self) -> Spy:
            self.cursor = self.real.__enter__()
            return self

        def __exit__(self, *exc: Any) -> Any:
            return self.real.__exit__(*exc)

        def execute(self, sql: str, params: Any) -> None:
            captured["sql"], captured["params"] = sql, params
            self.cursor.execute("EXPLAIN (ANALYZE, BUFFERS, SETTINGS) " + sql, params)

        def fetchall(self) -> list:
            captured["plan"] = "\n".join(row[0] for row in self.cursor.fetchall())
            return []

    original = connection.cursor
    connection.cursor = lambda: Spy(original())  # type: ignore[method-assign]
    try:
        services.gap_summary(agency_ids)
    finally:
        connection.cursor = original  # type: ignore[method-assign]
    return captured["plan"]


def step_measure(args: argparse.Namespace) -> dict[str, Any]:
    setup_django()
    from formasi.accounts.models import User
    from formasi.organization.models import Agency, OrgUnit
    from formasi.workload import services

    all_ids = list(Agency.unscoped.order_by("pk").values_list("pk", flat=True))
    pemda = [PEMDA_INDEX + 1]
    what = args.step.removeprefix("measure-")
    extra: dict[str, Any] = {}
    if what == "gap_national":
        call = lambda: services.gap_summary(all_ids)  # noqa: E731
    elif what == "baseline_national":
        call = lambda: baseline(all_ids)  # noqa: E731
    elif what == "gap_pemda":
        call = lambda: services.gap_summary(pemda)  # noqa: E731
    elif what == "baseline_pemda":
        call = lambda: baseline(pemda)  # noqa: E731
    else:
        user = User.objects.get(username=SUPERUSER)
        opd = OrgUnit.unscoped.get(pk=largest_opd(pemda[0]))
        extra = {"opd": opd.name, "opd_id": opd.pk}
        call = lambda: services.peta_jabatan(user, opd)  # noqa: E731
    times, results = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
        results.append(result)
    if what == "peta":
        rows = [p for p in results[0]]
        top = rows[0].total
        extra |= {
            "units": len(rows),
            "cells": sum(len(p.rows) for p in rows),
            "total": [top.need, top.bezetting, top.shortage, top.excess],
        }
        summary = None
    else:
        summary = {
            str(k): [g.need, g.bezetting, g.shortage, g.excess]
            for k, g in sorted(results[0].items())
        }
        if any(r != results[0] for r in results[1:]):
            raise SystemExit(f"{what}: repetitions disagree")
    slow_pemda = what == "gap_pemda" and statistics.median(times) >= TARGET_PEMDA_S
    if what == "gap_national" or slow_pemda:
        extra["explain"] = explain_gap_summary(all_ids if what == "gap_national" else pemda)
    return {
        "times_s": [round(t, 4) for t in times],
        "min_s": round(min(times), 4),
        "median_s": round(statistics.median(times), 4),
        "maxrss_mb": maxrss_mb(),
        "result": summary,
        **extra,
    }


# --- driver --------------------------------------------------------------------------------


def run_step(step: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--step", step, "--scale", str(args.scale),
               "--seed", str(args.seed), "--repeat", str(args.repeat)]  # fmt: skip
    return run_step_process(command, step)


MEASURES = [
    ("gap_national", "gap_summary, all agencies", TARGET_NATIONAL_S),
    ("baseline_national", "row-by-row, all agencies", None),
    ("gap_pemda", "gap_summary, one Pemda", TARGET_PEMDA_S),
    ("baseline_pemda", "row-by-row, one Pemda", None),
    ("peta", "peta_jabatan, largest OPD", None),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep a database of this scale")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        result = step_setup(args) if args.step == "setup" else step_measure(args)
        print(json.dumps(result))
        return 0

    report: dict[str, Any] = {"scale": args.scale, "seed": args.seed, "database": database_url()}
    if args.reuse and database_comment() == label(args):
        print(f"reusing {database_url()} ({label(args)})", flush=True)
        report["setup"] = "reused"
    else:
        recreate_database()
        report["setup"] = run_step("setup", args)
        print(f"setup: {json.dumps(report['setup'])}", flush=True)
        conn, name = admin_connection()
        with conn:
            conn.execute(f"COMMENT ON DATABASE {name} IS '{label(args)}'")
    for step, _title, _target in MEASURES:
        result = run_step(f"measure-{step}", args)
        report[step] = result
        shown = {k: v for k, v in result.items() if k not in ("result", "explain")}
        print(f"{step}: {json.dumps(shown)}", flush=True)
    same_national = report["gap_national"]["result"] == report["baseline_national"]["result"]
    same_pemda = report["gap_pemda"]["result"] == report["baseline_pemda"]["result"]
    totals = [sum(v[i] for v in report["gap_national"]["result"].values()) for i in range(4)]
    print()
    print(f"national totals: need {totals[0]:,}, bezetting {totals[1]:,}, "
          f"shortage {totals[2]:,}, excess {totals[3]:,}")  # fmt: skip
    print(f"{'what':<28} {'min s':>8} {'median s':>9} {'maxrss MB':>10}  result")
    passed = True
    for step, title, target in MEASURES:
        r = report[step]
        verdict = ""
        if target is not None:
            ok = r["median_s"] < target
            passed &= ok
            verdict = f"{'PASS' if ok else 'FAIL'} (< {target} s)"
        print(f"{title:<28} {r['min_s']:>8.3f} {r['median_s']:>9.3f} {r['maxrss_mb']:>10}  "
              f"{verdict}")  # fmt: skip
    print(f"baseline equals gap_summary: national {same_national}, Pemda {same_pemda}")
    print(f"peta_jabatan of {report['peta']['opd']}: {report['peta']['units']} units, "
          f"{report['peta']['cells']} cells")  # fmt: skip
    if report["gap_national"]["median_s"] >= TARGET_NATIONAL_S or args.scale < 1:
        print("\nEXPLAIN (ANALYZE, BUFFERS) of the national gap_summary:")
        print(report["gap_national"]["explain"])
    out = BENCH_DIR / "results" / f"needs-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    assert same_national and same_pemda, "the baseline and gap_summary disagree"
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
