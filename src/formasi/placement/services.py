"""Placement runs (issue 7): build the optimisation's input from the database, store its
result as lines a planner accepts or rejects, and apply the accepted transfers.

The model and its proof of optimality live in :mod:`formasi.domain.placement`; this module
only converts rows to its values and back. How the input is built (``docs/placement.md``):

* **Cells** are unit × position in the run's kecamatan (every unit of the agency when the run
  names none) with a recorded need (``PositionNeed``) that differs from the bezetting (active
  employees). New-hire posts already promised by an accepted line of another run count as
  filled. A cell's *priority* is ``1 + the shortage share of its kecamatan`` (the kecamatan's
  unmet need over its need, cell by cell, 0–1), so a post in a kecamatan short of half its
  need is worth 1.5 and filled first. A cell's desa/kelurahan and kecamatan are those of the
  unit's region; its location is the region's centroid, else its kecamatan's.
* **People**: for new hires, the run year's applicants of the agency with no accepted line
  yet; for transfers, the active PNS, CPNS and PPPK standing in cells of the area with more
  staff than need (the NIPs of the keep list must stay). A home desa/kelurahan gives both the
  desa and its kecamatan; a home kecamatan gives the kecamatan; the home location is the
  region's centroid (else its parent's).
* **Before/after** per kecamatan: fulfilment = staff / need over every cell of the units
  standing there (the equity page's WISN ratio), before and after the proposed moves, and
  the need-weighted Gini and Theil T of fulfilment over the kecamatan.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from formasi.core.audit import record_event
from formasi.core.cache import bump
from formasi.core.permissions import Action, can
from formasi.domain import equity
from formasi.domain import placement as domain
from formasi.organization.models import Agency, OrgUnit, Position, Region
from formasi.placement.models import Applicant, PlacementLine, PlacementRun
from formasi.planning.models import PositionNeed
from formasi.planning.services import bezetting_of
from formasi.workforce.models import Employee

logger = logging.getLogger(__name__)

#: Statuses of serving staff that may be proposed for transfer.
TRANSFER_STATUSES = (Employee.Status.PNS, Employee.Status.CPNS, Employee.Status.PPPK)


# --------------------------------------------------------------------------- input


def kecamatan_of_agency(agency: Agency) -> list[Region]:
    """The kecamatan where the agency's units stand (the run form's choices)."""
    ids = (
        OrgUnit.unscoped.filter(agency=agency, district__isnull=False)
        .values_list("district_id", flat=True)
        .distinct()
    )
    return list(Region.objects.filter(pk__in=list(ids)).order_by("code"))


def _location(region: Region | None) -> tuple[float, float] | None:
    while region is not None:
        if region.latitude is not None and region.longitude is not None:
            return (region.latitude, region.longitude)
        region = region.parent
    return None


def _home(region: Region | None) -> dict[str, Any]:
    """Person fields for a home region: desa + kecamatan, kecamatan, or just a location."""
    if region is None:
        return {}
    if region.level == Region.Level.VILLAGE:
        parent = region.parent
        district = parent.code if parent and parent.level == Region.Level.DISTRICT else None
        return {"home_village": region.code, "home_district": district, "home": _location(region)}
    if region.level == Region.Level.DISTRICT:
        return {"home_district": region.code, "home": _location(region)}
    return {"home": _location(region)}


@dataclass
class Built:
    """The domain request and what is needed to turn its answer back into rows."""

    request: domain.Request
    units: dict[int, OrgUnit]
    positions: dict[int, Position]
    applicants: dict[int, Applicant]
    employees: dict[int, Employee]
    area_need: dict[int, int]  # kecamatan id -> need (every cell with a need)
    area_staff: dict[int, int]  # kecamatan id -> staff before
    districts: dict[int, Region]


def _agency_cells(
    agency: Agency,
) -> tuple[dict[int, OrgUnit], dict[tuple[int, int], int], dict[tuple[int, int], int]]:
    units = {
        u.pk: u
        for u in OrgUnit.unscoped.filter(agency=agency, active=True).select_related(
            "region__parent", "district"
        )
    }
    needs = {
        (n["unit_id"], n["position_id"]): n["count"]
        for n in PositionNeed.unscoped.filter(agency=agency, unit_id__in=list(units)).values(
            "unit_id", "position_id", "count"
        )
    }
    return units, needs, bezetting_of(units)


def _promised(agency: Agency, run: PlacementRun) -> dict[tuple[int, int], int]:
    """New-hire posts promised by accepted lines of the agency's other runs."""
    out: dict[tuple[int, int], int] = defaultdict(int)
    rows = (
        PlacementLine.unscoped.filter(
            agency=agency, applicant__isnull=False, decision=PlacementLine.Decision.ACCEPTED
        )
        .exclude(run_id=run.pk)
        .values_list("to_unit_id", "position_id")
    )
    for key in rows:
        out[key] += 1
    return out


