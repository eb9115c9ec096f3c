"""Talent data of the demo city (issue 19): SKP results of two years and a potential assessment
for every ASN (a populated 9-box), and JPT posts empty now and by the next 1 October, each
with eligible candidates on its succession list and one candidate excluded for a running
disciplinary sanction.

Seeded and deterministic for a given seed and day. The SKP ratings lean to "as expected" (most
people), with managerial staff more often above; the assessments give a competency score, the
training hours and the education, from which the potential follows with the settings' weights
(``talent.services``). Posts: the first Kepala Dinas post's holder has retired (empty now); a
second JPT post's holder reaches the BUP by the next 1 October (the NIP's birth date follows).
Candidates: administrators aged at most 52 are brought to the requirement (golongan IV/a,
S-1, three years in post) and to boxes 9, 8 and 7; one more in box 9 serves a sanction.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from formasi.demo.careers import REF
from formasi.domain import discipline, performance
from formasi.domain import talent as talent_rules
from formasi.domain.succession import age_on, golongan_index
from formasi.organization.models import Agency, Position
from formasi.planning import fiveyear
from formasi.planning.tables import next_october
from formasi.talent import services
from formasi.talent.models import Assessment, DisciplineRecord, SkpResult
from formasi.workforce.models import Employee

__all__ = ["TalentSummary", "load_talent"]

YEARS = (REF.year - 2, REF.year - 1)
JPT = ("jpt_utama", "jpt_madya", "jpt_pratama")
K = Position.Kind
MANAGERIAL = (K.JPT_PRATAMA, K.ADMINISTRATOR, K.PENGAWAS)
#: (result, behaviour) and potential given to the candidates, best first: boxes 9, 8, 7.
CANDIDATE_BOXES = (("above", "high", 9), ("as_expected", "high", 8), ("above", "medium", 7))


@dataclass(frozen=True)
class TalentSummary:
    skp: int
    assessments: int
    jpt_empty: int
    candidates: int


def _rating(rng: random.Random, managerial: bool) -> str:
    above = 0.3 if managerial else 0.15
    draw = rng.random()
    return "above" if draw < above else "below" if draw > 0.93 else "as_expected"


def _ratings(agency: Agency, staff: list[Employee], rng: random.Random) -> tuple[int, int]:
    weights, bands = services.assessment_weights(), services.potential_bands()
    skp, found = [], []
    for e in staff:
        managerial = e.position.kind in MANAGERIAL
        for year in YEARS:
            result, behaviour = _rating(rng, managerial), _rating(rng, managerial)
            predicate = performance.predicate(
                performance.Rating(result), performance.Rating(behaviour)
            )
            skp.append(SkpResult(agency=agency, employee=e, year=year, result=result,
                                 behaviour=behaviour, predicate=predicate.value))  # fmt: skip
        score = min(100, rng.randint(45, 92) + (5 if managerial else 0))
        hours = rng.choice((0, 8, 12, 20, 24, 32, 40))
        education = services.education_of(e) or "slta"
        potential = talent_rules.assessed_potential(
            competency=float(score),
            education=talent_rules.Education(education),
            training_hours=hours,
            weights=weights,
            full_training_hours=settings.FORMASI_POTENTIAL_FULL_TRAINING_HOURS,
        )
        found.append(
            Assessment(
                agency=agency, employee=e, year=YEARS[-1], competency_score=Decimal(score),
                education=education, training_hours=hours,
                potential_score=(Decimal(potential.numerator) / Decimal(potential.denominator))
                .quantize(Decimal("0.01")),
                potential=services.potential_level(potential, bands).value,
            )
        )  # fmt: skip
    bulk_create_with_history(skp, SkpResult, batch_size=2000)
    bulk_create_with_history(found, Assessment, batch_size=2000)
    return len(skp), len(found)


def _retire_by(holder: Employee, on: date) -> None:
    """Move the holder's birth (and the NIP's first eight digits) so the BUP falls on ``on``."""
    birth = date(on.year - holder.position.retirement_age, on.month - 1 or 12, 10)
    if on.month == 1:
        birth = birth.replace(year=birth.year - 1)
    holder.birth_date = birth
    if holder.nip and len(holder.nip) == 18:
        holder.nip = f"{birth:%Y%m%d}{holder.nip[8:]}"
    holder._change_reason = "Demo: pensiun BUP"  # type: ignore[attr-defined]
    holder.save()


def _make_posts(agency: Agency, today: date, on: date) -> int:
    """Make a JPT post empty now and another empty by ``on``; how many are empty by ``on``."""
    report = fiveyear.vacancy_report([agency.pk], today=today, on=on)
    jpt = [p for p in report.posts if p.post.level in JPT]
    holders = {
        f"{e.unit_id}:{e.position_id}": e
        for e in Employee.unscoped.filter(agency=agency, active=True, position__kind__in=JPT)
        .select_related("position")
        .order_by("pk")
    }
    full = [p for p in jpt if p.empty_on == 0 and str(p.post.post_id) in holders]
    full.sort(key=lambda p: (p.post.name != "Kepala Dinas", str(p.post.post_id)))
    if not any(p.empty_now for p in jpt) and full:
        gone = holders[str(full.pop(0).post.post_id)]
        gone.active = False
        gone._change_reason = "Demo: pensiun"  # type: ignore[attr-defined]
        gone.save()
    if not any(p.empty_on > p.empty_now for p in jpt) and full:
        _retire_by(holders[str(full.pop(0).post.post_id)], on)
    report = fiveyear.vacancy_report([agency.pk], today=today, on=on)
    return sum(1 for p in report.posts if p.post.level in JPT and p.empty_on > 0)


def _candidates(agency: Agency, today: date, on: date) -> int:
    """Bring six administrators to the JPT pratama requirement in boxes 9, 8, 7 (twice), and
    a seventh in box 9 under a running sanction."""
    admins = [
        e
        for e in Employee.unscoped.filter(
            agency=agency, active=True, status=Employee.Status.PNS, position__kind=K.ADMINISTRATOR
        ).order_by("pk")
        if age_on(e.birth_date, on) <= 52
    ][:7]
    latest = YEARS[-1]
    for i, e in enumerate(admins):
        perf, potential, _box = CANDIDATE_BOXES[i % 3] if i < 6 else CANDIDATE_BOXES[0]
        if golongan_index(e.golongan) < golongan_index("IV/a"):
            e.golongan = "IV/a"
        if e.education not in ("s1", "d4", "s2", "s3"):
            e.education = "s1"
        if e.tmt_position is None or e.tmt_position > today - timedelta(days=3 * 366):
            e.tmt_position = date(today.year - 4, 1, 2)
        e._change_reason = "Demo: kandidat suksesi"  # type: ignore[attr-defined]
        e.save()
        rating = performance.Rating(perf)
        predicate = performance.predicate(rating, rating).value
        SkpResult.unscoped.filter(employee=e, year=latest).update(
            result=perf, behaviour=perf, predicate=predicate
        )
        Assessment.unscoped.filter(employee=e, year=latest).update(
            potential=potential, competency_score=Decimal(90 - i), training_hours=24 + 4 * i
        )
    if len(admins) == 7:
        start = today - timedelta(days=60)
        kind = discipline.Sanction.TUKIN_CUT_12_MONTHS
        DisciplineRecord.unscoped.create(
            agency=agency, employee=admins[6], violation="Tidak masuk kerja tanpa alasan yang "
            "sah secara kumulatif 12 hari kerja dalam satu tahun",
            sanction=kind.value, level=discipline.level(kind).value, decided_on=start,
            starts_on=start, ends_on=discipline.sanction_end(kind, start),
            decided_by_name="Wali Kota", decided_by_position="Pejabat Pembina Kepegawaian",
        )  # fmt: skip
    return len(admins)


def load_talent(agency: Agency, *, seed: int, today: date | None = None) -> TalentSummary:
    """SKP and assessments for the agency's ASN, and the JPT posts and their candidates."""
    day = today or timezone.localdate()
    on = next_october(day)
    rng = random.Random(seed * 19 + 7)
    staff = list(
        Employee.unscoped.filter(agency=agency, active=True, status__in=Employee.ASN_STATUSES)
        .select_related("position")
        .order_by("pk")
    )
    skp, assessments = _ratings(agency, staff, rng)
    empty = _make_posts(agency, day, on)
    candidates = _candidates(agency, day, on)
    return TalentSummary(skp, assessments, empty, candidates)
