"""Workload (issue 4): the need side of the peta jabatan — how many people each position in
each unit needs, where that number comes from, the ABK task list behind it, and the agency's ABK
settings. The five-year plan (``formasi.planning``) reads these needs; nothing here reads it.

The formulas live in ``formasi.domain.abk``, ``formasi.domain.wisn`` and
``formasi.domain.standards``; these models keep their inputs and results. A need is stored as
the exact fraction and as the whole number the agency's rounding rule gives.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from formasi.core.history import HistoricalRecords
from formasi.core.scoping import ScopedManager, ScopedQuerySet
from formasi.domain import abk, abk_layout

#: The most minutes a (leap) year holds: no effective working time can exceed it.
MINUTES_PER_YEAR = 366 * 24 * 60


class WorkloadSettings(models.Model):
    """An agency's ABK settings: effective working time, rounding rule and grade bands.

    Called "planning settings" on screen (the page and admin keep their names); it belongs to
    workload because only the ABK computation reads it."""

    class Rounding(models.TextChoices):
        NEAREST = "nearest", _("Nearest (half up)")
        CEIL = "ceil", _("Up")
        FLOOR = "floor", _("Down")

    class Bands(models.TextChoices):
        PERMENDAGRI = (
            "permendagri",
            _("Permendagri 12/2008 (A > 1.00, B ≥ 0.90, C ≥ 0.70, D ≥ 0.50)"),
        )
        DEPKEU = "depkeu", _("Depkeu 2002 (A > 1.00, B ≥ 0.81, C ≥ 0.66, D ≥ 0.50)")

    agency = models.OneToOneField(
        "organization.Agency",
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="workload_settings",
    )
    effective_minutes = models.PositiveIntegerField(
        _("effective working time (minutes per year)"),
        default=abk.EFFECTIVE_MINUTES_PER_YEAR,
        validators=[MinValueValidator(1), MaxValueValidator(MINUTES_PER_YEAR)],
        help_text=_("PermenPAN-RB 1/2020: 1,250 hours = 75,000 minutes."),
    )
    effective_days = models.PositiveSmallIntegerField(
        _("effective working days per year"),
        default=235,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text=_(
            "Converts volumes counted per day or week in uploaded ABK workbooks: 365 days less "
            "104 weekend days, 14 holidays and 12 days of leave = 235 (five-day week)."
        ),
    )
    working_days_per_week = models.PositiveSmallIntegerField(
        _("working days per week"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
        help_text=_("A week's volume counts effective days ÷ this many (235 ÷ 5 = 47 weeks)."),
    )
    rounding = models.CharField(
        _("rounding of the need"), max_length=10, choices=Rounding.choices, default=Rounding.NEAREST
    )
    bands = models.CharField(
        _("job effectiveness grades"),
        max_length=12,
        choices=Bands.choices,
        default=Bands.PERMENDAGRI,
    )

    class Meta:
        verbose_name = _("planning settings")
        verbose_name_plural = _("planning settings")

    def __str__(self) -> str:
        return str(self.agency)

    @property
    def period_basis(self) -> abk_layout.PeriodBasis:
        """The effective time that converts a volume per period into a volume per year."""
        return abk_layout.PeriodBasis(
            effective_minutes=self.effective_minutes,
            effective_days=self.effective_days,
            working_days_per_week=self.working_days_per_week,
        )

    @property
    def grade_bands(self) -> tuple[abk.Band, ...]:
        return abk.DEPKEU_BANDS if self.bands == self.Bands.DEPKEU else abk.PERMENDAGRI_BANDS


class NeedQuerySet(ScopedQuerySet):
    resource = "need"
    unit_path_field = "unit__path"


class PositionNeed(models.Model):
    """The need of one position in one unit."""

    class Source(models.TextChoices):
        ABK = "abk", _("Workload analysis (ABK)")
        STANDARD = "standard", _("Staffing standard")
        WISN = "wisn", _("WISN")
        ENTERED = "entered", _("Entered")

    agency = models.ForeignKey(
        "organization.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "organization.OrgUnit",
        verbose_name=_("work unit"),
        on_delete=models.CASCADE,
        related_name="needs",
    )
    position = models.ForeignKey(
        "organization.Position",
        verbose_name=_("position"),
        on_delete=models.CASCADE,
        related_name="needs",
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    exact = models.DecimalField(
        _("exact need"), max_digits=12, decimal_places=4, default=Decimal(0)
    )
    count = models.PositiveIntegerField(_("need"))
    basis = models.CharField(
        _("basis"), max_length=255, blank=True, help_text=_("The regulation or method behind it.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    unscoped = models.Manager.from_queryset(NeedQuerySet)()
    objects = ScopedManager.from_queryset(NeedQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("position need")
        verbose_name_plural = _("position needs")
        default_manager_name = "unscoped"
        ordering = ["unit", "position"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "position"], name="uniq_need_unit_position")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.position}: {self.count}"


class AbkTask(models.Model):
    """One row of a position's ABK task list (uraian tugas) in one unit."""

    need = models.ForeignKey(
        PositionNeed, verbose_name=_("need"), on_delete=models.CASCADE, related_name="tasks"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.CharField(_("task (uraian tugas)"), max_length=500)
    output_unit = models.CharField(_("output unit (satuan hasil)"), max_length=100, blank=True)
    volume = models.DecimalField(
        _("yearly volume (beban kerja)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    norm_minutes = models.DecimalField(
        _("time norm (minutes)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ABK task")
        verbose_name_plural = _("ABK tasks")
        ordering = ["need", "order", "id"]

    def __str__(self) -> str:
        return self.description

    def as_task(self) -> abk.Task:
        return abk.Task(volume=float(self.volume), norm_minutes=float(self.norm_minutes))
