"""Words for the merit self-assessment's codes (``formasi.domain.merit``): aspects, indicators,
categories, the figures of an auto-answer, and the page that proves each auto-answer."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from formasi.domain.merit import Aspect

__all__ = ["ASPECTS", "CATEGORIES", "EVIDENCE_PAGES", "FIGURES", "INDICATORS", "LEVELS"]

ASPECTS = {
    Aspect.PERENCANAAN: _("Workforce needs planning"),
    Aspect.PENGADAAN: _("Procurement"),
    Aspect.PENGEMBANGAN_KARIER: _("Career development"),
    Aspect.PROMOSI_MUTASI: _("Promotion and transfer"),
    Aspect.MANAJEMEN_KINERJA: _("Performance management"),
    Aspect.PENGGAJIAN_PENGHARGAAN_DISIPLIN: _("Pay, awards and discipline"),
    Aspect.PERLINDUNGAN_PELAYANAN: _("Protection and services"),
    Aspect.SISTEM_INFORMASI: _("Information system"),
}

INDICATORS = {
    "peta_jabatan": _("A job map (peta jabatan) is set"),
    "needs_plan_abk": _("The needs plan rests on workload analysis (ABK)"),
    "needs_fulfilment": _("Needs are filled as planned"),
    "yearly_procurement_plan": _("A yearly procurement plan exists"),
    "open_procurement_policy": _("Procurement is open and competitive"),
    "job_standards_skj": _("Competency standards (SKJ) for every position"),
    "competency_profiles": _("Competency profiles of the staff are mapped"),
    "competence_development_plan": _("A competence development plan exists"),
    "talent_succession": _("A talent pool and successors for key posts"),
    "career_pattern": _("A career pattern is set"),
    "open_selection": _("Open selection for every JPT post filled"),
    "objective_appraisal_method": _("Performance is appraised objectively"),
    "performance_appraisal": _("An SKP result is recorded for every employee"),
    "performance_in_career": _("Performance results are used in career decisions"),
    "tukin_by_performance": _("Performance allowance follows performance"),
    "awards": _("Awards are given on merit"),
    "discipline_enforcement": _("Discipline is enforced and decisions recorded"),
    "protection_programme": _("Protection programmes (insurance, legal aid)"),
    "staff_services": _("Staff services and complaints handling"),
    "integrated_simpeg": _("An integrated personnel information system"),
    "e_office": _("Electronic office services"),
}

CATEGORIES = {
    "buruk": _("I – Poor (buruk)"),
    "kurang": _("II – Fair (kurang)"),
    "baik": _("III – Good (baik)"),
    "sangat_baik": _("IV – Very good (sangat baik)"),
}

LEVELS = [
    (1, _("1 – not in place")),
    (2, _("2 – partly in place")),
    (3, _("3 – mostly in place")),
    (4, _("4 – fully in place")),
]

FIGURES = {
    "need_cells": _("cells of the job map"),
    "need_cells_from_abk": _("of which from ABK"),
    "target_posts": _("JPT and administrator posts empty by 1 October next year"),
    "target_posts_with_successor": _("of which with a ready pool member"),
    "talent_pool": _("people in the talent pool"),
    "jpt_filled": _("JPT posts filled this year"),
    "jpt_filled_by_open_selection": _("of which by open selection"),
    "employees": _("active employees"),
    "employees_with_skp": _("of whom with the year's SKP"),
    "discipline_records": _("discipline sanctions decided this year"),
    "discipline_records_with_decision": _("of which with the deciding official recorded"),
}

#: The page that proves each auto-answer: URL name and its label.
EVIDENCE_PAGES = {
    "needs_plan_abk": ("workload:peta", _("Job map and ABK")),
    "talent_succession": ("talent:pool", _("Talent pool")),
    "performance_appraisal": ("talent:skp", _("SKP results")),
    "discipline_enforcement": ("talent:discipline_list", _("Discipline records")),
}
