"""Headcount figures for the dashboard.

Inside one agency: two scans of the employee table's covering index (by unit and status; by
age band), rolled up in Python through the units' OPD and kecamatan, cached on the agency's data
version (formasi.core.cache), so a repeated view costs a few small queries and a change shows at
once. A scope covering several agencies (an evaluator, BKN, a superuser) sees whole agencies:
their figures are cached one agency at a time and added up, grouped by agency.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from formasi.core.cache import cached, cached_per_agency
from formasi.core.panels import AttentionGroup, AttentionItem
from formasi.core.permissions import Action, can, role_of
from formasi.organization.models import Agency, OrgUnit, Position, Region, RegionPopulation
from formasi.organization.views import UnitStaff
from formasi.workforce.filters import (
    AGE_BAND_LABELS,
    AGE_BANDS,
    birth_range,
    bup_fields,
    retiring_in,
)
from formasi.workforce.models import Employee

if TYPE_CHECKING:
    from formasi.accounts.models import User
    from formasi.core.permissions import AnyUser

K = TypeVar("K")


@dataclass(frozen=True)
class Counts:
    """Numbers only (ids and codes), so they can be cached whatever the display language."""

    by_status: dict[str, int]
    by_group: dict[int, int]  # OPD id, or agency id when the scope covers several agencies
    by_district: dict[int, int]  # kecamatan id (single-agency scope only)
    by_age: dict[str, int]
    multi_agency: bool


@dataclass
class Headcount:
    total: int = 0
    multi_agency: bool = False
    by_status: list[tuple[str, str, int]] = field(default_factory=list)  # code, label, n
    by_opd: list[tuple[int, str, int]] = field(default_factory=list)  # id, name, n
    by_district: list[tuple[int, str, int, int | None]] = field(default_factory=list)
    by_age: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def group_chart_height(self) -> int:
        """Pixels for the horizontal bar chart: the chart shows at most 40 groups."""
        return max(320, min(len(self.by_opd), 40) * 18 + 60)

    def chart_data(self) -> dict[str, Any]:
        return {
            "status": [{"name": label, "value": n} for _c, label, n in self.by_status],
            "opd": {
                "names": [name for _i, name, _n in self.by_opd],
                "values": [n for _i, _name, n in self.by_opd],
            },
            "district": {
                "names": [name for _i, name, _n, _p in self.by_district],
                "values": [n for _i, _name, n, _p in self.by_district],
            },
            "age": {
                "names": [label for _c, label, _n in self.by_age],
                "values": [n for _c, _label, n in self.by_age],
            },
        }


def _age_bands(today: date) -> dict[str, Count]:
    """Conditional counts per age band, over birth_date (in the covering index)."""
    return {
        code: Count("birth_date", filter=Q(birth_date__gt=start, birth_date__lte=end))
        for code, *_r in AGE_BANDS
        for start, end in [birth_range(code, today)]
    }


def count_headcount(user: AnyUser, today: date) -> Counts:
    """Active employees of a scope inside one agency, by status, OPD, kecamatan and age band."""
    employees = Employee.objects.visible_to(user, Action.VIEW).filter(active=True).order_by()
    units = OrgUnit.objects.visible_to(user, Action.VIEW).order_by()
    unit_info = {
        pk: (opd_id or pk, district_id)
        for pk, opd_id, district_id in units.values_list("pk", "opd_id", "district_id")
    }
    by_status: Counter[str] = Counter()
    by_group: Counter[int] = Counter()
    by_district: Counter[int] = Counter()
    # COUNT(*) over the covering index emp_active_unit_status (index-only on PostgreSQL).
    rows = employees.values_list("unit_id", "status").annotate(n=Count("*"))
    for unit_id, status, n in rows:
        group, district = unit_info.get(unit_id, (unit_id, None))
        by_status[status] += n
        by_group[group] += n
        if district is not None:
            by_district[district] += n
    by_age = employees.aggregate(**_age_bands(today)) if by_status else {}
    return Counts(
        by_status=dict(by_status),
        by_group=dict(by_group),
        by_district=dict(by_district),
        by_age={code: by_age.get(code) or 0 for code, *_r in AGE_BANDS},
        multi_agency=False,
    )


def count_agencies(agency_ids: list[int], today: date) -> dict[int, Counts]:
    """Whole agencies (what evaluators and superusers see), one Counts each, in two grouped
    queries straight from the indexes."""
    employees = Employee.unscoped.filter(agency_id__in=agency_ids, active=True).order_by()
    counts = {
        a: Counts(by_status={}, by_group={}, by_district={}, by_age={}, multi_agency=True)
        for a in agency_ids
    }
    for agency_id, status, n in employees.values_list("agency_id", "status").annotate(n=Count("*")):
        counts[agency_id].by_status[status] = n
        counts[agency_id].by_group[agency_id] = counts[agency_id].by_group.get(agency_id, 0) + n
    # The agency and its age bands (keys django-stubs cannot know).
    bands: Iterable[Mapping[str, Any]] = employees.values("agency_id").annotate(**_age_bands(today))
    for row in bands:
        counts[row["agency_id"]].by_age.update({c: row[c] or 0 for c, *_r in AGE_BANDS})
    return counts


def _add_into(target: dict[K, int], source: dict[K, int]) -> None:
    for key, n in source.items():
        target[key] = target.get(key, 0) + n


def add_up(parts: list[Counts]) -> Counts:
    total = Counts(by_status={}, by_group={}, by_district={}, by_age={}, multi_agency=True)
    for part in parts:
        _add_into(total.by_status, part.by_status)
        _add_into(total.by_group, part.by_group)
        _add_into(total.by_age, part.by_age)
    for code, *_r in AGE_BANDS:
        total.by_age.setdefault(code, 0)
    return total


def scope_key(user: AnyUser) -> tuple[Any, ...]:
    """What decides the rows a user sees: role, agencies and OPD subtree."""
    if getattr(user, "is_superuser", False):
        return ("all",)
    unit = getattr(user, "org_unit", None)
    unit_path = unit.path if unit is not None else ""
    return (role_of(user), getattr(user, "agency_id", None), unit_path, user.is_active)


def headcount(user: User, today: date) -> Headcount:
    agency_ids = list(Agency.objects.visible_to(user, Action.VIEW).values_list("pk", flat=True))
    if len(agency_ids) > 1:  # evaluators and superusers see whole agencies
        per_agency = cached_per_agency(
            ("headcount", today.isoformat()),
            agency_ids,
            lambda missing: count_agencies(missing, today),
        )
        return label(add_up(list(per_agency.values())))
    counts = cached(
        ("headcount", today.isoformat(), *scope_key(user), *sorted(agency_ids)),
        agency_ids,
        lambda: count_headcount(user, today),
    )
    return label(counts)


def count_retiring(user: AnyUser, year: int) -> int:
    positions = bup_fields(Position.objects.visible_to(user, Action.VIEW))
    employees = Employee.objects.visible_to(user, Action.VIEW).filter(active=True)
    return employees.filter(retiring_in(year, positions)).count()


def retirement_attention(user: AnyUser, today: date) -> AttentionGroup | None:
    """How many PNS and CPNS of the scope retire next year, linked to the list of them."""
    if not can(user, Action.VIEW, "employee"):
        return None
    year = today.year + 1
    agency_ids = list(Agency.objects.visible_to(user, Action.VIEW).values_list("pk", flat=True))
    n = cached(
        ("retiring", year, *scope_key(user), *sorted(agency_ids)),
        agency_ids,
        lambda: count_retiring(user, year),
    )
    link = reverse("workforce:employee_list") + f"?retiring={year}"
    items = [
        AttentionItem(
            label=_("PNS and CPNS reaching retirement age (BUP) in %(year)s") % {"year": year},
            figure=ngettext("%(n)s person", "%(n)s persons", n)
            % {"n": number_format(n, force_grouping=True)},
            url=link,
        )
    ]
    return AttentionGroup(
        title=_("Retirements next year"),
        items=items if n else [],
        url=link,
        empty=_("Nobody retires in %(year)s.") % {"year": year},
    )


def label(counts: Counts) -> Headcount:
    """Attach names in the current language; only small lookups by id."""
    if counts.multi_agency:
        group_names = dict(Agency.unscoped.filter(pk__in=counts.by_group).values_list("pk", "name"))
    else:
        group_names = dict(
            OrgUnit.unscoped.filter(pk__in=counts.by_group).values_list("pk", "name")
        )
    districts = dict(Region.objects.filter(pk__in=counts.by_district).values_list("pk", "name"))
    populations = latest_population(list(counts.by_district))
    status_labels = dict(Employee.Status.choices)
    return Headcount(
        total=sum(counts.by_status.values()),
        multi_agency=counts.multi_agency,
        by_status=[
            (code, str(status_labels[code]), counts.by_status[code])
            for code in Employee.Status.values
            if counts.by_status.get(code)
        ],
        by_opd=sorted(
            ((pk, group_names.get(pk, "?"), n) for pk, n in counts.by_group.items()),
            key=lambda row: (-row[2], row[1]),
        ),
        by_district=sorted(
            (
                (pk, districts.get(pk, "?"), n, populations.get(pk))
                for pk, n in counts.by_district.items()
            ),
            key=lambda row: row[1],
        ),
        by_age=[(code, str(AGE_BAND_LABELS[code]), counts.by_age[code]) for code, *_r in AGE_BANDS],
    )


def latest_population(region_ids: list[int]) -> dict[int, int]:
    latest: dict[int, tuple[int, int]] = {}
    rows = RegionPopulation.objects.filter(region_id__in=region_ids).values_list(
        "region_id", "year", "population"
    )
    for region_id, year, population in rows:
        if region_id not in latest or year > latest[region_id][0]:
            latest[region_id] = (year, population)
    return {k: v[1] for k, v in latest.items()}


def unit_staff(user: AnyUser, unit: OrgUnit) -> UnitStaff:
    """The active employees of ``unit`` and its sub-units visible to ``user``: the count by
    position (most first) and the total. Registered as the unit page's staff panel."""
    subtree = Employee.objects.visible_to(user).filter(
        unit__path__startswith=unit.path, active=True
    )
    by_position = (
        subtree.values("position__name", "position__kind")
        .annotate(n=Count("id"))
        .order_by("-n", "position__name")
    )
    return UnitStaff(by_position=by_position, headcount=subtree.count())