def build_request(run: PlacementRun) -> Built:
    """The domain request of a run (see the module docstring for the rules)."""
    agency = run.agency
    units, needs, bezetting = _agency_cells(agency)
    promised = _promised(agency, run) if run.kind == PlacementRun.Kind.NEW_HIRES else {}
    # Shortage share per kecamatan, over every cell of the agency.
    area_need: dict[int, int] = defaultdict(int)
    area_short: dict[int, int] = defaultdict(int)
    area_staff: dict[int, int] = defaultdict(int)
    for key in set(needs) | set(bezetting):
        unit = units.get(key[0])
        if unit is None or unit.district_id is None:
            continue
        need, staff = needs.get(key, 0), bezetting.get(key, 0)
        area_need[unit.district_id] += need
        area_short[unit.district_id] += max(0, need - staff)
        area_staff[unit.district_id] += staff
    areas = set(run.areas or [])
    in_area = {
        pk
        for pk, u in units.items()
        if not areas or (u.district is not None and u.district.code in areas)
    }
    cells: list[domain.Cell] = []
    for (unit_id, position_id), need in sorted(needs.items()):
        if unit_id not in in_area:
            continue
        staff = bezetting.get((unit_id, position_id), 0) + promised.get((unit_id, position_id), 0)
        if staff == need or (run.kind == PlacementRun.Kind.NEW_HIRES and staff > need):
            continue
        unit = units[unit_id]
        share = (
            area_short[unit.district_id] / area_need[unit.district_id]
            if unit.district_id and area_need[unit.district_id]
            else 0.0
        )
        region = unit.region
        cells.append(
            domain.Cell(
                unit=str(unit_id),
                position=str(position_id),
                need=need,
                bezetting=staff,
                priority=round(1 + share, 3),
                village=region.code if region.level == Region.Level.VILLAGE else None,
                district=unit.district.code if unit.district else None,
                location=_location(region),
            )
        )
    applicants: dict[int, Applicant] = {}
    employees: dict[int, Employee] = {}
    people: list[domain.Person] = []
    if run.kind == PlacementRun.Kind.NEW_HIRES:
        placed = PlacementLine.unscoped.filter(
            agency=agency, decision=PlacementLine.Decision.ACCEPTED, applicant__isnull=False
        ).values("applicant_id")
        found = (
            Applicant.unscoped.filter(agency=agency, year=run.year)
            .exclude(pk__in=placed)
            .select_related("home_region__parent")
            .order_by("pk")
        )
        for a in found:
            applicants[a.pk] = a
            people.append(
                domain.Person(id=f"a{a.pk}", position=str(a.position_id), **_home(a.home_region))
            )
    else:
        excess = {(int(c.unit), int(c.position)) for c in cells if c.bezetting > c.need}
        keep = set(run.keep or [])
        found_e = (
            Employee.unscoped.filter(
                agency=agency,
                active=True,
                status__in=TRANSFER_STATUSES,
                unit_id__in={u for u, _p in excess},
            )
            .select_related("origin_region__parent")
            .order_by("pk")
        )
        for e in found_e:
            if (e.unit_id, e.position_id) not in excess:
                continue
            employees[e.pk] = e
            people.append(
                domain.Person(
                    id=f"e{e.pk}",
                    position=str(e.position_id),
                    current_unit=str(e.unit_id),
                    must_stay=bool(e.nip and e.nip in keep),
                    **_home(e.origin_region),
                )
            )
    request = domain.Request(
        people=people,
        cells=cells,
        max_moves_per_unit=run.max_moves_per_unit,
        weights=domain.Weights(
            home_village=run.home_village, home_district=run.home_district, distance=run.distance
        ),
    )
    position_ids = {int(c.position) for c in cells} | {int(p.position) for p in people}
    districts = Region.objects.in_bulk(set(area_need))
    return Built(
        request=request,
        units=units,
        positions=Position.unscoped.in_bulk(position_ids),
        applicants=applicants,
        employees=employees,
        area_need=dict(area_need),
        area_staff=dict(area_staff),
        districts=districts,
    )


# --------------------------------------------------------------------------- compute


