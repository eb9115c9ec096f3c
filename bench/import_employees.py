"""Time and measure an employee import of 100,000 rows (issue 3's target: under 30 s and
under 1 GB for the whole commit path on the 2-core bench machine).

    SECRET_KEY=bench FORMASI_DATA_DIR=/tmp/formasi-bench \\
        .venv/bin/python bench/import_employees.py [--rows 100000] [--seed 1] [--profile] \\
        [--csv | --siasn]

Uses the PostgreSQL server of BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/formasi_bench) but its own database, the same name with
``_import`` appended, which it drops and re-creates, so the 1,000,000-employee database of
run.py is left alone. Steps, each in its own subprocess so that its peak memory (maxrss) is
its own:

1. setup: migrate; create one provincial agency with OPDs, sub-units, schools and
   puskesmas, a position master and regions; write ``--rows`` valid employees (NIP and NIK
   consistent with birth date and sex, every column filled) to an xlsx with
   ``core.xlsx.write_table``, as an export would.
2. check: ``services.check`` of that file into the still empty agency (a preview).
3. commit: ``services.commit`` of the file (every row new).
4. recommit: the same file again (every row unchanged; nothing written).

``--csv`` writes the same 21 columns as csv instead of xlsx. ``--siasn`` writes the rows as
SIASN's raw "Export Data ASN" instead: the 65 columns of ``formasi.domain.siasn``, pipe-
delimited, with a row of column numbers under the header, NIPs behind an apostrophe, dates as
``17-Apr-1990``, units and positions named only by SIASN id and name (the agency knows no
SIASN id yet, so the commit resolves every unit and position by name and learns the ids; the
recommit matches by id), status from STATUS CPNS PNS and KEDUDUKAN HUKUM (PPPK paruh waktu
instead of non-ASN, whom SIASN does not hold).

Each step reports seconds per phase of the pipeline (read_table, parse = typing the cells and
finding duplicate keys, load = the stored records, prepare = references and validation, diff,
write) by wrapping those functions in its own process (``src/`` is not edited), the total,
and the process's maxrss. ``--profile`` writes a cProfile of the commit step to
bench/results/import-commit.prof and prints its top functions.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from steps import run_step_process

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/formasi_bench"
AGENCY_CODE = "31"
ADMIN = "bench-import-admin"
TARGET_SECONDS = 30.0
TARGET_MB = 1024.0

OPDS = [
    ("SETDA", "Sekretariat Daerah"),
    ("DPRD", "Sekretariat DPRD"),
    ("INSP", "Inspektorat"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah"),
    ("BKD", "Badan Kepegawaian Daerah"),
    ("BPKD", "Badan Pengelolaan Keuangan Daerah"),
    ("DISDIK", "Dinas Pendidikan"),
    ("DINKES", "Dinas Kesehatan"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("DINSOS", "Dinas Sosial"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja"),
    ("DISHUB", "Dinas Perhubungan"),
    ("DLH", "Dinas Lingkungan Hidup"),
]
BIDANG = ["Sekretariat", "Bidang Program", "Bidang Pelayanan", "Bidang Pengendalian"]
POSITIONS = [
    # (name, kind, jenjang, family)
    ("Kepala Dinas", "jpt_pratama", "", "umum"),
    ("Sekretaris Dinas", "administrator", "", "umum"),
    ("Kepala Bidang", "administrator", "", "umum"),
    ("Kepala Subbagian Umum", "pengawas", "", "umum"),
    ("Analis Kebijakan Ahli Muda", "fungsional", "ahli_muda", "umum"),
    ("Perencana Ahli Pertama", "fungsional", "ahli_pertama", "umum"),
    ("Pranata Komputer Ahli Pertama", "fungsional", "ahli_pertama", "umum"),
    ("Auditor Ahli Pertama", "fungsional", "ahli_pertama", "umum"),
    ("Guru Kelas Ahli Pertama", "fungsional", "ahli_pertama", "guru"),
    ("Guru Kelas Ahli Muda", "fungsional", "ahli_muda", "guru"),
    ("Guru Mata Pelajaran Ahli Pertama", "fungsional", "ahli_pertama", "guru"),
    ("Perawat Ahli Pertama", "fungsional", "ahli_pertama", "kesehatan"),
    ("Perawat Terampil", "fungsional", "terampil", "kesehatan"),
    ("Bidan Terampil", "fungsional", "terampil", "kesehatan"),
    ("Dokter Ahli Pertama", "fungsional", "ahli_pertama", "kesehatan"),
    ("Pengadministrasi Perkantoran", "pelaksana", "", "umum"),
    ("Penata Layanan Operasional", "pelaksana", "", "umum"),
    ("Operator Layanan Operasional", "pelaksana", "", "umum"),
    ("Pengelola Umum Operasional", "pelaksana", "", "umum"),
    ("Polisi Pamong Praja Terampil", "fungsional", "terampil", "umum"),
]
FIRST = {
    "M": [
        "Ahmad",
        "Budi",
        "Dedi",
        "Eko",
        "Fajar",
        "Hendra",
        "Irfan",
        "Joko",
        "Rizky",
        "Yohanes",
        "Agus",
        "Bambang",
    ],
    "F": [
        "Siti",
        "Dewi",
        "Rina",
        "Maria",
        "Nur",
        "Fitri",
        "Ayu",
        "Lestari",
        "Wulan",
        "Yuliana",
        "Sri",
        "Ratna",
    ],
}
LAST = [
    "Santoso",
    "Rahmawati",
    "Simanjuntak",
    "Hidayat",
    "Pratama",
    "Lestari",
    "Saputra",
    "Wijaya",
    "Nugroho",
]
PLACES = ["Jakarta", "Bogor", "Bandung", "Medan", "Palangka Raya", "Makassar", "Surabaya"]
GOLONGAN = ["II/a", "II/c", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b"]
EDUCATION = ["sma", "d3", "s1", "s1", "s1", "s2"]
DISTRICTS = [f"31.71.0{i}" for i in range(1, 9)]


# --- database ------------------------------------------------------------------------------


def database_url() -> str:
    import dj_database_url

    base = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    name = dj_database_url.parse(base)["NAME"] or "formasi_bench"
    return base.rsplit("/", 1)[0] + f"/{name}_import"


def recreate_database(url: str) -> None:
    import dj_database_url
    import psycopg
    from psycopg import sql

    db = dj_database_url.parse(url)
    params = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"] or "postgres",
        "password": db["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        quoted = sql.Identifier(db["NAME"])
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(quoted))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(quoted))


def setup_django() -> None:
    os.environ["DATABASE_URL"] = database_url()
    os.environ["CACHE_URL"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "formasi.settings")
    if str(ROOT / "src") not in sys.path:
        sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


# --- data ----------------------------------------------------------------------------------


def create_master() -> dict[str, Any]:
    """Regions, the agency, its units and positions, and its admin."""
    from formasi.accounts.models import User
    from formasi.organization.models import Agency, OrgUnit, Position, Region
    from formasi.organization.services import TREE_FIELDS, assign_tree_fields

    province = Region.objects.create(code="31", name="DKI Jakarta", level="provinsi")
    city = Region.objects.create(
        code="31.71", name="Kota Jakarta Pusat", level="kabupaten_kota", parent=province
    )
    districts = [
        Region.objects.create(code=code, name=f"Kecamatan {code}", level="kecamatan", parent=city)
        for code in DISTRICTS
    ]
    agency = Agency.unscoped.create(
        code=AGENCY_CODE, name="Pemerintah Provinsi DKI Jakarta", kind="provinsi", region=province
    )

    def unit(code: str, name: str, kind: str, parent: Any, region: Any) -> Any:
        obj = OrgUnit.unscoped.create(
            agency=agency, parent=parent, name=name, kind=kind, code=code, region=region,
            path="pending/",
        )  # fmt: skip
        assign_tree_fields(obj)
        obj.save(update_fields=TREE_FIELDS)
        return obj

    units = []
    for i, (code, name) in enumerate(OPDS):
        opd = unit(code, name, "opd", None, districts[i % len(districts)])
        units.append(opd)
        units += [
            unit(f"{code}-{j}", f"{b} {name}", "bidang", opd, opd.region)
            for j, b in enumerate(BIDANG, start=1)
        ]
        if code == "DISDIK":
            units += [
                unit(f"SDN-{k:03d}", f"SD Negeri {k:03d} Jakarta", "sekolah", opd,
                     districts[k % len(districts)])
                for k in range(1, 201)
            ]  # fmt: skip
        if code == "DINKES":
            units += [
                unit(f"PKM-{k:02d}", f"Puskesmas Kecamatan {k:02d}", "puskesmas", opd,
                     districts[k % len(districts)])
                for k in range(1, 41)
            ]  # fmt: skip
    positions = [
        Position.unscoped.create(
            agency=agency, code=f"J{i:03d}", name=name, kind=kind, jenjang=jenjang, family=family
        )
        for i, (name, kind, jenjang, family) in enumerate(POSITIONS, start=1)
    ]
    User.objects.filter(username=ADMIN).delete()
    User.objects.create_user(username=ADMIN, password=None, role="admin", agency=agency)
    return {"agency": agency, "units": units, "positions": positions}


def employee_rows(
    n: int, seed: int, units: list[Any], positions: list[Any], *, siasn: bool = False
) -> list[dict]:
    """``n`` valid employees as export rows (typed values keyed by column field); ``siasn``:
    PPPK paruh waktu instead of non-ASN."""
    rng = random.Random(seed)
    seen_nip: set[str] = set()
    seen_nik: set[str] = set()
    rows = []
    for i in range(n):
        sex = rng.choice("MF")
        birth = date(1966, 1, 1) + timedelta(days=rng.randrange(365 * 36))
        roll = rng.random()
        status = "pns" if roll < 0.7 else "pppk" if roll < 0.9 else "non_asn"
        if siasn and status == "non_asn":
            status = "pppk_pw"
        nip = None
        tmt_cpns = None
        contract_end = None
        if status == "pns":
            while True:
                year = birth.year + rng.randint(20, 30)
                month = rng.randint(1, 12)
                digit = "1" if sex == "M" else "2"
                nip = f"{birth:%Y%m%d}{year:04d}{month:02d}{digit}{rng.randint(1, 999):03d}"
                if nip not in seen_nip:
                    break
            tmt_cpns = date(year, month, 1)
        elif status in ("pppk", "pppk_pw"):
            while True:
                digit = "1" if sex == "M" else "2"
                nip = f"{birth:%Y%m%d}2023{rng.randint(1, 12):02d}{digit}{rng.randint(1, 999):03d}"
                if nip not in seen_nip:
                    break
            contract_end = None if siasn else date(2028, 12, 31)
        if nip:
            seen_nip.add(nip)
        while True:
            day = birth.day + (40 if sex == "F" else 0)
            prefix = DISTRICTS[rng.randrange(len(DISTRICTS))].replace(".", "")
            nik = f"{prefix}{day:02d}{birth:%m%y}{rng.randint(1, 9999):04d}"
            if nik not in seen_nik:
                break
        seen_nik.add(nik)
        unit = units[rng.randrange(len(units))]
        position = positions[rng.randrange(len(positions))]
        region = DISTRICTS[rng.randrange(len(DISTRICTS))]
        rows.append(
            {
                "nip": nip,
                "nik": nik,
                "name": f"{rng.choice(FIRST[sex])} {rng.choice(LAST)} {i}",
                "sex": sex,
                "birth_place": rng.choice(PLACES),
                "birth_date": birth,
                "status": status,
                "position_code": position.code,
                "position_name": position.name,
                "position_kind": position.kind,
                "unit_code": unit.code,
                "unit_name": unit.name,
                "tmt_position": date(2020, 1, 1) + timedelta(days=rng.randrange(1500)),
                "tmt_cpns": tmt_cpns,
                "contract_end": contract_end,
                "golongan": rng.choice(GOLONGAN) if status == "pns" else None,
                "education": rng.choice(EDUCATION),
                "origin_region": region,
                "domicile_region": region,
                "address": f"Jl. Merdeka No. {rng.randint(1, 300)}",
                "active": True,
            }
        )
    return rows


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
LEGAL = {"pppk": ("71", "PPPK Aktif"), "pppk_pw": ("73", "PPPK Paruh Waktu")}
SIASN_EDUCATION = {
    "sd": "SD", "smp": "SLTP", "sma": "SLTA Kejuruan", "d1": "Diploma I", "d2": "Diploma II",
    "d3": "Diploma III/Sarjana Muda", "d4": "Diploma IV", "s1": "Strata I", "s2": "Strata II",
    "s3": "Strata III",
}  # fmt: skip
JENIS_JABATAN = {"fungsional": "Jabatan Fungsional Tertentu", "pelaksana": "Jabatan Pelaksana"}


HEX = "8ae4828859d211720159d5155505212f"
FILLER = {
    "NIP LAMA": "", "GELAR DEPAN": "dr.", "GELAR BELAKANG": "M.Kes.", "TEMPAT LAHIR ID": HEX,
    "AGAMA ID": "1", "AGAMA NAMA": "Islam", "JENIS KAWIN ID": "2", "JENIS KAWIN NAMA": "Menikah",
    "NOMOR HP": "081234567890", "EMAIL": "pegawai.contoh@gmail.com",
    "EMAIL GOV": "pegawai.contoh@jakarta.go.id", "NPWP NOMOR": "'123456789012345",
    "BPJS": "'0001234567890", "JENIS PEGAWAI ID": "4",
    "JENIS PEGAWAI NAMA": "PNS Daerah Provinsi", "KARTU ASN VIRTUAL": "'1990041720150310010",
    "NOMOR SK CPNS": "813.3/123/BKD/2015", "TANGGAL SK CPNS": "01-03-2015",
    "NOMOR SK PNS": "821.13/456/BKD/2016", "TANGGAL SK PNS": "01-06-2016",
    "TMT PNS": "01-06-2016", "GOL AWAL ID": "31", "GOL AWAL NAMA": "III/a", "GOL AKHIR ID": "33",
    "TMT GOLONGAN": "01-04-2023", "MK TAHUN": "8", "MK BULAN": "0", "JENIS JABATAN ID": "2",
    "TINGKAT PENDIDIKAN ID": "40", "PENDIDIKAN ID": HEX,
    "PENDIDIKAN NAMA": "S-2 Kesehatan Masyarakat", "TAHUN LULUS": "2014", "KPKN ID": HEX,
    "KPKN NAMA": "JAKARTA II", "LOKASI KERJA ID": HEX, "LOKASI KERJA NAMA": "JAKARTA PUSAT",
    "INSTANSI INDUK ID": HEX, "INSTANSI KERJA ID": HEX, "SATUAN KERJA INDUK ID": HEX,
    "SATUAN KERJA INDUK NAMA": "Pemerintah Provinsi DKI Jakarta", "SATUAN KERJA KERJA ID": HEX,
    "SATUAN KERJA KERJA NAMA": "Pemerintah Provinsi DKI Jakarta",
}  # fmt: skip


def siasn_export(rows: list[dict], units: list[Any], positions: list[Any]) -> bytes:
    """``rows`` as SIASN's "Export Data ASN" csv (65 columns, pipe-delimited)."""
    import csv
    import io

    from formasi.domain.siasn import EXPORT_COLUMNS

    filler = {column: FILLER.get(column, "") for column in EXPORT_COLUMNS}

    def day(value: date | None) -> str:
        return f"{value.day:02d}-{MONTHS[value.month - 1]}-{value.year}" if value else ""

    unit_of = {u.code: u for u in units}
    position_of = {p.code: p for p in positions}
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="|", lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    writer.writerow(range(1, len(EXPORT_COLUMNS) + 1))
    for i, row in enumerate(rows):
        unit, position = unit_of[row["unit_code"]], position_of[row["position_code"]]
        legal = LEGAL.get(row["status"], ("01", "Aktif"))
        values = dict(filler)  # every column filled, as a real export is (about 1 KB a row)
        values.update({
            "PNS ID": f"8ae48288{i:024x}",
            "NIP BARU": f"'{row['nip']}",
            "NAMA": row["name"].upper(),
            "TEMPAT LAHIR NAMA": row["birth_place"],
            "TANGGAL LAHIR": day(row["birth_date"]),
            "JENIS KELAMIN": row["sex"],
            "NIK": row["nik"],
            "ALAMAT": row["address"],
            "KEDUDUKAN HUKUM ID": legal[0],
            "KEDUDUKAN HUKUM NAMA": legal[1],
            "STATUS CPNS PNS": "P" if row["status"] == "pns" else "",
            "TMT CPNS": day(row["tmt_cpns"]),
            "GOL AKHIR NAMA": row["golongan"] or "",
            "JENIS JABATAN NAMA": JENIS_JABATAN.get(position.kind, "Jabatan Struktural"),
            "JABATAN ID": f"8ae4828859d2{position.pk:020x}",
            "JABATAN NAMA": position.name.upper(),
            "TMT JABATAN": day(row["tmt_position"]),
            "TINGKAT PENDIDIKAN NAMA": SIASN_EDUCATION[row["education"]],
            "UNOR ID": f"8ae4828859d2{unit.pk:020x}",
            "UNOR NAMA": unit.name.upper(),
            "INSTANSI INDUK NAMA": "Pemerintah Provinsi DKI Jakarta",
            "INSTANSI KERJA NAMA": "Pemerintah Provinsi DKI Jakarta",
            "IS VALID NIK": "true",
        })  # fmt: skip
        writer.writerow(values.values())
    return buffer.getvalue().encode("utf-8")


