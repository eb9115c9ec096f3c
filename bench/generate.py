"""A synthetic national workforce over real regions, for the benchmark (never for the demo).

``generate(n_employees, seed=...)`` fills an empty, migrated PostgreSQL database:

- agencies: one kabupaten/kota government per ~8,000 employees, drawn from the real
  kabupaten/kota of the Kepmendagri 2025 list (sized by the square root of their Dukcapil
  2024 population), plus one big provincial government (Pemprov DKI Jakarta, 6 % of all
  employees: 60,000 at 1,000,000) as the worst case for one admin;
- regions: the agencies' provinces, kabupaten/kota, kecamatan and desa/kelurahan, real codes
  and names;
- per agency an organisation tree: 14 OPDs with a sekretariat and bidang, a kantor kecamatan
  per kecamatan with a kantor kelurahan/desa per village, SD and SMP in every kecamatan under
  Dinas Pendidikan, puskesmas under Dinas Kesehatan; ``path``, ``opd`` and ``district`` are
  set by ``formasi.organization.services.assign_tree_fields``;
- per agency the position master of the demo (every kind and jenjang a Pemda has);
- employees with valid identifiers: NIP (PNS, CPNS) and NI PPPK that agree with the birth date
  and sex and end in the agency's index (001-999), so they cannot collide between agencies;
  NIK from the kecamatan of origin; statuses in the national proportions; a retirement wave
  (a large 1966-1972 cohort); nobody past their retirement age on 1 January 2026.

Employees are written with PostgreSQL COPY; the small tables with bulk_create. No history
rows are written (django-simple-history would double the load for nothing the benchmark
reads). The same seed and size always give the same rows.
"""

from __future__ import annotations

import csv
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.db import connection, transaction
from faker.providers.person.id_ID import Provider as IndonesianNames

from formasi.core.cache import bump
from formasi.demo.positions import (
    HEAD_TEACHER,
    JENJANG_GRADE,
    JENJANG_NAME,
    MANAGERIAL,
    TRACKS,
    retirement_age,
)
from formasi.organization.models import Agency, OrgUnit, Position, Region
from formasi.organization.services import assign_tree_fields
from formasi.workforce.models import Employee

REGIONS_CSV = (
    Path(__file__).resolve().parents[1] / "../shared/data/regions/wilayah_kepmendagri_2025.csv"
)
POPULATION_CSV = REGIONS_CSV.with_name("population_dukcapil_2024.csv")
REF = date(2026, 1, 1)  # data as of 1 January 2026, like the demo city
EMPLOYEES_PER_AGENCY = 8_000
BIG_AGENCY_SHARE = 0.06
BIG_PROVINCE = "31"  # DKI Jakarta: one Pemprov, no autonomous kabupaten/kota below it
INACTIVE_SHARE = 0.02

S, K, J, F = Employee.Status, Position.Kind, Position.Jenjang, Position.Family
U = OrgUnit.Kind

# Statuses (national shares: PNS ~62 %, PPPK ~22 %, PPPK paruh waktu ~10 %, ...). Pelaksana
# (clerks, operators) hold most of the part-time and non-ASN posts.
STATUSES = (S.PNS, S.CPNS, S.PPPK, S.PPPK_PARUH_WAKTU, S.NON_ASN)
STATUS_WEIGHTS_JF = (0.66, 0.035, 0.23, 0.075, 0.0)
STATUS_WEIGHTS_PELAKSANA = (0.45, 0.02, 0.20, 0.25, 0.08)
FEMALE_SHARE = {F.GURU: 0.68, F.KESEHATAN: 0.75, F.MANAJERIAL: 0.3, F.TEKNIS: 0.15}
GOLONGAN = [f"{r}/{x}" for r in ("I", "II", "III", "IV") for x in "abcd"] + ["IV/e"]
ENTRY_RANK = {"smp": 2, "sma": 4, "d3": 6, "d4": 8, "s1": 8, "s2": 9}
ENTRY_AGE = {
    "smp": (18, 28),
    "sma": (19, 30),
    "d3": (21, 32),
    "d4": (22, 33),
    "s1": (22, 33),
    "s2": (25, 35),
}
PPPK_GOLONGAN = {"smp": "IV", "sma": "V", "d3": "VII", "d4": "IX", "s1": "IX", "s2": "X"}

