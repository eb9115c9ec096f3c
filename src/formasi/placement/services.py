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
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from formasi.core.audit import record_event
from formasi.core.cache import bump
from formasi.core.errors import stored_internal_error_message
from formasi.core.permissions import Action, can
from formasi.domain import equity
from formasi.domain import placement as domain
from formasi.organization.models import Agency, OrgUnit, Position, Region
from formasi.placement.models import Applicant, PlacementLine, PlacementRun
from formasi.planning.models import Scenario
from formasi.workforce.models import Employee
from formasi.workload.models import PositionNeed
from formasi.workload.services import bezetting_of

logger = logging.getLogger(__name__)

#: Statuses of serving staff that may be proposed for transfer.
TRANSFER_STATUSES = (Employee.Status.PNS, Employee.Status.CPNS, Employee.Status.PPPK)

#: Bounds of a job family weight (``PlacementRun.family_weights``).
MAX_FAMILY_WEIGHT = 10.0


# --------------------------------------------------------------------------- family weights


def default_family_weights(agency: Agency) -> dict[str, float]:
    """The new-run form's weights: the agency's baseline five-year-plan scenario's family
    weights (a family it does not list takes its "other" weight), else 1.0 for every family."""
    baseline = (
        Scenario.unscoped.filter(agency=agency, is_baseline=True).only("family_weights").first()
    )
    stored = baseline.family_weights if baseline is not None else None
    weights = stored if isinstance(stored, dict) else {}
    out = {}
    for family in Position.Family.values:
        value = weights.get(family, weights.get("other", 1.0))
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = 1.0
        if not (0 <= number <= MAX_FAMILY_WEIGHT):
            number = 1.0
        out[family] = round(number, 2)
    return out


def family_weights_of(run: PlacementRun) -> dict[str, float]:
    """The run's weight of every job family (a family the run does not list weighs 1)."""
    stored = run.family_weights if isinstance(run.family_weights, dict) else {}
    return {f: float(stored.get(f, 1.0)) for f in Position.Family.values}


# --------------------------------------------------------------------------- must-fill posts


def open_posts(agency: Agency, kind: str) -> dict[tuple[int, int], int]:
    """Open posts (need − bezetting, minus posts promised to new hires by accepted lines of
    any run) per (unit id, position id) of the agency's active units."""
    _units, needs, bezetting = _agency_cells(agency)
    promised = _promised(agency, None) if kind == PlacementRun.Kind.NEW_HIRES else {}
    return {
        key: need - bezetting.get(key, 0) - promised.get(key, 0)
        for key, need in needs.items()
        if need - bezetting.get(key, 0) - promised.get(key, 0) > 0
    }


def check_must_fill(
    agency: Agency,
    kind: str,
    areas: Iterable[str],
    entries: list[dict[str, Any]],
    lines: list[int] | None = None,
) -> list[str]:
    """Errors of must-fill entries (``{"unit", "position", "count"}``), each starting with the
    line number (``lines[i]``, else ``i + 1``): the unit and position are the agency's, the
    unit stands in the chosen kecamatan, the count is 1 … the open posts, no post twice."""
    return [
        must_fill_message(line, problem)
        for line, problem in must_fill_problems(agency, kind, areas, entries, lines)
    ]


def must_fill_message(line: int, problem: str) -> str:
    return _("Line {line}: {problem}").format(line=line, problem=problem)


