"""The demo city's training needs (issue 20 item 4): digital skills for kelurahan service staff.

Banjarbaru and Palangka Raya ask for IT skills in kelurahan services. The demo gives the
agency a small competency dictionary (PermenPAN-RB 38/2017: technical, managerial and
socio-cultural, levels 1–5), a standard for the three pelaksana positions that serve the public
at a kantor kelurahan (pengadministrasi perkantoran, operator layanan operasional, pengelola
layanan operasional), each of those people's recorded levels — most short on the two digital
competencies, Rakumpit's and Bukit Batu's offices the most — some development hours done this
year, and the resulting training plan of the year, generated from the gaps
(``services.generate_plan``), with the provider and cost of the digital courses set.

The dictionary, the standards and the plan go through ``formasi.training.services`` as BKPSDM's
admin; the few thousand recorded levels and hours are written in bulk with their history rows,
as the ``competencies`` import writes them.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from formasi.demo.careers import REF
from formasi.organization.models import Agency, OrgUnit, Position
from formasi.training import services
from formasi.training.models import Competency, CompetencyRecord, DevelopmentRecord, PlanLine
from formasi.workforce.models import Employee

__all__ = ["PLAN_YEAR", "load_training"]

PLAN_YEAR = REF.year
# (code, name, kind)
COMPETENCIES = [
    ("TEK-DIG-LAYANAN", "Literasi digital layanan kependudukan dan perizinan daring", "technical"),
    ("TEK-DIG-DATA", "Pengolahan data dan aplikasi perkantoran", "technical"),
    ("MNJ-PELAYANAN", "Orientasi pada pelayanan", "managerial"),
    ("MNJ-KOMUNIKASI", "Komunikasi", "managerial"),
    ("SK-PEREKAT", "Perekat bangsa", "socio_cultural"),
]
# position code -> required level per competency code
STANDARDS = {
    "PL.OPERATOR": {
        "TEK-DIG-LAYANAN": 3,
        "TEK-DIG-DATA": 3,
        "MNJ-PELAYANAN": 2,
        "MNJ-KOMUNIKASI": 2,
        "SK-PEREKAT": 2,
    },
    "PL.PENGELOLA-LAYANAN": {
        "TEK-DIG-LAYANAN": 3,
        "TEK-DIG-DATA": 2,
        "MNJ-PELAYANAN": 3,
        "MNJ-KOMUNIKASI": 2,
        "SK-PEREKAT": 2,
    },
    "PL.PENGADMINISTRASI": {
        "TEK-DIG-LAYANAN": 2,
        "TEK-DIG-DATA": 3,
        "MNJ-PELAYANAN": 2,
        "MNJ-KOMUNIKASI": 2,
        "SK-PEREKAT": 2,
    },
}
# Kecamatan whose kelurahan offices are short of staff and further from training: lower levels.
REMOTE = ("Rakumpit", "Bukit Batu")
DIGITAL = ("TEK-DIG-LAYANAN", "TEK-DIG-DATA")
PROVIDER = "BPSDM Provinsi Kalimantan Tengah"
COST_PER_JP = Decimal(150_000)
COURSES = [
    ("Pelatihan teknis pelayanan administrasi kependudukan", 16, PROVIDER),
    ("Bimbingan teknis aplikasi perkantoran", 8, "Diskominfo Kota Palangka Raya"),
    ("Pelatihan dasar pelayanan prima", 12, PROVIDER),
]


def _levels(rng: random.Random, required: dict[str, int], remote: bool) -> dict[str, int]:
    levels = {}
    for code, level in required.items():
        if code in DIGITAL:
            low = 1
            high = max(1, level - (2 if remote else 1))
            levels[code] = rng.randint(low, high) if rng.random() < 0.85 else level
        else:
            levels[code] = level if rng.random() < 0.8 else max(1, level - 1)
    return levels


def load_training(agency: Agency, *, seed: int) -> int:
    """Load the dictionary, standards, records, hours and the generated plan; return the
    number of plan lines."""
    admin = get_user_model().objects.get(username="admin")
    rng = random.Random(seed * 31 + 20)
    found: dict[str, Competency] = {}
    for code, name, kind in COMPETENCIES:
        found[code], _created = services.define_competency(
            agency=agency, code=code, name=name, kind=kind, actor=admin
        )
    positions = {p.code: p for p in Position.unscoped.filter(agency=agency, code__in=STANDARDS)}
    for code, required in STANDARDS.items():
        if code in positions:
            for competency, level in required.items():
                services.set_standard(
                    position=positions[code],
                    competency=found[competency],
                    level=level,
                    actor=admin,
                )
    staff = (
        Employee.unscoped.filter(
            agency=agency,
            active=True,
            unit__kind=OrgUnit.Kind.VILLAGE_OFFICE,
            position__code__in=list(positions),
        )
        .select_related("position", "unit__district")
        .order_by("pk")
    )
    assessed_on = REF.replace(month=3, day=2)
    records, hours_done = [], []
    for employee in staff:
        remote = employee.unit.district is not None and employee.unit.district.name in REMOTE
        required = STANDARDS[employee.position.code]
        for code, level in _levels(rng, required, remote).items():
            records.append(
                CompetencyRecord(
                    agency_id=agency.pk, employee=employee, competency=found[code],
                    level=level, assessed_on=assessed_on, entered_by=admin,
                )
            )  # fmt: skip
        if rng.random() < (0.3 if remote else 0.6):
            title, hours, provider = rng.choice(COURSES)
            hours_done.append(
                DevelopmentRecord(
                    agency_id=agency.pk, employee=employee, year=PLAN_YEAR, title=title,
                    hours=hours, provider=provider, entered_by=admin,
                )
            )  # fmt: skip
    # Thousands of rows: written in bulk, each with its history row, as the competencies
    # import writes them (the per-row services validate and audit one entry of a form).
    bulk_create_with_history(records, CompetencyRecord, batch_size=1000, default_user=admin)
    bulk_create_with_history(hours_done, DevelopmentRecord, batch_size=1000, default_user=admin)
    services.generate_plan(agency=agency, year=PLAN_YEAR, actor=admin)
    digital = list(
        PlanLine.unscoped.filter(agency=agency, year=PLAN_YEAR, competency__code__in=DIGITAL)
    )
    for line in digital:
        line.cost, line.provider = COST_PER_JP * line.hours, PROVIDER
    bulk_update_with_history(
        digital, PlanLine, ["cost", "provider"], batch_size=1000, default_user=admin
    )
    return PlanLine.unscoped.filter(agency=agency, year=PLAN_YEAR).count()