# Tracks (formasi.demo.positions.TRACKS) every OPD employs; a repeated one counts twice.
ADMIN_TRACKS = (
    "ANALIS-KEBIJAKAN",
    "PERENCANA",
    "ANALIS-SDM",
    "PRANATA-SDM",
    "ARSIPARIS",
    "ANALIS-KEUANGAN",
    "PENGELOLA-PBJ",
    "PRAKOM",
    "PRAKOM-T",
    "PRANATA-HUMAS",
    "PENELAAH",
    "PENGADMINISTRASI",
    "PENGADMINISTRASI",
    "OPERATOR",
    "PENGELOLA-LAYANAN",
    "PENGELOLA-UMUM",
    "TEKNISI",
)
# The OPDs of every agency: code, name, head position, bidang, the tracks they add (x4).
OPDS: list[tuple[str, str, str, tuple[str, ...], tuple[str, ...]]] = [
    (
        "SETDA",
        "Sekretariat Daerah",
        "JPT.SEKDA",
        ("Bagian Pemerintahan", "Bagian Hukum", "Bagian Organisasi", "Bagian Umum"),
        (),
    ),
    ("DPRD", "Sekretariat DPRD", "JPT.SEKWAN", ("Bagian Persidangan", "Bagian Keuangan"), ()),
    (
        "INSP",
        "Inspektorat",
        "JPT.INSPEKTUR",
        ("Inspektur Pembantu I", "Inspektur Pembantu II"),
        ("AUDITOR", "AUDITOR", "PPUPD"),
    ),
    (
        "BAPPEDA",
        "Badan Perencanaan Pembangunan Daerah",
        "JPT.KEPALA-BADAN",
        ("Bidang Perencanaan", "Bidang Penelitian dan Pengembangan"),
        ("PERENCANA",),
    ),
    (
        "BKPSDM",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "JPT.KEPALA-BADAN",
        ("Bidang Mutasi", "Bidang Pengembangan Kompetensi"),
        ("ANALIS-SDM", "PRANATA-SDM"),
    ),
    (
        "BPKAD",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "JPT.KEPALA-BADAN",
        ("Bidang Anggaran", "Bidang Perbendaharaan", "Bidang Aset"),
        ("ANALIS-KEUANGAN",),
    ),
    (
        "DISDIK",
        "Dinas Pendidikan",
        "JPT.KEPALA-DINAS",
        ("Bidang Pembinaan SD", "Bidang Pembinaan SMP", "Bidang Ketenagaan"),
        ("PENGAWAS-SEKOLAH",),
    ),
    (
        "DINKES",
        "Dinas Kesehatan",
        "JPT.KEPALA-DINAS",
        ("Bidang Kesehatan Masyarakat", "Bidang Pelayanan Kesehatan", "Bidang P2P"),
        ("ADMINKES", "EPIDEMIOLOG", "SANITARIAN"),
    ),
    (
        "PUPR",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "JPT.KEPALA-DINAS",
        ("Bidang Bina Marga", "Bidang Sumber Daya Air", "Bidang Cipta Karya"),
        ("TEKNIK-JALAN", "TEKNIK-JALAN-T", "TEKNISI"),
    ),
    (
        "DUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "JPT.KEPALA-DINAS",
        ("Bidang Pelayanan Pendaftaran Penduduk", "Bidang Pencatatan Sipil"),
        ("ADMINDUK",),
    ),
    (
        "DINSOS",
        "Dinas Sosial",
        "JPT.KEPALA-DINAS",
        ("Bidang Rehabilitasi Sosial", "Bidang Perlindungan dan Jaminan Sosial"),
        ("PEKERJA-SOSIAL",),
    ),
    (
        "SATPOL",
        "Satuan Polisi Pamong Praja",
        "JPT.KASATPOL",
        ("Bidang Penegakan Perda", "Bidang Ketertiban Umum"),
        ("POLPP", "POLPP-T", "POLPP-T"),
    ),
    (
        "DISHUB",
        "Dinas Perhubungan",
        "JPT.KEPALA-DINAS",
        ("Bidang Lalu Lintas", "Bidang Angkutan"),
        ("PENGUJI-KB",),
    ),
    (
        "DLH",
        "Dinas Lingkungan Hidup",
        "JPT.KEPALA-DINAS",
        ("Bidang Tata Lingkungan", "Bidang Pengelolaan Sampah"),
        ("TEKNISI", "SANITARIAN-T"),
    ),
]
# Share of an agency's staff per kind of place, and the tracks (with weights) each employs.
STAFF_SHARE = {"school": 0.42, "puskesmas": 0.14, "district": 0.05, "village": 0.05, "opd": 0.34}
SCHOOL_TRACKS = {
    "GURU-KELAS": 50,
    "GURU-MAPEL": 30,
    "GURU-BK": 5,
    "PENGADMINISTRASI": 8,
    "OPERATOR": 5,
    "PENGELOLA-UMUM": 2,
}
PUSKESMAS_TRACKS = {
    "PERAWAT": 10,
    "PERAWAT-T": 20,
    "BIDAN": 5,
    "BIDAN-T": 20,
    "DOKTER": 8,
    "DOKTER-GIGI": 3,
    "APOTEKER": 3,
    "ASISTEN-APOTEKER": 4,
    "NUTRISIONIS-T": 3,
    "SANITARIAN-T": 3,
    "PLK-T": 3,
    "PENYULUH-KESMAS": 4,
    "PENGADMINISTRASI": 8,
    "OPERATOR": 4,
}
DISTRICT_TRACKS = {
    "PENELAAH": 20,
    "PENGADMINISTRASI": 25,
    "OPERATOR": 15,
    "POLPP-T": 10,
    "ANALIS-KEBIJAKAN": 10,
    "PRANATA-HUMAS-T": 5,
    "PENGELOLA-UMUM": 10,
    "PEKERJA-SOSIAL": 5,
}
VILLAGE_TRACKS = {"PENGADMINISTRASI": 50, "OPERATOR": 25, "PENGELOLA-UMUM": 25}
NIP_STATUSES = frozenset(Employee.NIP_STATUSES)
CONTRACT_STATUSES = frozenset(Employee.CONTRACT_STATUSES)


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: str
    parent: str