def must_fill_problems(
    agency: Agency,
    kind: str,
    areas: Iterable[str],
    entries: list[dict[str, Any]],
    lines: list[int] | None = None,
) -> list[tuple[int, str]]:
    """:func:`check_must_fill` as (line number, problem) pairs."""
    if not entries:
        return []
    numbers = lines or list(range(1, len(entries) + 1))
    units = {
        u.code: u
        for u in OrgUnit.unscoped.filter(
            agency=agency, active=True, code__in={str(e.get("unit")) for e in entries}
        ).select_related("district")
    }
    positions = {
        p.code: p
        for p in Position.unscoped.filter(
            agency=agency, code__in={str(e.get("position")) for e in entries}
        )
    }
    chosen = set(areas or [])
    available = open_posts(agency, kind)
    seen: dict[tuple[int, int], int] = {}
    errors: list[tuple[int, str]] = []
    for line, entry in zip(numbers, entries, strict=True):
        unit, position = (
            units.get(str(entry.get("unit"))),
            positions.get(str(entry.get("position"))),
        )
        count = entry.get("count")
        problems = []
        if unit is None:
            problems.append(
                _("{code} is not an active unit of this agency.").format(code=entry.get("unit"))
            )
        elif chosen and (unit.district is None or unit.district.code not in chosen):
            problems.append(_("{unit} is not in the chosen kecamatan.").format(unit=unit.name))
        if position is None:
            problems.append(
                _("{code} is not a position of this agency.").format(code=entry.get("position"))
            )
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            problems.append(_("the count must be a whole number of at least 1."))
        elif unit is not None and position is not None:
            key = (unit.pk, position.pk)
            left = available.get(key, 0)
            if key in seen:
                problems.append(
                    _("{unit} — {position} is already on line {line}.").format(
                        unit=unit.name, position=position.name, line=seen[key]
                    )
                )
            elif count > left:
                problems.append(
                    _("{unit} — {position} has {open} open posts, fewer than {count}.").format(
                        unit=unit.name, position=position.name, open=left, count=count
                    )
                )
            seen.setdefault(key, line)
        errors.extend((line, problem) for problem in problems)
    return errors


def must_fill_rows(run: PlacementRun) -> list[dict[str, Any]]:
    """The run's must-fill posts for its page: unit, position, count and (once computed) how
    many of its lines go there."""
    entries = [e for e in run.must_fill or [] if isinstance(e, dict)]
    if not entries:
        return []
    units = {
        u.code: u
        for u in OrgUnit.unscoped.filter(
            agency_id=run.agency_id, code__in={str(e.get("unit")) for e in entries}
        ).select_related("district")
    }
    positions = {
        p.code: p
        for p in Position.unscoped.filter(
            agency_id=run.agency_id, code__in={str(e.get("position")) for e in entries}
        )
    }
    placed: dict[tuple[int, int], int] = defaultdict(int)
    if run.state == PlacementRun.State.DONE:
        for key in PlacementLine.unscoped.filter(run=run).values_list("to_unit_id", "position_id"):
            placed[key] += 1
    rows = []
    for e in entries:
        unit, position = units.get(str(e.get("unit"))), positions.get(str(e.get("position")))
        key = (unit.pk, position.pk) if unit and position else None
        rows.append(
            {
                "unit_code": e.get("unit"),
                "position_code": e.get("position"),
                "unit": unit.name if unit else str(e.get("unit")),
                "district": unit.district.name if unit and unit.district else "",
                "position": position.name if position else str(e.get("position")),
                "count": e.get("count"),
                "key": key,
                "placed": placed.get(key, 0) if key else 0,
            }
        )
    return rows


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
    problems: list[str] = field(default_factory=list)  # input the solver cannot take


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


