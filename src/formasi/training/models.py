"""Training needs (issue 20 item 4): competency standards per position, each employee's recorded
competency levels and development hours, and the yearly training plan.

* :class:`Competency` — the agency's dictionary of competencies, each technical, managerial or
  socio-cultural (PermenPAN-RB 38/2017 Pasal 4).
* :class:`CompetencyStandard` — one line of a position's standar kompetensi jabatan: a
  competency at a required level 1–5. Agency-wide like the position master (BKPSDM keeps it).
* :class:`CompetencyRecord` — the level an employee has on a competency (entered or imported),
  with the day it was assessed. One row per employee and competency; history keeps the past.
* :class:`DevelopmentRecord` — hours of competence development an employee did (JP), counted
  against the 20 JP a year of PP 11/2017 Pasal 203.
* :class:`PlanLine` — a line of the yearly training plan: who, what, priority, hours, cost and
  provider; generated from a gap or a 9-box development action, or entered by hand.

Employee rows copy the employee's agency and are scoped through the employee's unit (resource
"training"): an OPD operator sees and enters the people of their OPD subtree.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from formasi.core.history import HistoricalRecords
from formasi.core.scoping import ScopedManager, ScopedQuerySet

__all__ = [
    "Competency",
    "CompetencyRecord",
    "CompetencyStandard",
    "DevelopmentRecord",
    "Kind",
    "PlanLine",
    "Priority",
    "Source",
    "StandardQuerySet",
    "TrainingQuerySet",
]

LEVELS = [MinValueValidator(1), MaxValueValidator(5)]


class Kind(models.TextChoices):
    """Values of ``domain.training.Kind``."""

    TECHNICAL = "technical", _("Technical")
    MANAGERIAL = "managerial", _("Managerial")
    SOCIO_CULTURAL = "socio_cultural", _("Socio-cultural")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Source(models.TextChoices):
    GAP = "gap", _("Competency gap")
    NINE_BOX = "ninebox", _("9-box development action")
    MANUAL = "manual", _("Entered by hand")


class StandardQuerySet(ScopedQuerySet):
    resource = "competency_standard"


class TrainingQuerySet(ScopedQuerySet):
    resource = "training"
    unit_path_field = "employee__unit__path"


def _agency() -> models.ForeignKey:
    return models.ForeignKey(
        "organization.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )


def _employee(related: str) -> models.ForeignKey:
    return models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name=related,
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


class Competency(models.Model):
    agency = _agency()
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("competency kind"), max_length=16, choices=Kind.choices)
    description = models.TextField(_("description"), max_length=2000, blank=True)

    unscoped = models.Manager.from_queryset(StandardQuerySet)()
    objects = ScopedManager.from_queryset(StandardQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["kind", "name", "id"]
        default_manager_name = "unscoped"
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="uniq_competency_code")
        ]

    def __str__(self) -> str:
        return self.name


class CompetencyStandard(models.Model):
    agency = _agency()
    position = models.ForeignKey(
        "organization.Position",
        verbose_name=_("position"),
        on_delete=models.PROTECT,
        related_name="competency_standards",
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("required level"), validators=LEVELS)

    unscoped = models.Manager.from_queryset(StandardQuerySet)()
    objects = ScopedManager.from_queryset(StandardQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("competency standard")
        verbose_name_plural = _("competency standards")
        ordering = ["position__name", "competency__kind", "competency__name", "id"]
        default_manager_name = "unscoped"
        constraints = [
            models.UniqueConstraint(
                fields=["position", "competency"], name="uniq_standard_position_competency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position} · {self.competency} {self.level}"


class CompetencyRecord(models.Model):
    agency = _agency()
    employee = _employee("competency_records")
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVELS)
    assessed_on = models.DateField(_("assessed on"))
    entered_by = _entered_by()
    at = models.DateTimeField(_("entered at"), auto_now=True)

    unscoped = models.Manager.from_queryset(TrainingQuerySet)()
    objects = ScopedManager.from_queryset(TrainingQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("competency record")
        verbose_name_plural = _("competency records")
        ordering = ["employee__name", "competency__name", "id"]
        default_manager_name = "unscoped"
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "competency"], name="uniq_record_employee_competency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.competency} {self.level}"


class DevelopmentRecord(models.Model):
    agency = _agency()
    employee = _employee("development_records")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("activity"), max_length=200)
    hours = models.PositiveSmallIntegerField(
        _("lesson hours (JP)"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    entered_by = _entered_by()
    at = models.DateTimeField(_("entered at"), auto_now=True)

    unscoped = models.Manager.from_queryset(TrainingQuerySet)()
    objects = ScopedManager.from_queryset(TrainingQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("development record")
        verbose_name_plural = _("development records")
        ordering = ["-year", "employee__name", "id"]
        default_manager_name = "unscoped"
        indexes = [models.Index(fields=["agency", "year"], name="development_agency_year")]

    def __str__(self) -> str:
        return f"{self.employee} {self.year}: {self.title}"


class PlanLine(models.Model):
    agency = _agency()
    employee = _employee("training_plan_lines")
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    competency = models.ForeignKey(
        Competency,
        verbose_name=_("competency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(
        _("9-box action"), max_length=32, blank=True, help_text=_("Set on lines from the 9-box.")
    )
    title = models.CharField(
        _("training"),
        max_length=200,
        blank=True,
        help_text=_("Empty on generated lines: the competency or the 9-box action is shown."),
    )
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices)
    hours = models.PositiveSmallIntegerField(
        _("lesson hours (JP)"), validators=[MaxValueValidator(2000)]
    )
    cost = models.DecimalField(
        _("cost (Rp)"),
        max_digits=14,
        decimal_places=0,
        default=0,
        validators=[MinValueValidator(0)],
    )
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    entered_by = _entered_by()
    at = models.DateTimeField(_("entered at"), auto_now=True)

    unscoped = models.Manager.from_queryset(TrainingQuerySet)()
    objects = ScopedManager.from_queryset(TrainingQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training plan line")
        verbose_name_plural = _("training plan lines")
        ordering = ["-year", "employee__name", "id"]
        default_manager_name = "unscoped"
        indexes = [models.Index(fields=["agency", "year"], name="planline_agency_year")]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year", "competency"],
                condition=models.Q(source="gap"),
                name="uniq_planline_gap",
            ),
            models.UniqueConstraint(
                fields=["employee", "year", "action"],
                condition=models.Q(source="ninebox"),
                name="uniq_planline_box_action",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.year}: {self.title}"