@dataclass
class AgencyPlan:
    index: int  # 0-based; the NIP sequence digits are index + 1
    region: Place
    size: int
    districts: list[Place] = field(default_factory=list)
    villages: dict[str, list[Place]] = field(default_factory=dict)  # kecamatan code -> villages

    @property
    def is_province(self) -> bool:
        return self.region.level == Region.Level.PROVINCE


@dataclass
class Staffing:
    """One unit with the tracks it employs and its head's position code."""

    unit: OrgUnit
    weight: float
    tracks: dict[str, float]
    head: str | None


@dataclass
class Summary:
    agencies: int
    regions: int
    units: int
    positions: int
    employees: int
    seconds: dict[str, float]
    big_agency_code: str


def generate(
    n_employees: int,
    *,
    seed: int,
    regions_csv: Path = REGIONS_CSV,
    progress: Callable[[str], None] | None = None,
) -> Summary:
    """Load ``n_employees`` (and everything they need) into an empty, migrated database, then
    VACUUM ANALYZE the tables."""
    rng = random.Random(seed)
    timer = _Timer(progress)
    places = _read_places(regions_csv)
    plans = _plan_agencies(n_employees, rng, places, regions_csv.with_name(POPULATION_CSV.name))
    with transaction.atomic():
        regions = _load_regions(plans, places)
        timer.lap(f"regions: {len(regions)}")
        agencies = _load_agencies(plans, regions)
        positions = _load_positions(agencies)
        timer.lap(f"agencies: {len(agencies)}, positions: {sum(map(len, positions.values()))}")
        staffing = {
            plan.index: _load_units(plan, agencies[plan.index], regions, rng) for plan in plans
        }
        n_units = sum(len(s) for s in staffing.values())
        timer.lap(f"units: {n_units}")
        district_ids = [regions[p.code].pk for plan in plans for p in plan.districts]
        with connection.connection.cursor() as cursor, cursor.copy(_COPY_SQL) as copy:
            for plan in plans:
                people = _AgencyPeople(
                    plan,
                    agencies[plan.index],
                    positions[plan.index],
                    regions,
                    district_ids,
                    random.Random(rng.random()),
                )
                for row in people.rows(staffing[plan.index]):
                    copy.write_row(row)
        timer.lap(f"employees: {n_employees} (COPY)")
        bump(agency.pk for agency in agencies.values())  # as formasi.core.cache asks bulk loaders
    with connection.cursor() as cursor:
        for table in (
            "organization_region",
            "organization_agency",
            "organization_orgunit",
            "organization_position",
            "workforce_employee",
        ):
            # VACUUM sets the visibility map as autovacuum would soon after a bulk insert, so
            # counts can use index-only scans like on a database that has been running a while.
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    timer.lap("VACUUM ANALYZE")
    big = next(p for p in plans if p.is_province)
    return Summary(
        agencies=len(plans),
        regions=len(regions),
        units=n_units,
        positions=sum(map(len, positions.values())),
        employees=n_employees,
        seconds=timer.laps,
        big_agency_code=_agency_code(big.region),
    )


