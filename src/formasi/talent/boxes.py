"""Reads of talent data for the pages and the API: a unit's SKP table and predicate
distribution, the 9-box of a scope (PermenPAN-RB 3/2020) and the talent pool (kotak 7–9).

Everything starts from the employees the user may view (resource "talent"), so an OPD operator
sees their OPD's people only. Queries are a fixed number whatever the number of people. The
9-box is computed by the database: the latest assessment up to the year joined to the year's
SKP result, the kinerja level and the box CASE expressions built from the domain rules
(``performance_level``, ``nine_box``), the counts grouped queries; only the people a page shows
(a box, the pool) are read, a page at a time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import overload

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from formasi.accounts.models import User
from formasi.core.permissions import Action
from formasi.domain import performance
from formasi.domain import talent as talent_rules
from formasi.organization.models import Agency, OrgUnit
from formasi.talent.models import Assessment, DisciplineRecord, SkpResult
from formasi.talent.services import FIRST_YEAR
from formasi.workforce.models import Employee

__all__ = [
    "BoxCounts",
    "BoxFilter",
    "EmployeeYear",
    "NineBox",
    "PeoplePage",
    "Person",
    "Pool",
    "box_counts",
    "box_expression",
    "box_people",
    "default_year",
    "employee_year",
    "mapped",
    "nine_box",
    "opds",
    "people",
    "performance_expression",
    "pool",
    "predicate_counts",
    "unit_rows",
    "year_in_range",
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


def year_in_range(year: int) -> bool:
    """A year whose talent data may exist: from the SKP rules' first year to this year."""
    return FIRST_YEAR <= year <= timezone.localdate().year


@dataclass
class EmployeeYear:
    """One employee's talent data of a year as the user may see it: the year's SKP result and
    assessment, the 9-box box (the year's predicate with the latest assessment up to the year,
    as on the 9-box), every year's SKP result, and whether the user may change them."""

    skp: SkpResult | None
    assessment: Assessment | None
    box: int | None
    history: list[SkpResult]
    may_change: bool


def employee_year(user: User, employee: Employee, year: int) -> EmployeeYear:
    """The talent data of ``employee`` (already visible to ``user``) for ``year``."""
    history = list(SkpResult.objects.visible_to(user).filter(employee=employee).order_by("-year"))
    found = next((r for r in history if r.year == year), None)
    assessments = Assessment.objects.visible_to(user).filter(employee=employee, year__lte=year)
    latest = assessments.order_by("-year").first()
    box = None
    if found is not None and latest is not None:
        level = talent_rules.performance_level(found.predicate)
        box = talent_rules.nine_box(level, talent_rules.Potential(latest.potential))
    may_change = (
        Employee.objects.visible_to(user, Action.CHANGE, resource="talent")
        .filter(pk=employee.pk)
        .exists()
    )
    return EmployeeYear(
        skp=found,
        assessment=latest if latest is not None and latest.year == year else None,
        box=box,
        history=history,
        may_change=may_change,
    )


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
    """Who serves a sanction that bars promotion on ``day`` (read from the discipline records,
    a handful per agency, not from the people)."""
    records = DisciplineRecord.unscoped.filter(employee_id__in=ids, starts_on__lte=day).only(
        "employee_id", "sanction", "starts_on"
    )
    return {r.employee_id for r in records if r.blocks_promotion(day)}


def performance_expression(predicate: str = "talent_predicate") -> Case:
    """The kinerja level of an SKP predicate column, built from ``performance_level``."""
    levels: dict[str, list[str]] = {}
    for p in performance.Predicate:
        levels.setdefault(talent_rules.performance_level(p).value, []).append(p.value)
    return Case(
        *(
            When(**{f"{predicate}__in": codes}, then=Value(level))
            for level, codes in levels.items()
        ),
        output_field=CharField(),
    )


def box_expression(level: str = "talent_level", potential: str = "talent_potential") -> Case:
    """The box number of a kinerja level and a potential column, built from ``nine_box``; NULL
    when either is missing."""
    return Case(
        *(
            When(**{level: r.value, potential: q.value}, then=Value(talent_rules.nine_box(r, q)))
            for r in performance.Rating
            for q in talent_rules.Potential
        ),
        output_field=IntegerField(),
    )


def mapped(staff: QuerySet[Employee], year: int) -> QuerySet[Assessment]:
    """One row per person of ``staff`` who can be mapped: their latest assessment up to
    ``year`` joined to the year's SKP result, with ``talent_predicate``, ``talent_potential``,
    the kinerja level (``talent_level``) and the box (``talent_box``) computed by the database
    over columns (no per-row sub-query in the CASE expressions)."""
    later = Assessment.unscoped.filter(
        employee=OuterRef("employee"), year__gt=OuterRef("year"), year__lte=year
    )
    return (
        Assessment.unscoped.filter(
            employee__in=staff.values("pk"), year__lte=year, employee__skp_results__year=year
        )
        .filter(~Exists(later))
        .annotate(
            talent_predicate=F("employee__skp_results__predicate"), talent_potential=F("potential")
        )
        .annotate(talent_level=performance_expression(), talent_box=box_expression())
        .order_by()
    )


def _staff(user: User, agency: Agency, chosen: BoxFilter) -> QuerySet[Employee]:
    staff = people(user, agency)
    if chosen.opd is not None:
        staff = staff.filter(unit__path__startswith=chosen.opd.path)
    if chosen.family:
        staff = staff.filter(position__family=chosen.family)
    if chosen.kind:
        staff = staff.filter(position__kind=chosen.kind)
    return staff


@dataclass
class BoxCounts:
    """People per box (counted by the database), the unmapped, and the talent pool's size."""

    boxes: dict[int, int]
    staff: int
    without_skp: int
    without_assessment: int
    pool: int
    barred: int

    @property
    def mapped(self) -> int:
        return sum(self.boxes.values())


