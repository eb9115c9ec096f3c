from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from formasi.accounts.http import request_user
from formasi.core.admin import NotFoundOutsideScope, ScopedHistoryAdmin
from formasi.core.permissions import Action, can
from formasi.organization.models import Agency
from formasi.workload.models import AbkTask, PositionNeed, WorkloadSettings
from formasi.workload.services import save_need, save_settings


class AbkTaskInline(admin.TabularInline):
    """The task list, read-only: it is written on the ABK page (`save_abk_tasks`), which also
    recomputes the need from it; an edit here would leave the need's number stale."""

    model = AbkTask
    extra = 0
    fields = ["order", "description", "output_unit", "volume", "norm_minutes"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

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

    def save_row(self, request: HttpRequest, obj: PositionNeed, change: bool) -> None:
        save_need(need=obj, actor=request_user(request))


@admin.register(WorkloadSettings)
class WorkloadSettingsAdmin(NotFoundOutsideScope):
    """The agency's ABK settings, for whoever may change the agency (its administrator)."""

    list_display = ["agency", "effective_minutes", "rounding", "bands"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[WorkloadSettings]:
        agencies = Agency.objects.visible_to(request.user, Action.CHANGE)
        return super().get_queryset(request).filter(agency__in=agencies)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "agency":
            kwargs["queryset"] = Agency.objects.visible_to(request.user, Action.CHANGE)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _may_change(self, request: HttpRequest, obj: Any = None) -> bool:
        if not can(request.user, Action.CHANGE, "agency"):
            return False
        if obj is None or obj.agency_id is None:
            return True
        agencies = Agency.objects.visible_to(request.user, Action.CHANGE)
        return bool(agencies.filter(pk=obj.agency_id).exists())

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may_change(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_change(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._may_change(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_change(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: WorkloadSettings, form: Any, change: bool
    ) -> None:
        save_settings(
            settings=obj, actor=request_user(request)
        )  # also recomputes the agency's ABK needs