_EMPLOYEE_COLUMNS = (
    "agency_id",
    "nip",
    "nik",
    "name",
    "sex",
    "birth_date",
    "birth_place",
    "status",
    "position_id",
    "unit_id",
    "tmt_position",
    "tmt_cpns",
    "contract_end",
    "golongan",
    "education",
    "origin_region_id",
    "domicile_region_id",
    "address",
    "active",
)
_COPY_SQL = f"COPY workforce_employee ({', '.join(_EMPLOYEE_COLUMNS)}) FROM STDIN"


class _Timer:
    def __init__(self, progress: Callable[[str], None] | None) -> None:
        self.progress = progress
        self.start = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, message: str) -> None:
        now = time.perf_counter()
        self.laps[message.split(":")[0]] = round(now - self.last, 2)
        self.last = now
        if self.progress:
            self.progress(f"{message} ({now - self.start:.1f} s)")


# --- regions and agencies ------------------------------------------------------------------


def _read_places(path: Path) -> dict[str, Place]:
    with path.open(encoding="utf-8", newline="") as f:
        return {
            row["code"]: Place(row["code"], row["name"].strip(), row["level"], row["parent_code"])
            for row in csv.DictReader(f)
        }


def _plan_agencies(
    n: int, rng: random.Random, places: dict[str, Place], population_csv: Path
) -> list[AgencyPlan]:
    """Pick the agencies and split ``n`` employees over them."""
    n_agencies = max(2, round(n / EMPLOYEES_PER_AGENCY))
    if n_agencies > 999:
        raise ValueError("at most 999 agencies: the NIP sequence digits hold the agency index")
    with population_csv.open(encoding="utf-8", newline="") as f:
        population = {row["code"]: int(row["total"]) for row in csv.DictReader(f)}
    regencies = sorted(
        code
        for code, p in places.items()
        if p.level == Region.Level.REGENCY and not code.startswith(BIG_PROVINCE + ".")
    )
    chosen = sorted(rng.sample(regencies, n_agencies - 1))
    big_size = round(n * BIG_AGENCY_SHARE)
    weights = [math.sqrt(population.get(code, 250_000)) for code in chosen]
    sizes = [big_size, *_split(n - big_size, weights)]
    codes = [BIG_PROVINCE, *chosen]
    plans = [
        AgencyPlan(i, places[code], size)
        for i, (code, size) in enumerate(sorted(zip(codes, sizes, strict=True)))
    ]
    by_plan = {plan.region.code: plan for plan in plans}
    for place in places.values():
        if place.level == Region.Level.DISTRICT:
            plan = by_plan.get(place.code[:5]) or by_plan.get(place.code[:2])
            if plan is not None:
                plan.districts.append(place)
    for place in places.values():
        if place.level == Region.Level.VILLAGE:
            plan = by_plan.get(place.code[:5]) or by_plan.get(place.code[:2])
            if plan is not None:
                plan.villages.setdefault(place.code[:8], []).append(place)
    for plan in plans:
        plan.districts = [
            k for k in sorted(plan.districts, key=lambda p: p.code) if plan.villages.get(k.code)
        ]
    return plans


def _split(total: int, weights: list[float]) -> list[int]:
    """Largest-remainder split of ``total`` in proportion to ``weights``."""
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    sizes = [int(x) for x in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - sizes[i], reverse=True)
    for i in by_remainder[: total - sum(sizes)]:
        sizes[i] += 1
    return sizes


def _load_regions(plans: list[AgencyPlan], places: dict[str, Place]) -> dict[str, Region]:
    wanted: set[str] = set()
    for plan in plans:
        for district in plan.districts:
            wanted.update((district.code, district.parent, district.code[:2]))
            wanted.update(v.code for v in plan.villages[district.code])
    regions: dict[str, Region] = {}
    for level in Region.Level.values:  # parents first
        rows = [
            Region(
                code=p.code,
                name=p.name,
                level=p.level,
                parent=regions[p.parent] if p.parent else None,
            )
            for p in (places[c] for c in sorted(wanted))
            if p.level == level
        ]
        for region in Region.objects.bulk_create(rows, batch_size=5000):
            regions[region.code] = region
    return regions


