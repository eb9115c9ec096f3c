"""API for regions, work units and positions (read-only for now)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

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


@router.get("/regions", response=list[RegionOut])
def list_regions(request: HttpRequest, filters: Query[RegionQuery]) -> list[Region]:
    require(request.user, Action.VIEW, "region")
    qs = Region.objects.order_by("code")
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.parent:
        qs = qs.filter(parent__code=filters.parent)
    return list(qs[:5000])


class UnitOut(Schema):
    id: int
    agency_id: int
    parent_id: int | None
    code: str
    name: str
    kind: str
    region_code: str = Field(..., alias="region.code")
    active: bool


@router.get("/units", response=list[UnitOut])
def list_units(request: HttpRequest) -> list[OrgUnit]:
    require(request.user, Action.VIEW, "orgunit")
    return list(OrgUnit.objects.visible_to(request.user).select_related("region").order_by("path"))


@router.get("/units/{unit_id}", response=UnitOut)
def get_unit(request: HttpRequest, unit_id: int) -> OrgUnit:
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


@router.get("/positions", response=list[PositionOut])
def list_positions(request: HttpRequest) -> list[Position]:
    require(request.user, Action.VIEW, "position")
    return list(
        Position.objects.visible_to(request.user).order_by("kind", "name")[
            : settings.PAGE_SIZE * 100
        ]
    )
