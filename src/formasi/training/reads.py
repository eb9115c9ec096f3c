"""Reads of training data for the pages, the API and the export: the plan filtered by unit,
family and kecamatan; gaps per person and per unit; the 20 JP right per person and per OPD; the
card on an employee's talent page (registered through ``core.panels``).

Everything starts from the employees the user may view (resource "training"), so an OPD
operator sees their OPD's people only. Queries are a fixed number whatever the number of
people (related rows are read with sub-queries, then joined in Python).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Case, Count, IntegerField, QuerySet, Sum, Value, When

from formasi.core.panels import Panel
from formasi.core.permissions import Action, can, logged_in
from formasi.domain import training as rules
from formasi.organization.models import Agency, OrgUnit, Region
from formasi.talent.text import ACTIONS
from formasi.training.models import (
    Competency,
    CompetencyRecord,
    CompetencyStandard,
    DevelopmentRecord,
    PlanLine,
)
from formasi.workforce.models import Employee

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

__all__ = [
    "Filter",
    "PersonHours",
    "districts",
    "employee_gaps",
    "employee_panel",
    "hours_rows",
    "line_title",
    "opds",
    "people",
    "plan_lines",
    "standards",
    "unit_gap_rows",
]

#: High first, then medium, then low.
PRIORITY_ORDER = Case(
    When(priority="high", then=Value(0)),
    When(priority="medium", then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class Filter:
    year: int
    opd: OrgUnit | None = None
    family: str = ""
    district: Region | None = None


def people(user: AnyUser, agency: Agency | None, chosen: Filter | None = None) -> QuerySet:
    """Active employees whose training data the user may view, within the filter."""
    qs: QuerySet = Employee.objects.visible_to(user, Action.VIEW, resource="training")
    qs = qs.filter(active=True)
    if agency is not None:
        qs = qs.filter(agency=agency)
    if chosen is not None:
        qs = _filtered(qs, chosen, "")
    return qs


def _filtered(qs: QuerySet, chosen: Filter, prefix: str) -> QuerySet:
    if chosen.opd is not None:
        qs = qs.filter(**{f"{prefix}unit__path__startswith": chosen.opd.path})
    if chosen.family:
        qs = qs.filter(**{f"{prefix}position__family": chosen.family})
    if chosen.district is not None:
        qs = qs.filter(**{f"{prefix}unit__district": chosen.district})
    return qs


def opds(user: AnyUser, agency: Agency) -> list[OrgUnit]:
    """The OPDs of the agency the user may view (an operator: the top of their subtree)."""
    units = OrgUnit.objects.visible_to(user, Action.VIEW).filter(agency=agency, active=True)
    tops = list(units.filter(parent__isnull=True).order_by("name"))
    if tops:
        return tops
    own = getattr(user, "org_unit", None)
    return [own] if own is not None and own.agency_id == agency.pk else []


def districts(agency: Agency) -> list[Region]:
    """The kecamatan the agency's units stand in, by name."""
    ids = OrgUnit.unscoped.filter(agency=agency, district__isnull=False).values("district_id")
    return list(Region.objects.filter(pk__in=ids).order_by("name"))


def plan_lines(user: AnyUser, agency: Agency, chosen: Filter) -> QuerySet[PlanLine]:
    """The year's plan lines the user may view, within the filter, highest priority first."""
    qs: QuerySet = PlanLine.objects.visible_to(user).filter(agency=agency, year=chosen.year)
    qs = _filtered(qs, chosen, "employee__")
    return qs.select_related(
        "employee", "employee__unit", "employee__position", "competency"
    ).order_by("employee__unit__path", "employee__name", "employee_id", PRIORITY_ORDER, "id")


def standards(user: AnyUser, agency: Agency) -> QuerySet[CompetencyStandard]:
    """The competency standards of the agency's positions the user may view, by position, then
    competency kind and name (the standards page and the API)."""
    return (
        CompetencyStandard.objects.visible_to(user)
        .filter(agency=agency)
        .select_related("position", "competency")
        .order_by("position__name", "position_id", "competency__kind", "competency__name", "id")
    )


def line_title(line: PlanLine) -> str:
    """What a line trains: its own words, else its competency, else its 9-box action."""
    if line.title:
        return line.title
    if line.competency is not None:
        return line.competency.name
    labels = {a.value: label for a, label in ACTIONS.items()}
    return str(labels.get(line.action, line.action))


@dataclass
class GapRow:
    competency: Competency
    gap: rules.UnitGap


def unit_gap_rows(user: AnyUser, agency: Agency, chosen: Filter) -> tuple[list[GapRow], int]:
    """Each competency across the filtered people (people held to it, short of it, levels
    missing), and how many people have a standard at all."""
    staff = list(people(user, agency, chosen).values_list("pk", "position_id"))
    standards: dict[int, list[CompetencyStandard]] = defaultdict(list)
    for s in CompetencyStandard.unscoped.filter(
        position_id__in={p for _e, p in staff}
    ).select_related("competency"):
        standards[s.position_id].append(s)
    levels = _levels([e for e, _p in staff])
    per_person = []
    for employee_id, position_id in staff:
        reqs = [_requirement(s) for s in standards.get(position_id, [])]
        if reqs:
            per_person.append(rules.person_gaps(reqs, levels.get(employee_id, {})))
    competencies = {s.competency.code: s.competency for rows in standards.values() for s in rows}
    rows = [GapRow(competencies[g.code], g) for g in rules.unit_gaps(per_person)]
    return rows, len(per_person)


