"""Talent rows for tests: SKP results, assessments and discipline records written straight to
the database (the services are tested on their own), with the computed fields the domain gives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from formasi.domain import discipline, performance
from formasi.talent.models import Assessment, DisciplineRecord, SkpResult
from formasi.talent.succession_models import SuccessionDecision
from formasi.workload.models import PositionNeed
from tests import builders as build

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


# --------------------------------------------------------------------------- succession


@dataclass
class SuccessionWorld:
    """A Kepala Dinas Kesehatan post (JPT pratama) empty now in agency A, and four
    administrators: the best (box 9, Dinas Kesehatan), a second (box 8, Dinas Pendidikan), one
    serving a sanction (box 9) and one whose rank is too low (III/d)."""

    head: Any
    admin_position: Any
    best: Any
    second: Any
    sanctioned: Any
    low_rank: Any


def succession_world(world: Any, today: date | None = None) -> SuccessionWorld:
    agency = world.agency_a
    head = build.position(agency, "Kepala Dinas Kesehatan", kind="jpt_pratama", jenjang="",
                          family="manajerial")  # fmt: skip
    admin = build.position(agency, "Sekretaris Dinas", kind="administrator", jenjang="",
                           family="manajerial")  # fmt: skip
    PositionNeed.unscoped.create(
        agency=agency, unit=world.dinkes, position=head, source="entered", count=1
    )

    def person(unit: Any, name: str, golongan: str, box_skp: str, potential: str) -> Any:
        found = build.employee(unit, admin, name, golongan=golongan, education="s2",
                               birth=date(1978, 4, 4), tmt_position=date(2019, 1, 2))  # fmt: skip
        skp(found, result=box_skp, behaviour=box_skp)
        assessment(found, potential=potential, score="88" if potential == "high" else "70")
        return found

    best = person(world.dinkes, "Rina Kartika", "IV/b", "above", "high")  # box 9
    second = person(world.disdik, "Bambang Hartono", "IV/a", "as_expected", "high")  # box 8
    sanctioned = person(world.dinkes, "Agus Salim", "IV/b", "above", "high")  # box 9
    day = today or date.today()
    sanction(sanctioned, starts_on=day - timedelta(days=30))  # tukin cut 12 months: sedang
    low_rank = person(world.disdik, "Lina Marlina", "III/d", "above", "high")  # box 9
    return SuccessionWorld(head, admin, best, second, sanctioned, low_rank)


def decision(world: Any) -> Any:
    """A decision filling the Kepala Dinas Kesehatan post (made once per test), written
    straight to the database."""
    found = SuccessionDecision.unscoped.filter(unit=world.dinkes).first()
    if found is not None:
        return found
    s = succession_world(world)
    return SuccessionDecision.unscoped.create(
        agency=world.agency_a, unit=world.dinkes, position=s.head, employee=s.best,
        from_unit=world.dinkes, from_position=s.admin_position, rank=1, ranked=2,
        starts_on=date(2026, 3, 1), reason="Kotak 9", decided_by=world.users["admin_a"],
    )  # fmt: skip


def succession_post(world: Any) -> list[int]:
    """[unit, position] of the empty Kepala Dinas Kesehatan post (made once per test)."""
    from formasi.organization.models import Position

    head = Position.unscoped.filter(agency=world.agency_a, kind="jpt_pratama").first()
    return [world.dinkes.pk, (head or succession_world(world).head).pk]


# --------------------------------------------------------------------------- open selection


def jpt_position(world: Any) -> Any:
    """Agency A's JPT pratama position "Kepala Dinas Kesehatan" (made once per test)."""
    from formasi.organization.models import Position
    from tests import builders as build

    found = Position.unscoped.filter(agency=world.agency_a, kind="jpt_pratama").first()
    return found or build.position(
        world.agency_a,
        "Kepala Dinas Kesehatan",
        kind="jpt_pratama",
        jenjang="",
        family="manajerial",
    )


COMMITTEE = [  # five members, two internal, an external chair (PermenPAN-RB 15/2019)
    ("Prof. Dr. Hadi Susanto", "chair", False, "Universitas Palangka Raya"),
    ("Dr. Rina Marlina", "member", False, "Asosiasi Profesi"),
    ("Dr. Yosef Tarigan", "member", False, "Universitas Lambung Mangkurat"),
    ("Ir. Bambang Wibowo", "secretary", True, "Sekretariat Daerah"),
    ("Drs. Agus Salim", "member", True, "Inspektorat"),
]

