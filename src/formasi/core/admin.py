"""A ModelAdmin base that applies the same scope and permission matrix as the pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ForeignKey, QuerySet
from django.forms import ModelChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from formasi.core.blank_choice import word_blank_choices
from formasi.core.models import AuditEvent
from formasi.core.permissions import Action, can
from formasi.core.scoping import ScopedManager, ensure_visible

admin.site.site_header = gettext_lazy("Formasi — administration")
admin.site.site_title = gettext_lazy("Formasi administration")
admin.site.index_title = gettext_lazy("Administration")


class NotFoundOutsideScope(admin.ModelAdmin):
    """A row the admin's queryset does not hold answers 404 on every object view (change,
    history, history detail, delete), as the pages do, instead of Django's redirect; the
    history list takes no POST."""

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        word_blank_choices([field] if field is not None else [])
        return field

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """The history list is read-only: 404 outside scope, then 403 for any POST."""
        obj = self.get_object(request, unquote(object_id))
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)


class ScopedAdmin(NotFoundOutsideScope):
    """The admin of a scoped model: the same `visible_to` and permission matrix as the pages.

    Rows outside the user's VIEW scope are 404 everywhere (get_queryset, get_object); a row
    the user sees but may not change is read-only and every POST on it is 403; foreign keys
    that place a row (its agency, its unit, a unit's parent) offer only places where the user
    may change such rows; every save ends with the row still in the user's CHANGE scope."""

    resource = ""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = self.model.objects.visible_to(request.user, Action.VIEW)
        ordering = self.get_ordering(request)
        return qs.order_by(*ordering) if ordering else qs

    def in_scope(self, request: HttpRequest, obj: Any, action: Action) -> bool:
        if obj is None or obj.pk is None:
            return can(request.user, action, self.resource)
        scoped = self.model._default_manager.visible_to(request.user, action)
        return bool(scoped.filter(pk=obj.pk).exists())

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.VIEW, self.resource)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.in_scope(request, obj, Action.VIEW)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.ADD, self.resource)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.in_scope(request, obj, Action.CHANGE)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # nothing is deleted; rows become inactive

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        related = getattr(db_field.related_model, "objects", None)
        if isinstance(related, ScopedManager):
            own = getattr(self.model, "objects", None)
            scope_fields = (
                own._queryset_class.scope_fields()
                if isinstance(own, ScopedManager)
                else frozenset()
            )
            if db_field.name in scope_fields:
                # Choosing it moves the row: only places where the user may change such rows.
                choices = related.visible_to(request.user, Action.CHANGE, resource=self.resource)
            else:
                choices = related.visible_to(request.user, Action.VIEW)
            kwargs["queryset"] = choices
            if db_field.name in self.raw_id_fields and "widget" not in kwargs:
                kwargs["widget"] = ScopedRawIdWidget(
                    db_field.remote_field, self.admin_site, choices, using=kwargs.get("using")
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Save through the app's service (`save_row`), then check, inside the admin's
        transaction, that the row is still the user's to change (else 403, rolled back)."""
        with transaction.atomic():
            self.save_row(request, obj, change)
            ensure_visible(
                obj, request.user, Action.CHANGE, _("You may not change rows outside your scope.")
            )

    def save_row(self, request: HttpRequest, obj: Any, change: bool) -> None:
        obj._history_user = request.user
        obj.save()


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id input that names only rows the user may choose (never another OPD's or
    agency's row typed into the box or passed in the URL)."""

    def __init__(self, rel: Any, admin_site: Any, queryset: QuerySet, **kwargs: Any) -> None:
        super().__init__(rel, admin_site, **kwargs)
        self.queryset = queryset

    def label_and_url_for_value(self, value: Any) -> tuple[str, str]:
        try:
            allowed = self.queryset.filter(pk=value).exists()
        except (ValueError, TypeError, ValidationError):
            allowed = False
        return super().label_and_url_for_value(value) if allowed else ("", "")


class ScopedHistoryAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """Row history in the admin, only for rows in scope. simple-history's own views look the
    row up without our scope (its history list falls back to the history of a row the user
    cannot see; its history detail page checks a permission without the row and saves the
    form on POST), so both start from `get_object` here (the list in NotFoundOutsideScope)."""

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))  # 404 outside the VIEW scope
        if not (version_id.isdigit() and obj.history.filter(history_id=version_id).exists()):
            raise Http404
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        # The page is a revert form: a POST saves it. Reverting skips the services' checks
        # and is off (SIMPLE_HISTORY_REVERT_DISABLED); where on, only who may change the row.
        if request.method == "POST" and (
            self.revert_disabled(request, obj) or not self.has_change_permission(request, obj)
        ):
            raise PermissionDenied
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)


class SuperuserReadOnlyAdmin(admin.ModelAdmin):
    """A log or a secret only superusers read, and nobody adds, changes or deletes here."""

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


@admin.register(AuditEvent)
class AuditEventAdmin(SuperuserReadOnlyAdmin):
    list_display = ["created_at", "action", "actor", "agency", "object_type", "object_id"]
    list_filter = ["action"]
