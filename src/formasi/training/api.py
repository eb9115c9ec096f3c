"""API of the training needs (issue 20 item 4), scoped like the pages: the yearly plan's lines
(filtered by unit, family and kecamatan), one employee's competency gaps, and recording a
competency level. Resource "training".

No ``from __future__ import annotations`` here: django-ninja resolves the schema types at
import time.
"""

from datetime import date, datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from formasi.accounts.http import request_user
from formasi.core.api import Id, Pagination, responses
from formasi.core.permissions import Action
from formasi.core.views import get_visible_or_404, require
from formasi.organization.models import OrgUnit, Region
from formasi.organization.services import require_agency
from formasi.training import reads, services
from formasi.training.models import Competency, PlanLine
from formasi.workforce.models import Employee

router = Router(tags=["training"])


class PlanLineOut(Schema):
    id: int
    employee_id: int
    year: int
    source: str = Field(description="gap, ninebox or manual")
    competency_id: int | None
    action: str = Field(description="The 9-box action code of a ninebox line")
    title: str
    priority: str = Field(description="high, medium or low")
    hours: int = Field(description="Lesson hours (JP)")
    cost: int = Field(description="Rupiah")
    provider: str


class PlanFilter(Schema):
    agency: str | None = Field(None, max_length=20, description="Agency code; default: your own")
    year: int | None = Field(
        None, ge=services.FIRST_YEAR, le=services.LAST_YEAR, description="Default: this year"
    )
    unit_id: Id | None = Field(None, description="Only people of this unit's subtree")
    family: str = Field("", max_length=20, description="Position family code")
    district_id: Id | None = Field(None, description="Only units in this kecamatan")


@router.get("/training/plan-lines", response=responses({200: list[PlanLineOut]}, 404, 422))
@paginate(Pagination)
def list_plan_lines(request: HttpRequest, filters: Query[PlanFilter]) -> QuerySet[PlanLine]:
    require(request.user, Action.VIEW, "training")
    user = request_user(request)
    agency = require_agency(user, filters.agency)
    unit = None
    if filters.unit_id is not None:
        unit = get_visible_or_404(OrgUnit, user, pk=filters.unit_id, agency=agency)
    district = None
    if filters.district_id is not None:
        district = Region.objects.filter(pk=filters.district_id).first()
    year = filters.year or timezone.localdate().year
    chosen = reads.Filter(year=year, opd=unit, family=filters.family, district=district)
    if filters.district_id is not None and district is None:
        return PlanLine.unscoped.none()
    return reads.plan_lines(user, agency, chosen).order_by("employee_id", "id")


class CompetencyGapOut(Schema):
    competency_id: int
    code: str
    name: str
    kind: str = Field(description="technical, managerial or socio_cultural")
    required: int
    actual: int | None
    gap: int


@router.get(
    "/training/employees/{employee_id}/gaps",
    response=responses({200: list[CompetencyGapOut]}, 404, 422),
)
def get_employee_gaps(request: HttpRequest, employee_id: Id) -> list[CompetencyGapOut]:
    """The employee's gap on each competency of their position's standard (PermenPAN-RB
    38/2017, levels 1–5; a gap is never negative)."""
    require(request.user, Action.VIEW, "training")
    employee = get_visible_or_404(Employee, request.user, pk=employee_id)
    return [
        CompetencyGapOut(
            competency_id=c.pk,
            code=c.code,
            name=c.name,
            kind=c.kind,
            required=g.required,
            actual=g.actual,
            gap=g.gap,
        )
        for c, g in reads.employee_gaps(employee)
    ]


class CompetencyRecordIn(Schema):
    employee_id: Id
    competency_id: Id
    level: int = Field(ge=1, le=5)
    assessed_on: date


class CompetencyRecordOut(Schema):
    id: int
    employee_id: int
    competency_id: int
    level: int
    assessed_on: date
    at: datetime


@router.post(
    "/training/competency-records",
    response=responses({200: CompetencyRecordOut, 201: CompetencyRecordOut}, 400, 404, 422),
)
def record_competency(request: HttpRequest, body: CompetencyRecordIn) -> Status:
    """Record the level an employee has on a competency (201), or correct it (200)."""
    require(request.user, Action.CHANGE, "training")
    employee = get_visible_or_404(Employee, request.user, pk=body.employee_id)
    competency = get_visible_or_404(
        Competency, request.user, pk=body.competency_id, agency=employee.agency_id
    )
    row, created = services.record_competency(
        employee=employee,
        competency=competency,
        level=body.level,
        assessed_on=body.assessed_on,
        actor=request_user(request),
    )
    return Status(201 if created else 200, row)


class DevelopmentIn(Schema):
    employee_id: Id
    year: int = Field(ge=services.FIRST_YEAR, le=services.LAST_YEAR)
    title: str = Field(min_length=1, max_length=200)
    hours: int = Field(ge=1, le=2000, description="Lesson hours (JP)")
    provider: str = Field("", max_length=200)


class DevelopmentOut(Schema):
    id: int
    employee_id: int
    year: int
    title: str
    hours: int
    provider: str


@router.post(
    "/training/development-records",
    response=responses({201: DevelopmentOut}, 400, 404, 422),
)
def record_development_hours(request: HttpRequest, body: DevelopmentIn) -> Status:
    """Record hours of competence development an employee did (JP, PP 11/2017 Pasal 203)."""
    require(request.user, Action.CHANGE, "training")
    employee = get_visible_or_404(Employee, request.user, pk=body.employee_id)
    row = services.record_development(
        employee=employee,
        year=body.year,
        title=body.title,
        hours=body.hours,
        provider=body.provider,
        actor=request_user(request),
    )
    return Status(201, row)


class GenerateIn(Schema):
    agency: str | None = Field(None, max_length=20, description="Agency code; default: yours")
    year: int = Field(ge=services.FIRST_YEAR, le=services.LAST_YEAR)


class GeneratedOut(Schema):
    from_gaps: int = Field(description="Lines added for competency gaps")
    from_boxes: int = Field(description="Lines added from the previous year's 9-box")
    kept: int = Field(description="Lines already in the plan, kept as they were")


@router.post("/training/plan", response=responses({200: GeneratedOut}, 400, 404, 422))
def generate_training_plan(request: HttpRequest, body: GenerateIn) -> GeneratedOut:
    """Add to the year's plan the lines the competency gaps and the previous year's 9-box call
    for; running it again adds only what is new."""
    require(request.user, Action.ADD, "training")
    agency = require_agency(request.user, body.agency)
    done = services.generate_plan(agency=agency, year=body.year, actor=request_user(request))
    return GeneratedOut(from_gaps=done.from_gaps, from_boxes=done.from_boxes, kept=done.kept)
