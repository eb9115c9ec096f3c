from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from formasi.core.admin import NotFoundOutsideScope, ScopedAdmin, ScopedHistoryAdmin
from formasi.core.views import acting_user
from formasi.organization.models import (
    Agency,
    AgencyBudget,
    ExternalId,
    OrgUnit,
    Position,
    Region,
    RegionPopulation,
)
from formasi.organization.services import save_external_id, save_position, save_unit


class RegionPopulationInline(admin.TabularInline):
    model = RegionPopulation
    extra = 0


@admin.register(Region)
class RegionAdmin(NotFoundOutsideScope):
    list_display = ["code", "name", "level", "parent", "area_km2", "remoteness"]
    list_filter = ["level", "remoteness"]
    search_fields = ["code", "name"]
    inlines = [RegionPopulationInline]
    raw_id_fields = ["parent"]
    exclude = ["boundary"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AgencyBudgetInline(admin.TabularInline):
    model = AgencyBudget
    extra = 0


@admin.register(Agency)
class AgencyAdmin(ScopedAdmin):
    resource = "agency"
    list_display = ["code", "name", "kind", "region"]
    search_fields = ["code", "name"]
    inlines = [AgencyBudgetInline]
    raw_id_fields = ["region"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser


@admin.register(OrgUnit)
class OrgUnitAdmin(ScopedHistoryAdmin):
    resource = "orgunit"
    list_display = ["name", "kind", "code", "region", "agency", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "code"]
    raw_id_fields = ["region"]

    def save_row(self, request: HttpRequest, obj: OrgUnit, change: bool) -> None:
        save_unit(unit=obj, actor=acting_user(request))


@admin.register(Position)
class PositionAdmin(ScopedHistoryAdmin):
    resource = "position"
    list_display = ["name", "kind", "jenjang", "family", "grade", "agency", "active"]
    list_filter = ["kind", "jenjang", "family", "active"]
    search_fields = ["name", "code"]

    def save_row(self, request: HttpRequest, obj: Position, change: bool) -> None:
        save_position(position=obj, actor=acting_user(request))


@admin.register(ExternalId)
class ExternalIdAdmin(ScopedHistoryAdmin):
    resource = "orgunit"
    list_display = ["external_id", "source", "kind", "unit", "position", "agency"]
    list_filter = ["source", "kind"]
    search_fields = ["external_id", "unit__name", "position__name"]
    raw_id_fields = ["unit", "position"]

    def save_row(self, request: HttpRequest, obj: ExternalId, change: bool) -> None:
        save_external_id(external_id=obj, actor=acting_user(request))