def _agency_code(region: Place | Region) -> str:
    return f"BENCH-{region.code}"


def _load_agencies(plans: list[AgencyPlan], regions: dict[str, Region]) -> dict[int, Agency]:
    rows = []
    for plan in plans:
        name = plan.region.name
        if plan.is_province:
            kind, label = Agency.Kind.PROVINCE, f"Pemerintah Provinsi {name}"
        elif plan.region.code[3:5] >= "71":
            kind, label = Agency.Kind.CITY, f"Pemerintah {name}"
        else:
            kind, label = Agency.Kind.REGENCY, f"Pemerintah {name}"
        rows.append(
            Agency(
                code=_agency_code(plan.region),
                name=label,
                kind=kind,
                region=regions[plan.region.code],
            )
        )
    created = Agency.unscoped.bulk_create(rows)
    return {plan.index: agency for plan, agency in zip(plans, created, strict=True)}


def _load_positions(agencies: dict[int, Agency]) -> dict[int, dict[str, Position]]:
    """The demo's position master for every agency; a province's Sekda is JPT madya."""
    rows = []
    for agency in agencies.values():
        for code, name, kind, grade, education in MANAGERIAL:
            if code == "JPT.SEKDA" and agency.kind == Agency.Kind.PROVINCE:
                kind, grade = K.JPT_MADYA, 16
            rows.append(
                Position(
                    agency=agency,
                    code=code,
                    name=name,
                    kind=kind,
                    family=F.MANAJERIAL,
                    grade=grade,
                    education_requirement=education,
                )
            )
        for jenjang, code in HEAD_TEACHER.items():
            rows.append(
                Position(
                    agency=agency,
                    code=code,
                    kind=K.FUNGSIONAL,
                    jenjang=jenjang,
                    name=f"Guru {JENJANG_NAME[jenjang]} (Kepala Sekolah)",
                    family=F.GURU,
                    grade=JENJANG_GRADE[jenjang] + 1,
                    retirement_age_override=60,
                )
            )
        for track in TRACKS.values():
            if track.is_pelaksana:
                rows.append(
                    Position(
                        agency=agency,
                        code=track.position_code(),
                        name=track.name,
                        kind=K.PELAKSANA,
                        family=track.family,
                        grade=track.grade,
                        education_requirement=track.requirement,
                    )
                )
                continue
            for jenjang in track.jenjang:
                rows.append(
                    Position(
                        agency=agency,
                        code=track.position_code(jenjang),
                        kind=K.FUNGSIONAL,
                        jenjang=jenjang,
                        name=f"{track.name} {JENJANG_NAME[jenjang]}",
                        family=track.family,
                        grade=JENJANG_GRADE[jenjang],
                        education_requirement=track.requirement,
                        retirement_age_override=track.bup,
                    )
                )
    result: dict[int, dict[str, Position]] = defaultdict(dict)
    index_of = {agency.pk: index for index, agency in agencies.items()}
    for position in Position.unscoped.bulk_create(rows, batch_size=5000):
        result[index_of[position.agency_id]][position.code] = position
    return result


# --- organisation tree ---------------------------------------------------------------------


