"""API for regions, work units and positions (read-only for now)."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from formasi.core.api import Id, Pagination, responses
from formasi.core.permissions import Action
from formasi.core.views import get_visible_or_404, require
from formasi.organization.models import OrgUnit, Position, Region

router = Router(tags=["organisation"])


class RegionOut(Schema):
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    area_km2: float | None
    latitude: float | None
    longitude: float | None


class RegionQuery(Schema):
    level: Region.Level | None = None
    parent: str | None = Field(None, max_length=13, description="Parent region code")


@router.get("/regions", response=responses({200: list[RegionOut]}, 422))
@paginate(Pagination)
def list_regions(request: HttpRequest, filters: Query[RegionQuery]) -> QuerySet[Region]:
    require(request.user, Action.VIEW, "region")
    qs = Region.objects.order_by("code")
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.parent:
        qs = qs.filter(parent__code=filters.parent)
    return qs


class UnitOut(Schema):
    id: int
    agency_id: int
    parent_id: int | None
    code: str
    name: str
    kind: str
    region_code: str = Field(..., alias="region.code")
    active: bool


@router.get("/units", response=responses({200: list[UnitOut]}, 422))
@paginate(Pagination)
def list_units(request: HttpRequest) -> QuerySet[OrgUnit]:
    require(request.user, Action.VIEW, "orgunit")
    return OrgUnit.objects.visible_to(request.user).select_related("region").order_by("path", "pk")


@router.get("/units/{unit_id}", response=responses({200: UnitOut}, 404, 422))
def get_unit(request: HttpRequest, unit_id: Id) -> OrgUnit:
    return get_visible_or_404(OrgUnit, request.user, pk=unit_id)


class PositionOut(Schema):
    id: int
    agency_id: int
    code: str
    name: str
    kind: str
    jenjang: str
    family: str
    grade: int | None


@router.get("/positions", response=responses({200: list[PositionOut]}, 422))
@paginate(Pagination)
def list_positions(request: HttpRequest) -> QuerySet[Position]:
    require(request.user, Action.VIEW, "position")
    return Position.objects.visible_to(request.user).order_by("kind", "name", "pk")
