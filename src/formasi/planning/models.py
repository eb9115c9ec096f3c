"""The need side of the peta jabatan (issue 4): how many people each position in each unit
needs, where that number comes from, and the ABK task list behind it.

The formulas live in ``formasi.domain.abk``, ``formasi.domain.wisn`` and
``formasi.domain.standards``; these models keep their inputs and results. A need is stored as
the exact fraction and as the whole number the agency's rounding rule gives.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from formasi.core.history import HistoricalRecords
from formasi.core.models import BackgroundJob
from formasi.core.scoping import ScopedManager, ScopedQuerySet
from formasi.domain import abk


class PlanningSettings(models.Model):
    """An agency's ABK settings: effective working time, rounding rule and grade bands."""

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
        related_name="planning_settings",
    )
    effective_minutes = models.PositiveIntegerField(
        _("effective working time (minutes per year)"),
        default=abk.EFFECTIVE_MINUTES_PER_YEAR,
        validators=[MinValueValidator(1)],
        help_text=_("PermenPAN-RB 1/2020: 1,250 hours = 75,000 minutes."),
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


# --------------------------------------------------------------------------- five-year plan


def _default_family_weights() -> dict[str, float]:
    from formasi.domain.budget import DEFAULT_FAMILY_WEIGHTS

    return dict(DEFAULT_FAMILY_WEIGHTS)


#: A plan starts from a year Formasi has data for and the projection's dates can reach.
BASE_YEAR_MIN = 2000
BASE_YEAR_MAX = 2100
#: The most hires a year a scenario can limit to (larger is no limit in practice).
MAX_HIRES_PER_YEAR = 1_000_000
#: The most keys of a priority mapping (families; kecamatan of a province).
MAX_WEIGHTS = 1000


def _weights_errors(value: object) -> list[str]:
    """What is wrong with a priority mapping: {key: weight from 0 to 1}."""
    if not isinstance(value, dict):
        return [_("Priorities must be a mapping of names to weights.")]
    if len(value) > MAX_WEIGHTS:
        return [_("At most %(n)s priorities.") % {"n": MAX_WEIGHTS}]
    for key, weight in value.items():
        if not isinstance(key, str) or not 1 <= len(key) <= 40:
            return [_("Each priority needs a name of 1 to 40 characters.")]
        if isinstance(weight, bool) or not isinstance(weight, int | float | Decimal):
            return [_("The priority of “%(key)s” must be a number.") % {"key": key}]
        if not 0 <= weight <= 1:
            return [_("The priority of “%(key)s” must be from 0 to 1.") % {"key": key}]
    return []


class ScenarioQuerySet(ScopedQuerySet):
    resource = "plan"
    agency_field = "agency"


class Scenario(BackgroundJob):
    """One run of the five-year needs plan (issue 5): the assumptions a planner chose and, once
    computed, the result (projection, retirement wave, spending ratio, recruitment plan)."""

    agency = models.ForeignKey(
        "organization.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    is_baseline = models.BooleanField(_("baseline"), default=False)
    base_year = models.PositiveSmallIntegerField(
        _("base year"),
        help_text=_("Bezetting is counted on 31 December of this year."),
        validators=[MinValueValidator(BASE_YEAR_MIN), MaxValueValidator(BASE_YEAR_MAX)],
    )
    horizon = models.PositiveSmallIntegerField(
        _("years"), default=5, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    attrition_percent = models.DecimalField(
        _("other leavers a year (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(50))],
        help_text=_("Deaths, resignations and transfers out, besides retirement and contracts."),
    )
    renewal_percent = models.DecimalField(
        _("PPPK contracts renewed (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Perban BKN 9/2022 counts every ending contract as leaving (0 %)."),
    )
    need_growth_percent = models.DecimalField(
        _("need growth a year (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(-20)), MaxValueValidator(Decimal(20))],
    )
    apbd_growth_percent = models.DecimalField(
        _("APBD growth a year (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("4.00"),
        validators=[MinValueValidator(Decimal(-20)), MaxValueValidator(Decimal(30))],
    )
    cap_percent = models.DecimalField(
        _("personnel spending cap (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("30.00"),
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(100))],
        help_text=_("UU 1/2022 Pasal 146: 30 % of total APBD spending."),
    )
    pppk_percent = models.DecimalField(
        _("share of new hires as PPPK (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("70.00"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    max_hires_per_year = models.PositiveIntegerField(
        _("most hires a year"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit."),
        validators=[MaxValueValidator(MAX_HIRES_PER_YEAR)],
    )
    family_weights = models.JSONField(_("priority by family"), default=_default_family_weights)
    area_weights = models.JSONField(
        _("priority by kecamatan"),
        default=dict,
        blank=True,
        help_text=_("Empty: kecamatan with a larger share of their need unmet come first."),
    )

    result = models.JSONField(_("result"), null=True, blank=True)

    unscoped = models.Manager.from_queryset(ScenarioQuerySet)()
    objects = ScopedManager.from_queryset(ScenarioQuerySet)()

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        default_manager_name = "unscoped"
        ordering = ["agency", "-is_baseline", "created_at", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The priorities (the form sends numbers from 0 to 1; the API sends mappings)."""
        errors = {}
        for field in ("family_weights", "area_weights"):
            problems = _weights_errors(getattr(self, field))
            if problems:
                errors[field] = problems
        if errors:
            raise ValidationError(errors)