def _load_units(
    plan: AgencyPlan, agency: Agency, regions: dict[str, Region], rng: random.Random
) -> list[Staffing]:
    """Build the agency's tree with primary keys reserved up front, so that ``path`` and
    ``opd`` are right on insert; return every unit with what it employs."""
    specs: list[tuple[OrgUnit, OrgUnit | None, Staffing, str]] = []  # unit, parent, staff, group
    seat = plan.districts[0]  # the OPDs' offices stand in the first kecamatan
    office_region = regions[plan.villages[seat.code][0].code]

    # fmt: off
    def add(parent: OrgUnit | None, code: str, name: str, kind: str, region: Region, *,
            group: str, tracks: dict[str, float], head: str | None, weight: float = 1.0,
            ) -> OrgUnit:
        unit = OrgUnit(agency=agency, code=code, name=name, kind=kind, region=region)
        specs.append((unit, parent, Staffing(unit, weight, tracks, head), group))
        return unit

    opds = {}
    for code, name, head, bidang, extra in OPDS:
        tracks = Counter(ADMIN_TRACKS) + Counter(extra * 4)  # own tracks weigh 4 each
        weight = 3.0 if code in ("SETDA", "SATPOL") else 1.0
        opd = add(None, code, name, U.OPD, office_region,
                  group="opd", tracks=tracks, head=head, weight=weight)
        opds[code] = opd
        sub_head = "ADM.KABAG" if code == "SETDA" else "ADM.SEKRETARIS"
        add(opd, f"{code}.SEKRE", "Sekretariat", U.SUB_UNIT, office_region,
            group="opd", tracks=tracks, head=sub_head, weight=weight)
        sub_head = {"SETDA": "ADM.KABAG", "INSP": "ADM.IRBAN"}.get(code, "ADM.KABID")
        for i, bidang_name in enumerate(bidang, start=1):
            add(opd, f"{code}.B{i}", bidang_name, U.SUB_UNIT, office_region,
                group="opd", tracks=tracks, head=sub_head, weight=weight)
    for district in plan.districts:
        villages = plan.villages[district.code]
        k_code, k_name = district.code, district.name
        office = add(None, f"KEC.{k_code}", f"Kecamatan {k_name}", U.DISTRICT_OFFICE,
                     regions[k_code], group="district", tracks=DISTRICT_TRACKS,
                     head="ADM.CAMAT")
        for village in villages:
            kelurahan = village.code[9] == "1"
            add(office, f"KEL.{village.code}",
                f"{'Kelurahan' if kelurahan else 'Desa'} {village.name}", U.VILLAGE_OFFICE,
                regions[village.code], group="village", tracks=VILLAGE_TRACKS,
                head="PENGAWAS.LURAH" if kelurahan else None)
        n_sd = max(1, round(len(villages) * rng.uniform(0.7, 1.3)))
        for n in range(1, n_sd + 1):
            add(opds["DISDIK"], f"SD.{k_code}.{n}", f"SD Negeri {n} {k_name}", U.SCHOOL,
                regions[rng.choice(villages).code], group="school", tracks=SCHOOL_TRACKS,
                head="JF.KEPSEK.AHLI-MUDA")
        for n in range(1, max(1, round(len(villages) / 4)) + 1):
            add(opds["DISDIK"], f"SMP.{k_code}.{n}", f"SMP Negeri {n} {k_name}", U.SCHOOL,
                regions[rng.choice(villages).code], group="school", tracks=SCHOOL_TRACKS,
                head="JF.KEPSEK.AHLI-MADYA", weight=2.0)
        for n in range(1, 2 + (len(villages) > 15)):
            add(opds["DINKES"], f"PKM.{k_code}.{n}",
                f"Puskesmas {k_name}" + (f" {n}" if n > 1 else ""), U.PUSKESMAS,
                regions[villages[(n - 1) * len(villages) // 2].code], group="puskesmas",
                tracks=PUSKESMAS_TRACKS, head="PENGAWAS.KAPUS")
    # fmt: on

    ids = _reserve_ids("organization_orgunit", len(specs))
    for (unit, parent, _staff, _group), pk in zip(specs, ids, strict=True):
        unit.pk = pk
        unit.parent = parent
        assign_tree_fields(unit)  # path, opd and district, as the product sets them
    OrgUnit.unscoped.bulk_create([unit for unit, *_rest in specs], batch_size=5000)

    # each group's share of the staff, split over its units by their weight
    group_weight: Counter[str] = Counter()
    for _unit, _parent, staff, group in specs:
        group_weight[group] += staff.weight
    for _unit, _parent, staff, group in specs:
        staff.weight *= STAFF_SHARE[group] / group_weight[group]
    return [staff for _unit, _parent, staff, _group in specs]


def _town(regency_name: str) -> str:
    """The town in a regency's name: Kota Administrasi Jakarta Timur gives Jakarta Timur."""
    for prefix in ("Kabupaten ", "Kota ", "Administrasi "):
        regency_name = regency_name.removeprefix(prefix)
    return regency_name


def _reserve_ids(table: str, n: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, n],
        )
        return [row[0] for row in cursor.fetchall()]


# --- people --------------------------------------------------------------------------------


class _AgencyPeople:
    """Employees of one agency, as rows for COPY."""

    def __init__(
        self,
        plan: AgencyPlan,
        agency: Agency,
        positions: dict[str, Position],
        regions: dict[str, Region],
        district_ids: list[int],
        rng: random.Random,
    ) -> None:
        self.plan, self.agency, self.positions, self.rng = plan, agency, positions, rng
        self.sequence = f"{plan.index + 1:03d}"
        self.used: set[str] = set()
        self.home_districts = [regions[k.code] for k in plan.districts]
        self.all_district_ids = district_ids
        self.district_of = {
            regions[v.code].pk: regions[k.code]
            for k in plan.districts
            for v in plan.villages[k.code]
        }
        self.villages_of = {
            regions[k.code].pk: [regions[v.code].pk for v in plan.villages[k.code]]
            for k in plan.districts
        }
        self.region_code = {r.pk: r.code.replace(".", "") for r in regions.values()}
        self.birth_place = {
            r.pk: _town(r.parent.name) for r in regions.values() if r.level == Region.Level.DISTRICT
        }

    def rows(self, staffing: list[Staffing]) -> Iterator[tuple]:
        rng = self.rng
        units = rng.choices(staffing, weights=[s.weight for s in staffing], k=self.plan.size)
        first_of_unit: set[int] = set()
        rows = []
        for staff in units:
            unit = staff.unit
            if staff.head and unit.pk not in first_of_unit:
                first_of_unit.add(unit.pk)
                rows.append(self._person(unit, staff.head, head=True))
            else:
                code = rng.choices(list(staff.tracks), weights=list(staff.tracks.values()))[0]
                rows.append(self._person(unit, code, head=False))
        rng.shuffle(rows)  # rows of one agency in no particular order, like an import
        return iter(rows)

    def _birth_in(self, first: int, last: int) -> date:
        start = date(first, 1, 1)
        return start + timedelta(days=self.rng.randrange((date(last, 12, 31) - start).days))

    def _person(self, unit: OrgUnit, code: str, *, head: bool) -> tuple:
        rng = self.rng
        if head:
            status = S.PNS
            position = self.positions[code]
            education = "s2" if rng.random() < 0.4 else "s1"
            family = position.family
        else:
            track = TRACKS[code]
            weights = STATUS_WEIGHTS_PELAKSANA if track.is_pelaksana else STATUS_WEIGHTS_JF
            status = rng.choices(STATUSES, weights=weights)[0]
            options = track.education
            education = (
                options[0] if len(options) == 1 or rng.random() < 0.8 else rng.choice(options[1:])
            )
            family = track.family
        sex = "F" if "BIDAN" in code or rng.random() < FEMALE_SHARE.get(family, 0.35) else "M"
        while True:  # draw a career until it is before the retirement age and its NIP is free
            birth = self._birth(status, head)
            tmt_cpns = tmt_position = contract_end = None
            golongan = ""
            if status in NIP_STATUSES:
                if status == S.CPNS:
                    tmt_cpns = date(2025, rng.choice((3, 6, 7)), 1)
                else:
                    age = rng.randint(*ENTRY_AGE[education])
                    tmt_cpns = min(date(birth.year + age, rng.randint(1, 12), 1), date(2024, 12, 1))
                    if (tmt_cpns.year, tmt_cpns.month) < (birth.year + 18, birth.month):
                        continue
                service = (REF - tmt_cpns).days / 365.25
                rank = min(16, ENTRY_RANK[education] + int(service / rng.uniform(4.0, 5.5)))
                golongan = GOLONGAN[max(rank, 9) if head else rank]
                tmt_position = max(tmt_cpns, REF - timedelta(days=rng.randrange(1, 8 * 365)))
            elif status in CONTRACT_STATUSES:
                service = 0.0
                if status == S.PPPK:
                    tmt_position = date(rng.randint(2022, 2025), rng.randint(1, 12), 1)
                    contract_end = date(tmt_position.year + 5, tmt_position.month, 1)
                    contract_end -= timedelta(days=1)
                else:  # paruh waktu: a one-year perjanjian from December 2025
                    tmt_position, contract_end = date(2025, 12, 1), date(2026, 11, 30)
                golongan = PPPK_GOLONGAN[education]
            else:
                service = 0.0
                tmt_position = date(rng.randint(2008, 2022), rng.randint(1, 12), 1)
            if not head:
                position = self._track_position(track, service, status)
            if birth.year + retirement_age(position) < REF.year:
                continue  # would have retired already
            nip = self._identifier(status, birth, sex, tmt_cpns, tmt_position)
            if nip != "taken":
                break
        # kecamatan of origin: three in four grew up in the agency's own area
        if rng.random() < 0.75:
            origin = rng.choice(self.home_districts).pk
        else:
            origin = rng.choice(self.all_district_ids)
        day = birth.day + (40 if sex == "F" else 0)
        nik = f"{self.region_code[origin]}{day:02d}{birth:%m%y}{rng.randint(1, 9999):04d}"
        district = self.district_of.get(unit.region_id) or unit.region
        domicile = rng.choice(self.villages_of[district.pk])
        return (
            self.agency.pk,
            nip,
            nik,
            self._name(sex),
            sex,
            birth,
            self.birth_place[origin],
            status,
            position.pk,
            unit.pk,
            tmt_position,
            tmt_cpns,
            contract_end,
            golongan,
            education,
            origin,
            domicile,
            "",
            rng.random() >= INACTIVE_SHARE,
        )

    def _birth(self, status: str, head: bool) -> date:
        rng = self.rng
        if head:
            return self._birth_in(1968, 1985)
        if status == S.PNS:
            r = rng.random()  # the retirement wave: a large 1966-1972 cohort
            return self._birth_in(
                *((1966, 1972) if r < 0.40 else (1973, 1984) if r < 0.75 else (1985, 1998))
            )
        if status == S.CPNS:
            return self._birth_in(1993, 2002)
        if status == S.PPPK:
            return self._birth_in(*((1976, 1984) if rng.random() < 0.3 else (1985, 1999)))
        return self._birth_in(1978, 2003)

    def _track_position(self, track, service: float, status: str) -> Position:
        if track.is_pelaksana:
            return self.positions[track.position_code()]
        jenjang = list(track.jenjang)
        if len(jenjang) == 4 and jenjang[-1] == J.AHLI_UTAMA:
            jenjang.pop()  # ahli utama is rare enough to leave out
        if status in CONTRACT_STATUSES or status == S.CPNS:
            step = 0
        else:
            step = min(len(jenjang) - 1, int(service // 8))
        return self.positions[track.position_code(jenjang[step])]

    def _identifier(
        self, status: str, birth: date, sex: str, tmt_cpns: date | None, tmt_position: date
    ) -> str | None:
        """NIP (PNS, CPNS) or NI PPPK ending in the agency's index, so agencies cannot collide;
        "taken" when another employee of this agency already has it."""
        if status == S.NON_ASN:
            return None
        sex_digit = "1" if sex == "M" else "2"
        if status in NIP_STATUSES:
            nip = f"{birth:%Y%m%d}{tmt_cpns:%Y%m}{sex_digit}{self.sequence}"
        else:
            nip = f"{birth:%Y%m%d}{tmt_position.year}21{sex_digit}{self.sequence}"
        if nip in self.used:
            return "taken"
        self.used.add(nip)
        return nip

    def _name(self, sex: str) -> str:
        rng = self.rng
        if sex == "F":
            first, last = IndonesianNames.first_names_female, IndonesianNames.last_names_female
        else:
            first, last = IndonesianNames.first_names_male, IndonesianNames.last_names_male
        if rng.random() < 0.3:
            return f"{rng.choice(first)} {rng.choice(first)} {rng.choice(last)}"
        return f"{rng.choice(first)} {rng.choice(last)}"


def check_sample(size: int = 5000, *, seed: int = 0) -> int:
    """Validate ``size`` random employees as the product would (identifiers agree with the
    birth date and sex, NIP parses, NIK parses); raise AssertionError on the first bad one.
    Returns the number checked."""
    from formasi.domain.identifiers import parse_nip
    from formasi.workforce.validation import EmployeeInput, validate_employee

    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [seed / 1000])
        cursor.execute(
            "SELECT status, nip, nik, birth_date, sex, contract_end, tmt_cpns"
            " FROM workforce_employee ORDER BY random() LIMIT %s",
            [size],
        )
        rows = cursor.fetchall()
    for status, nip, nik, birth, sex, contract_end, tmt_cpns in rows:
        errors = validate_employee(
            EmployeeInput(
                status=status,
                nip=nip,
                nik=nik,
                birth_date=birth,
                sex=sex,
                contract_end=contract_end,
            ),
            today=REF,
        )
        if errors:
            raise AssertionError(f"invalid employee {nip or nik}: {errors}")
        if status in NIP_STATUSES and parse_nip(nip).cpns_start != tmt_cpns:
            raise AssertionError(f"NIP {nip} does not agree with TMT CPNS {tmt_cpns}")
    return len(rows)