def box_counts(
    user: User, agency: Agency, chosen: BoxFilter, today: date | None = None
) -> BoxCounts:
    """The 9-box counts of the year in a fixed number of aggregate queries, whatever the
    number of people."""
    staff = _staff(user, agency, chosen)
    return _counts(staff, chosen.year, _running(staff.values("pk"), today or timezone.localdate()))


def _counts(staff: QuerySet[Employee], year: int, running: set[int]) -> BoxCounts:
    by_box = mapped(staff, year).values_list("talent_box")  # type: ignore[misc]  # an annotation
    groups = dict(by_box.annotate(n=Count("pk")).order_by())
    staff_n = staff.count()
    rated = SkpResult.unscoped.filter(employee__in=staff.values("pk"), year=year).count()
    barred = len(_barred(staff, year, running))
    counts = {box: groups.get(box, 0) for box in range(1, 10)}
    return BoxCounts(
        boxes=counts,
        staff=staff_n,
        without_skp=staff_n - rated,
        without_assessment=rated - sum(counts.values()),
        pool=sum(counts[b] for b in talent_rules.SUCCESSION_BOXES) - barred,
        barred=barred,
    )


class PeoplePage(Sequence[Person]):
    """People as a lazy sequence for a ``Paginator``: a slice reads only its own rows (stable
    order: name, id), each with the year's predicate, the potential and the box."""

    def __init__(self, rows: QuerySet[Employee], year: int, running: set[int]) -> None:
        predicate = SkpResult.unscoped.filter(employee=OuterRef("pk"), year=year).order_by()
        potential = Assessment.unscoped.filter(employee=OuterRef("pk"), year__lte=year)
        self.rows = (
            rows.select_related("position", "unit")
            .annotate(
                talent_predicate=Subquery(predicate.values("predicate")[:1]),
                talent_potential=Subquery(potential.order_by("-year").values("potential")[:1]),
            )
            .order_by("name", "id")
        )
        self.running = running

    def __len__(self) -> int:
        return self.rows.count()

    @overload
    def __getitem__(self, index: int) -> Person: ...

    @overload
    def __getitem__(self, index: slice) -> list[Person]: ...

    def __getitem__(self, index: int | slice) -> Person | list[Person]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        found = []
        for e in self.rows[index]:
            predicate, potential = e.talent_predicate, e.talent_potential  # type: ignore[attr-defined]
            if predicate is None or potential is None:
                continue  # not mapped (only the running sanctions' people are read unfiltered)
            level = talent_rules.performance_level(predicate)
            box = talent_rules.nine_box(level, talent_rules.Potential(potential))
            found.append(Person(e, predicate, potential, box, e.pk in self.running))
        return found


def _of(staff: QuerySet[Employee], rows: QuerySet[Assessment]) -> QuerySet[Employee]:
    return staff.filter(pk__in=rows.values("employee_id"))


def box_people(
    user: User, agency: Agency, chosen: BoxFilter, box: int, today: date | None = None
) -> PeoplePage:
    """The people of one box (to page through)."""
    staff = _staff(user, agency, chosen)
    running = _running(staff.values("pk"), today or timezone.localdate())
    rows = mapped(staff, chosen.year).filter(talent_box=box)  # type: ignore[misc]  # an annotation
    return PeoplePage(_of(staff, rows), chosen.year, running)


@dataclass
class Pool:
    """The talent pool: its members (to page through), its size per position family and kind,
    and who is left out for a running sanction."""

    members: PeoplePage
    sizes: dict[tuple[str, str], int]
    barred: list[Person]


def _barred(staff: QuerySet[Employee], year: int, running: set[int]) -> list[Person]:
    """People of kotak 7–9 serving a sanction that bars promotion: read from the running
    sanctions (a handful), not from the whole scope."""
    if not running:
        return []
    found = PeoplePage(staff.filter(pk__in=running), year, running)
    return [p for p in found[:] if p.box in talent_rules.SUCCESSION_BOXES]


def pool(user: User, agency: Agency, chosen: BoxFilter, today: date | None = None) -> Pool:
    """Kelompok rencana suksesi instansi: kotak 7–9 and no running sanction
    (``talent_rules.pool_exclusions``), read from the database."""
    staff = _staff(user, agency, chosen)
    running = _running(staff.values("pk"), today or timezone.localdate())
    boxes_7_9 = talent_rules.SUCCESSION_BOXES
    succession = mapped(staff, chosen.year).filter(talent_box__in=boxes_7_9)  # type: ignore[misc]
    members = _of(staff, succession).exclude(pk__in=running)
    sizes = {
        (family, kind): n
        for family, kind, n in members.values_list("position__family", "position__kind")
        .annotate(n=Count("pk"))
        .order_by()
    }
    barred = _barred(staff, chosen.year, running)
    return Pool(PeoplePage(members, chosen.year, running), sizes, barred)


def nine_box(user: User, agency: Agency, chosen: BoxFilter, today: date | None = None) -> NineBox:
    """The 9-box of the year with every mapped person loaded (for the readers that need each
    person's box: training plans): kinerja from the SKP predicate (``performance_level``),
    potensi from the latest assessment up to that year."""
    staff = _staff(user, agency, chosen)
    running = _running(staff.values("pk"), today or timezone.localdate())
    counts = _counts(staff, chosen.year, running)
    everyone = PeoplePage(_of(staff, mapped(staff, chosen.year)), chosen.year, running)
    return NineBox(
        people=everyone[:],
        staff=counts.staff,
        without_skp=counts.without_skp,
        without_assessment=counts.without_assessment,
    )
