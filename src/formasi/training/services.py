"""The only writers of training data: the competency dictionary and standards, competency
records, development hours, plan lines and the generated yearly plan.

Each function is one atomic use case with keyword-only arguments and the acting user explicit,
called alike by the pages, the API, the admin, the import and the demo: it checks the actor may
change the row (``PermissionDenied`` otherwise), validates (``ValidationError`` with Indonesian
messages through the catalogue), saves with history, and checks the saved row is still the
actor's to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from formasi.accounts.models import User
from formasi.core.audit import record_event
from formasi.core.permissions import Action, can
from formasi.core.scoping import ensure_visible
from formasi.domain import training as rules
from formasi.organization.models import Agency, Position
from formasi.talent import boxes
from formasi.training.models import (
    Competency,
    CompetencyRecord,
    CompetencyStandard,
    DevelopmentRecord,
    PlanLine,
    Source,
)
from formasi.workforce.models import Employee

__all__ = [
    "FIRST_YEAR",
    "Generated",
    "define_competency",
    "generate_plan",
    "record_competency",
    "record_development",
    "save_plan_line",
    "set_standard",
]

FIRST_YEAR = 2000
LAST_YEAR = 2100


def _may(actor: User, action: Action, resource: str) -> None:
    if not can(actor, action, resource):
        raise PermissionDenied(_("Your role may not do this."))


def _changeable(employee: Employee, actor: User) -> None:
    _may(actor, Action.CHANGE, "training")
    visible = Employee.unscoped.visible_to(actor, Action.CHANGE, resource="training")
    if not visible.filter(pk=employee.pk).exists():
        raise PermissionDenied(_("This employee is outside the units you may change."))


def _same_agency(competency: Competency, agency_id: int) -> None:
    if competency.agency_id != agency_id:
        raise ValidationError({"competency": [_("Choose a competency of the same agency.")]})


def _year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            {
                "year": [
                    _("Enter a year from %(first)s to %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR}
                ]
            }
        )


def _level(level: int) -> None:
    if not rules.MIN_LEVEL <= level <= rules.MAX_LEVEL:
        raise ValidationError({"level": [_("Enter a level from 1 to 5.")]})


def _finish(row: Model, actor: User, action: str, payload: dict[str, object]) -> None:
    row._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
    row.full_clean(validate_unique=False)
    row.save()
    ensure_visible(row, actor, Action.CHANGE, _("You may not change rows outside your scope."))
    record_event(action=action, actor=actor, obj=row, payload=payload)


@transaction.atomic
def define_competency(
    *, agency: Agency, code: str, name: str, kind: str, actor: User, description: str = ""
) -> tuple[Competency, bool]:
    """Add (or rename) a competency of the agency's dictionary, found by its code."""
    _may(actor, Action.CHANGE, "competency_standard")
    code = code.strip()
    if kind not in rules.Kind.__members__.values():
        raise ValidationError({"kind": [_("Choose technical, managerial or socio-cultural.")]})
    row = Competency.unscoped.select_for_update().filter(agency=agency, code=code).first()
    created = row is None
    row = row or Competency(agency=agency, code=code)
    row.name, row.kind, row.description = name.strip(), kind, description.strip()
    _finish(row, actor, "formasi.competency.defined", {"code": code})
    return row, created


@transaction.atomic
def set_standard(
    *, position: Position, competency: Competency, level: int, actor: User
) -> tuple[CompetencyStandard, bool]:
    """Set the level a position requires on a competency (PermenPAN-RB 38/2017)."""
    _may(actor, Action.CHANGE, "competency_standard")
    _same_agency(competency, position.agency_id)
    _level(level)
    row = (
        CompetencyStandard.unscoped.select_for_update()
        .filter(position=position, competency=competency)
        .first()
    )
    created = row is None
    row = row or CompetencyStandard(
        agency_id=position.agency_id, position=position, competency=competency
    )
    row.level = level
    _finish(row, actor, "formasi.competency_standard.set", {"position": position.pk})
    return row, created


@transaction.atomic
def record_competency(
    *, employee: Employee, competency: Competency, level: int, assessed_on: date, actor: User
) -> tuple[CompetencyRecord, bool]:
    """Record (or correct) the level the employee has on a competency."""
    _changeable(employee, actor)
    _same_agency(competency, employee.agency_id)
    _level(level)
    row = (
        CompetencyRecord.unscoped.select_for_update()
        .filter(employee=employee, competency=competency)
        .first()
    )
    created = row is None
    row = row or CompetencyRecord(
        agency_id=employee.agency_id, employee=employee, competency=competency
    )
    row.level, row.assessed_on, row.entered_by = level, assessed_on, actor
    _finish(row, actor, "formasi.competency.recorded", {"employee": employee.pk, "level": level})
    return row, created


@transaction.atomic
def record_development(
    *, employee: Employee, year: int, title: str, hours: int, actor: User, provider: str = ""
) -> DevelopmentRecord:
    """Record hours of competence development the employee did (JP, PP 11/2017 Pasal 203)."""
    _changeable(employee, actor)
    _year(year)
    if hours < 1:
        raise ValidationError({"hours": [_("Enter at least one lesson hour.")]})
    row = DevelopmentRecord(agency_id=employee.agency_id, employee=employee, year=year)
    row.title, row.hours, row.provider = title.strip(), hours, provider.strip()
    row.entered_by = actor
    _finish(row, actor, "formasi.development.recorded", {"employee": employee.pk, "hours": hours})
    return row