def _requirement(s: CompetencyStandard) -> rules.Requirement:
    return rules.Requirement(s.competency.code, rules.Kind(s.competency.kind), s.level)


def _levels(ids: list[int]) -> dict[int, dict[str, int]]:
    levels: dict[int, dict[str, int]] = defaultdict(dict)
    rows = CompetencyRecord.unscoped.filter(employee_id__in=ids).values_list(
        "employee_id", "competency__code", "level"
    )
    for employee_id, code, level in rows:
        levels[employee_id][code] = level
    return levels


def employee_gaps(employee: Employee) -> list[tuple[Competency, rules.CompetencyGap]]:
    """The employee's gap on every competency of their position's standard."""
    standards = list(
        CompetencyStandard.unscoped.filter(position_id=employee.position_id).select_related(
            "competency"
        )
    )
    levels = _levels([employee.pk]).get(employee.pk, {})
    gaps = rules.person_gaps([_requirement(s) for s in standards], levels)
    return [(s.competency, g) for s, g in zip(standards, gaps, strict=True)]


@dataclass
class PersonHours:
    employee: Employee
    status: rules.HoursStatus


def hours_rows(user: AnyUser, agency: Agency, chosen: Filter) -> list[PersonHours]:
    """Every filtered person's development hours of the year: done (records) and planned (plan
    lines) against the right (``FORMASI_TRAINING_RIGHT_HOURS``), fewest done first."""
    staff = list(
        people(user, agency, chosen)
        .select_related("unit", "position")
        .order_by("unit__path", "name", "id")
    )
    ids = [e.pk for e in staff]
    done = _hours(DevelopmentRecord.unscoped.filter(employee_id__in=ids, year=chosen.year))
    planned = _hours(PlanLine.unscoped.filter(employee_id__in=ids, year=chosen.year))
    right = settings.FORMASI_TRAINING_RIGHT_HOURS
    rows = [
        PersonHours(e, rules.hours_status(done.get(e.pk, 0), planned.get(e.pk, 0), right))
        for e in staff
    ]
    return sorted(rows, key=lambda r: (r.status.done, r.employee.name, r.employee.pk))


def _hours(qs: QuerySet) -> dict[int, int]:
    return dict(qs.values_list("employee_id").annotate(n=Sum("hours")).order_by())


def right_hours() -> int:
    return int(settings.FORMASI_TRAINING_RIGHT_HOURS)


def person_hours(done: list[DevelopmentRecord], lines: list[PlanLine]) -> rules.HoursStatus:
    return rules.hours_status(
        sum(r.hours for r in done), sum(ln.hours for ln in lines), right_hours()
    )


@dataclass
class UnitHours:
    unit: OrgUnit
    staff: int = 0
    below: int = 0
    done: int = 0
    planned: int = 0


def hours_per_unit(rows: list[PersonHours]) -> list[UnitHours]:
    """The people of each work unit, how many are below the right, hours done and planned;
    the units with the most people below first."""
    found: dict[int, UnitHours] = {}
    for row in rows:
        unit = row.employee.unit
        entry = found.setdefault(unit.pk, UnitHours(unit))
        entry.staff += 1
        entry.below += int(row.status.below)
        entry.done += row.status.done
        entry.planned += row.status.planned
    return sorted(found.values(), key=lambda u: (-u.below, u.unit.name, u.unit.pk))


def plan_totals(qs: QuerySet[PlanLine]) -> dict[str, Any]:
    """Lines, people, hours and cost of a plan query."""
    totals = qs.aggregate(
        lines=Count("pk"),
        people=Count("employee", distinct=True),
        hours=Sum("hours"),
        cost=Sum("cost"),
    )
    return {k: v or 0 for k, v in totals.items()}


def export_row(line: PlanLine) -> dict[str, object]:
    e = line.employee
    district = e.unit.district
    return {
        "year": line.year,
        "nip": e.nip or "",
        "name": e.name,
        "position": e.position.name,
        "unit": e.unit.name,
        "district": district.name if district else "",
        "what": line_title(line),
        "priority": line.priority,
        "hours": line.hours,
        "cost": int(line.cost),
        "provider": line.provider,
        "source": line.source,
    }


def employee_panel(user: AnyUser, employee: Any, year: int) -> Panel | None:
    """The card on an employee's talent page: their training-plan lines of the year after the
    SKP year and the hours done, for whoever may view the employee's training data."""
    if not logged_in(user) or not can(user, Action.VIEW, "training"):
        return None
    visible = Employee.objects.visible_to(user, Action.VIEW, resource="training")
    if not visible.filter(pk=employee.pk).exists():
        return None
    plan_year = year + 1
    lines = list(
        PlanLine.objects.visible_to(user)
        .filter(employee=employee, year__in=(year, plan_year))
        .select_related("competency")
        .order_by("-year", PRIORITY_ORDER, "id")
    )
    for line in lines:
        line.what = line_title(line)  # type: ignore[attr-defined]
    return Panel(
        "training/partials/_employee_panel.html",
        {"employee": employee, "lines": lines, "plan_year": plan_year},
    )
