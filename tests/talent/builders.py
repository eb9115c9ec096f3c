"""Talent rows for tests: SKP results, assessments and discipline records written straight to
the database (the services are tested on their own), with the computed fields the domain gives."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from formasi.domain import discipline, performance
from formasi.talent.models import Assessment, DisciplineRecord, SkpResult

YEAR = 2025


def skp(employee: Any, year: int = YEAR, result: str = "above", behaviour: str = "above") -> Any:
    return SkpResult.unscoped.create(
        agency_id=employee.agency_id,
        employee=employee,
        year=year,
        result=result,
        behaviour=behaviour,
        predicate=performance.predicate(result, behaviour).value,  # type: ignore[arg-type]
    )


def assessment(employee: Any, year: int = YEAR, potential: str = "high", score: str = "85") -> Any:
    return Assessment.unscoped.create(
        agency_id=employee.agency_id,
        employee=employee,
        year=year,
        competency_score=Decimal(score),
        education="s1_d4",
        training_hours=20,
        potential_score=Decimal(score),
        potential=potential,
    )


def sanction(
    employee: Any, kind: str = "tukin_cut_12_months", starts_on: date = date(2026, 1, 1)
) -> Any:
    return DisciplineRecord.unscoped.create(
        agency_id=employee.agency_id,
        employee=employee,
        violation="Tidak masuk kerja 18 hari tanpa alasan yang sah",
        sanction=kind,
        level=discipline.level(kind).value,
        decided_on=starts_on,
        starts_on=starts_on,
        ends_on=discipline.sanction_end(kind, starts_on),
        decided_by_name="Dr. Rahmat",
        decided_by_position="Sekretaris Daerah",
    )


def talent_data(world: Any) -> None:
    """The nurse of the Dinas Kesehatan in box 9; the puskesmas nurse in box 9 but serving a
    sanction; the teacher in box 5."""
    skp(world.employee_dinkes)
    assessment(world.employee_dinkes)
    skp(world.employee_puskesmas)
    assessment(world.employee_puskesmas)
    sanction(world.employee_puskesmas)
    skp(world.employee_disdik, result="as_expected", behaviour="as_expected")
    assessment(world.employee_disdik, potential="medium", score="70")
    skp(world.employee_b)
    assessment(world.employee_b)


def first_record(world: Any) -> int:
    """The pk of the puskesmas nurse's sanction, created on first use."""
    found = DisciplineRecord.unscoped.filter(employee=world.employee_puskesmas).first()
    return (found or sanction(world.employee_puskesmas)).pk


def merit(agency: Any, year: int = YEAR, level: int | None = None) -> Any:
    """A draft merit self-assessment of the agency with an answer row per indicator (every one
    at ``level``; None leaves them unanswered)."""
    from formasi.domain import merit as merit_rules
    from formasi.talent.models import MeritAnswer, MeritAssessment

    row = MeritAssessment.unscoped.create(agency=agency, year=year)
    MeritAnswer.unscoped.bulk_create(
        MeritAnswer(assessment=row, indicator=i.code, level=level)
        for i in merit_rules.DEFAULT_FRAMEWORK.indicators
    )
    return row


def merit_of(agency: Any) -> Any:
    """The agency's merit self-assessment of YEAR, made once per test."""
    from formasi.talent.models import MeritAssessment

    return MeritAssessment.unscoped.filter(agency=agency, year=YEAR).first() or merit(agency)


def merit_file(agency: Any) -> Any:
    """A PDF evidence file on the agency's first indicator, made once per test."""
    from formasi.talent.models import MeritEvidence

    row = merit_of(agency)
    found = MeritEvidence.unscoped.filter(answer__assessment=row).first()
    return found or MeritEvidence.unscoped.create(
        answer=row.answers.order_by("id").first(),
        name="sk-peta-jabatan.pdf",
        content_type="application/pdf",
        size=9,
        content=b"%PDF-1.4\n",
    )
