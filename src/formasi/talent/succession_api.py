"""API of the succession lists (issue 19), scoped like the pages (resource "succession"):
the posts empty now or by a date with their ranked candidates (codes of
``domain.succession``), one post's list, and filling the post from it.

Concurrent fills: ``GET`` of one post sends its version as ``ETag``; the fill needs it back as
``If-Match`` (428 without it); a post changed since answers 412 (as the proposals API).

No ``from __future__ import annotations`` here: django-ninja resolves the schema types at
import time.
"""

from datetime import date, datetime

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from formasi.accounts.http import request_user
from formasi.core.api import Id, require_if_match, responses
from formasi.core.permissions import Action
from formasi.core.views import get_visible_or_404, require
from formasi.organization.models import OrgUnit, Position
from formasi.organization.services import require_agency
from formasi.planning.tables import next_october
from formasi.talent import succession_lists, succession_services
from formasi.workforce.models import Employee

router = Router(tags=["talent"])
RESOURCE = "succession"


class RankedOut(Schema):
    employee_id: int
    rank: int
    box: int | None = Field(description="9-box box, null without SKP or assessment")
    ahead_by: str = Field(
        description="What puts them ahead of the next: box, family, competency, years, "
        "training or golongan ('' for the last)"
    )


class ExcludedOut(Schema):
    employee_id: int
    box: int | None
    reasons: list[str] = Field(
        description="running_sanction, not_pns, rank_too_low, education_too_low, "
        "too_few_years, over_age or holds_post"
    )


class PostOut(Schema):
    unit_id: int
    position_id: int
    level: str
    empty_now: int
    empty_on: int
    ranked: list[RankedOut]
    excluded: list[ExcludedOut]
    hidden: int = Field(description="Listed people outside the units you may view")


class ListOut(Schema):
    agency: str
    on: date
    posts: list[PostOut]


class ListFilter(Schema):
    agency: str | None = Field(None, max_length=20, description="Agency code; default: your own")
    on: date | None = Field(None, description="Empty by this date; default the next 1 October")
    jpt_only: bool = Field(False, description="Only JPT posts")


class FillIn(Schema):
    employee_id: Id
    reason: str = Field(..., min_length=1, max_length=2000)


class DecisionOut(Schema):
    id: int
    unit_id: int
    position_id: int
    employee_id: int
    rank: int
    ranked: int
    starts_on: date
    reason: str
    decided_at: datetime


def _out(sl: succession_lists.SuccessionList) -> PostOut:
    return PostOut(
        unit_id=sl.post.unit.pk,
        position_id=sl.post.position.pk,
        level=sl.post.position.kind,
        empty_now=sl.post.empty_now,
        empty_on=sl.post.empty_on,
        ranked=[
            RankedOut(employee_id=r.candidate.id, rank=r.rank, box=r.candidate.box,
                      ahead_by=r.ahead_by)
            for r in sl.ranking.ranked
        ],
        excluded=[
            ExcludedOut(employee_id=x.candidate.id, box=x.candidate.box, reasons=list(x.reasons))
            for x in sl.ranking.excluded
        ],
        hidden=sl.hidden,
    )  # fmt: skip


def _on(on: date | None, today: date) -> date:
    if on is None:
        return next_october(today)
    if on < today:
        raise HttpError(422, "on: the date must be today or later")
    return on


@router.get("/talent/succession", response=responses({200: ListOut}, 404, 422))
def list_succession(request: HttpRequest, filters: Query[ListFilter]) -> ListOut:
    """Posts empty now or by ``on`` with their first ranked candidates and exclusions."""
    require(request.user, Action.VIEW, RESOURCE)
    user = request_user(request)
    agency = require_agency(user, filters.agency)
    today = timezone.localdate()
    on = _on(filters.on, today)
    posts = succession_lists.vacant_posts(user, agency, today=today, on=on,
                                          jpt_only=filters.jpt_only)  # fmt: skip
    found = succession_lists.lists(user, agency, posts, today, settings.FORMASI_SUCCESSION_SHOWN)
    return ListOut(agency=agency.code, on=on, posts=[_out(sl) for sl in found])


def _post(request: HttpRequest, unit_id: int, position_id: int) -> tuple[OrgUnit, Position]:
    unit = get_visible_or_404(OrgUnit, request.user, pk=unit_id)
    position = Position.unscoped.filter(pk=position_id, agency_id=unit.agency_id).first()
    if position is None:
        raise Http404
    return unit, position


@router.get(
    "/talent/succession/{unit_id}/{position_id}", response=responses({200: PostOut}, 404, 422)
)
def get_succession_post(
    request: HttpRequest, response: HttpResponse, unit_id: Id, position_id: Id,
    on: date | None = None,
) -> PostOut:  # fmt: skip
    """One post's list. The ETag header is the post's version: send it back as If-Match to
    fill the post."""
    require(request.user, Action.VIEW, RESOURCE)
    unit, position = _post(request, unit_id, position_id)
    today = timezone.localdate()
    found = succession_lists.one(request_user(request), unit.agency, unit, position,
                                 today=today, on=_on(on, today))  # fmt: skip
    if found is None:
        raise Http404
    response["ETag"] = f'"{succession_lists.post_version(unit, position)}"'
    return _out(found)


@router.post(
    "/talent/succession/{unit_id}/{position_id}/fill",
    response=responses({201: DecisionOut}, 400, 404, 412, 422, 428),
)
def fill_succession_post(
    request: HttpRequest, unit_id: Id, position_id: Id, body: FillIn
) -> Status:
    """Fill a seat empty today with a ranked candidate: the decision is recorded (with history)
    and the employee moved into the post. If-Match (the post's ETag) is required."""
    require(request.user, Action.VIEW, RESOURCE)
    unit, position = _post(request, unit_id, position_id)
    require(request.user, Action.CHANGE, RESOURCE)
    expected = require_if_match(request)
    employee = get_visible_or_404(Employee, request.user, pk=body.employee_id)
    try:
        decision = succession_services.fill_post(
            unit=unit, position=position, employee=employee, reason=body.reason,
            actor=request_user(request), expected_version=expected,
        )  # fmt: skip
    except succession_services.StaleListError as exc:
        raise HttpError(412, exc.messages[0]) from exc
    return Status(201, decision)
