"""Reads of talent data for the pages and the API: a unit's SKP table and predicate
distribution, the 9-box of a scope (PermenPAN-RB 3/2020) and the talent pool (kotak 7–9).

Everything starts from the employees the user may view (resource "talent"), so an OPD operator
sees their OPD's people only. Queries are a fixed number whatever the number of people (the
related rows are read with sub-queries, then joined in Python).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from formasi.accounts.models import User
from formasi.core.permissions import Action
from formasi.domain import performance
from formasi.domain import talent as talent_rules
from formasi.organization.models import Agency, OrgUnit
from formasi.talent.models import Assessment, DisciplineRecord, SkpResult
from formasi.workforce.models import Employee

__all__ = [
    "BoxFilter",
    "NineBox",
    "Person",
    "default_year",
    "nine_box",
    "opds",
    "people",
    "predicate_counts",
    "unit_rows",
]


def people(user: User, agency: Agency | None = None) -> QuerySet[Employee]:
    """Active employees whose talent data the user may view."""
    qs = Employee.objects.visible_to(user, Action.VIEW, resource="talent").filter(active=True)
    return qs.filter(agency=agency) if agency is not None else qs


def opds(user: User, agency: Agency) -> list[OrgUnit]:
    """The OPDs of the agency the user may view (an operator: their own unit's subtree tops)."""
    units = OrgUnit.objects.visible_to(user, Action.VIEW).filter(agency=agency, active=True)
    tops = list(units.filter(parent__isnull=True).order_by("name"))
    if tops:
        return tops
    own = getattr(user, "org_unit", None)
    return [own] if own is not None and own.agency_id == agency.pk else []


def default_year(user: User, agency: Agency | None) -> int:
    """The latest year with an SKP result the user sees, else last year."""
    qs = SkpResult.objects.visible_to(user, Action.VIEW)
    if agency is not None:
        qs = qs.filter(agency=agency)
    latest = qs.order_by("-year").values_list("year", flat=True).first()
    return latest or timezone.localdate().year - 1


@dataclass
class Row:
    employee: Employee
    skp: SkpResult | None
    assessment: Assessment | None


def unit_rows(user: User, unit: OrgUnit, year: int) -> list[Row]:
    """Every active employee of the unit's subtree the user may view, with the year's SKP
    result and assessment (None where not entered)."""
    staff = (
        people(user, None)
        .filter(unit__path__startswith=unit.path)
        .select_related("position", "unit")
        .order_by("unit__path", "name", "id")
    )
    ids = staff.values("pk")
    skp = {r.employee_id: r for r in SkpResult.unscoped.filter(employee_id__in=ids, year=year)}
    found = {r.employee_id: r for r in Assessment.unscoped.filter(employee_id__in=ids, year=year)}
    return [Row(e, skp.get(e.pk), found.get(e.pk)) for e in staff]


def predicate_counts(rows: list[Row]) -> dict[str, int]:
    """How many rated people have each predicate (every predicate present, 0 if none)."""
    counts = Counter(row.skp.predicate for row in rows if row.skp is not None)
    return {p.value: counts.get(p.value, 0) for p in performance.Predicate}


@dataclass(frozen=True)
class BoxFilter:
    year: int
    opd: OrgUnit | None = None
    family: str = ""
    kind: str = ""


@dataclass
class Person:
    employee: Employee
    predicate: str
    potential: str
    box: int
    running_sanction: bool


@dataclass
class NineBox:
    """People mapped to a box, and how many could not be mapped and why."""

    people: list[Person] = field(default_factory=list)
    staff: int = 0
    without_skp: int = 0
    without_assessment: int = 0

    def counts(self) -> dict[int, int]:
        found = Counter(p.box for p in self.people)
        return {box: found.get(box, 0) for box in range(1, 10)}

    def in_box(self, box: int) -> list[Person]:
        return [p for p in self.people if p.box == box]

    def pool(self) -> list[Person]:
        """Kelompok rencana suksesi instansi: kotak 7–9 and no running sanction."""
        return [
            p
            for p in self.people
            if not talent_rules.pool_exclusions(box=p.box, running_sanction=p.running_sanction)
        ]

    def barred(self) -> list[Person]:
        """In kotak 7–9 but serving a sanction that bars promotion."""
        return [
            p for p in self.people if p.box in talent_rules.SUCCESSION_BOXES and p.running_sanction
        ]


def _running(ids: QuerySet, day: date) -> set[int]:
    records = DisciplineRecord.unscoped.filter(employee_id__in=ids, starts_on__lte=day).only(
        "employee_id", "sanction", "starts_on"
    )
    return {r.employee_id for r in records if r.blocks_promotion(day)}


def nine_box(user: User, agency: Agency, chosen: BoxFilter, today: date | None = None) -> NineBox:
    """The 9-box of the year: kinerja from the SKP predicate (``performance_level``), potensi
    from the latest assessment up to that year."""
    day = today or timezone.localdate()
    staff = people(user, agency)
    if chosen.opd is not None:
        staff = staff.filter(unit__path__startswith=chosen.opd.path)
    if chosen.family:
        staff = staff.filter(position__family=chosen.family)
    if chosen.kind:
        staff = staff.filter(position__kind=chosen.kind)
    staff = staff.select_related("position", "unit").order_by("name", "id")
    ids = staff.values("pk")
    predicates = dict(
        SkpResult.unscoped.filter(employee_id__in=ids, year=chosen.year).values_list(
            "employee_id", "predicate"
        )
    )
    potentials: dict[int, str] = {}
    for employee_id, level_code in (
        Assessment.unscoped.filter(employee_id__in=ids, year__lte=chosen.year)
        .order_by("year")
        .values_list("employee_id", "potential")
    ):
        potentials[employee_id] = level_code  # the latest year wins
    running = _running(ids, day)
    result = NineBox()
    for employee in staff:
        result.staff += 1
        predicate = predicates.get(employee.pk)
        potential = potentials.get(employee.pk)
        if predicate is None:
            result.without_skp += 1
            continue
        if potential is None:
            result.without_assessment += 1
            continue
        level = talent_rules.performance_level(predicate)
        box = talent_rules.nine_box(level, talent_rules.Potential(potential))
        result.people.append(Person(employee, predicate, potential, box, employee.pk in running))
    return result
