"""Headcount figures for the dashboard: two scans of the employee table, rolled up in Python."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from formasi.organization.models import OrgUnit, Region
from formasi.workforce.filters import AGE_BAND_LABELS, AGE_BANDS, birth_range
from formasi.workforce.models import Employee


@dataclass
class Headcount:
    total: int = 0
    by_status: list[tuple[str, str, int]] = field(default_factory=list)  # code, label, n
    by_opd: list[tuple[int, str, int]] = field(default_factory=list)  # opd id, name, n
    by_district: list[tuple[int, str, int, int | None]] = field(default_factory=list)
    by_age: list[tuple[str, str, int]] = field(default_factory=list)

    def chart_data(self) -> dict[str, Any]:
        return {
            "status": [{"name": label, "value": n} for _c, label, n in self.by_status],
            "opd": {
                "names": [n for _i, n, _v in self.by_opd],
                "values": [v for *_x, v in self.by_opd],
            },
            "district": {
                "names": [n for _i, n, _v, _p in self.by_district],
                "values": [v for _i, _n, v, _p in self.by_district],
            },
            "age": {
                "names": [label for _c, label, _n in self.by_age],
                "values": [n for *_x, n in self.by_age],
            },
        }


def headcount(employees: QuerySet[Employee], today: date) -> Headcount:
    """Count active employees by status, OPD, kecamatan (of their unit) and age band."""
    employees = employees.filter(active=True).order_by()
    rows = list(employees.values_list("unit_id", "status").annotate(n=Count("id")))
    unit_ids = {unit_id for unit_id, _s, _n in rows}
    units = {
        u.pk: u
        for u in OrgUnit.unscoped.filter(pk__in=unit_ids).select_related("opd", "region__parent")
    }
    by_status: Counter[str] = Counter()
    by_opd: Counter[int] = Counter()
    by_district: Counter[int] = Counter()
    districts: dict[int, Region] = {}
    for unit_id, status, n in rows:
        unit = units[unit_id]
        by_status[status] += n
        by_opd[unit.opd_id or unit.pk] += n
        region = unit.region
        district = region if region.level == Region.Level.DISTRICT else region.parent
        if district is not None and district.level == Region.Level.DISTRICT:
            districts[district.pk] = district
            by_district[district.pk] += n
    opd_names = {u.opd_id: u.opd.name for u in units.values() if u.opd is not None}
    populations = _latest_population(list(districts))

    age_filters = {
        code: Count("id", filter=Q(birth_date__gt=start, birth_date__lte=end))
        for code, *_r in AGE_BANDS
        for start, end in [birth_range(code, today)]
    }
    ages = employees.aggregate(**age_filters) if rows else {}
    status_labels = dict(Employee.Status.choices)
    return Headcount(
        total=sum(by_status.values()),
        by_status=[
            (code, str(status_labels[code]), by_status[code])
            for code in Employee.Status.values
            if by_status[code]
        ],
        by_opd=sorted(
            ((pk, opd_names.get(pk, "?"), n) for pk, n in by_opd.items()),
            key=lambda row: (-row[2], row[1]),
        ),
        by_district=sorted(
            ((pk, districts[pk].name, n, populations.get(pk)) for pk, n in by_district.items()),
            key=lambda row: row[1],
        ),
        by_age=[
            (code, str(AGE_BAND_LABELS[code]), ages.get(code, 0) or 0) for code, *_r in AGE_BANDS
        ],
    )


def _latest_population(region_ids: list[int]) -> dict[int, int]:
    from formasi.organization.models import RegionPopulation

    latest: dict[int, tuple[int, int]] = {}
    for region_id, year, population in RegionPopulation.objects.filter(
        region_id__in=region_ids
    ).values_list("region_id", "year", "population"):
        if region_id not in latest or year > latest[region_id][0]:
            latest[region_id] = (year, population)
    return {k: v[1] for k, v in latest.items()}
