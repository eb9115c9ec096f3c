"""The five-year needs plan (issue 5): the scenarios a planner runs and their results.

The need side (the peta jabatan, ABK tasks and the agency's ABK settings) is in
``formasi.workload.models``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from formasi.core.models import BackgroundJob
from formasi.core.scoping import ScopedManager, ScopedQuerySet

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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


def _weights_errors(value: object) -> list[StrOrPromise]:
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
        errors: dict[str, list[StrOrPromise]] = {}
        for field in ("family_weights", "area_weights"):
            problems = _weights_errors(getattr(self, field))
            if problems:
                errors[field] = problems
        if errors:
            raise ValidationError(errors)


class PlanDocumentQuerySet(ScopedQuerySet):
    resource = "plan"
    agency_field = "scenario__agency"


class PlanDocument(BackgroundJob):
    """A plan PDF made in the background (issue 17): WeasyPrint takes seconds, so the page
    queues it and polls. ``key`` says what it was made from (the scenario's computation,
    the agency's signatory, the date it bears); a request whose key matches a document that
    is made or being made gets that one instead of a new one."""

    scenario = models.ForeignKey(
        Scenario, verbose_name=_("scenario"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("key"), max_length=64)
    dated = models.DateField(_("date of the document"))
    content = models.BinaryField(_("PDF"), editable=False, default=b"")

    unscoped = models.Manager.from_queryset(PlanDocumentQuerySet)()
    objects = ScopedManager.from_queryset(PlanDocumentQuerySet)()

    class Meta:
        verbose_name = _("plan document")
        verbose_name_plural = _("plan documents")
        default_manager_name = "unscoped"
        indexes = [models.Index(fields=["scenario", "key"], name="plandoc_scenario_key")]

    def __str__(self) -> str:
        return f"{self.scenario_id}:{self.key[:8]}"

    @property
    def is_busy(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
