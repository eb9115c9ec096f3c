"""API of the placement runs (issue 7), scoped like the pages (resource "placement").

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
from formasi.core.api import Code, Id, Pagination, responses
from formasi.core.jobs import expire_if_dead
from formasi.core.permissions import Action
from formasi.core.views import get_visible_or_404, require
from formasi.organization.services import require_agency
from formasi.placement import services
from formasi.placement.models import Applicant, PlacementLine, PlacementRun

router = Router(tags=["placement"])


class MustFillPost(Schema):
    unit: str = Field(max_length=40, description="Unit code of the agency")
    position: str = Field(max_length=40, description="Position code of the agency")
    count: int = Field(ge=1, le=100000, description="Posts that must be filled, ≤ the open posts")


FAMILY_WEIGHTS_HELP = (
    "Weight per job family (guru, kesehatan, ti, teknis, administrasi, manajerial, lainnya), "
    "0–10; a post's priority is its family's weight × (1 + its kecamatan's shortage share)"
)


class PlacementRunOut(Schema):
    id: int
    agency_id: int
    name: str
    kind: str = Field(description="new_hires or transfers")
    year: int
    areas: list[str] = Field(description="Kecamatan codes; empty = the whole agency")
    home_village: bool
    home_district: bool
    distance: bool
    max_moves_per_unit: int | None
    keep: list[str]
    must_fill: list[MustFillPost]
    family_weights: dict[str, float] = Field(
        description=FAMILY_WEIGHTS_HELP + "; a family not listed weighs 1"
    )
    state: str = Field(description="queued, running, done or failed")
    progress: int
    error: str
    created_at: datetime
    computed_at: datetime | None
    applied_at: datetime | None


class PlacementLineOut(Schema):
    id: int
    applicant_id: int | None
    employee_id: int | None
    position_id: int
    from_unit_id: int | None
    to_unit_id: int
    district_id: int | None = Field(None, description="Kecamatan of the destination")
    reason: str = Field(description="home_village, home_district, nearest or priority")
    explain: str
    distance_km: float | None
    decision: str = Field(description="pending, accepted or rejected")


class PlacementRunDetailOut(PlacementRunOut):
    summary: dict | None = Field(
        None, description="Status, objective, before/after; null until done"
    )
    lines: list[PlacementLineOut]


class PlacementRunIn(Schema):
    agency: str | None = Field(None, max_length=20, description="Agency code; default: your own")
    name: str = Field("", max_length=120)
    kind: Literal["new_hires", "transfers"] = "new_hires"
    year: int | None = Field(None, ge=2000, le=2100, description="Default: this year")
    areas: list[Code] = Field(default_factory=list, max_length=500)
    home_village: bool = True
    home_district: bool = True
    distance: bool = True
    max_moves_per_unit: int | None = Field(None, ge=0, le=100000)
    keep: list[Code] = Field(default_factory=list, max_length=10000)
    must_fill: list[MustFillPost] = Field(
        default_factory=list,
        max_length=1000,
        description="Posts that must be filled; if the pool cannot, the run fails and says why",
    )
    family_weights: dict[str, float] | None = Field(
        None,
        description=FAMILY_WEIGHTS_HELP
        + ". Default: the baseline five-year plan's family weights, else 1 each",
    )


@router.get("/placement/runs", response=responses({200: list[PlacementRunOut]}, 422))
@paginate(Pagination)
def list_placement_runs(request: HttpRequest) -> QuerySet[PlacementRun]:
    require(request.user, Action.VIEW, "placement")
    return (
        PlacementRun.objects.visible_to(request.user)
        .defer("summary")
        .order_by("agency_id", "-created_at", "-id")
    )


def _worded(line: PlacementLine) -> PlacementLine:
    """The line with its explanation in the UI language (in memory, not saved)."""
    line.explain = line.explanation()
    return line


@router.get("/placement/runs/{run_id}", response=responses({200: PlacementRunDetailOut}, 404, 422))
def get_placement_run(request: HttpRequest, run_id: Id) -> PlacementRunDetailOut:
    require(request.user, Action.VIEW, "placement")
    run = expire_if_dead(get_visible_or_404(PlacementRun, request.user, pk=run_id))
    lines = (
        PlacementLine.objects.visible_to(request.user)
        .filter(run=run)
        .select_related("to_unit")
        .order_by("id")
    )
    return PlacementRunDetailOut.model_validate(
        {
            **PlacementRunOut.from_orm(run).model_dump(),
            "summary": run.summary,
            "lines": [PlacementLineOut.from_orm(_worded(line)) for line in lines],
        }
    )


@router.post("/placement/runs", response=responses({201: PlacementRunOut}, 400, 404, 422))
def create_placement_run(request: HttpRequest, body: PlacementRunIn) -> Status:
    """Create a run and queue its computation (poll GET until state is done or failed)."""
    require(request.user, Action.ADD, "placement")
    agency = require_agency(request.user, body.agency)
    data = body.dict(exclude={"agency"})
    data["year"] = data["year"] or timezone.localdate().year
    run = services.create_run(agency=agency, actor=request_user(request), **data)
    return Status(201, run)


class LineDecisionIn(Schema):
    decision: Literal["pending", "accepted", "rejected"]


class LinesDecisionIn(Schema):
    decision: Literal["accepted", "rejected"]
    expected: int = Field(
        ge=0,
        le=1_000_000,
        description="How many pending lines you decide (as read); another number changes nothing",
    )


class ApplyIn(Schema):
    expected: int = Field(
        ge=0,
        le=1_000_000,
        description="How many accepted lines you apply (as read); another number moves nothing",
    )


class ChangedOut(Schema):
    changed: int = Field(description="How many lines were decided, or employees moved")


def _run_for_change(request: HttpRequest, run_id: int) -> PlacementRun:
    """As the pages: 403 for a role that may not change placement, then the run (404 out of
    scope)."""
    require(request.user, Action.CHANGE, "placement")
    return expire_if_dead(get_visible_or_404(PlacementRun, request.user, pk=run_id))  # type: ignore[no-any-return]


@router.post(
    "/placement/runs/{run_id}/lines/{line_id}/decision",
    response=responses({200: PlacementLineOut}, 400, 404, 422),
)
def decide_placement_line(
    request: HttpRequest, run_id: Id, line_id: Id, body: LineDecisionIn
) -> PlacementLine:
    """Accept, reject or reopen one line of a computed run (the page's button per line)."""
    run = _run_for_change(request, run_id)
    line = get_visible_or_404(PlacementLine, request.user, pk=line_id, run=run)
    services.decide(
        run=run, decision=body.decision, actor=request_user(request), line_ids=[line.pk]
    )
    line.refresh_from_db()
    return _worded(line)


@router.post(
    "/placement/runs/{run_id}/decisions",
    response=responses({200: ChangedOut}, 400, 404, 422),
)
def decide_placement_lines(request: HttpRequest, run_id: Id, body: LinesDecisionIn) -> dict:
    """Accept or reject every pending line at once; ``expected`` is the number of pending
    lines you read (422 when someone decided lines since)."""
    run = _run_for_change(request, run_id)
    changed = services.decide(
        run=run, decision=body.decision, actor=request_user(request), expected=body.expected
    )
    return {"changed": changed}


@router.post(
    "/placement/runs/{run_id}/apply",
    response=responses({200: ChangedOut}, 400, 404, 422),
)
def apply_placement_run(request: HttpRequest, run_id: Id, body: ApplyIn) -> dict:
    """Move the employees of a transfer run's accepted lines to their new units (one
    transaction); ``expected`` is the number of accepted lines you read."""
    run = _run_for_change(request, run_id)
    moved = services.apply_accepted(run=run, actor=request_user(request), expected=body.expected)
    return {"changed": moved}


class ApplicantOut(Schema):
    id: int
    agency_id: int
    year: int
    registration_number: str
    name: str
    status: str = Field(description="pns or pppk")
    position_id: int
    home_region_code: str | None = Field(None, alias="home_region.code")
    education: str


class ApplicantQuery(Schema):
    agency: str | None = Field(None, max_length=20, description="Agency code; default: yours")
    year: int | None = Field(None, ge=2000, le=2100, description="Default: every year")


@router.get("/placement/applicants", response=responses({200: list[ApplicantOut]}, 404, 422))
@paginate(Pagination)
def list_applicants(request: HttpRequest, filters: Query[ApplicantQuery]) -> QuerySet[Applicant]:
    """The applicant pool (new hires to place) of an agency, by registration number."""
    require(request.user, Action.VIEW, "placement")
    agency = require_agency(request.user, filters.agency)
    qs = Applicant.objects.visible_to(request.user).filter(agency=agency)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    return qs.select_related("home_region").order_by("year", "registration_number", "id")
