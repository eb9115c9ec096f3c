"""API of the talent data (issue 19), scoped like the pages: SKP results (list, record) and the
9-box counts. Resource "talent".

No ``from __future__ import annotations`` here: django-ninja resolves the schema types at
import time.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from formasi.accounts.http import request_user
from formasi.core.api import Id, Pagination, require_if_match, responses
from formasi.core.permissions import Action
from formasi.core.views import get_visible_or_404, require
from formasi.domain.discipline import Sanction
from formasi.domain.talent import Education
from formasi.organization.models import OrgUnit
from formasi.organization.services import require_agency
from formasi.talent import boxes, services
from formasi.talent.models import DisciplineRecord, SkpResult
from formasi.workforce.models import Employee
from formasi.workforce.services import edit_version

router = Router(tags=["talent"])

# Open selection for JPT posts (issue 19, seleksi terbuka)
from formasi.talent.selection_api import router as selection_router  # noqa: E402

router.add_router("", selection_router)

RatingCode = Literal["above", "as_expected", "below"]


class SkpResultOut(Schema):
    id: int
    employee_id: int
    year: int
    result: str = Field(description="above, as_expected or below (hasil kerja)")
    behaviour: str = Field(description="above, as_expected or below (perilaku kerja)")
    predicate: str = Field(
        description="sangat_baik, baik, butuh_perbaikan, kurang or sangat_kurang"
    )
    at: datetime


class SkpResultIn(Schema):
    employee_id: Id
    year: int = Field(ge=services.FIRST_YEAR, le=2100)
    result: RatingCode = Field(description="Rating hasil kerja")
    behaviour: RatingCode = Field(description="Rating perilaku kerja")


class SkpFilter(Schema):
    year: int | None = Field(None, ge=services.FIRST_YEAR, le=2100)
    unit_id: Id | None = Field(None, description="Only people of this unit's subtree")


@router.get("/talent/skp-results", response=responses({200: list[SkpResultOut]}, 404, 422))
@paginate(Pagination)
def list_skp_results(request: HttpRequest, filters: Query[SkpFilter]) -> QuerySet[SkpResult]:
    require(request.user, Action.VIEW, "talent")
    qs = SkpResult.objects.visible_to(request.user)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.unit_id is not None:
        unit = get_visible_or_404(OrgUnit, request.user, pk=filters.unit_id)
        qs = qs.filter(employee__unit__path__startswith=unit.path)
    return qs.order_by("agency_id", "-year", "employee_id", "id")


@router.post(
    "/talent/skp-results", response=responses({200: SkpResultOut, 201: SkpResultOut}, 400, 404, 422)
)
def record_skp_result(request: HttpRequest, body: SkpResultIn) -> Status:
    """Record the year's SKP result of an employee (201), or correct it (200); the predicate
    follows from the two ratings (PermenPAN-RB 6/2022)."""
    require(request.user, Action.CHANGE, "talent")
    employee = get_visible_or_404(Employee, request.user, pk=body.employee_id)
    row, created = services.record_skp(
        employee=employee,
        year=body.year,
        result=body.result,
        behaviour=body.behaviour,
        actor=request_user(request),
    )
    return Status(201 if created else 200, row)


class AssessmentOut(Schema):
    id: int
    employee_id: int
    year: int
    competency_score: Decimal
    education: str
    training_hours: int
    potential_score: Decimal = Field(description="0–100, from the three components' weights")
    potential: str = Field(description="high, medium or low (the 9-box's rows)")


class AssessmentIn(Schema):
    employee_id: Id
    year: int = Field(ge=services.FIRST_YEAR, le=2100)
    competency_score: Decimal = Field(ge=0, le=100, max_digits=5, decimal_places=2)
    education: Education
    training_hours: int = Field(ge=0, le=2000, description="Lesson hours (JP) of the year")


@router.post(
    "/talent/assessments",
    response=responses({200: AssessmentOut, 201: AssessmentOut}, 400, 404, 422),
)
def record_talent_assessment(request: HttpRequest, body: AssessmentIn) -> Status:
    """Record the year's potential assessment of an employee (201), or correct it (200); the
    potential follows from the competency score, education and training hours."""
    require(request.user, Action.CHANGE, "talent")
    employee = get_visible_or_404(Employee, request.user, pk=body.employee_id)
    row, created = services.record_assessment(
        employee=employee,
        year=body.year,
        competency_score=body.competency_score,
        education=body.education,
        training_hours=body.training_hours,
        actor=request_user(request),
    )
    return Status(201 if created else 200, row)


class DisciplineOut(Schema):
    id: int
    agency_id: int
    employee_id: int
    violation: str
    sanction: str
    level: str = Field(description="ringan, sedang or berat (PP 94/2021)")
    decided_on: date
    starts_on: date
    ends_on: date | None
    decided_by_name: str
    decided_by_position: str


class DisciplineIn(Schema):
    employee_id: Id
    violation: str = Field(min_length=1, max_length=2000)
    sanction: Sanction
    decided_on: date
    starts_on: date | None = Field(None, description="Default: the 15th day after the decision")
    decided_by_name: str = Field(min_length=1, max_length=150)
    decided_by_position: str = Field(min_length=1, max_length=200)


@router.get("/talent/discipline-records", response=responses({200: list[DisciplineOut]}, 404, 422))
@paginate(Pagination)
def list_discipline_records(request: HttpRequest) -> QuerySet[DisciplineRecord]:
    """The discipline records in your scope, newest decision first."""
    require(request.user, Action.VIEW, "discipline")
    return DisciplineRecord.objects.visible_to(request.user).order_by("-decided_on", "-id")


def _discipline_etag(record: DisciplineRecord) -> str:
    return '"' + edit_version(record) + '"'


def _record_discipline(
    request: HttpRequest, body: DisciplineIn, record: DisciplineRecord | None, expected: str | None
) -> DisciplineRecord:
    employee = get_visible_or_404(Employee, request.user, pk=body.employee_id)
    data = body.dict(exclude={"employee_id"})
    return services.record_discipline(
        employee=employee, actor=request_user(request), record=record,
        expected_version=expected, **data,
    )  # fmt: skip


@router.post("/talent/discipline-records", response=responses({201: DisciplineOut}, 400, 404, 422))
def create_discipline_record(request: HttpRequest, body: DisciplineIn) -> Status:
    """Record a hukuman disiplin; its level and end follow from PP 94/2021."""
    require(request.user, Action.ADD, "discipline")
    return Status(201, _record_discipline(request, body, None, None))


@router.get(
    "/talent/discipline-records/{record_id}", response=responses({200: DisciplineOut}, 404, 422)
)
def get_discipline_record(
    request: HttpRequest, response: HttpResponse, record_id: Id
) -> DisciplineRecord:
    """One record; its ETag header is the version to send as If-Match when correcting it."""
    require(request.user, Action.VIEW, "discipline")
    record = get_visible_or_404(DisciplineRecord, request.user, pk=record_id)
    response["ETag"] = _discipline_etag(record)
    return record  # type: ignore[no-any-return]


@router.put(
    "/talent/discipline-records/{record_id}",
    response=responses({200: DisciplineOut}, 400, 404, 412, 422, 428),
)
def correct_discipline_record(
    request: HttpRequest, response: HttpResponse, record_id: Id, body: DisciplineIn
) -> DisciplineRecord:
    """Correct a record (every field sent). If-Match (the ETag of GET) is required (428
    without it); a change saved since answers 412."""
    record = get_visible_or_404(DisciplineRecord, request.user, pk=record_id)
    require(request.user, Action.CHANGE, "discipline")
    expected = require_if_match(request)
    saved = _record_discipline(request, body, record, expected)
    response["ETag"] = _discipline_etag(saved)
    return saved


class NineBoxFilter(Schema):
    agency: str | None = Field(None, max_length=20, description="Agency code; default: your own")
    year: int | None = Field(
        None, ge=services.FIRST_YEAR, le=2100, description="Default: the latest year with SKP"
    )
    opd_id: Id | None = Field(None, description="Only this OPD's subtree")
    family: str = Field("", max_length=20, description="Position family code")
    kind: str = Field("", max_length=20, description="Position kind code")


class NineBoxOut(Schema):
    agency: str
    year: int
    boxes: dict[str, int] = Field(description="People per box, keys '1' to '9'")
    pool: int = Field(description="Boxes 7–9 without a running sanction (talent pool)")
    staff: int = Field(description="Active people in the filter")
    without_skp: int
    without_assessment: int


@router.get("/talent/nine-box", response=responses({200: NineBoxOut}, 404, 422))
def get_nine_box(request: HttpRequest, filters: Query[NineBoxFilter]) -> NineBoxOut:
    require(request.user, Action.VIEW, "talent")
    user = request_user(request)
    agency = require_agency(user, filters.agency)
    opd = None
    if filters.opd_id is not None:
        opd = get_visible_or_404(OrgUnit, user, pk=filters.opd_id, agency=agency)
    year = filters.year or boxes.default_year(user, agency)
    chosen = boxes.BoxFilter(year=year, opd=opd, family=filters.family, kind=filters.kind)
    found = boxes.box_counts(user, agency, chosen, timezone.localdate())
    return NineBoxOut(
        agency=agency.code,
        year=year,
        boxes={str(box): n for box, n in found.boxes.items()},
        pool=found.pool,
        staff=found.staff,
        without_skp=found.without_skp,
        without_assessment=found.without_assessment,
    )


# meritself: the merit self-assessment's endpoints
from formasi.talent.meritself_api import router as meritself_router  # noqa: E402

router.add_router("", meritself_router)
# Succession (issue 19): the lists and filling a post from them.
from formasi.talent.succession_api import router as succession_router  # noqa: E402

router.add_router("", succession_router)