SCORES = [  # name, origin, passed, kompetensi, wawancara, rekam jejak
    ("dr. Nadia Putri", "RSUD Doris Sylvanus", True, "85", "80", "90"),  # 84.5
    ("dr. Fajar Nugroho", "Dinas Kesehatan Kab. Kapuas", True, "78", "85", "80"),  # 80.5
    ("Sri Wahyuni, SKM", "Dinas Kesehatan", True, "70", "75", "70"),  # 71.5
    ("Hendra Gunawan, MPH", "Kementerian Kesehatan", True, "65", "60", "70"),  # 64.5
    ("Yohanes Lie", "Universitas Swasta", False, None, None, None),
]


def selection(world: Any, *, state: str = "closed", scored: bool = True) -> Any:
    """An open selection for Agency A's Kepala Dinas Kesehatan post with a valid committee and
    five candidates (four pass administration), in ``state``; made once per test. Places are
    computed with the service's ranking."""
    from formasi.talent import selection_services
    from formasi.talent.selection_models import Candidate, CommitteeMember, Selection

    found = Selection.unscoped.filter(agency=world.agency_a).first()
    if found is not None:
        return found
    row = Selection.unscoped.create(
        agency=world.agency_a, unit=world.dinkes, position=jpt_position(world),
        title="Seleksi terbuka Kepala Dinas Kesehatan", opens_on=date(2026, 1, 5),
        closes_on=date(2026, 1, 23), requirements="S-2; pernah menduduki jabatan administrator.",
        weight_kompetensi=50, weight_wawancara=30, weight_rekam_jejak=20, state=state,
    )  # fmt: skip
    for name, role, internal, institution in COMMITTEE:
        CommitteeMember.unscoped.create(
            selection=row, name=name, role=role, internal=internal, institution=institution
        )
    people = []
    for name, origin, passed, k, w, r in SCORES:
        people.append(Candidate.unscoped.create(
            selection=row, name=name, origin=origin,
            passed_administration=passed if scored else None,
            kompetensi=Decimal(k) if k and scored else None,
            wawancara=Decimal(w) if w and scored else None,
            rekam_jejak=Decimal(r) if r and scored else None,
        ))  # fmt: skip
    ranking = selection_services.ranking_of(row, people)
    for r in ranking.ranked:
        Candidate.unscoped.filter(pk=r.key).update(
            place=r.place, shortlisted=r.shortlisted,
            final_score=Decimal(r.final.numerator) / Decimal(r.final.denominator),
        )  # fmt: skip
    return row


def selection_pk(world: Any) -> list[int]:
    return [selection(world).pk]


def candidate_pk(world: Any) -> list[int]:
    row = selection(world)
    return [row.pk, row.candidates.order_by("id").first().pk]


def grow_selection(world: Any, i: int) -> None:
    """One more candidate in the builder's selection, and one more selection of agency A with
    a committee member and a candidate (for the query-count baselines)."""
    from formasi.talent.selection_models import Candidate, CommitteeMember, Selection

    first = selection(world)
    Candidate.unscoped.create(
        selection=first, name=f"Peserta {i}", origin="Pemkab Kapuas", passed_administration=True,
        kompetensi=Decimal(50), wawancara=Decimal(50), rekam_jejak=Decimal(50), place=10 + i,
        final_score=Decimal(50),
    )  # fmt: skip
    row = Selection.unscoped.create(
        agency=world.agency_a, unit=world.dinkes, position=jpt_position(world),
        title=f"Seleksi {i}", opens_on=date(2025, 1, 5), closes_on=date(2025, 1, 25),
        weight_kompetensi=50, weight_wawancara=30, weight_rekam_jejak=20, state="decided",
    )  # fmt: skip
    CommitteeMember.unscoped.create(selection=row, name=f"Anggota {i}", internal=False)
    chosen = Candidate.unscoped.create(selection=row, name=f"Calon {i}", origin="Dinas")
    Selection.unscoped.filter(pk=row.pk).update(chosen=chosen)
