from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from formasi.core.admin import ScopedHistoryAdmin
from formasi.core.permissions import Action, can
from formasi.organization.models import Agency
from formasi.planning.models import AbkTask, PlanningSettings, PositionNeed


class AbkTaskInline(admin.TabularInline):
    model = AbkTask
    extra = 0
    fields = ["order", "description", "output_unit", "volume", "norm_minutes"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.CHANGE, "need")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.CHANGE, "need")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.CHANGE, "need")  # a task list is replaced, not kept

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.VIEW, "need")


@admin.register(PositionNeed)
class PositionNeedAdmin(ScopedHistoryAdmin):
    resource = "need"
    list_display = ["unit", "position", "source", "count", "exact", "updated_at"]
    list_filter = ["source"]
    search_fields = ["unit__name", "position__name"]
    list_select_related = ["unit", "position"]
    exclude = ["agency"]  # follows the unit
    readonly_fields = ["updated_at", "updated_by"]
    inlines = [AbkTaskInline]

    def save_model(self, request: HttpRequest, obj: PositionNeed, form: Any, change: bool) -> None:
        if obj.unit_id is not None:
            obj.agency_id = obj.unit.agency_id
        obj.updated_by = request.user
        obj._history_user = request.user  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)


@admin.register(PlanningSettings)
class PlanningSettingsAdmin(admin.ModelAdmin):
    """The agency's ABK settings, for whoever may change the agency (its administrator)."""

    list_display = ["agency", "effective_minutes", "rounding", "bands"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[PlanningSettings]:
        agencies = Agency.objects.visible_to(request.user, Action.VIEW)
        return super().get_queryset(request).filter(agency__in=agencies)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "agency":
            kwargs["queryset"] = Agency.objects.visible_to(request.user, Action.CHANGE)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.CHANGE, "agency")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.CHANGE, "agency")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.CHANGE, "agency")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.CHANGE, "agency")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
