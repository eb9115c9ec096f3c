"""Admin of the training rows: scoped like the pages, every save through the services."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from formasi.accounts.http import request_user
from formasi.core.admin import ScopedHistoryAdmin
from formasi.training import services
from formasi.training.models import (
    Competency,
    CompetencyRecord,
    CompetencyStandard,
    DevelopmentRecord,
    PlanLine,
)


class _Fixed(ScopedHistoryAdmin):
    """Rows whose key fields are fixed once they exist."""

    fixed: list[str] = []
    computed: list[str] = []
    show_full_result_count = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fixed = self.fixed if obj is not None and obj.pk else []
        return [*fixed, *self.computed]


@admin.register(Competency)
class CompetencyAdmin(_Fixed):
    resource = "competency_standard"
    list_display = ["code", "name", "kind", "agency"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    fields = ["agency", "code", "name", "kind", "description"]
    fixed = ["agency", "code"]

    def save_row(self, request: HttpRequest, obj: Competency, change: bool) -> None:
        row, _created = services.define_competency(
            agency=obj.agency,
            code=obj.code,
            name=obj.name,
            kind=obj.kind,
            description=obj.description,
            actor=request_user(request),
        )
        obj.pk = row.pk


@admin.register(CompetencyStandard)
class CompetencyStandardAdmin(_Fixed):
    resource = "competency_standard"
    list_display = ["position", "competency", "level"]
    list_select_related = ["position", "competency"]
    search_fields = ["position__name", "competency__name"]
    fields = ["position", "competency", "level"]
    fixed = ["position", "competency"]

    def save_row(self, request: HttpRequest, obj: CompetencyStandard, change: bool) -> None:
        row, _created = services.set_standard(
            position=obj.position,
            competency=obj.competency,
            level=obj.level,
            actor=request_user(request),
        )
        obj.pk, obj.agency_id = row.pk, row.agency_id


class _PerEmployee(_Fixed):
    resource = "training"
    search_fields = ["employee__name", "employee__nip"]
    list_select_related = ["employee"]


@admin.register(CompetencyRecord)
class CompetencyRecordAdmin(_PerEmployee):
    list_display = ["employee", "competency", "level", "assessed_on"]
    fields = ["employee", "competency", "level", "assessed_on"]
    fixed = ["employee", "competency"]

    def save_row(self, request: HttpRequest, obj: CompetencyRecord, change: bool) -> None:
        row, _created = services.record_competency(
            employee=obj.employee,
            competency=obj.competency,
            level=obj.level,
            assessed_on=obj.assessed_on,
            actor=request_user(request),
        )
        obj.pk, obj.agency_id = row.pk, row.agency_id


@admin.register(DevelopmentRecord)
class DevelopmentRecordAdmin(_PerEmployee):
    list_display = ["employee", "year", "title", "hours", "provider"]
    list_filter = ["year"]
    fields = ["employee", "year", "title", "hours", "provider"]
    fixed = ["employee", "year", "title", "hours", "provider"]  # a record is added, not edited

    def save_row(self, request: HttpRequest, obj: DevelopmentRecord, change: bool) -> None:
        if change:
            return  # every field is read-only once recorded
        row = services.record_development(
            employee=obj.employee,
            year=obj.year,
            title=obj.title,
            hours=obj.hours,
            provider=obj.provider,
            actor=request_user(request),
        )
        obj.pk, obj.agency_id = row.pk, row.agency_id


@admin.register(PlanLine)
class PlanLineAdmin(_PerEmployee):
    list_display = ["employee", "year", "title", "competency", "priority", "hours", "source"]
    list_filter = ["year", "priority", "source"]
    list_select_related = ["employee", "competency"]
    fields = [
        "employee",
        "year",
        "title",
        "priority",
        "hours",
        "cost",
        "provider",
        "source",
        "competency",
        "action",
    ]
    fixed = ["employee", "year"]
    computed = ["source", "competency", "action"]

    def save_row(self, request: HttpRequest, obj: PlanLine, change: bool) -> None:
        row = services.save_plan_line(
            employee=obj.employee,
            year=obj.year,
            title=obj.title,
            priority=obj.priority,
            hours=obj.hours,
            cost=obj.cost,
            provider=obj.provider,
            actor=request_user(request),
            line=obj if change else None,
        )
        obj.pk, obj.agency_id = row.pk, row.agency_id
