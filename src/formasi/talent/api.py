"""API of the talent data (issue 19), scoped like the pages: SKP results (list, record) and the
9-box counts. Resource "talent".

No ``from __future__ import annotations`` here: django-ninja resolves the schema types at
import time.
"""

from datetime import datetime
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from formasi.accounts.http import request_user
from formasi.core.api import Id, Pagination, responses
from formasi.core.permissions import Action
from formasi.core.views import get_visible_or_404, require
from formasi.organization.models import OrgUnit
from formasi.organization.services import require_agency
from formasi.talent import boxes, services
from formasi.talent.models import SkpResult
from formasi.workforce.models import Employee

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
