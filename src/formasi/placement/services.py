"""Placement runs (issue 7): build the optimisation's input from the database, store its
result as lines a planner accepts or rejects, and apply the accepted transfers.

The model and its proof of optimality live in :mod:`formasi.domain.placement`; this module
only converts rows to its values and back. How the input is built (``docs/placement.md``):

* **Cells** are unit × position in the run's kecamatan (every unit of the agency when the run
  names none) with a recorded need (``PositionNeed``) that differs from the bezetting (active
  employees). New-hire posts already promised by an accepted line of another run count as
  filled. A cell's *priority* is ``family weight × (1 + the shortage share of its
  kecamatan)`` (the share is the kecamatan's unmet need over its need, cell by cell, 0–1; the
  weight is the run's weight of the position's job family, 0–10, default 1), so with equal
  weights a post in a kecamatan short of half its need is worth 1.5 and filled first. A
  cell's desa/kelurahan and kecamatan are those of the unit's region; its location is the
  region's centroid, else its kecamatan's.
* **Must-fill posts** (``run.must_fill``: unit code, position code, count) become the
  cells' ``must_fill`` lower bounds; such a cell is kept even when it has no open post
  left, so that the domain reports it as infeasible (in Indonesian) instead of ignoring it.
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
from dataclasses import asdict, replace
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from formasi.accounts.models import User
from formasi.core import jobs
from formasi.core.audit import record_event
from formasi.core.cache import bump
from formasi.core.errors import stored_internal_error_message
from formasi.core.permissions import Action, can
from formasi.core.versions import StaleEditError
from formasi.domain import equity
from formasi.domain import placement as domain
from formasi.organization.models import Agency, Position
from formasi.placement import text
from formasi.placement.inputs import (
    MAX_FAMILY_WEIGHT,
    TRANSFER_STATUSES,
    Built,
    build_request,
    check_must_fill,
    default_family_weights,
    districts_of_agency,
    family_weights_of,
    must_fill_message,
    must_fill_problems,
    must_fill_rows,
    open_posts,
    position_of,
)
from formasi.placement.models import PlacementLine, PlacementRun
from formasi.workforce.models import Employee

logger = logging.getLogger(__name__)

# The input helpers live in formasi.placement.inputs and are re-exported here.
__all__ = [
    "MAX_FAMILY_WEIGHT",
    "TRANSFER_STATUSES",
    "Built",
    "StaleLinesError",
    "apply_accepted",
    "build_request",
    "check_must_fill",
    "compute",
    "create_run",
    "decide",
    "default_family_weights",
    "districts_of_agency",
    "family_weights_of",
    "must_fill_message",
    "must_fill_problems",
    "must_fill_rows",
    "open_posts",
    "validate_run",
]

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
    rows: list[dict[str, Any]] = []
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
                position_id=position_of(a.position),
                from_unit_id=int(a.from_unit) if a.from_unit else None,
                to_unit=to_unit,
                district_id=to_unit.district_id,
                reason=a.reason,
                distance_km=None if a.distance_km is None else round(a.distance_km, 2),
            )
        )
        # the sentence in the language of the run, kept beside the codes it is made of
        lines[-1].explain = text.line_text(lines[-1])[:300]
    return lines


def _left_over(built: Built, result: domain.Placement) -> dict[str, Any]:
    """Unfilled cells and unplaced people with names, their reason codes and (for rows read
    without ``formasi.placement.text``) their sentence in the language of the run."""
    unfilled = []
    for u in result.unfilled:
        unit, position = built.units[int(u.unit)], built.positions[position_of(u.position)]
        row = text.unfilled_row(replace(u, unit=unit.name, position=position.name))
        row |= {"district": unit.district.name if unit.district else "", "priority": u.priority}
        unfilled.append({**row, "explain": text.unfilled_text(row)})
    unplaced = []
    for p in result.unplaced:
        number, name = _person(built, p.person_id)
        position = built.positions[position_of(p.position)]
        row = text.unplaced_row(replace(p, person_id=f"{number} {name}", position=position.name))
        row |= {"number": number, "name": name}
        unplaced.append({**row, "explain": text.unplaced_text(row)})
    return {"unfilled": unfilled, "unplaced": unplaced}


def compute(run: PlacementRun, *, actor: User | None = None) -> PlacementRun:
    """Run the optimisation of a run and store its lines and summary (the task calls this).

    An infeasible request leaves the run ``failed`` with the solver's problems (worded by
    ``formasi.placement.text`` in the site language; their codes stay in the summary) as
    its error; an unexpected exception leaves it ``failed`` with a short message and re-raises.
    """

    def report(percent: int) -> None:
        PlacementRun.unscoped.filter(pk=run.pk).update(
            progress=percent, heartbeat_at=timezone.now()
        )

    PlacementRun.unscoped.filter(pk=run.pk).update(
        state=PlacementRun.State.RUNNING, progress=5, error=""
    )
    with translation.override(settings.LANGUAGE_CODE):
        try:
            summary = _compute(run, report)
        except Exception:
            logger.exception("placement run %s failed", run.pk)
            PlacementRun.unscoped.filter(pk=run.pk).update(
                state=PlacementRun.State.FAILED, error=stored_internal_error_message()
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


def _named(built: Built, problems: Iterable[domain.Problem]) -> list[dict[str, Any]]:
    """The domain's problems as stored rows, with the unit and position ids of the cells
    replaced by names (12 → "SDN 1 Rakumpit", 7 → "Guru Kelas")."""
    rows = []
    for problem in problems:
        row = text.problem_row(problem)
        params = row["params"]
        for key, names in (("unit", built.units), ("position", built.positions)):
            value = params.get(key)
            found = (
                names.get(position_of(value) if key == "position" else int(value))
                if isinstance(value, str) and value.split("/", 1)[0].isdigit()
                else None
            )
            if found is not None:
                params[key] = found.name
        rows.append(row)
    return rows


def _compute(run: PlacementRun, report: Callable[[int], None]) -> dict[str, Any]:
    started = time.perf_counter()
    built = build_request(run)
    report(20)
    if built.problems:
        # Must-fill posts that no longer exist: the solver is not asked.
        summary: dict[str, Any] = {"status": "INFEASIBLE", "problems": built.problems, "lines": 0}
        PlacementLine.unscoped.filter(run=run).delete()
        PlacementRun.unscoped.filter(pk=run.pk).update(
            state=PlacementRun.State.FAILED,
            progress=100,
            error=_("No placement satisfies the limits:") + " " + " ".join(built.problems),
            summary=summary,
            computed_at=timezone.now(),
        )
        return summary
    t0 = time.perf_counter()
    result = domain.place(built.request)
    t1 = time.perf_counter()
    report(60)
    greedy = domain.greedy_placement(built.request)
    t2 = time.perf_counter()
    report(80)
    summary = {
        "status": result.status,
        "method": result.method,
        "problems": [],  # worded below, from problem_codes
        "people": len(built.request.people),
        "cells": len(built.request.cells),
        "open_posts": sum(c.open for c in built.request.cells),
        "lines": len(result.assignments),
        "must_fill_posts": sum(c.must_fill for c in built.request.cells),
        "approved_from": built.approved_from,
        "family_weights": family_weights_of(run),
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
    summary["problem_codes"] = _named(built, result.problems)
    summary["problems"] = text.problems_text(summary)
    with transaction.atomic():
        PlacementLine.unscoped.filter(run=run).delete()
        PlacementLine.unscoped.bulk_create(_lines(run, built, result))
        state = PlacementRun.State.DONE
        error = ""
        if result.status == "INFEASIBLE":
            state = PlacementRun.State.FAILED
            error = _("No placement satisfies the limits:") + " " + " ".join(summary["problems"])
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
    allowed = {r.code for r in districts_of_agency(run.agency)}
    unknown = [c for c in run.areas or [] if c not in allowed]
    if unknown:
        errors["areas"] = [
            _("Not a kecamatan of this agency: {codes}.").format(codes=", ".join(unknown))
        ]
    bad = [n for n in run.keep or [] if not (isinstance(n, str) and n.isdigit() and len(n) == 18)]
    if bad:
        errors["keep"] = [_("Not a NIP (18 digits): {nips}.").format(nips=", ".join(map(str, bad)))]
    weights = run.family_weights if isinstance(run.family_weights, dict) else None
    if weights is None:
        errors["family_weights"] = [_("Job family weights must be a mapping.")]
    else:
        wrong = [
            str(k)
            for k, v in weights.items()
            if k not in Position.Family.values
            or isinstance(v, bool)
            or not isinstance(v, int | float)
            or not 0 <= v <= MAX_FAMILY_WEIGHT
        ]
        if wrong:
            errors["family_weights"] = [
                _("Job family weights are numbers from 0 to 10 per known family: {keys}.").format(
                    keys=", ".join(wrong)
                )
            ]
    must = run.must_fill if isinstance(run.must_fill, list) else None
    if must is None or not all(isinstance(e, dict) for e in must):
        errors["must_fill"] = [_("Posts that must be filled must be a list of entries.")]
    else:
        must_errors = check_must_fill(run.agency, run.kind, run.areas or [], must)
        if must_errors:
            errors["must_fill"] = must_errors
    if errors:
        raise ValidationError(errors)


def create_run(*, agency: Agency, actor: User, **fields: Any) -> PlacementRun:
    """Save a new run and queue its computation once the transaction commits (through the
    job kind ``placement.tasks`` registers, so this module needs no import of the tasks)."""
    if not can(actor, Action.ADD, "placement"):
        raise PermissionDenied(_("Your role may not do this."))
    if fields.get("family_weights") is None:
        fields["family_weights"] = default_family_weights(agency)
    run = PlacementRun(agency=agency, created_by=actor if actor.pk else None, **fields)
    if not run.name:
        run.name = _("Placement {year}").format(year=run.year)
    with transaction.atomic():
        validate_run(run)
        run.save()
        record_event(action="formasi.placement.created", actor=actor, obj=run, to_state=run.state)
        jobs.start(run)
    return run


@transaction.atomic
def set_sk_details(
    *,
    run: PlacementRun,
    actor: User,
    sk_number: str,
    tmt: date | None,
    expected_version: int | None = None,
) -> PlacementRun:
    """Record the SK number and the TMT the SK draft prints (placement.export); either may
    stay blank until known. Allowed while the run's decisions are open or after applying.
    Raises ValidationError (nothing saved) for a value that does not fit, StaleEditError when
    ``expected_version`` is given and the run changed since, PermissionDenied unless the
    actor may change the run."""
    if not can(actor, Action.CHANGE, "placement") or not (
        PlacementRun.objects.visible_to(actor, Action.CHANGE).filter(pk=run.pk).exists()
    ):
        raise PermissionDenied(_("Your role may not do this."))
    current = PlacementRun.unscoped.select_for_update().only("version").get(pk=run.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEditError(_("Someone else changed this run since you loaded it; load it again."))
    run.sk_number, run.tmt = sk_number.strip(), tmt
    run.version = current.version + 1
    others = [f.name for f in PlacementRun._meta.fields if f.name not in ("sk_number", "tmt")]
    run.clean_fields(exclude=others)
    run.save(update_fields=["sk_number", "tmt", "version"])
    record_event(action="formasi.placement.sk_details", actor=actor, obj=run)
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
    actor: User,
    line_ids: Iterable[int] | None = None,
    expected: int | None = None,
) -> int:
    """Accept or reject lines of a run (``line_ids``; None = every pending line). Returns how
    many lines changed. A new hire already accepted in another run is not accepted twice.
    ``expected``: how many pending lines the planner confirmed deciding at once; when the run
    has another number now (someone decided lines meanwhile), nothing changes."""
    if not can(actor, Action.CHANGE, "placement"):
        raise PermissionDenied(_("Your role may not do this."))
    if decision not in PlacementLine.Decision.values:
        raise ValidationError(_("Unknown decision."))
    run = PlacementRun.unscoped.select_for_update().get(pk=run.pk)
    _check_open(run)
    lines = PlacementLine.unscoped.filter(run=run)
    if line_ids is None:
        lines = lines.filter(decision=PlacementLine.Decision.PENDING)
        _check_expected(lines.count(), expected)
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
    user = actor if actor.pk else None
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
def _check_expected(found: int, expected: int | None) -> None:
    """Refuse a bulk action confirmed for another number of lines than the run has now."""
    if expected is not None and found != expected:
        raise ValidationError(
            _(
                "Nothing was changed: you confirmed {expected} lines but the run has {found} "
                "now. Look at them again."
            ).format(expected=expected, found=found)
        )


def apply_accepted(*, run: PlacementRun, actor: User, expected: int | None = None) -> int:
    """Move the employees of a transfer run's accepted lines to their new units, in one
    transaction, with the history reason "Penempatan: <run>" and an audit event. Refuses
    (nothing moves) when an employee is no longer active in the unit the line moves them from.
    New-hire runs are not applied: their accepted lines are the draft of the SK. ``expected``:
    the number of accepted lines the planner confirmed; another number moves nothing."""
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
    _check_expected(len(lines), expected)
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
    user = actor if actor.pk else None
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