def _objective(o: domain.Objective) -> dict[str, Any]:
    out = asdict(o)
    out["key"] = list(o.key)
    out["filled_priority"] = round(o.filled_priority, 3)
    out["distance_km"] = round(o.distance_km, 1)
    return out


def _finite(fn: Callable[..., float], values: list[float], weights: list[float]) -> float | None:
    try:
        value = fn(values, weights)
    except ValueError:
        return None
    return round(value, 4) if value == value and abs(value) != float("inf") else None


def _areas(built: Built, result: domain.Placement) -> dict[str, Any]:
    """Fulfilment per kecamatan before and after, and the inequality of it."""
    arrivals: dict[int, int] = defaultdict(int)
    for a in result.assignments:
        district = built.units[int(a.to_unit)].district_id
        if district:
            arrivals[district] += 1
        if a.from_unit is not None:
            origin = built.units[int(a.from_unit)].district_id
            if origin:
                arrivals[origin] -= 1
    rows = []
    for district_id, need in sorted(
        built.area_need.items(), key=lambda kv: built.districts[kv[0]].code
    ):
        if need <= 0:
            continue
        before = built.area_staff.get(district_id, 0)
        after = before + arrivals.get(district_id, 0)
        region = built.districts[district_id]
        rows.append(
            {
                "code": region.code,
                "name": region.name,
                "need": need,
                "before": before,
                "after": after,
                "fulfilment_before": round(before / need, 4),
                "fulfilment_after": round(after / need, 4),
            }
        )
    needs = [float(r["need"]) for r in rows]
    before_values = [r["fulfilment_before"] for r in rows]
    after_values = [r["fulfilment_after"] for r in rows]
    return {
        "areas": rows,
        "gini_before": _finite(equity.gini, before_values, needs),
        "gini_after": _finite(equity.gini, after_values, needs),
        "theil_before": _finite(equity.theil_t, before_values, needs),
        "theil_after": _finite(equity.theil_t, after_values, needs),
    }


def _person(built: Built, person_id: str) -> tuple[str, str]:
    """(number, name) of a person id of the request: nomor peserta or NIP."""
    if person_id.startswith("a"):
        a = built.applicants[int(person_id[1:])]
        return a.registration_number, a.name
    e = built.employees[int(person_id[1:])]
    return e.nip or "", e.name


def _explain(a: domain.Assignment, built: Built) -> str:
    reason = str(PlacementLine.Reason(a.reason).label)
    unit = built.units[int(a.to_unit)].name
    if a.distance_km is None:
        return _("To {unit}: {reason}.").format(unit=unit, reason=reason)
    return _("To {unit}: {reason}, {km} km from home.").format(
        unit=unit, reason=reason, km=f"{a.distance_km:.1f}"
    )


def _lines(run: PlacementRun, built: Built, result: domain.Placement) -> list[PlacementLine]:
    lines = []
    for a in result.assignments:
        to_unit = built.units[int(a.to_unit)]
        kind, pk = a.person_id[0], int(a.person_id[1:])
        lines.append(
            PlacementLine(
                run=run,
                agency_id=run.agency_id,
                applicant_id=pk if kind == "a" else None,
                employee_id=pk if kind == "e" else None,
                position_id=int(a.position),
                from_unit_id=int(a.from_unit) if a.from_unit else None,
                to_unit=to_unit,
                district_id=to_unit.district_id,
                reason=a.reason,
                explain=_explain(a, built)[:300],
                distance_km=None if a.distance_km is None else round(a.distance_km, 2),
            )
        )
    return lines


def _left_over(built: Built, result: domain.Placement) -> dict[str, Any]:
    unfilled = []
    for u in result.unfilled:
        unit, position = built.units[int(u.unit)], built.positions[int(u.position)]
        named = replace(u, unit=unit.name, position=position.name)
        unfilled.append(
            {
                "unit": unit.name,
                "district": unit.district.name if unit.district else "",
                "position": position.name,
                "count": u.count,
                "priority": u.priority,
                "reason": u.reason,
                "explain": domain.explain_unfilled(named),
            }
        )
    unplaced = []
    for p in result.unplaced:
        number, name = _person(built, p.person_id)
        position = built.positions[int(p.position)]
        named_p = replace(p, person_id=f"{number} {name}", position=position.name)
        unplaced.append(
            {
                "number": number,
                "name": name,
                "position": position.name,
                "reason": p.reason,
                "explain": domain.explain_unplaced(named_p),
            }
        )
    return {"unfilled": unfilled, "unplaced": unplaced}


