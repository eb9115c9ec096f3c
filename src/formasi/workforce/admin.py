from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from formasi.accounts.http import request_user
from formasi.core.admin import ScopedHistoryAdmin
from formasi.core.permissions import Action, can
from formasi.workforce.forms import EmployeeValidationMixin
from formasi.workforce.models import Employee
from formasi.workforce.services import save_employee


@admin.register(Employee)
class EmployeeAdmin(ScopedHistoryAdmin):
    resource = "employee"
    list_display = ["name", "nip", "status", "position", "unit", "active"]
    list_filter = ["status", "active", "sex"]
    search_fields = ["name", "nip"]
    list_select_related = ["position", "unit"]
    raw_id_fields = ["origin_region", "domicile_region"]
    show_full_result_count = False

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):  # type: ignore[no-untyped-def]
        kwargs["form"] = type("EmployeeAdminForm", (EmployeeValidationMixin, self.form), {})
        return super().get_form(request, obj, change, **kwargs)

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str]:
        hidden = [] if can(request.user, Action.VIEW, "nik") else ["nik"]
        if not can(request.user, Action.VIEW, "personal_data"):
            hidden += ["address", "birth_place"]
        return hidden

    def save_row(self, request: HttpRequest, obj: Employee, change: bool) -> None:
        user = request_user(request)
        if not change and obj.agency_id is None:
            obj.agency_id = user.agency_id
        save_employee(employee=obj, actor=user)
