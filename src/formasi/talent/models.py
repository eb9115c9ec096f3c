"""Talent data of each employee: yearly SKP results, potential assessments and discipline records.

* :class:`SkpResult` — the year's rating hasil kerja and rating perilaku kerja and the predikat
  kinerja read off the matrix of PermenPAN-RB 6/2022 (``formasi.domain.performance``).
* :class:`Assessment` — the results a potential is assessed from (competency test score,
  education, training hours) and that potential (``formasi.domain.talent.assessed_potential``,
  PermenPAN-RB 3/2020 for the axes; the weights are [U] settings).
* :class:`DisciplineRecord` — a hukuman disiplin (PP 94/2021): violation, sanction and its level,
  dates (``formasi.domain.discipline``), who decided, and its status on a day.

Every row copies its employee's agency (cheap filters) and is scoped through the employee's unit:
an OPD operator sees and enters the people of their OPD subtree.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from formasi.core.history import HistoricalRecords
from formasi.core.scoping import ScopedManager, ScopedQuerySet
from formasi.domain import discipline as discipline_rules

__all__ = [
    "Assessment",
    "DisciplineQuerySet",
    "DisciplineRecord",
    "Education",
    "Level",
    "Potential",
    "Predicate",
    "Rating",
    "Sanction",
    "SkpResult",
    "TalentQuerySet",
]


class Rating(models.TextChoices):
    """Rating hasil kerja / perilaku kerja (values of ``domain.performance.Rating``)."""

    ABOVE = "above", _("Above expectation")
    AS_EXPECTED = "as_expected", _("As expected")
    BELOW = "below", _("Below expectation")


class Predicate(models.TextChoices):
    """Predikat kinerja pegawai (values of ``domain.performance.Predicate``)."""

    SANGAT_BAIK = "sangat_baik", _("Very good")
    BAIK = "baik", _("Good")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Needs improvement")
    KURANG = "kurang", _("Poor / misconduct")
    SANGAT_KURANG = "sangat_kurang", _("Very poor")


class Potential(models.TextChoices):
    """Potensi level (values of ``domain.talent.Potential``)."""

    LOW = "low", _("Low potential")
    MEDIUM = "medium", _("Medium potential")
    HIGH = "high", _("High potential")


class Education(models.TextChoices):
    """Jenjang pendidikan as the potential assessment scores it (``domain.talent.Education``)."""

    SD = "sd", _("Primary school")
    SMP = "smp", _("Junior secondary")
    SLTA = "slta", _("Senior secondary")
    D1 = "d1", "D-I"
    D2 = "d2", "D-II"
    D3 = "d3", "D-III"
    S1_D4 = "s1_d4", "S-1 / D-IV"
    S2 = "s2", "S-2"
    S3 = "s3", "S-3"


class Level(models.TextChoices):
    """Tingkat hukuman disiplin (PP 94/2021 Pasal 8)."""

    RINGAN = "ringan", _("Light")
    SEDANG = "sedang", _("Moderate")
    BERAT = "berat", _("Severe")


class Sanction(models.TextChoices):
    """Jenis hukuman disiplin (PP 94/2021 Pasal 8), lightest first."""

    TEGURAN_LISAN = "teguran_lisan", _("Oral reprimand")
    TEGURAN_TERTULIS = "teguran_tertulis", _("Written reprimand")
    PERNYATAAN_TIDAK_PUAS = "pernyataan_tidak_puas", _("Written statement of dissatisfaction")
    TUKIN_CUT_6_MONTHS = (
        "tukin_cut_6_months",
        _("Performance allowance cut 25 percent for 6 months"),
    )
    TUKIN_CUT_9_MONTHS = (
        "tukin_cut_9_months",
        _("Performance allowance cut 25 percent for 9 months"),
    )
    TUKIN_CUT_12_MONTHS = (
        "tukin_cut_12_months",
        _("Performance allowance cut 25 percent for 12 months"),
    )
    PENURUNAN_JABATAN = "penurunan_jabatan", _("Demotion one level for 12 months")
    PEMBEBASAN_JABATAN = (
        "pembebasan_jabatan",
        _("Release from the position to a pelaksana post for 12 months"),
    )
    PDHTAPS = "pdhtaps", _("Honourable discharge not at own request")


class TalentQuerySet(ScopedQuerySet):
    resource = "talent"
    unit_path_field = "employee__unit__path"


class DisciplineQuerySet(ScopedQuerySet):
    resource = "discipline"
    unit_path_field = "employee__unit__path"


def _agency() -> models.ForeignKey:
    return models.ForeignKey(
        "organization.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )


def _entered_by() -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )


class SkpResult(models.Model):
    """Hasil penilaian kinerja (SKP) of one employee for one year (PermenPAN-RB 6/2022)."""

    agency = _agency()
    employee = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="skp_results",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    result = models.CharField(_("work result rating"), max_length=12, choices=Rating.choices)
    behaviour = models.CharField(_("work behaviour rating"), max_length=12, choices=Rating.choices)
    predicate = models.CharField(
        _("performance predicate"), max_length=16, choices=Predicate.choices, editable=False
    )
    entered_by = _entered_by()
    at = models.DateTimeField(_("entered at"), auto_now=True)

    unscoped = models.Manager.from_queryset(TalentQuerySet)()
    objects = ScopedManager.from_queryset(TalentQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("SKP result")
        verbose_name_plural = _("SKP results")
        ordering = ["-year", "employee__name", "id"]
        default_manager_name = "unscoped"
        constraints = [
            models.UniqueConstraint(fields=["employee", "year"], name="uniq_skp_employee_year")
        ]
        indexes = [models.Index(fields=["agency", "year"], name="skp_agency_year")]

    def __str__(self) -> str:
        return f"{self.employee} {self.year}"


class Assessment(models.Model):
    """The results a potential is assessed from, for one employee and year (PermenPAN-RB 3/2020:
    potensi and kompetensi are the horizontal axis of the 9-box)."""

    agency = _agency()
    employee = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    competency_score = models.DecimalField(
        _("competency test score"),
        max_digits=5,
        decimal_places=2,
        help_text=_("0 to 100, for example the job-person match of a competency assessment."),
    )
    education = models.CharField(_("education"), max_length=6, choices=Education.choices)
    training_hours = models.PositiveSmallIntegerField(
        _("training hours"), help_text=_("Lesson hours (JP) of competence development this year.")
    )
    potential_score = models.DecimalField(
        _("potential score"), max_digits=5, decimal_places=2, editable=False
    )
    potential = models.CharField(
        _("potential"), max_length=8, choices=Potential.choices, editable=False
    )
    entered_by = _entered_by()
    at = models.DateTimeField(_("entered at"), auto_now=True)

    unscoped = models.Manager.from_queryset(TalentQuerySet)()
    objects = ScopedManager.from_queryset(TalentQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("potential assessment")
        verbose_name_plural = _("potential assessments")
        ordering = ["-year", "employee__name", "id"]
        default_manager_name = "unscoped"
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year"], name="uniq_assessment_employee_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.year}"


class DisciplineRecord(models.Model):
    """A hukuman disiplin decided for one employee (PP 94/2021)."""

    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Not yet in force")
        RUNNING = "running", _("Running")
        ENDED = "ended", _("Ended")
        DISMISSED = "dismissed", _("Discharged")

    agency = _agency()
    employee = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="discipline_records",
    )
    violation = models.TextField(_("violation"), max_length=2000)
    sanction = models.CharField(_("sanction"), max_length=24, choices=Sanction.choices)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices, editable=False)
    decided_on = models.DateField(_("decided on"))
    starts_on = models.DateField(
        _("in force from"),
        blank=True,
        help_text=_("Empty: the 15th day after the decision (PP 94/2021)."),
    )
    ends_on = models.DateField(_("ends on"), null=True, blank=True, editable=False)
    decided_by_name = models.CharField(_("decided by (name)"), max_length=150)
    decided_by_position = models.CharField(_("decided by (position)"), max_length=200)
    entered_by = _entered_by()
    at = models.DateTimeField(_("entered at"), auto_now=True)

    unscoped = models.Manager.from_queryset(DisciplineQuerySet)()
    objects = ScopedManager.from_queryset(DisciplineQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("discipline record")
        verbose_name_plural = _("discipline records")
        ordering = ["-decided_on", "-id"]
        default_manager_name = "unscoped"
        indexes = [models.Index(fields=["agency", "decided_on"], name="discipline_agency_date")]

    def __str__(self) -> str:
        return f"{self.employee} {self.decided_on}"

    def status_on(self, day: date) -> str:
        """Upcoming before it is in force; discharged (PDHTAPS, no end); running until the end
        date (exclusive); ended after it — a light sanction ends the day it is in force."""
        if day < self.starts_on:
            return self.Status.UPCOMING
        if self.ends_on is None:
            return self.Status.DISMISSED
        return self.Status.RUNNING if day < self.ends_on else self.Status.ENDED

    def blocks_promotion(self, day: date) -> bool:
        """Whether the sanction bars a promotion on ``day`` (PromotionPolicy default)."""
        record = discipline_rules.SanctionRecord(
            discipline_rules.Sanction(self.sanction), self.starts_on
        )
        return bool(discipline_rules.promotion_blocks([record], day))


from formasi.talent.meritself_models import *  # noqa: E402, F403
from formasi.talent.selection_models import (  # noqa: E402, F401
    Candidate,
    CommitteeMember,
    Selection,
)
from formasi.talent.succession_models import *  # noqa: E402, F403