def _promised(agency: Agency, run: PlacementRun | None) -> dict[tuple[int, int], int]:
    """New-hire posts promised by accepted lines of the agency's other runs."""
    out: dict[tuple[int, int], int] = defaultdict(int)
    rows = (
        PlacementLine.unscoped.filter(
            agency=agency, applicant__isnull=False, decision=PlacementLine.Decision.ACCEPTED
        )
        .exclude(run_id=run.pk if run is not None else None)
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
    must, problems = _must_fill(run, units)
    weights = family_weights_of(run)
    position_ids = {p for _u, p in needs} | {p for _u, p in must}
    positions = Position.unscoped.in_bulk(position_ids)
    cells: list[domain.Cell] = []
    for unit_id, position_id in sorted(set(needs) | set(must)):
        key = (unit_id, position_id)
        need = needs.get(key, 0)
        if unit_id not in in_area and key not in must:
            continue
        staff = bezetting.get(key, 0) + promised.get(key, 0)
        if key not in must and (
            staff == need or (run.kind == PlacementRun.Kind.NEW_HIRES and staff > need)
        ):
            continue
        unit = units[unit_id]
        share = (
            area_short[unit.district_id] / area_need[unit.district_id]
            if unit.district_id and area_need[unit.district_id]
            else 0.0
        )
        weight = weights.get(positions[position_id].family, 1.0)
        region = unit.region
        cells.append(
            domain.Cell(
                unit=str(unit_id),
                position=str(position_id),
                need=need,
                bezetting=staff,
                priority=round(weight * (1 + share), 3),
                village=region.code if region.level == Region.Level.VILLAGE else None,
                district=unit.district.code if unit.district else None,
                location=_location(region),
                must_fill=must.get(key, 0),
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
    missing = {int(p.position) for p in people} - set(positions)
    if missing:
        positions.update(Position.unscoped.in_bulk(missing))
    districts = Region.objects.in_bulk(set(area_need))
    return Built(
        request=request,
        units=units,
        positions=positions,
        applicants=applicants,
        employees=employees,
        area_need=dict(area_need),
        area_staff=dict(area_staff),
        districts=districts,
        problems=problems,
    )


def _must_fill(
    run: PlacementRun, units: dict[int, OrgUnit]
) -> tuple[dict[tuple[int, int], int], list[str]]:
    """The run's must-fill posts by (unit id, position id), and the entries that no longer
    name an active unit or a position of the agency (Indonesian, for the failed run)."""
    entries = [e for e in run.must_fill or [] if isinstance(e, dict)]
    by_code = {u.code: pk for pk, u in units.items()}
    codes = {str(e.get("position")) for e in entries}
    positions = dict(
        Position.unscoped.filter(agency_id=run.agency_id, code__in=codes).values_list("code", "pk")
    )
    must: dict[tuple[int, int], int] = defaultdict(int)
    problems = []
    for e in entries:
        unit_id, position_id = (
            by_code.get(str(e.get("unit"))),
            positions.get(str(e.get("position"))),
        )
        if unit_id is None or position_id is None:
            problems.append(
                f"Formasi wajib terisi {e.get('unit')} — {e.get('position')}: unit atau jabatan "
                "tidak ditemukan (lagi) di instansi ini."
            )
            continue
        must[unit_id, position_id] += int(e.get("count") or 0)
    return dict(must), problems


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


_CELL_IN_PROBLEM = re.compile(r"\b(\d+) — (\d+)\b")
_POSITION_IN_PROBLEM = re.compile(r"\bjabatan (\d+)\b")


def _named(built: Built, problems: Iterable[str]) -> list[str]:
    """The domain's problems with the unit and position ids of the cells replaced by names
    ("12 — 7" → "SDN 1 Rakumpit — Guru Kelas", "jabatan 7" → "jabatan Guru Kelas")."""

    def cell(m: re.Match[str]) -> str:
        unit, position = built.units.get(int(m[1])), built.positions.get(int(m[2]))
        if unit is None or position is None:
            return m[0]
        return f"{unit.name} — {position.name}"

    def position(m: re.Match[str]) -> str:
        found = built.positions.get(int(m[1]))
        return f"jabatan {found.name}" if found is not None else m[0]

    return [_POSITION_IN_PROBLEM.sub(position, _CELL_IN_PROBLEM.sub(cell, p)) for p in problems]


def _compute(run: PlacementRun, report: Callable[[int], None]) -> dict[str, Any]:
    started = time.perf_counter()
    built = build_request(run)
    report(20)
    if built.problems:
        # Must-fill posts that no longer exist: the solver is not asked.
        summary = {"status": "INFEASIBLE", "problems": built.problems, "lines": 0}
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
    summary: dict[str, Any] = {
        "status": result.status,
        "method": result.method,
        "problems": list(result.problems),
        "people": len(built.request.people),
        "cells": len(built.request.cells),
        "open_posts": sum(c.open for c in built.request.cells),
        "lines": len(result.assignments),
        "must_fill_posts": sum(c.must_fill for c in built.request.cells),
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
    summary["problems"] = _named(built, result.problems)
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
    allowed = {r.code for r in kecamatan_of_agency(run.agency)}
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


def create_run(*, agency: Agency, actor: Any, **fields: Any) -> PlacementRun:
    """Save a new run and queue its computation once the transaction commits."""
    from formasi.placement import tasks

    if not can(actor, Action.ADD, "placement"):
        raise PermissionDenied(_("Your role may not do this."))
    if fields.get("family_weights") is None:
        fields["family_weights"] = default_family_weights(agency)
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