# --- steps (each in its own process) -------------------------------------------------------


class Phases:
    """Seconds spent in each wrapped function of the pipeline."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def wrap(self, owner: Any, attribute: str, phase: str) -> None:
        original = getattr(owner, attribute)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                self.seconds[phase] = self.seconds.get(phase, 0.0) + elapsed

        setattr(owner, attribute, timed)


def step_setup(args: argparse.Namespace) -> dict[str, Any]:
    setup_django()
    from django.core.management import call_command

    from formasi.core.xlsx import write_table
    from formasi.transfer.kinds import KINDS

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    master = create_master()
    units, positions = master["units"], master["positions"]
    rows = employee_rows(args.rows, args.seed, units, positions, siasn=args.siasn)
    generated = time.perf_counter()
    if args.siasn:
        data = siasn_export(rows, units, positions)
    else:
        data = write_table(KINDS["employees"].columns, rows, "csv" if args.csv else "xlsx")
    written = time.perf_counter()
    Path(args.file).write_bytes(data)
    return {
        "migrate_s": round(migrated - started, 1),
        "generate_s": round(generated - migrated, 1),
        "write_xlsx_s": round(written - generated, 1),
        "file_mb": round(len(data) / 2**20, 1),
        "units": len(master["units"]),
        "positions": len(master["positions"]),
    }


def step_import(args: argparse.Namespace, commit: bool) -> dict[str, Any]:
    setup_django()
    from django.utils import timezone

    from formasi.accounts.models import User
    from formasi.organization.models import Agency
    from formasi.transfer import services
    from formasi.transfer.kinds import KINDS, Context
    from formasi.workforce.models import Employee

    kind = KINDS["employees"]
    phases = Phases()
    phases.wrap(services, "read_table", "read_table")
    phases.wrap(services, "parse_rows", "parse")
    phases.wrap(services, "find_duplicates", "parse")
    phases.wrap(kind, "load", "load")
    phases.wrap(kind, "prepare", "prepare")
    phases.wrap(services, "diff_records", "diff")
    phases.wrap(kind, "write", "write")
    data = Path(args.file).read_bytes()
    ctx = Context(
        user=User.objects.get(username=ADMIN),
        agency=Agency.unscoped.get(code=AGENCY_CODE),
        filename=Path(args.file).name,
        today=timezone.localdate(),
    )
    run: Callable[..., Any] = services.commit if commit else services.check
    profiler = None
    if args.profile and commit:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    outcome = run(kind, ctx, data)
    total = time.perf_counter() - started
    if profiler is not None:
        profiler.disable()
        out = BENCH_DIR / "results" / "import-commit.prof"
        out.parent.mkdir(exist_ok=True)
        profiler.dump_stats(out)
    if not outcome.ok:
        raise SystemExit(f"the bench file did not import: {outcome.error_dicts()[:5]}")
    accounted = sum(phases.seconds.values())
    return {
        "counts": outcome.counts(),
        "phases_s": {k: round(v, 2) for k, v in phases.seconds.items()},
        "other_s": round(total - accounted, 2),
        "total_s": round(total, 2),
        "maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "employees_in_db": Employee.unscoped.filter(agency=ctx.agency).count(),
    }


# --- driver --------------------------------------------------------------------------------


def run_step(step: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--step", "commit" if step == "recommit" else step,
               "--rows", str(args.rows), "--seed", str(args.seed), "--file", args.file]  # fmt: skip
    command += ["--siasn"] if args.siasn else ["--csv"] if args.csv else []
    if args.profile and step == "commit":
        command.append("--profile")
    return run_step_process(command, step)


def print_profile() -> None:
    import pstats

    path = BENCH_DIR / "results" / "import-commit.prof"
    pstats.Stats(str(path)).sort_stats("cumulative").print_stats(30)
    pstats.Stats(str(path)).sort_stats("tottime").print_stats(20)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true")
    layout = parser.add_mutually_exclusive_group()
    layout.add_argument("--csv", action="store_true", help="the 21 columns as csv, not xlsx")
    layout.add_argument("--siasn", action="store_true", help="SIASN's raw 65-column export")
    parser.add_argument("--step", choices=["setup", "check", "commit"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        if args.step == "setup":
            result = step_setup(args)
        else:
            result = step_import(args, commit=args.step == "commit")
        print(json.dumps(result))
        return 0

    recreate_database(database_url())
    with tempfile.TemporaryDirectory() as tmp:
        suffix = "csv" if args.siasn or args.csv else "xlsx"
        args.file = str(Path(tmp) / f"pegawai-{args.rows}.{suffix}")
        layout = "siasn" if args.siasn else suffix
        report: dict[str, Any] = {"rows": args.rows, "layout": layout, "database": database_url()}
        for step in ("setup", "check", "commit", "recommit"):
            result = run_step(step, args)
            report[step] = result
            print(f"{step}: {json.dumps(result)}", flush=True)
    commit = report["commit"]
    passed = commit["total_s"] < TARGET_SECONDS and commit["maxrss_mb"] < TARGET_MB
    print()
    print(f"{'step':<9} {'total s':>8} {'maxrss MB':>10}  phases (s)")
    for step in ("check", "commit", "recommit"):
        r = report[step]
        phases = ", ".join(f"{k} {v}" for k, v in r["phases_s"].items())
        print(f"{step:<9} {r['total_s']:>8} {r['maxrss_mb']:>10}  {phases}, other {r['other_s']}")
    print(
        f"\ncommit of {args.rows:,} rows: {commit['total_s']} s, {commit['maxrss_mb']} MB "
        f"(target < {TARGET_SECONDS:.0f} s, < {TARGET_MB:.0f} MB): "
        + ("pass" if passed else "FAIL")
    )
    out = BENCH_DIR / "results" / f"import-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    if args.profile:
        print_profile()
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
