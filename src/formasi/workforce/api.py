"""API for employees and the dashboard figures; same scope, filter and service as the pages."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core.api import MAX_PAGE, Id, require_if_match, responses
from formasi.core.pagination import CachedCountPaginator
from formasi.core.permissions import Action, can
from formasi.core.views import get_visible_or_404, require
from formasi.organization.models import Agency, OrgUnit, Position
from formasi.workforce.dashboard import headcount
from formasi.workforce.filters import EmployeeFilterForm
from formasi.workforce.models import Employee
from formasi.workforce.services import edit_version, save_employee

router = Router(tags=["workforce"])

StatusCode = Literal["pns", "cpns", "pppk", "pppk_pw", "non_asn"]
SexCode = Literal["M", "F"]


class EmployeeOut(Schema):
    id: int
    nip: str | None
    nik: str = Field(
        ...,
        description=(
            "The NIK for the agency's admin; for everyone else sixteen asterisks when one is "
            "recorded (no digit of it) and an empty string when none is"
        ),
    )
    name: str
    sex: str
    birth_year: int
    status: str
    position_id: int
    position_name: str
    unit_id: int
    unit_name: str
    golongan: str
    education: str
    origin_region_code: str | None
    active: bool

    @staticmethod
    def of(employee: Employee, *, full_nik: bool) -> dict[str, Any]:
        return {
            "id": employee.pk,
            "nip": employee.nip,
            "nik": employee.nik if full_nik else employee.masked_nik,
            "name": employee.name,
            "sex": employee.sex,
            "birth_year": employee.birth_date.year,
            "status": employee.status,
            "position_id": employee.position_id,
            "position_name": employee.position.name,
            "unit_id": employee.unit_id,
            "unit_name": employee.unit.name,
            "golongan": employee.golongan,
            "education": employee.education,
            "origin_region_code": employee.origin_region.code if employee.origin_region else None,
            "active": employee.active,
        }


class EmployeePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[EmployeeOut]


@router.get("/employees", response=responses({200: EmployeePage}, 422))
def list_employees(
    request: AuthenticatedHttpRequest,
    page: Annotated[int, Field(ge=1, le=MAX_PAGE)] = 1,
    page_size: Annotated[int, Field(ge=1, le=settings.PAGE_SIZE * 4)] = settings.PAGE_SIZE,
) -> dict[str, Any]:
    """Filters are the list page's: q, status, opd, unit, district, kind, family, sex, age,
    inactive, sort."""
    require(request.user, Action.VIEW, "employee")
    form = EmployeeFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    qs = form.filter(Employee.objects.visible_to(request.user)).select_related(
        "position", "unit", "origin_region"
    )
    start = (page - 1) * page_size
    full = can(request.user, Action.VIEW, "nik")
    agency_ids = Agency.objects.visible_to(request.user).values_list("pk", flat=True)
    return {
        "count": CachedCountPaginator(qs, page_size, agency_ids=agency_ids).count,
        "page": page,
        "page_size": page_size,
        "results": [EmployeeOut.of(e, full_nik=full) for e in qs[start : start + page_size]],
    }


@router.get("/employees/{employee_id}", response=responses({200: EmployeeOut}, 404, 422))
def get_employee(
    request: AuthenticatedHttpRequest, response: HttpResponse, employee_id: Id
) -> dict[str, Any]:
    """The ETag header is the edit version: send it back as If-Match when updating."""
    employee = get_visible_or_404(Employee, request.user, pk=employee_id)
    response["ETag"] = _etag(employee)
    return EmployeeOut.of(employee, full_nik=can(request.user, Action.VIEW, "nik"))


class EmployeeIn(Schema):
    name: str = Field(..., min_length=1, max_length=150)
    status: StatusCode
    nip: str | None = Field(None, max_length=30)
    nik: str = Field("", max_length=30)
    sex: SexCode
    birth_date: date
    birth_place: str = Field("", max_length=100)
    position_id: Id
    unit_id: Id
    tmt_position: date | None = None
    tmt_cpns: date | None = None
    contract_end: date | None = None
    golongan: str = Field("", max_length=6)
    education: Literal["", "sd", "smp", "sma", "d1", "d2", "d3", "d4", "s1", "s2", "s3"] = ""


class EmployeePatch(Schema):
    """Only the fields sent change; null only where the employee may lack the value (NIP,
    dates of TMT and contract end)."""

    # A default of None means "not sent" (the view reads only the fields set) while the type
    # says what a sent value must be, so null stays invalid: mypy cannot express that.

    name: str = Field(None, min_length=1, max_length=150)  # type: ignore[assignment]
    status: StatusCode = Field(None)  # type: ignore[arg-type]
    nip: str | None = Field(None, max_length=30)
    sex: SexCode = Field(None)  # type: ignore[arg-type]
    birth_date: date = Field(None)  # type: ignore[assignment]
    position_id: Id = Field(None)  # type: ignore[assignment]
    unit_id: Id = Field(None)  # type: ignore[assignment]
    tmt_position: date | None = None
    contract_end: date | None = None
    golongan: str = Field(None, max_length=6)  # type: ignore[assignment]
    active: bool = Field(None)  # type: ignore[assignment]


def _apply(
    request: AuthenticatedHttpRequest,
    employee: Employee,
    data: dict[str, Any],
    expected: str | None = None,
) -> Employee:
    if "unit_id" in data:
        employee.unit = get_visible_or_404(OrgUnit, request.user, pk=data.pop("unit_id"))
    if "position_id" in data:
        employee.position = get_visible_or_404(Position, request.user, pk=data.pop("position_id"))
    if "nik" in data and not can(request.user, Action.VIEW, "nik"):
        raise PermissionDenied
    for key, value in data.items():
        setattr(employee, key, value)
    return save_employee(employee=employee, actor=request.user, expected_version=expected)


def _etag(employee: Employee) -> str:
    return '"' + edit_version(employee) + '"'


@router.post("/employees", response=responses({201: EmployeeOut}, 400, 404, 422))
def create_employee(request: AuthenticatedHttpRequest, payload: EmployeeIn) -> Status:
    require(request.user, Action.ADD, "employee")
    # None for a user without an agency (a superuser): validating the employee rejects it.
    employee = Employee(agency_id=request.user.agency_id)  # type: ignore[misc]
    data = payload.dict()
    if not can(request.user, Action.VIEW, "nik") and not data.get("nik"):
        data.pop("nik")
    saved = _apply(request, employee, data)
    return Status(201, EmployeeOut.of(saved, full_nik=can(request.user, Action.VIEW, "nik")))


@router.patch(
    "/employees/{employee_id}", response=responses({200: EmployeeOut}, 400, 404, 412, 422, 428)
)
def update_employee(
    request: AuthenticatedHttpRequest,
    response: HttpResponse,
    employee_id: Id,
    payload: EmployeePatch,
) -> dict[str, Any]:
    """If-Match (the ETag from GET) is required (428 without it); a change someone else saved
    since answers 412."""
    employee = get_visible_or_404(Employee, request.user, pk=employee_id)
    require(request.user, Action.CHANGE, "employee")
    expected = require_if_match(request)
    saved = _apply(request, employee, payload.dict(exclude_unset=True), expected)
    response["ETag"] = _etag(saved)
    return EmployeeOut.of(saved, full_nik=can(request.user, Action.VIEW, "nik"))


class CountOut(Schema):
    key: str
    label: str
    count: int


class DashboardOut(Schema):
    total: int
    by_status: list[CountOut]
    by_opd: list[CountOut]
    by_district: list[CountOut]
    by_age: list[CountOut]


@router.get("/dashboard", response=responses({200: DashboardOut}))
def dashboard(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    require(request.user, Action.VIEW, "dashboard")
    summary = headcount(request.user, timezone.localdate())
    return {
        "total": summary.total,
        "by_status": [{"key": c, "label": lbl, "count": n} for c, lbl, n in summary.by_status],
        "by_opd": [{"key": str(pk), "label": name, "count": n} for pk, name, n in summary.by_opd],
        "by_district": [
            {"key": str(pk), "label": name, "count": n} for pk, name, n, _p in summary.by_district
        ],
        "by_age": [{"key": c, "label": lbl, "count": n} for c, lbl, n in summary.by_age],
    }
