"""Admin of the talent rows: scoped like the pages, every save through the services."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from formasi.accounts.http import request_user
from formasi.core.admin import ScopedHistoryAdmin
from formasi.talent import services
from formasi.talent.models import Assessment, DisciplineRecord, SkpResult
from formasi.talent.succession_models import SuccessionDecision


class _PerEmployeeYear(ScopedHistoryAdmin):
    """A row per employee and year: both are fixed once it exists."""

    resource = "talent"
    list_filter = ["year"]
    search_fields = ["employee__name", "employee__nip"]
    list_select_related = ["employee"]
    show_full_result_count = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fixed = ["employee", "year"] if obj is not None and obj.pk else []
        return [*fixed, *self.computed]

    computed: list[str] = []


@admin.register(SkpResult)
class SkpResultAdmin(_PerEmployeeYear):
    list_display = ["employee", "year", "result", "behaviour", "predicate"]
    fields = ["employee", "year", "result", "behaviour", "predicate"]
    computed = ["predicate"]

    def save_row(self, request: HttpRequest, obj: SkpResult, change: bool) -> None:
        row, _created = services.record_skp(
            employee=obj.employee,
            year=obj.year,
            result=obj.result,
            behaviour=obj.behaviour,
            actor=request_user(request),
        )
        obj.pk, obj.predicate = row.pk, row.predicate


@admin.register(Assessment)
class AssessmentAdmin(_PerEmployeeYear):
    list_display = ["employee", "year", "competency_score", "potential_score", "potential"]
    fields = [
        "employee",
        "year",
        "competency_score",
        "education",
        "training_hours",
        "potential_score",
        "potential",
    ]
    computed = ["potential_score", "potential"]

    def save_row(self, request: HttpRequest, obj: Assessment, change: bool) -> None:
        row, _created = services.record_assessment(
            employee=obj.employee,
            year=obj.year,
            competency_score=obj.competency_score,
            education=obj.education,
            training_hours=obj.training_hours,
            actor=request_user(request),
        )
        obj.pk = row.pk


@admin.register(DisciplineRecord)
class DisciplineRecordAdmin(ScopedHistoryAdmin):
    resource = "discipline"
    list_display = ["employee", "sanction", "level", "decided_on", "starts_on", "ends_on"]
    list_filter = ["level", "sanction"]
    search_fields = ["employee__name", "employee__nip"]
    list_select_related = ["employee"]
    fields = [
        "employee",
        "violation",
        "sanction",
        "level",
        "decided_on",
        "starts_on",
        "ends_on",
        "decided_by_name",
        "decided_by_position",
    ]
    readonly_fields = ["level", "ends_on"]
    show_full_result_count = False

    def save_row(self, request: HttpRequest, obj: DisciplineRecord, change: bool) -> None:
        row = services.record_discipline(
            employee=obj.employee,
            violation=obj.violation,
            sanction=obj.sanction,
            decided_on=obj.decided_on,
            starts_on=obj.starts_on,
            decided_by_name=obj.decided_by_name,
            decided_by_position=obj.decided_by_position,
            actor=request_user(request),
            record=obj if change else None,
        )
        obj.pk = row.pk


# meritself: the merit self-assessment (read-only)
from formasi.talent import meritself_admin  # noqa: E402, F401


# Succession (issue 19): decisions are made by ``succession_services.fill_post`` only; the admin
# reads them (with their history), scoped through the post's unit.
@admin.register(SuccessionDecision)
class SuccessionDecisionAdmin(ScopedHistoryAdmin):
    resource = "succession"
    list_display = ["decided_at", "position", "unit", "employee", "rank", "decided_by"]
    list_select_related = ["position", "unit", "employee", "decided_by"]
    search_fields = ["employee__name", "position__name"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


from formasi.talent import selection_admin  # noqa: E402, F401  (open selection, issue 19)
