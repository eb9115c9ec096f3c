"""Training rows for tests, written straight to the database (the services are tested on their
own): a competency standard for the nurse position (literasi digital 3, pelayanan publik 3,
perekat bangsa 2), the Dinas Kesehatan nurse recorded below it, and plan lines."""

from __future__ import annotations

from datetime import date
from typing import Any

from formasi.training.models import (
    Competency,
    CompetencyRecord,
    CompetencyStandard,
    DevelopmentRecord,
    PlanLine,
)

YEAR = 2026
DIGITAL = "DIG-01"


def competency(agency: Any, code: str, name: str, kind: str = "technical") -> Competency:
    found = Competency.unscoped.filter(agency=agency, code=code).first()
    return found or Competency.unscoped.create(agency=agency, code=code, name=name, kind=kind)


def standard(position: Any, comp: Competency, level: int) -> CompetencyStandard:
    return CompetencyStandard.unscoped.create(
        agency_id=position.agency_id, position=position, competency=comp, level=level
    )


def record(employee: Any, comp: Competency, level: int) -> CompetencyRecord:
    return CompetencyRecord.unscoped.create(
        agency_id=employee.agency_id,
        employee=employee,
        competency=comp,
        level=level,
        assessed_on=date(2026, 3, 1),
    )


def hours(employee: Any, n: int, year: int = YEAR) -> DevelopmentRecord:
    return DevelopmentRecord.unscoped.create(
        agency_id=employee.agency_id, employee=employee, year=year, title="Pelatihan", hours=n
    )


def line(employee: Any, comp: Competency | None = None, year: int = YEAR, **kw: Any) -> PlanLine:
    values: dict[str, Any] = {
        "source": "gap" if comp else "manual",
        "title": "" if comp else "Bimtek pelayanan",
        "priority": "high",
        "hours": 16,
    }
    values.update(kw)
    return PlanLine.unscoped.create(
        agency_id=employee.agency_id, employee=employee, year=year, competency=comp, **values
    )


def training_data(world: Any) -> dict[str, Competency]:
    """The nurse standard; the Dinas Kesehatan nurse at digital 1 and service 3 (gap 2 and 0),
    the puskesmas nurse with no records; agency B's nurse standard too."""
    a = world.agency_a
    found = {
        "digital": competency(a, DIGITAL, "Literasi digital layanan"),
        "service": competency(a, "MNJ-PP", "Pelayanan publik", "managerial"),
        "nation": competency(a, "SK-PB", "Perekat bangsa", "socio_cultural"),
    }
    standard(world.nurse_position, found["digital"], 3)
    standard(world.nurse_position, found["service"], 3)
    standard(world.nurse_position, found["nation"], 2)
    record(world.employee_dinkes, found["digital"], 1)
    record(world.employee_dinkes, found["service"], 3)
    b_digital = competency(world.agency_b, DIGITAL, "Literasi digital")
    standard(world.employee_b.position, b_digital, 3)
    return found


def first_line(world: Any) -> int:
    """The pk of a plan line of the puskesmas nurse, created on first use."""
    found = PlanLine.unscoped.filter(employee=world.employee_puskesmas).first()
    return (found or line(world.employee_puskesmas)).pk
