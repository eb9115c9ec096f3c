"""Reads of the feedback app: IKM per unit and period, per kecamatan, the trend by quarter, the
complaints, and the units where a low IKM meets too few staff.

Figures are summed in the database (one query per table) and turned into the IKM by
``formasi.domain.survey.from_totals``; every read goes through the user's scope.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from formasi.core.permissions import Action
from formasi.domain import survey
from formasi.domain.survey import IkmResult
from formasi.feedback.models import SCORE_FIELDS, Complaint, SurveyResponse
from formasi.organization.models import Agency, OrgUnit
from formasi.workforce.models import Employee
from formasi.workload.models import PositionNeed

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

STAFFING_PRESSURE = 0.8  # bezetting ÷ need below this is workload pressure (issue 20 item 5)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # exclusive

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year + 1, 1, 1))

    def bounds(self) -> tuple[datetime, datetime]:
        tz = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=tz),
            datetime.combine(self.end, time.min, tzinfo=tz),
        )


def _sums() -> dict[str, Any]:
    out: dict[str, Any] = {"n": Count("id")}
    for name in SCORE_FIELDS:
        out[f"s_{name}"] = Sum(name)
        out[f"c_{name}"] = Count(name)
    return out


def _result(row: Mapping[str, Any]) -> IkmResult:
    return survey.from_totals(
        [row[f"s_{name}"] or 0 for name in SCORE_FIELDS],
        [row[f"c_{name}"] for name in SCORE_FIELDS],
        row["n"],
    )


def responses(user: AnyUser, period: Period) -> QuerySet[SurveyResponse]:
    start, end = period.bounds()
    return SurveyResponse.objects.visible_to(user, Action.VIEW).filter(
        submitted_at__gte=start, submitted_at__lt=end
    )


def _per_unit(rows: QuerySet[SurveyResponse]) -> dict[int, IkmResult]:
    grouped = rows.values("unit_id").annotate(**_sums()).order_by()
    return {row["unit_id"]: _result(row) for row in grouped}


def by_unit(user: AnyUser, agency: Agency, period: Period) -> dict[int, IkmResult]:
    return _per_unit(responses(user, period).filter(agency=agency))


def units_results(agency_id: int, units: set[int], period: Period) -> dict[int, IkmResult]:
    """The IKM of the given units of one agency, unscoped: for code that has already checked
    its caller (``draft_proposal``'s extra evidence, the agency's BKPSDM)."""
    start, end = period.bounds()
    return _per_unit(
        SurveyResponse.unscoped.filter(
            agency_id=agency_id,
            unit_id__in=units,
            submitted_at__gte=start,
            submitted_at__lt=end,
        )
    )


def by_district(user: AnyUser, agency: Agency, period: Period) -> list[tuple[str, IkmResult]]:
    rows = (
        responses(user, period)
        .filter(agency=agency)
        .values("unit__district__name")
        .annotate(**_sums())
        .order_by("unit__district__name")
    )
    return [(row["unit__district__name"] or "—", _result(row)) for row in rows]


def area_of(code: str, areas: list[str]) -> str | None:
    """The area (a region code) ``code`` lies in, itself or below: 62.71.05.1001 in 62.71.05."""
    for area in areas:
        if code == area or code.startswith(area + "."):
            return area
    return None


def by_area(
    user: AnyUser, agency: Agency, period: Period, areas: list[str]
) -> dict[str, IkmResult]:
    """The IKM of every area (region code) over the answers of the units standing in it: the
    sums of all its answers, not the mean of its units' indices."""
    rows = (
        responses(user, period)
        .filter(agency=agency)
        .values("unit__region__code")
        .annotate(**_sums())
        .order_by()
    )
    totals: dict[str, dict[str, int]] = {}
    for row in rows:
        found: dict[str, Any] = dict(row)
        area = area_of(found.pop("unit__region__code") or "", areas)
        if area is None:
            continue
        into = totals.setdefault(area, {})
        for name, value in found.items():
            into[name] = into.get(name, 0) + (value or 0)
    return {area: _result(sums) for area, sums in totals.items()}


def unit_result(user: AnyUser, unit: OrgUnit, period: Period) -> IkmResult:
    row = responses(user, period).filter(unit=unit).aggregate(**_sums())
    return _result(row)


def trend(user: AnyUser, unit: OrgUnit, year: int) -> list[tuple[str, IkmResult]]:
    """The unit's IKM per quarter of ``year`` and of the year before."""
    out = []
    for y in (year - 1, year):
        for q in range(4):
            start = date(y, 3 * q + 1, 1)
            end = date(y + 1, 1, 1) if q == 3 else date(y, 3 * q + 4, 1)
            out.append((f"{y} T{q + 1}", unit_result(user, unit, Period(start, end))))
    return out


def complaints(user: AnyUser, unit: OrgUnit, period: Period) -> QuerySet[Complaint]:
    start, end = period.bounds()
    return (
        Complaint.objects.visible_to(user, Action.VIEW)
        .filter(unit=unit, received_at__gte=start, received_at__lt=end)
        .select_related("handled_by")
    )


def public_units(user: AnyUser, agency: Agency) -> QuerySet[OrgUnit]:
    return (
        OrgUnit.objects.visible_to(user, Action.VIEW, resource="survey")
        .filter(OrgUnit.public_service_q(), agency=agency, active=True)
        .select_related("district", "region")
        .order_by("district__name", "name")
    )


def staffing(units: list[int]) -> dict[int, tuple[int, int]]:
    """unit -> (active staff, Σ need) of the peta jabatan."""
    need = dict(
        PositionNeed.unscoped.filter(unit_id__in=units)
        .values_list("unit_id")
        .annotate(n=Sum("count"))
        .order_by()
    )
    staff = dict(
        Employee.unscoped.filter(unit_id__in=units, active=True)
        .values_list("unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {u: (staff.get(u, 0), need.get(u, 0)) for u in units}


def is_low(result: IkmResult | None) -> bool:
    if result is None or result.index is None:
        return False
    return result.grade in ("C", "D") or result.index < Decimal(settings.FORMASI_SURVEY_LOW_IKM)


def under_pressure(staff: int, need: int) -> bool:
    return need > 0 and staff / need < STAFFING_PRESSURE


@dataclass(frozen=True)
class Flagged:
    unit: OrgUnit
    result: IkmResult
    staff: int
    need: int


def flagged(user: AnyUser, agency: Agency, period: Period) -> list[Flagged]:
    """Units with a low IKM and bezetting ÷ need below 0.8, lowest IKM first."""
    results = by_unit(user, agency, period)
    low = [pk for pk, result in results.items() if is_low(result)]
    if not low:
        return []
    counts = staffing(low)
    units = {u.pk: u for u in public_units(user, agency).filter(pk__in=low)}
    out = [
        Flagged(units[pk], results[pk], *counts[pk])
        for pk in low
        if pk in units and under_pressure(*counts[pk])
    ]
    return sorted(out, key=lambda f: (f.result.index, f.unit.name))


def profile_counts(rows: QuerySet[SurveyResponse]) -> dict[str, list[tuple[str, int]]]:
    """How many respondents per answer of each profile question (the report's profile table)."""
    out: dict[str, list[tuple[str, int]]] = {}
    for field in ("sex", "education", "occupation"):
        labels = dict(getattr(SurveyResponse._meta.get_field(field), "choices", None) or [])
        counts = dict(rows.values_list(field).annotate(n=Count("id")).order_by())
        out[field] = [(str(labels.get(k, "—")) if k else "—", n) for k, n in sorted(counts.items())]
    return out
