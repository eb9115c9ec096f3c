"""The demo city's merit self-assessment (PermenPAN-RB 40/2018): 2024 and 2025 submitted (the
score rising from Kurang to Baik, as Solo's did) and this year's in draft, each with the five
indicators Formasi answers from the demo's own data (peta jabatan and ABK, talent pool, SKP
coverage, discipline records, open selection) and their figures. The assessor's answers are
fixed levels per indicator; 2025 carries one evidence file. Every write goes through
``formasi.talent.meritself_services``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from formasi.demo.careers import REF
from formasi.domain import merit
from formasi.organization.models import Agency
from formasi.talent import meritself_services as services
from formasi.talent.models import MeritAnswer, MeritAssessment

#: The assessor's level per indicator for 2025 (2024 one lower where above 1); auto-answered
#: indicators keep what the data gives.
LEVELS_2025 = {
    "peta_jabatan": 4, "needs_plan_abk": 3, "needs_fulfilment": 3, "yearly_procurement_plan": 3,
    "open_procurement_policy": 4, "job_standards_skj": 3, "competency_profiles": 2,
    "competence_development_plan": 3, "talent_succession": 2, "career_pattern": 3,
    "open_selection": 4, "objective_appraisal_method": 3, "performance_appraisal": 3,
    "performance_in_career": 2, "tukin_by_performance": 3, "awards": 3,
    "discipline_enforcement": 3, "protection_programme": 3, "staff_services": 3,
    "integrated_simpeg": 3, "e_office": 3,
}  # fmt: skip
NOTES = {
    "peta_jabatan": "Peta jabatan ditetapkan dengan Peraturan Wali Kota; lihat lampiran.",
    "open_selection": "Dua JPT diisi melalui seleksi terbuka (pengumuman di laman BKPSDM).",
    "competency_profiles": "Pemetaan kompetensi baru mencakup pejabat struktural.",
}
#: A tiny well-formed PDF standing in for the scanned decree.
EVIDENCE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
#: Indicators this year's draft has answered so far (the rest is still open).
DRAFT_ANSWERED = ("peta_jabatan", "yearly_procurement_plan", "open_procurement_policy", "awards")


def _fill(row: MeritAssessment, admin: Any, levels: dict[str, int]) -> None:
    manual = MeritAnswer.unscoped.filter(assessment=row, auto=False).order_by("id")
    for answer in manual:
        if answer.indicator in levels:
            services.answer_indicator(
                assessment=row,
                indicator=answer.indicator,
                level=levels[answer.indicator],
                note=NOTES.get(answer.indicator, ""),
                actor=admin,
            )


def load_meritself(agency: Agency) -> MeritAssessment:
    """Three years of the agency's self-assessment; returns this year's draft. The demo's
    BKPSDM admin must exist."""
    admin = get_user_model().objects.get(username="admin")
    codes = [i.code for i in merit.DEFAULT_FRAMEWORK.indicators]
    for year, shift in ((REF.year - 2, 1), (REF.year - 1, 0)):
        row, _created = services.start_assessment(agency=agency, year=year, actor=admin, today=REF)
        _fill(row, admin, {c: max(1, LEVELS_2025[c] - shift) for c in codes})
        if year == REF.year - 1:
            answer = MeritAnswer.unscoped.get(assessment=row, indicator="peta_jabatan")
            services.add_evidence(
                answer=answer, name="perwali-peta-jabatan.pdf", content=EVIDENCE_PDF, actor=admin
            )
        services.submit_assessment(assessment=row, actor=admin)
    draft, _created = services.start_assessment(
        agency=agency, year=REF.year, actor=admin, today=REF
    )
    _fill(draft, admin, {c: LEVELS_2025[c] for c in DRAFT_ANSWERED})
    return draft
