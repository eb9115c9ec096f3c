"""The only writers of talent data: SKP results, potential assessments and discipline records.

Each function is one atomic use case with keyword-only arguments and the acting user explicit,
called alike by the pages, the API and the admin: it checks the employee is one the actor may
change (404-like ``PermissionDenied`` otherwise), calls the domain for what is computed
(predicate, potential, sanction level and dates), saves with history, and checks the saved row
is still the actor's to change.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from formasi.accounts.models import User
from formasi.core.audit import record_event
from formasi.core.permissions import Action, can
from formasi.core.scoping import ensure_visible
from formasi.domain import discipline as discipline_rules
from formasi.domain import performance
from formasi.domain import talent as talent_rules
from formasi.talent.models import Assessment, DisciplineRecord, SkpResult
from formasi.workforce.models import Employee
from formasi.workforce.services import StaleEditError, edit_version

__all__ = [
    "FIRST_YEAR",
    "assessment_weights",
    "education_of",
    "potential_bands",
    "potential_level",
    "record_assessment",
    "record_discipline",
    "record_skp",
]

#: SKP under PermenPAN-RB 6/2022 and assessments are taken from this year on.
FIRST_YEAR = 2000

# Employee education (workforce) → the jenjang the potential assessment scores.
_EDUCATION = {
    "sd": "sd",
    "smp": "smp",
    "sma": "slta",
    "d1": "d1",
    "d2": "d2",
    "d3": "d3",
    "d4": "s1_d4",
    "s1": "s1_d4",
    "s2": "s2",
    "s3": "s3",
}


def education_of(employee: Employee) -> str:
    """The assessment's education code for the employee's recorded education ('' if none)."""
    return _EDUCATION.get(employee.education, "")


def assessment_weights() -> talent_rules.AssessmentWeights:
    """The weights of the assessed potential from the settings (percent; DOMAIN §10 [U])."""
    return talent_rules.AssessmentWeights(
        competency=Fraction(settings.FORMASI_POTENTIAL_WEIGHT_COMPETENCY, 100),
        education=Fraction(settings.FORMASI_POTENTIAL_WEIGHT_EDUCATION, 100),
        training=Fraction(settings.FORMASI_POTENTIAL_WEIGHT_TRAINING, 100),
    )


def potential_bands() -> talent_rules.AxisBands:
    """The potential score cut-offs from the settings (DOMAIN §10 [U])."""
    return talent_rules.AxisBands(
        medium_from=Fraction(settings.FORMASI_POTENTIAL_MEDIUM_FROM),
        high_from=Fraction(settings.FORMASI_POTENTIAL_HIGH_FROM),
    )


def potential_level(score: Fraction, bands: talent_rules.AxisBands) -> talent_rules.Potential:
    """Low below ``medium_from``, medium below ``high_from``, high from there."""
    if score >= bands.high_from:
        return talent_rules.Potential.HIGH
    if score >= bands.medium_from:
        return talent_rules.Potential.MEDIUM
    return talent_rules.Potential.LOW


def _changeable(employee: Employee, actor: User, resource: str) -> None:
    """The employee must be one the actor may change talent data of: 403 for a role that may
    not, else a PermissionDenied naming the scope (the views answer 404 before this)."""
    if not can(actor, Action.CHANGE, resource):
        raise PermissionDenied(_("Your role may not do this."))
    visible = Employee.unscoped.visible_to(actor, Action.CHANGE, resource=resource)
    if not visible.filter(pk=employee.pk).exists():
        raise PermissionDenied(_("This employee is outside the units you may change."))


def _year(year: int, *, latest: int) -> None:
    if not FIRST_YEAR <= year <= latest:
        raise ValidationError(
            {"year": [_("Enter a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR,
                                                                        "last": latest}]}
        )  # fmt: skip


def _history_user(row: SkpResult | Assessment | DisciplineRecord, actor: User) -> None:
    row._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[union-attr]


@transaction.atomic
def record_skp(
    *, employee: Employee, year: int, result: str, behaviour: str, actor: User
) -> tuple[SkpResult, bool]:
    """Record (or correct) the employee's SKP result of ``year``; the predicate comes from the
    matrix of PermenPAN-RB 6/2022. Returns the row and whether it was created."""
    _changeable(employee, actor, "talent")
    _year(year, latest=timezone.localdate().year)
    try:
        predicate = performance.predicate(performance.Rating(result), performance.Rating(behaviour))
    except ValueError as exc:
        raise ValidationError({"result": [_("Choose a rating.")]}) from exc
    row = SkpResult.unscoped.select_for_update().filter(employee=employee, year=year).first()
    created = row is None
    if row is None:
        row = SkpResult(employee=employee, year=year, agency_id=employee.agency_id)
    row.result, row.behaviour, row.predicate = result, behaviour, predicate.value
    row.entered_by = actor
    _history_user(row, actor)
    row.full_clean(validate_unique=False)
    row.save()
    ensure_visible(row, actor, Action.CHANGE, _("You may not change rows outside your scope."))
    record_event(
        action="formasi.skp.recorded",
        actor=actor,
        obj=row,
        to_state=row.predicate,
        payload={"employee": employee.pk, "year": year},
    )
    return row, created


@transaction.atomic
def record_assessment(
    *,
    employee: Employee,
    year: int,
    competency_score: Decimal,
    education: str,
    training_hours: int,
    actor: User,
) -> tuple[Assessment, bool]:
    """Record (or correct) the employee's potential assessment of ``year``; the potential score
    and level come from ``domain.talent.assessed_potential`` with the settings' weights."""
    _changeable(employee, actor, "talent")
    _year(year, latest=timezone.localdate().year)
    try:
        score = talent_rules.assessed_potential(
            competency=float(competency_score),
            education=talent_rules.Education(education),
            training_hours=int(training_hours),
            weights=assessment_weights(),
            full_training_hours=settings.FORMASI_POTENTIAL_FULL_TRAINING_HOURS,
        )
    except ValueError as exc:
        raise ValidationError(
            {"competency_score": [_("Enter scores from 0 to 100 and whole training hours.")]}
        ) from exc
    row = Assessment.unscoped.select_for_update().filter(employee=employee, year=year).first()
    created = row is None
    if row is None:
        row = Assessment(employee=employee, year=year, agency_id=employee.agency_id)
    row.competency_score = Decimal(competency_score).quantize(Decimal("0.01"))
    row.education = education
    row.training_hours = training_hours
    row.potential_score = Decimal(score.numerator) / Decimal(score.denominator)
    row.potential_score = row.potential_score.quantize(Decimal("0.01"))
    row.potential = potential_level(score, potential_bands()).value
    row.entered_by = actor
    _history_user(row, actor)
    row.full_clean(validate_unique=False)
    row.save()
    ensure_visible(row, actor, Action.CHANGE, _("You may not change rows outside your scope."))
    record_event(
        action="formasi.assessment.recorded",
        actor=actor,
        obj=row,
        to_state=row.potential,
        payload={"employee": employee.pk, "year": year},
    )
    return row, created