@transaction.atomic
def save_plan_line(
    *,
    employee: Employee,
    year: int,
    title: str,
    priority: str,
    hours: int,
    actor: User,
    cost: Decimal = Decimal(0),
    provider: str = "",
    line: PlanLine | None = None,
) -> PlanLine:
    """Add a line to the plan by hand, or correct any line (a generated one keeps its source,
    competency and action; what, priority, hours, cost and provider may change)."""
    _changeable(employee, actor)
    if line is not None and not (
        PlanLine.unscoped.visible_to(actor, Action.CHANGE).filter(pk=line.pk).exists()
    ):
        raise PermissionDenied(_("This line is outside the units you may change."))
    _year(year)
    if priority not in rules.Priority.__members__.values():
        raise ValidationError({"priority": [_("Choose high, medium or low.")]})
    if cost < 0:
        raise ValidationError({"cost": [_("A cost is never negative.")]})
    row = line or PlanLine(source=Source.MANUAL)
    row.agency_id, row.employee, row.year = employee.agency_id, employee, year
    row.title, row.priority, row.hours = title.strip(), priority, hours
    row.cost, row.provider, row.entered_by = cost, provider.strip(), actor
    if row.source == Source.MANUAL and not row.title:
        raise ValidationError({"title": [_("Say what the training is.")]})
    _finish(row, actor, "formasi.training_plan.line_saved", {"employee": employee.pk})
    return row


@dataclass(frozen=True)
class Generated:
    """What a plan generation added (lines already in the plan are kept as they are)."""

    from_gaps: int
    from_boxes: int
    kept: int


def _gap_lines(staff: list[Employee], year: int, actor: User) -> list[PlanLine]:
    ids = [e.pk for e in staff]
    standards: dict[int, list[CompetencyStandard]] = {}
    positions = {e.position_id for e in staff}
    for s in CompetencyStandard.unscoped.filter(position_id__in=positions).select_related(
        "competency"
    ):
        standards.setdefault(s.position_id, []).append(s)
    levels: dict[int, dict[str, int]] = {}
    for employee_id, code, level in CompetencyRecord.unscoped.filter(
        employee_id__in=ids
    ).values_list("employee_id", "competency__code", "level"):
        levels.setdefault(employee_id, {})[code] = level
    per_level = settings.FORMASI_TRAINING_HOURS_PER_LEVEL
    lines = []
    for e in staff:
        if e.pk not in levels:
            continue  # never assessed: no gap is known yet (the page shows the standard)
        for s in standards.get(e.position_id, []):
            missing = rules.gap(s.level, levels.get(e.pk, {}).get(s.competency.code))
            priority = rules.gap_priority(missing)
            if priority is None:
                continue
            lines.append(
                PlanLine(
                    agency_id=e.agency_id,
                    employee=e,
                    year=year,
                    source=Source.GAP,
                    competency=s.competency,
                    priority=priority.value,
                    hours=rules.suggested_hours(missing, per_level),
                    entered_by=actor,
                )
            )
    return lines


def _box_lines(agency: Agency, staff: list[Employee], year: int, actor: User) -> list[PlanLine]:
    """Lines from the development actions of each person's box in the previous year's 9-box."""
    found = boxes.nine_box(actor, agency, boxes.BoxFilter(year=year - 1))
    allowed = {e.pk: e for e in staff}
    hours = settings.FORMASI_TRAINING_HOURS_PER_LEVEL
    lines = []
    for person in found.people:
        employee = allowed.get(person.employee.pk)
        if employee is None:
            continue
        for action in rules.box_training_actions(person.box):
            lines.append(
                PlanLine(
                    agency_id=agency.pk,
                    employee=employee,
                    year=year,
                    source=Source.NINE_BOX,
                    action=action.value,
                    priority=rules.box_priority(person.box).value,
                    hours=hours,
                    entered_by=actor,
                )
            )
    return lines


@transaction.atomic
def generate_plan(*, agency: Agency, year: int, actor: User) -> Generated:
    """Add to the year's plan a line for every competency gap of the people the actor may
    change who have a competency record (priority and hours from the gap) and one for every
    development action of their box in the previous year's 9-box. Lines already in the plan
    stay as they are (their hours, cost and provider may have been edited), so running it
    again adds only what is new."""
    _may(actor, Action.ADD, "training")
    _year(year)
    staff = list(
        Employee.unscoped.visible_to(actor, Action.CHANGE, resource="training").filter(
            agency=agency, active=True
        )
    )
    existing = PlanLine.unscoped.filter(agency=agency, year=year)
    gap_keys = set(existing.filter(source=Source.GAP).values_list("employee_id", "competency_id"))
    box_keys = set(existing.filter(source=Source.NINE_BOX).values_list("employee_id", "action"))
    gaps = [
        ln
        for ln in _gap_lines(staff, year, actor)
        if (ln.employee_id, ln.competency_id) not in gap_keys
    ]
    from_box = [
        ln
        for ln in _box_lines(agency, staff, year, actor)
        if (ln.employee_id, ln.action) not in box_keys
    ]
    bulk_create_with_history(
        [*gaps, *from_box],
        PlanLine,
        batch_size=500,
        default_user=actor if getattr(actor, "pk", None) else None,
        default_change_reason="Rencana pelatihan dibuat dari kesenjangan dan 9-box",
    )
    result = Generated(len(gaps), len(from_box), existing.count() - len(gaps) - len(from_box))
    record_event(
        action="formasi.training_plan.generated",
        actor=actor,
        agency_id=agency.pk,
        payload={"year": year, "from_gaps": result.from_gaps, "from_boxes": result.from_boxes},
    )
    return result
