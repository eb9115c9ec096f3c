"""Needs, bezetting and gaps: the peta jabatan of an OPD, and writing an ABK task list.

Bezetting is counted from the active employees of each unit and position; needs come from
``PositionNeed``. The arithmetic is in ``formasi.domain`` (abk, gaps).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from formasi.core.cache import bump
from formasi.core.permissions import Action, can
from formasi.core.scoping import ensure_visible
from formasi.core.versions import StaleEditError, content_version
from formasi.core.views import get_visible_or_404, require
from formasi.domain import abk
from formasi.domain.gaps import Cell, Gap, cell_gap, roll_up
from formasi.organization.models import Agency, OrgUnit, Position
from formasi.workforce.models import Employee
from formasi.workload.models import AbkTask, PositionNeed, WorkloadSettings

if TYPE_CHECKING:
    from formasi.accounts.models import User
    from formasi.core.permissions import AnyUser


def settings_for(agency: Agency) -> WorkloadSettings:
    """The agency's settings, or the defaults (unsaved) when it has none."""
    found = WorkloadSettings.objects.filter(agency=agency).first()
    return found or WorkloadSettings(agency=agency)


@dataclass(frozen=True)
class AbkResult:
    """What an ABK task list gives for one position in one unit."""

    workload_minutes: float
    exact: float
    count: int
    effectiveness: float | None  # EJ, None without tasks or without people there
    grade: str | None
    no_grade: str | None = None  # why there is no EJ/PJ: abk.NO_TASKS or abk.NO_STAFF


def abk_result(tasks: Iterable[abk.Task], existing: int, settings: WorkloadSettings) -> AbkResult:
    tasks = list(tasks)
    exact = abk.required_staff(tasks, settings.effective_minutes)
    count = abk.round_staff(exact, settings.rounding)
    found = abk.assess(tasks, existing, settings.effective_minutes, settings.grade_bands)
    return AbkResult(
        workload_minutes=abk.workload_minutes(tasks),
        exact=exact,
        count=count,
        effectiveness=found.effectiveness,
        grade=found.grade,
        no_grade=found.reason,
    )


def abk_basis(settings: WorkloadSettings) -> str:
    return _("ABK (PermenPAN-RB 1/2020), {minutes} minutes a year, rounded {rule}").format(
        minutes=f"{settings.effective_minutes:,}".replace(",", "."),
        rule=settings.get_rounding_display().lower(),
    )