@transaction.atomic
def record_discipline(
    *,
    employee: Employee,
    violation: str,
    sanction: str,
    decided_on: date,
    decided_by_name: str,
    decided_by_position: str,
    actor: User,
    starts_on: date | None = None,
    record: DisciplineRecord | None = None,
    expected_version: str | None = None,
) -> DisciplineRecord:
    """Record a hukuman disiplin (or correct ``record``): its level and end date come from PP
    94/2021 (``domain.discipline``); in force from ``starts_on``, else from the 15th day after
    the decision. ``expected_version`` (:func:`edit_version` as read): a correction over a
    newer change raises StaleEditError, nothing saved."""
    _changeable(employee, actor, "discipline")
    if record is not None and not (
        DisciplineRecord.unscoped.visible_to(actor, Action.CHANGE).filter(pk=record.pk).exists()
    ):
        raise PermissionDenied(_("This record is outside the units you may change."))
    if record is not None and expected_version is not None:
        DisciplineRecord.unscoped.select_for_update().filter(pk=record.pk).exists()  # lock it
        if edit_version(record) != expected_version:
            raise StaleEditError(
                _("Someone else saved a change since you loaded this; load it again.")
            )
    try:
        kind = discipline_rules.Sanction(sanction)
    except ValueError as exc:
        raise ValidationError({"sanction": [_("Choose a sanction.")]}) from exc
    start = starts_on or discipline_rules.effective_date(decided_on)
    if start < decided_on:
        raise ValidationError(
            {"starts_on": [_("A sanction cannot be in force before it is decided.")]}
        )
    row = record or DisciplineRecord(agency_id=employee.agency_id)
    row.employee, row.agency_id = employee, employee.agency_id
    row.violation = violation.strip()
    row.sanction, row.level = kind.value, discipline_rules.level(kind).value
    row.decided_on, row.starts_on = decided_on, start
    row.ends_on = discipline_rules.sanction_end(kind, start)
    row.decided_by_name = decided_by_name.strip()
    row.decided_by_position = decided_by_position.strip()
    row.entered_by = actor
    _history_user(row, actor)
    row.full_clean()
    created = row.pk is None
    row.save()
    ensure_visible(row, actor, Action.CHANGE, _("You may not change rows outside your scope."))
    record_event(
        action="formasi.discipline.recorded" if created else "formasi.discipline.corrected",
        actor=actor,
        obj=row,
        to_state=row.sanction,
        payload={"employee": employee.pk, "level": row.level},
    )
    return row
