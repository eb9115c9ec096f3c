"""API for needs, ABK and the peta jabatan, scoped like the pages (issue 4).

No ``from __future__ import annotations`` here: django-ninja resolves the schema types at
import time. The router keeps the tag "planning" and every operation its first operation id, so
the OpenAPI document (and clients generated from it) did not change when workload became its
own app.
"""

from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core.api import Id, Pagination, require_if_match, responses
from formasi.core.permissions import Action
from formasi.core.views import get_visible_or_404, require
from formasi.organization.models import Agency, OrgUnit, Position
from formasi.workload.models import PositionNeed
from formasi.workload.services import (
    AreaGap,
    need_version,
    needs_by_area,
    peta_jabatan,
    save_abk_tasks,
)

router = Router(tags=["planning"])  # the tag of these paths before the move


class NeedOut(Schema):
    id: int
    unit_id: int
    position_id: int
    source: str
    exact: Decimal
    count: int
    basis: str


class NeedQuery(Schema):
    unit: Id | None = Field(None, description="Only this unit (not its sub-units)")
    position: Id | None = None
    source: PositionNeed.Source | None = None


@router.get(
    "/needs",
    response=responses({200: list[NeedOut]}, 422),
    operation_id="formasi_planning_api_list_needs",
)
@paginate(Pagination)
def list_needs(
    request: AuthenticatedHttpRequest, filters: Query[NeedQuery]
) -> QuerySet[PositionNeed]:
    require(request.user, Action.VIEW, "need")
    qs = PositionNeed.objects.visible_to(request.user).order_by("unit_id", "position_id")
    if filters.unit is not None:
        qs = qs.filter(unit_id=filters.unit)
    if filters.position is not None:
        qs = qs.filter(position_id=filters.position)
    if filters.source:
        qs = qs.filter(source=filters.source)
    return qs


class GapOut(Schema):
    need: int
    bezetting: int
    shortage: int
    excess: int


class PetaRowOut(Schema):
    position_id: int
    position: str
    grade: int | None = Field(None, description="Kelas jabatan")
    source: str | None
    basis: str
    exact: Decimal | None
    need: int
    bezetting: int
    shortage: int
    excess: int
    effectiveness: float | None = Field(None, description="EJ (ABK needs with people)")
    performance: str | None = Field(None, description="PJ grade A–E")


class PetaUnitOut(Schema):
    unit_id: int
    parent_id: int | None
    name: str
    depth: int
    rows: list[PetaRowOut]
    own: GapOut
    total: GapOut = Field(..., description="With every unit below; shortage and excess apart")


@router.get(
    "/peta-jabatan/{unit_id}",
    response=responses({200: list[PetaUnitOut]}, 404, 422),
    operation_id="formasi_planning_api_get_peta_jabatan",
)
def get_peta_jabatan(request: AuthenticatedHttpRequest, unit_id: Id) -> list[dict[str, object]]:
    require(request.user, Action.VIEW, "need")
    unit = get_visible_or_404(OrgUnit, request.user, pk=unit_id)
    out: list[dict[str, object]] = []
    for peta in peta_jabatan(request.user, unit):
        rows = [
            {
                "position_id": r.position.pk,
                "position": r.position.name,
                "grade": r.position.grade,
                "source": r.need.source if r.need else None,
                "basis": r.need.basis if r.need else "",
                "exact": r.need.exact if r.need else None,
                "need": r.gap.need,
                "bezetting": r.gap.bezetting,
                "shortage": r.gap.shortage,
                "excess": r.gap.excess,
                "effectiveness": r.effectiveness,
                "performance": r.grade,
            }
            for r in peta.rows
        ]
        out.append(
            {
                "unit_id": peta.unit.pk,
                "parent_id": peta.unit.parent_id,
                "name": peta.unit.name,
                "depth": peta.depth,
                "rows": rows,
                "own": vars(peta.own),
                "total": vars(peta.total),
            }
        )
    return out


class TaskIn(Schema):
    description: str = Field(..., min_length=1, max_length=500)
    output_unit: str = Field("", max_length=100)
    volume: Decimal = Field(
        ..., ge=0, le=Decimal("999999999999.99"), max_digits=14, decimal_places=2
    )
    norm_minutes: Decimal = Field(
        ..., ge=0, le=Decimal("99999999.99"), max_digits=10, decimal_places=2
    )


