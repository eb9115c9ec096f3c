"""The input of a placement run, read from the database: job family weights, must-fill posts,
the cells and the people (see :mod:`formasi.placement.services` for the rules)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from formasi.domain import penetapan
from formasi.domain import placement as domain
from formasi.organization.models import Agency, OrgUnit, Position, Region
from formasi.placement.approved import approved_variants
from formasi.placement.models import Applicant, PlacementLine, PlacementRun
from formasi.planning.models import Scenario
from formasi.workforce.models import Employee
from formasi.workload.models import PositionNeed
from formasi.workload.services import bezetting_of

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
        value: object = weights.get(family, weights.get("other", 1.0))
        try:
            number = float(value) if isinstance(value, int | float | str) else 1.0
        except ValueError:
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
        for pair in PlacementLine.unscoped.filter(run=run).values_list("to_unit_id", "position_id"):
            placed[pair] += 1
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


def districts_of_agency(agency: Agency) -> list[Region]:
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
    approved_from: int | None = None  # the decided proposal whose formasi the run fills


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


Cells = dict[tuple[int, int], int]


def _area_totals(
    units: dict[int, OrgUnit], needs: Cells, bezetting: Cells
) -> tuple[dict[int, int], dict[int, int], dict[int, int]]:
    """Need, shortage and staff per kecamatan, over every cell of the agency."""
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
    return area_need, area_short, area_staff


@dataclass
class _CellInput:
    """What the cells of a run are made of."""

    units: dict[int, OrgUnit]
    needs: Cells
    staff: Cells  # bezetting plus promised new-hire posts
    must: Cells
    positions: dict[int, Position]
    area_need: dict[int, int]
    area_short: dict[int, int]


def _cells(run: PlacementRun, given: _CellInput) -> list[domain.Cell]:
    """The open (or surplus) cells of the run's area, must-fill posts always, each with its
    priority: family weight × (1 + the kecamatan's shortage share)."""
    areas = set(run.areas or [])
    in_area = {
        pk
        for pk, u in given.units.items()
        if not areas or (u.district is not None and u.district.code in areas)
    }
    weights = family_weights_of(run)
    area_need, area_short, must = given.area_need, given.area_short, given.must
    cells: list[domain.Cell] = []
    for unit_id, position_id in sorted(set(given.needs) | set(must), key=_key_order):
        key = (unit_id, position_id)
        need = given.needs.get(key, 0)
        if unit_id not in in_area and key not in must:
            continue
        staff = given.staff.get(key, 0)
        if key not in must and (
            staff == need or (run.kind == PlacementRun.Kind.NEW_HIRES and staff > need)
        ):
            continue
        unit = given.units[unit_id]
        share = (
            area_short[unit.district_id] / area_need[unit.district_id]
            if unit.district_id and area_need[unit.district_id]
            else 0.0
        )
        weight = weights.get(given.positions[position_of(position_id)].family, 1.0)
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
    return cells


def position_of(key: object) -> int:
    """The position id of a cell's position key: an id, or a variant of approved posts
    (``"12/pns/s1"``, :func:`formasi.domain.penetapan.variant`)."""
    return int(str(key).split("/", 1)[0])


def _key_order(key: tuple[int, Any]) -> tuple[int, int, str]:
    return key[0], position_of(key[1]), str(key[1])


def _approved_cells(
    variants: dict[tuple[int, int], dict[str, int]], bezetting: Cells, must: Cells
) -> tuple[dict[tuple[int, Any], int], dict[tuple[int, Any], int], dict[tuple[int, Any], int]]:
    """Needs, staff and must-fill posts of the cells of approved formasi: one cell per unit ×
    variant (need = its open approved posts; the first variant of a unit × jabatan carries
    its bezetting and its must-fill posts, so the unit's figures add up as before)."""
    needs: dict[tuple[int, Any], int] = {}
    staff: dict[tuple[int, Any], int] = {}
    moved: dict[tuple[int, Any], int] = dict(must)
    for (unit, position), per in variants.items():
        for k, (key, n) in enumerate(sorted(per.items())):
            staff[unit, key] = bezetting.get((unit, position), 0) if k == 0 else 0
            needs[unit, key] = staff[unit, key] + n
            if k == 0 and (unit, position) in moved:
                moved[unit, key] = moved.pop((unit, position))
    return needs, staff, moved


def _new_hires(
    run: PlacementRun, variants: dict[tuple[int, int], dict[str, int]] | None = None
) -> tuple[dict[int, Applicant], list[domain.Person]]:
    """The run year's applicants of the agency with no accepted line yet. With approved
    formasi (``variants``), each qualifies for the variants of their jabatan they fit
    (status and education, :func:`formasi.domain.penetapan.fits`); one who fits none keeps
    the bare jabatan, which no cell offers."""
    by_position: dict[int, set[str]] = defaultdict(set)
    for (_unit, position), per in (variants or {}).items():
        by_position[position] |= set(per)
    applicants: dict[int, Applicant] = {}
    people: list[domain.Person] = []
    placed = PlacementLine.unscoped.filter(
        agency=run.agency, decision=PlacementLine.Decision.ACCEPTED, applicant__isnull=False
    ).values("applicant_id")
    found = (
        Applicant.unscoped.filter(agency=run.agency, year=run.year)
        .exclude(pk__in=placed)
        .select_related("home_region__parent")
        .order_by("pk")
    )
    for a in found:
        applicants[a.pk] = a
        keys = [str(a.position_id)]
        if variants is not None:
            level = penetapan.person_level(a.education)
            fitting = by_position.get(a.position_id, set())
            keys = sorted(k for k in fitting if penetapan.fits_variant(k, a.status, level)) or keys
        people.append(
            domain.Person(
                id=f"a{a.pk}",
                position=keys[0],
                alternatives=tuple(keys[1:]),
                **_home(a.home_region),
            )
        )
    return applicants, people


def _movable_staff(
    run: PlacementRun, cells: list[domain.Cell]
) -> tuple[dict[int, Employee], list[domain.Person]]:
    """Active PNS, CPNS and PPPK standing in cells with more staff than need (the keep
    list's NIPs must stay)."""
    employees: dict[int, Employee] = {}
    people: list[domain.Person] = []
    excess = {(int(c.unit), int(c.position)) for c in cells if c.bezetting > c.need}
    keep = set(run.keep or [])
    found = (
        Employee.unscoped.filter(
            agency=run.agency,
            active=True,
            status__in=TRANSFER_STATUSES,
            unit_id__in={u for u, _p in excess},
        )
        .select_related("origin_region__parent")
        .order_by("pk")
    )
    for e in found:
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
    return employees, people


def build_request(run: PlacementRun) -> Built:
    """The domain request of a run (see the module docstring for the rules)."""
    agency = run.agency
    units, needs, bezetting = _agency_cells(agency)
    promised = _promised(agency, run) if run.kind == PlacementRun.Kind.NEW_HIRES else {}
    area_need, area_short, area_staff = _area_totals(units, needs, bezetting)
    must, problems = _must_fill(run, units)
    position_ids = {p for _u, p in needs} | {p for _u, p in must}
    positions = Position.unscoped.in_bulk(position_ids)
    staff = {
        key: bezetting.get(key, 0) + promised.get(key, 0) for key in set(bezetting) | set(promised)
    }
    proposal, variants = approved_variants(run)
    cell_needs: dict[tuple[int, Any], int] = dict(needs)
    if proposal is not None:
        cell_needs, staff, must = _approved_cells(
            {key: per for key, per in variants.items() if key[0] in units}, bezetting, must
        )
        wanted = {position_of(p) for _u, p in cell_needs} - set(positions)
        positions.update(Position.unscoped.in_bulk(wanted))
    cells = _cells(
        run, _CellInput(units, cell_needs, staff, must, positions, area_need, area_short)
    )
    applicants: dict[int, Applicant] = {}
    employees: dict[int, Employee] = {}
    if run.kind == PlacementRun.Kind.NEW_HIRES:
        applicants, people = _new_hires(run, variants if proposal is not None else None)
    else:
        employees, people = _movable_staff(run, cells)
    request = domain.Request(
        people=people,
        cells=cells,
        max_moves_per_unit=run.max_moves_per_unit,
        weights=domain.Weights(
            home_village=run.home_village, home_district=run.home_district, distance=run.distance
        ),
    )
    missing = {position_of(p.position) for p in people} - set(positions)
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
        approved_from=proposal.pk if proposal is not None else None,
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