def compute(run: PlacementRun, *, actor: Any = None) -> PlacementRun:
    """Run the optimisation of a run and store its lines and summary (the task calls this).

    An infeasible request leaves the run ``failed`` with the solver's problems (Indonesian) as
    its error; an unexpected exception leaves it ``failed`` with a short message and re-raises.
    """

    def report(percent: int) -> None:
        PlacementRun.unscoped.filter(pk=run.pk).update(progress=percent)

    PlacementRun.unscoped.filter(pk=run.pk).update(
        state=PlacementRun.State.RUNNING, progress=5, error=""
    )
    with translation.override(settings.LANGUAGE_CODE):
        try:
            summary = _compute(run, report)
        except Exception as exc:
            logger.exception("placement run %s failed", run.pk)
            message = _("The computation failed: {error}").format(error=str(exc)[:500])
            PlacementRun.unscoped.filter(pk=run.pk).update(
                state=PlacementRun.State.FAILED, error=message
            )
            raise
    run.refresh_from_db()
    record_event(
        action="formasi.placement.computed",
        actor=actor,
        obj=run,
        to_state=run.state,
        payload={"status": summary["status"], "lines": summary["lines"]},
    )
    return run


def _compute(run: PlacementRun, report: Callable[[int], None]) -> dict[str, Any]:
    started = time.perf_counter()
    built = build_request(run)
    report(20)
    t0 = time.perf_counter()
    result = domain.place(built.request)
    t1 = time.perf_counter()
    report(60)
    greedy = domain.greedy_placement(built.request)
    t2 = time.perf_counter()
    report(80)
    summary: dict[str, Any] = {
        "status": result.status,
        "method": result.method,
        "problems": list(result.problems),
        "people": len(built.request.people),
        "cells": len(built.request.cells),
        "open_posts": sum(c.open for c in built.request.cells),
        "lines": len(result.assignments),
        "objective": _objective(result.objective),
        "greedy_status": greedy.status,
        "greedy": _objective(greedy.objective),
        "optimal_at_least_greedy": list(result.objective.key) >= list(greedy.objective.key)
        if greedy.status != "INFEASIBLE"
        else True,
        "seconds": {
            "build": round(t0 - started, 3),
            "solve": round(t1 - t0, 3),
            "greedy": round(t2 - t1, 3),
        },
        **_left_over(built, result),
        **_areas(built, result),
    }
    with transaction.atomic():
        PlacementLine.unscoped.filter(run=run).delete()
        PlacementLine.unscoped.bulk_create(_lines(run, built, result))
        state = PlacementRun.State.DONE
        error = ""
        if result.status == "INFEASIBLE":
            state = PlacementRun.State.FAILED
            error = _("No placement satisfies the limits:") + " " + " ".join(result.problems)
        PlacementRun.unscoped.filter(pk=run.pk).update(
            state=state,
            progress=100,
            error=error,
            summary=summary,
            computed_at=timezone.now(),
        )
    return summary


# --------------------------------------------------------------------------- writers


def validate_run(run: PlacementRun) -> None:
    """One check for the form, the API and the demo: field limits, the kecamatan are the
    agency's, the keep list holds NIPs (18 digits)."""
    run.full_clean(exclude=["created_by"])
    errors: dict[str, list[str]] = {}
    allowed = {r.code for r in kecamatan_of_agency(run.agency)}
    unknown = [c for c in run.areas or [] if c not in allowed]
    if unknown:
        errors["areas"] = [
            _("Not a kecamatan of this agency: {codes}.").format(codes=", ".join(unknown))
        ]
    bad = [n for n in run.keep or [] if not (isinstance(n, str) and n.isdigit() and len(n) == 18)]
    if bad:
        errors["keep"] = [_("Not a NIP (18 digits): {nips}.").format(nips=", ".join(map(str, bad)))]
    if errors:
        raise ValidationError(errors)


def create_run(*, agency: Agency, actor: Any, **fields: Any) -> PlacementRun:
    """Save a new run and queue its computation once the transaction commits."""
    from formasi.placement import tasks

    if not can(actor, Action.ADD, "placement"):
        raise PermissionDenied(_("Your role may not do this."))
    run = PlacementRun(
        agency=agency, created_by=actor if getattr(actor, "pk", None) else None, **fields
    )
    if not run.name:
        run.name = _("Placement {year}").format(year=run.year)
    with transaction.atomic():
        validate_run(run)
        run.save()
        record_event(action="formasi.placement.created", actor=actor, obj=run, to_state=run.state)
        tasks.enqueue(run)
    return run


