"""A ModelAdmin base that applies the same scope and permission matrix as the pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import ForeignKey, QuerySet
from django.forms import ModelChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from formasi.core.models import AuditEvent
from formasi.core.permissions import Action, can
from formasi.core.scoping import ScopedManager


class ScopedAdmin(admin.ModelAdmin):
    resource = ""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = self.model.objects.visible_to(request.user, Action.VIEW)
        ordering = self.get_ordering(request)
        return qs.order_by(*ordering) if ordering else qs

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.VIEW, self.resource)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.VIEW, self.resource)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.ADD, self.resource)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.CHANGE, self.resource)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # nothing is deleted; rows become inactive

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        related = db_field.related_model
        if isinstance(getattr(related, "objects", None), ScopedManager):
            kwargs["queryset"] = related.objects.visible_to(request.user, Action.VIEW)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedHistoryAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """Row history in the admin, only for rows in scope (simple-history would otherwise fall
    back to the history of a row the user cannot see)."""

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404
        return super().history_view(request, object_id, extra_context)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "actor", "agency", "object_type", "object_id"]
    list_filter = ["action"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