class AbkIn(Schema):
    tasks: list[TaskIn] = Field(..., max_length=200)


class AbkOut(Schema):
    need: NeedOut | None = Field(None, description="The need the tasks give; null without one")
    tasks: list[TaskIn]


def _abk_target(
    request: AuthenticatedHttpRequest, unit_id: int, position_id: int
) -> tuple[OrgUnit, Position]:
    unit = get_visible_or_404(OrgUnit, request.user, pk=unit_id)
    position = get_visible_or_404(Position, request.user, pk=position_id, agency=unit.agency)
    return unit, position


def _need_etag(unit: OrgUnit, position: Position) -> str:
    return '"' + need_version(unit_id=unit.pk, position_id=position.pk) + '"'


@router.get(
    "/needs/{unit_id}/{position_id}/abk",
    response=responses({200: AbkOut}, 404, 422),
    operation_id="formasi_planning_api_get_abk",
)
def get_abk(
    request: AuthenticatedHttpRequest, response: HttpResponse, unit_id: Id, position_id: Id
) -> dict[str, object]:
    """The ABK task list of a position in a unit. The ETag header is its version: send it back
    as If-Match when replacing the list."""
    require(request.user, Action.VIEW, "need")
    unit, position = _abk_target(request, unit_id, position_id)
    need = PositionNeed.objects.visible_to(request.user).filter(unit=unit, position=position)
    found = need.first()
    response["ETag"] = _need_etag(unit, position)
    tasks = found.tasks.order_by("order", "id") if found else []
    return {
        "need": found,
        "tasks": [
            {
                "description": t.description,
                "output_unit": t.output_unit,
                "volume": t.volume,
                "norm_minutes": t.norm_minutes,
            }
            for t in tasks
        ],
    }


@router.put(
    "/needs/{unit_id}/{position_id}/abk",
    response=responses({200: NeedOut}, 400, 404, 412, 422, 428),
    operation_id="formasi_planning_api_put_abk",
)
def put_abk(
    request: AuthenticatedHttpRequest,
    response: HttpResponse,
    unit_id: Id,
    position_id: Id,
    body: AbkIn,
) -> PositionNeed:
    """Replace the ABK task list of a position in a unit; returns the need it gives.
    If-Match (the ETag of GET) is required (428 without it); a change saved since answers 412."""
    unit = get_visible_or_404(OrgUnit, request.user, pk=unit_id)
    require(request.user, Action.CHANGE, "need")
    position = get_visible_or_404(Position, request.user, pk=position_id, agency=unit.agency)
    expected = require_if_match(request)
    need = save_abk_tasks(
        unit=unit,
        position=position,
        tasks=[task.dict() for task in body.tasks],
        actor=request.user,
        expected_version=expected,
    )
    response["ETag"] = _need_etag(unit, position)
    return need


class AreaOut(Schema):
    code: str
    name: str
    level: str
    total: GapOut
    by_family: dict[str, GapOut]
    kelurahan: list["AreaOut"] = Field(default_factory=list)


class AreaQuery(Schema):
    agency: str | None = Field(None, max_length=20, description="Agency code (default: yours)")


@router.get(
    "/needs/by-area",
    response=responses({200: list[AreaOut]}, 404, 422),
    operation_id="formasi_planning_api_get_needs_by_area",
)
def get_needs_by_area(
    request: AuthenticatedHttpRequest, filters: Query[AreaQuery]
) -> list[dict[str, object]]:
    """Need, bezetting, shortage and excess per kecamatan (with its kelurahan) and family."""
    require(request.user, Action.VIEW, "need")
    agencies = Agency.objects.visible_to(request.user)
    agency: Agency | None
    if filters.agency:
        agency = get_visible_or_404(Agency, request.user, code=filters.agency)
    elif request.user.agency_id:
        agency = agencies.get(pk=request.user.agency_id)
    else:
        agency = agencies.order_by("name").first()
    if agency is None:
        return []

    def out(area: AreaGap) -> dict[str, object]:
        return {
            "code": area.region.code,
            "name": area.region.name,
            "level": area.region.level,
            "total": vars(area.total),
            "by_family": {k: vars(v) for k, v in area.by_family.items()},
            "kelurahan": [out(child) for child in area.children],
        }

    return [out(area) for area in needs_by_area(request.user, agency)]