def _check_open(run: PlacementRun) -> None:
    if run.state != PlacementRun.State.DONE:
        raise ValidationError(_("The run has not been computed yet."))
    if run.applied_at is not None:
        raise ValidationError(_("The run has been applied; its decisions are final."))


@transaction.atomic
def decide(
    *,
    run: PlacementRun,
    decision: str,
    actor: Any,
    line_ids: Iterable[int] | None = None,
) -> int:
    """Accept or reject lines of a run (``line_ids``; None = every pending line). Returns how
    many lines changed. A new hire already accepted in another run is not accepted twice."""
    if not can(actor, Action.CHANGE, "placement"):
        raise PermissionDenied(_("Your role may not do this."))
    if decision not in PlacementLine.Decision.values:
        raise ValidationError(_("Unknown decision."))
    run = PlacementRun.unscoped.select_for_update().get(pk=run.pk)
    _check_open(run)
    lines = PlacementLine.unscoped.filter(run=run)
    if line_ids is None:
        lines = lines.filter(decision=PlacementLine.Decision.PENDING)
    else:
        lines = lines.filter(pk__in=list(line_ids))
    lines = lines.exclude(decision=decision)
    if decision == PlacementLine.Decision.ACCEPTED:
        taken = PlacementLine.unscoped.filter(
            agency=run.agency, decision=PlacementLine.Decision.ACCEPTED, applicant__isnull=False
        ).exclude(run_id=run.pk)
        lines = lines.exclude(applicant_id__in=taken.values("applicant_id"))
    changed = list(lines)
    now = timezone.now()
    user = actor if getattr(actor, "pk", None) else None
    for line in changed:
        line.decision, line.decided_by, line.decided_at = decision, user, now
    if changed:
        bulk_update_with_history(
            changed,
            PlacementLine,
            ["decision", "decided_by", "decided_at"],
            default_user=user,
            default_change_reason=decision,
            manager=PlacementLine.unscoped,
        )
    return len(changed)


class StaleLinesError(ValidationError):
    """Accepted transfers whose employee has left the unit the run found them in."""


@transaction.atomic
def apply_accepted(*, run: PlacementRun, actor: Any) -> int:
    """Move the employees of a transfer run's accepted lines to their new units, in one
    transaction, with the history reason "Penempatan: <run>" and an audit event. Refuses
    (nothing moves) when an employee is no longer active in the unit the line moves them from.
    New-hire runs are not applied: their accepted lines are the draft of the SK."""
    if not can(actor, Action.CHANGE, "placement"):
        raise PermissionDenied(_("Your role may not do this."))
    run = PlacementRun.unscoped.select_for_update().get(pk=run.pk)
    _check_open(run)
    if run.kind != PlacementRun.Kind.TRANSFERS:
        raise ValidationError(
            _("New hires are not moved by Formasi: the accepted lines are the draft of the SK.")
        )
    lines = list(
        PlacementLine.unscoped.filter(run=run, decision=PlacementLine.Decision.ACCEPTED)
        .select_related("to_unit")
        .order_by("pk")
    )
    if not lines:
        raise ValidationError(_("No accepted lines to apply."))
    employees = Employee.unscoped.select_for_update().in_bulk([ln.employee_id for ln in lines])
    stale = []
    for line in lines:
        e = employees.get(line.employee_id)  # type: ignore[arg-type]
        if e is None or not e.active or e.unit_id != line.from_unit_id:
            stale.append(e.name if e is not None else str(line.employee_id))
    if stale:
        raise StaleLinesError(
            _(
                "Nothing was moved: these employees are no longer in the unit the run found "
                "them in: {names}. Compute the run again."
            ).format(names=", ".join(stale))
        )
    user = actor if getattr(actor, "pk", None) else None
    reason = f"Penempatan: {run.name}"[:100]
    for line in lines:
        e = employees[line.employee_id]  # type: ignore[index]
        e.unit_id = line.to_unit_id
        e._history_user = user  # type: ignore[attr-defined]
        e._change_reason = reason  # type: ignore[attr-defined]
        e.save(update_fields=["unit"])
    run.applied_at = timezone.now()
    run.save(update_fields=["applied_at"])
    record_event(
        action="formasi.placement.applied",
        actor=actor,
        obj=run,
        from_state="done",
        to_state="applied",
        payload={"moved": len(lines)},
    )
    bump([run.agency_id])
    return len(lines)