def bezetting_of(units: Iterable[int]) -> dict[tuple[int, int], int]:
    """Active employees per (unit id, position id)."""
    counts = (
        Employee.unscoped.filter(unit_id__in=list(units), active=True)
        .values("unit_id", "position_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(row["unit_id"], row["position_id"]): row["n"] for row in counts}


class StaleNeedError(StaleEditError):
    """Someone else changed the need after this edit began (optimistic locking)."""


def need_version(*, unit_id: int, position_id: int) -> str:
    """The version an ABK edit starts from: the id of the need's latest history record ("0"
    while the position has no need in the unit). Every save of the need makes a new one."""
    latest = (
        PositionNeed.history.filter(unit_id=unit_id, position_id=position_id)
        .order_by("-history_id")
        .values_list("history_id", flat=True)
        .first()
    )
    return str(latest or 0)


@transaction.atomic
def save_abk_tasks(
    *,
    unit: OrgUnit,
    position: Position,
    tasks: Sequence[Mapping[str, Any]],
    actor: User,
    reason: str = "",
    expected_version: str | None = None,
) -> PositionNeed:
    """Replace the ABK task list of a position in a unit and store the need it gives.

    ``tasks`` are dicts with description, output_unit, volume and norm_minutes (validated by
    the form or the workbook reader). ``reason`` is kept as the history's change reason.
    Raises PermissionDenied when the actor may not change this unit's needs, and
    StaleNeedError when ``expected_version`` is given and the need changed since.
    """
    if not can(actor, Action.CHANGE, "need"):
        raise PermissionDenied(_("Your role may not do this."))
    # The unit must be in the actor's scope (an OPD operator: their OPD's subtree).
    in_scope = OrgUnit.unscoped.visible_to(actor, Action.VIEW).filter(pk=unit.pk).exists()
    if not in_scope:
        raise PermissionDenied(_("This work unit is outside the units you may change."))
    if position.agency_id != unit.agency_id:
        raise ValidationError(_("The position belongs to another agency."))
    settings = settings_for(unit.agency)
    domain_tasks = [
        abk.Task(volume=float(t["volume"]), norm_minutes=float(t["norm_minutes"])) for t in tasks
    ]
    existing = bezetting_of([unit.pk]).get((unit.pk, position.pk), 0)
    result = abk_result(domain_tasks, existing, settings)
    if expected_version is not None:
        PositionNeed.unscoped.select_for_update().filter(unit=unit, position=position).exists()
        if expected_version != need_version(unit_id=unit.pk, position_id=position.pk):
            raise StaleNeedError(
                _(
                    "Someone else changed this need after you loaded it. Nothing was saved: "
                    "load it again and make your change again."
                )
            )
    need, _created = PositionNeed.unscoped.select_for_update().get_or_create(
        unit=unit,
        position=position,
        defaults={"agency_id": unit.agency_id, "source": PositionNeed.Source.ABK, "count": 0},
    )
    need.source = PositionNeed.Source.ABK
    need.exact = Decimal(str(round(result.exact, 4)))
    need.count = result.count
    need.basis = abk_basis(settings)[:255]
    need.updated_by = actor if getattr(actor, "pk", None) else None
    need._history_user = need.updated_by  # type: ignore[attr-defined]
    if reason:
        need._change_reason = reason[:100]  # type: ignore[attr-defined]
    need.save()
    need.tasks.all().delete()
    AbkTask.objects.bulk_create(
        AbkTask(
            need=need,
            order=index,
            description=str(t["description"])[:500],
            output_unit=str(t.get("output_unit") or "")[:100],
            volume=Decimal(str(t["volume"])),
            norm_minutes=Decimal(str(t["norm_minutes"])),
        )
        for index, t in enumerate(tasks)
    )
    bump([unit.agency_id])
    return need


def _same_tasks(need: PositionNeed | None, tasks: Sequence[Mapping[str, Any]]) -> bool:
    if need is None:
        return False

    def key(description: str, output_unit: str, volume: Any, norm: Any) -> tuple[Any, ...]:
        return (description, output_unit, Decimal(volume).normalize(), Decimal(norm).normalize())

    return [
        key(t.description, t.output_unit, t.volume, t.norm_minutes) for t in need.tasks.all()
    ] == [
        key(t["description"], t.get("output_unit") or "", t["volume"], t["norm_minutes"])
        for t in tasks
    ]


@transaction.atomic
def save_abk_workbook(
    *,
    unit: OrgUnit,
    sheets: Sequence[tuple[Position, Sequence[Mapping[str, Any]]]],
    actor: User,
    filename: str,
) -> int:
    """Save the task lists of an uploaded ABK workbook (one or more positions of ``unit``), all
    or nothing, each through :func:`save_abk_tasks`. A position whose tasks are unchanged is
    left alone (no new history). Returns how many positions were saved."""
    if len({position.pk for position, _tasks in sheets}) != len(sheets):
        raise ValidationError(_("The workbook names a position more than once."))
    stored = {
        n.position_id: n
        for n in PositionNeed.unscoped.filter(
            unit=unit, position__in=[p for p, _t in sheets]
        ).prefetch_related("tasks")
    }
    saved = 0
    for position, tasks in sheets:
        if _same_tasks(stored.get(position.pk), tasks):
            continue
        save_abk_tasks(
            unit=unit,
            position=position,
            tasks=tasks,
            actor=actor,
            reason=f"Impor workbook ABK: {filename}",
        )
        saved += 1
    return saved


@transaction.atomic
def save_need(*, need: PositionNeed, actor: User) -> PositionNeed:
    """Create or update a need as entered (the admin's form): it follows its unit's agency.
    Raises PermissionDenied (nothing saved) unless the actor may change needs of the unit it
    was in and of the unit it goes to; ValidationError for a position of another agency."""
    if need.pk is None and not can(actor, Action.ADD, "need"):
        raise PermissionDenied(_("Your role may not do this."))
    if need.pk is not None and not (
        PositionNeed.unscoped.visible_to(actor, Action.CHANGE).filter(pk=need.pk).exists()
    ):
        raise PermissionDenied(_("This work unit is outside the units you may change."))
    units = OrgUnit.unscoped.visible_to(actor, Action.CHANGE, resource="need")
    if not units.filter(pk=need.unit_id).exists():
        raise PermissionDenied(_("This work unit is outside the units you may change."))
    need.agency_id = need.unit.agency_id
    if need.position.agency_id != need.agency_id:
        raise ValidationError({"position": _("The position belongs to another agency.")})
    old_agency = (
        PositionNeed.unscoped.filter(pk=need.pk).values_list("agency_id", flat=True).first()
        if need.pk is not None
        else None
    )
    need.full_clean()
    need.updated_by = actor if getattr(actor, "pk", None) else None
    need._history_user = need.updated_by  # type: ignore[attr-defined]
    need.save()
    ensure_visible(need, actor, Action.CHANGE, _("The need would fall outside your scope."))
    bump([need.agency_id, old_agency])
    return need


# --------------------------------------------------------------------------- ABK workbook


@dataclass(frozen=True)
class PositionAbk:
    """One position of a unit as the ABK workbook shows it (forms A to D)."""

    position: Position
    tasks: list[AbkTask]
    result: AbkResult
    bezetting: int
    holders: dict[str, int]  # golongan ("" when unknown) -> active employees (form B)


def abk_workbook_rows(
    user: AnyUser, unit: OrgUnit, position: Position | None = None
) -> list[PositionAbk]:
    """The positions of the unit with an ABK task list (or just ``position``, with or without
    one), with their result, bezetting and holders per golongan. Three queries."""
    needs = (
        PositionNeed.objects.visible_to(user, Action.VIEW)
        .filter(unit=unit)
        .select_related("position")
        .prefetch_related("tasks")
    )
    if position is not None:
        needs = needs.filter(position=position)
    else:
        needs = needs.filter(tasks__isnull=False).distinct()
    found = {n.position_id: n for n in needs}
    positions = [n.position for n in found.values()]
    if position is not None and position.pk not in found:
        positions = [position]
    holders: dict[int, dict[str, int]] = {p.pk: {} for p in positions}
    counts = (
        Employee.unscoped.filter(unit=unit, active=True, position_id__in=list(holders))
        .values("position_id", "golongan")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in counts:
        holders[row["position_id"]][row["golongan"] or ""] = row["n"]
    settings = settings_for(unit.agency)
    rows = []
    for pos in sorted(positions, key=lambda p: (p.kind, p.name)):
        need = found.get(pos.pk)
        tasks = list(need.tasks.all()) if need is not None else []
        people = sum(holders[pos.pk].values())
        rows.append(
            PositionAbk(
                position=pos,
                tasks=tasks,
                result=abk_result([t.as_task() for t in tasks], people, settings),
                bezetting=people,
                holders=dict(sorted(holders[pos.pk].items())),
            )
        )
    return rows


# --------------------------------------------------------------------------- peta jabatan


#: Why a peta row has no EJ/PJ besides abk.NO_TASKS and abk.NO_STAFF: its need comes from a
#: standard, WISN or was entered (EJ/PJ measure an ABK's workload), or there is no need.
NOT_ABK = "not_abk"
NO_NEED = "no_need"


@dataclass
class PetaRow:
    """One position in one unit: need, bezetting, gap and (for ABK needs) EJ and grade, or
    the reason why there are none (``no_grade``: NOT_ABK, NO_NEED, abk.NO_TASKS, abk.NO_STAFF)."""

    position: Position
    need: PositionNeed | None
    bezetting: int
    gap: Gap
    effectiveness: float | None = None
    grade: str | None = None
    no_grade: str | None = None
    has_tasks: bool = False  # an ABK task list is stored (whatever the need's source now)


@dataclass
class PetaUnit:
    unit: OrgUnit
    depth: int
    rows: list[PetaRow] = field(default_factory=list)
    own: Gap = field(default_factory=Gap)
    total: Gap = field(default_factory=Gap)  # with every unit below


def _peta_row(
    position: Position, need: PositionNeed | None, people: int, settings: WorkloadSettings
) -> PetaRow:
    count = need.count if need is not None else 0
    row = PetaRow(position=position, need=need, bezetting=people, gap=cell_gap(count, people))
    tasks: list[AbkTask] = getattr(need, "task_list", [])  # prefetched by peta_jabatan
    row.has_tasks = bool(tasks)
    if need is None:
        row.no_grade = NO_NEED
    elif need.source != PositionNeed.Source.ABK:
        row.no_grade = NOT_ABK
    else:
        outcome = abk_result([t.as_task() for t in tasks], people, settings)
        row.effectiveness, row.grade = outcome.effectiveness, outcome.grade
        row.no_grade = outcome.no_grade
    return row


def peta_jabatan(
    user: AnyUser,
    opd: OrgUnit,
    *,
    keep: Callable[[PetaRow], bool] | None = None,
    subtree: bool = True,
) -> list[PetaUnit]:
    """The peta jabatan of an OPD (or any unit) as the user may see it: every unit of the
    subtree (just ``opd`` when not ``subtree``), every position with a need or people there,
    or only the rows ``keep`` accepts (the totals then count those rows only)."""
    scope = OrgUnit.objects.visible_to(user, Action.VIEW)
    scope = scope.filter(path__startswith=opd.path) if subtree else scope.filter(pk=opd.pk)
    units = list(scope.order_by("path"))
    ids = [u.pk for u in units]
    needs = {
        (n.unit_id, n.position_id): n
        for n in PositionNeed.objects.visible_to(user, Action.VIEW).filter(unit_id__in=ids)
    }
    task_lists: dict[int, list[AbkTask]] = {}
    for task in AbkTask.objects.filter(need__unit_id__in=ids).order_by("need_id", "order", "id"):
        task_lists.setdefault(task.need_id, []).append(task)
    for found in needs.values():
        found.task_list = task_lists.get(found.pk, [])  # type: ignore[attr-defined]
    bezetting = bezetting_of(ids)
    position_ids = {p for _u, p in needs} | {p for _u, p in bezetting}
    positions = Position.unscoped.in_bulk(position_ids)
    settings = settings_for(opd.agency)
    base_depth = opd.depth
    result: dict[int, PetaUnit] = {
        u.pk: PetaUnit(unit=u, depth=u.depth - base_depth) for u in units
    }
    cells = []
    for key in sorted(set(needs) | set(bezetting)):
        unit_id, position_id = key
        if unit_id not in result:
            continue
        row = _peta_row(positions[position_id], needs.get(key), bezetting.get(key, 0), settings)
        if keep is not None and not keep(row):
            continue
        result[unit_id].rows.append(row)
        cells.append(Cell(unit_id, position_id, row.gap.need, row.bezetting))
    parent_of: dict[Hashable, Hashable | None] = {
        u.pk: (u.parent_id if u.parent_id in result else None) for u in units
    }
    totals = roll_up(cells, parent_of)
    for unit_id, peta in result.items():
        peta.rows.sort(key=lambda r: (r.position.kind, r.position.name))
        peta.own = sum((r.gap for r in peta.rows), Gap())
        peta.total = totals[unit_id]
    return list(result.values())


# --------------------------------------------------------------------------- national totals


def gap_summary(agency_ids: Sequence[int]) -> dict[int, Gap]:
    """Need, bezetting, shortage and excess per agency, cell by cell (unit × position), in
    one query: the BKN/KemenPAN-RB view over many agencies. Shortages and excesses are summed
    per cell, never netted (see formasi.domain.gaps); callers pass the agencies the user may
    see (``Agency.objects.visible_to(user)``).

    The database does all of it: the active employees are counted per (unit, position) —
    on PostgreSQL an index-only scan of ``emp_active_unit_position``, already in that order —
    and FULL JOINed with the needs, which are unique per (unit, position)
    (``uniq_need_unit_position``), so no cell is re-aggregated; the cells are then summed by
    their unit's agency. SQLite runs the same statement (FULL JOIN since 3.39)."""
    if not agency_ids:
        return {}
    need_table = PositionNeed._meta.db_table
    employee_table = Employee._meta.db_table
    unit_table = OrgUnit._meta.db_table
    marks = ", ".join(["%s"] * len(agency_ids))
    sql = f"""
        SELECT u.agency_id,
               SUM(c.need), SUM(c.bez),
               SUM(CASE WHEN c.need > c.bez THEN c.need - c.bez ELSE 0 END),
               SUM(CASE WHEN c.bez > c.need THEN c.bez - c.need ELSE 0 END)
        FROM (
            SELECT COALESCE(n.unit_id, e.unit_id) AS unit_id,
                   COALESCE(n.count, 0) AS need, COALESCE(e.bez, 0) AS bez
            FROM (
                SELECT unit_id, position_id, count
                FROM {need_table} WHERE agency_id IN ({marks})
            ) AS n
            FULL JOIN (
                SELECT unit_id, position_id, COUNT(*) AS bez
                FROM {employee_table} WHERE active AND agency_id IN ({marks})
                GROUP BY unit_id, position_id
            ) AS e ON e.unit_id = n.unit_id AND e.position_id = n.position_id
        ) AS c
        JOIN {unit_table} AS u ON u.id = c.unit_id
        GROUP BY u.agency_id
    """  # noqa: S608 - table names from model metadata, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [*agency_ids, *agency_ids])
        rows = cursor.fetchall()
    return {
        agency: Gap(need=int(need), bezetting=int(bez), shortage=int(short), excess=int(extra))
        for agency, need, bez, short, extra in rows
    }


# --------------------------------------------------------------------------- by area


@dataclass
class AreaGap:
    """Need against bezetting in one area (kecamatan or kelurahan), cell by cell."""

    region: Any  # organization.Region
    total: Gap = field(default_factory=Gap)
    by_family: dict[str, Gap] = field(default_factory=dict)
    children: list[AreaGap] = field(default_factory=list)  # kelurahan of a kecamatan


def needs_by_area(user: AnyUser, agency: Agency) -> list[AreaGap]:
    """Per kecamatan (and its kelurahan): need, bezetting, shortage and excess over every
    unit standing there that the user may see — facilities by their standards, kantor
    kecamatan and kelurahan by their ABK — with a breakdown by position family (teachers,
    health, ...). Cells are unit × position, so a surplus never hides a shortage."""
    from formasi.organization.models import Region

    units = list(
        OrgUnit.objects.visible_to(user, Action.VIEW)
        .filter(agency=agency, district__isnull=False)
        .values("id", "district_id", "region_id")
    )
    unit_area = {u["id"]: (u["district_id"], u["region_id"]) for u in units}
    needs = dict(
        (((n["unit_id"], n["position_id"]), n["count"]))
        for n in PositionNeed.objects.visible_to(user, Action.VIEW)
        .filter(unit_id__in=list(unit_area))
        .values("unit_id", "position_id", "count")
    )
    bezetting = bezetting_of(unit_area)
    keys = set(needs) | set(bezetting)
    families = dict(
        Position.unscoped.filter(pk__in={p for _u, p in keys}).values_list("pk", "family")
    )
    regions = Region.objects.in_bulk(
        {d for d, _r in unit_area.values()} | {r for _d, r in unit_area.values()}
    )
    areas: dict[int, AreaGap] = {}
    villages: dict[int, AreaGap] = {}
    for unit_id, position_id in sorted(keys):
        district_id, region_id = unit_area[unit_id]
        gap = cell_gap(
            needs.get((unit_id, position_id), 0), bezetting.get((unit_id, position_id), 0)
        )
        family = families.get(position_id, "")
        area = areas.setdefault(district_id, AreaGap(region=regions[district_id]))
        area.total = area.total + gap
        area.by_family[family] = area.by_family.get(family, Gap()) + gap
        region = regions.get(region_id)
        if region is not None and region.level == Region.Level.VILLAGE:
            village = villages.get(region_id)
            if village is None:
                village = villages[region_id] = AreaGap(region=region)
                area.children.append(village)
            village.total = village.total + gap
            village.by_family[family] = village.by_family.get(family, Gap()) + gap
    for area in areas.values():
        area.children.sort(key=lambda v: v.region.code)
    return sorted(areas.values(), key=lambda a: a.region.code)


#: The fields of an agency's ABK settings a person sets (the page's form and the API's body).
SETTINGS_FIELDS = (
    "effective_minutes",
    "effective_days",
    "working_days_per_week",
    "rounding",
    "bands",
)


def own_settings(user: AnyUser) -> WorkloadSettings:
    """The ABK settings a user may change, for the page and the API alike: those of their own
    agency (403 for a role that may not change the agency, 404 for a user without one)."""
    require(user, Action.CHANGE, "agency")
    agency = get_visible_or_404(Agency, user, pk=getattr(user, "agency_id", None))
    return settings_for(agency)


def settings_version(settings: WorkloadSettings) -> str:
    """The version of an agency's ABK settings (their ETag): changes with any of the fields."""
    return content_version(getattr(settings, name) for name in SETTINGS_FIELDS)


@transaction.atomic
def save_settings(
    *, settings: WorkloadSettings, actor: User, expected_version: str | None = None
) -> int:
    """Save an agency's ABK settings and recompute every ABK need of the agency with them
    (effective time and rounding change the number). Returns how many needs changed.
    Raises ValidationError (nothing saved) for a value out of bounds, StaleEditError when
    ``expected_version`` is given and the stored settings changed since, PermissionDenied
    unless the actor may change the agency."""
    agencies = Agency.unscoped.visible_to(actor, Action.CHANGE)
    if not agencies.filter(pk=settings.agency_id).exists():
        raise PermissionDenied(_("Your role may not do this."))
    if expected_version is not None:
        # The agency's row is the lock: the settings row may not exist yet.
        Agency.unscoped.select_for_update().filter(pk=settings.agency_id).exists()
        stored = WorkloadSettings.objects.filter(agency_id=settings.agency_id).first()
        if settings_version(stored or WorkloadSettings()) != expected_version:
            raise StaleEditError(
                _("Someone else changed the settings since you loaded them; load them again.")
            )
    settings.full_clean()
    settings.save()
    changed = 0
    needs = (
        PositionNeed.unscoped.filter(agency=settings.agency, source=PositionNeed.Source.ABK)
        .select_for_update()
        .prefetch_related("tasks")
    )
    for need in needs:
        tasks = [t.as_task() for t in need.tasks.all()]
        exact = abk.required_staff(tasks, settings.effective_minutes)
        count = abk.round_staff(exact, settings.rounding)
        exact_decimal = Decimal(str(round(exact, 4)))
        basis = abk_basis(settings)[:255]
        if (need.count, need.exact, need.basis) != (count, exact_decimal, basis):
            need.count, need.exact, need.basis = count, exact_decimal, basis
            need._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
            need._change_reason = "ABK settings changed"  # type: ignore[attr-defined]
            need.save()
            changed += 1
    bump([settings.agency_id])
    return changed
