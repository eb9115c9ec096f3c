"""API of the yearly usul kebutuhan (issue 18, part 6): the whole workflow the pages offer —
list, read (with parts, items, comments and the audit trail), draft, change items (content,
BKN's verdict, KemenPAN-RB's decided count), workflow steps and comments — through the same
``services`` and scoped like the pages: a proposal, part or item out of scope is 404, a role
or a state that does not allow the action 403.

Concurrent edits: ``GET`` of a proposal or an item sends its version as ``ETag``. Changing an
item needs it back as ``If-Match`` (428 without it); a change saved since answers 412 with the
page's message. A step carries the ``version`` of the proposal or part it acts on in its body;
a step over a newer version answers 409 with the same message.

The comparison and an item's trace are in ``api_trace``, the national view's runs in
``api_national``, the documents in ``api_documents``: operations on this same router,
registered by importing them at the end of this module.

No ``from __future__ import annotations`` here: django-ninja resolves the schema types at
import time.
"""

from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from formasi.accounts.http import request_user
from formasi.core.api import MAX_ID, Id, Pagination, require_if_match, responses, status_message
from formasi.core.permissions import Action, can
from formasi.core.views import get_visible_or_404, require
from formasi.domain import proposal_workflow as flow
from formasi.domain.proposal_workflow import State, Step
from formasi.organization.models import Region
from formasi.organization.services import require_agency
from formasi.planning.models import Scenario
from formasi.proposals import services
from formasi.proposals.deadlines import next_deadline
from formasi.proposals.forms import MAX_COUNT
from formasi.proposals.models import (
    Notification,
    Proposal,
    ProposalComment,
    ProposalEvent,
    ProposalItem,
    ProposalPart,
)
from formasi.proposals.notifications import text_for

router = Router(tags=["proposals"])
RESOURCE = "proposal"

StepCode = Literal[
    "submit",
    "return",
    "accept",
    "send_to_bkn",
    "give_pertimbangan",
    "send_to_kemenpanrb",
    "decide",
    "close",
]
StatusCode = Literal["pns", "pppk", "pppk_paruh_waktu"]
VerdictCode = Literal["approved", "changed", "rejected"]


# --------------------------------------------------------------------------- schemas


class ProposalOut(Schema):
    id: int
    agency_id: int
    agency: str = Field(description="The agency's name")
    year: int = Field(description="Year N of the usulan (penetapan in N+1)")
    state: str
    version: int
    scenario_id: int | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_agency(obj: Any) -> str:
        return str(obj["agency"] if isinstance(obj, dict) else obj.agency.name)


class PartOut(Schema):
    id: int
    org_unit_id: int
    org_unit: str
    state: str
    version: int
    steps: list[str] = Field(description="The steps the user may take on this part now")


class ItemOut(Schema):
    id: int
    part_id: int
    org_unit_id: int
    org_unit: str
    position_id: int
    position: str
    status: str
    education: str
    location_id: int | None
    count: int
    priority: int
    justification: str
    evidence: dict[str, Any]
    drafted_need: int
    bkn_verdict: str
    bkn_count: int | None
    bkn_reason: str
    decided_count: int | None
    version: int
    edit: str | None = Field(
        description="What the user may change now: content, verdict, decision or null"
    )


class CommentOut(Schema):
    id: int
    item_id: int | None
    parent_id: int | None
    author: str
    text: str
    at: datetime


class EventOut(Schema):
    id: int
    step: str
    part_id: int | None
    item_id: int | None
    actor: str
    before: dict[str, Any]
    after: dict[str, Any]
    comment: str
    at: datetime


class DeadlineOut(Schema):
    code: str
    date: date
    rule: str
    days_left: int = Field(description="Whole days from today (0 today, negative when past)")


class ProposalDetailOut(ProposalOut):
    steps: list[str] = Field(description="The steps the user may take on the proposal now")
    next_deadline: DeadlineOut | None = Field(
        description="The next deadline of the proposal's year not yet passed, if any"
    )
    parts: list[PartOut]
    items: list[ItemOut]
    comments: list[CommentOut]


class DraftIn(Schema):
    agency: str | None = Field(
        None, max_length=20, description="Agency code; default: the user's own"
    )
    year: int = Field(..., ge=2000, le=2100)
    scenario_id: Id | None = Field(None, description="A computed scenario of the agency")


class ItemPatch(Schema):
    """Only the fields sent change (what the OPD operator and the BKPSDM draft)."""

    # A default of None means "not sent"; a sent null is invalid except for location_id.
    count: int = Field(None, ge=0, le=MAX_COUNT)  # type: ignore[assignment]
    status: StatusCode = Field(None)  # type: ignore[arg-type]
    education: str = Field(None, max_length=200)  # type: ignore[assignment]
    location_id: Id | None = None
    priority: int = Field(None, ge=0, le=32767)  # type: ignore[assignment]
    justification: str = Field(None, max_length=4000)  # type: ignore[assignment]


class VerdictIn(Schema):
    verdict: VerdictCode
    count: int | None = Field(
        None, ge=0, le=MAX_COUNT, description="The count BKN approves (for changed)"
    )
    reason: str = Field("", max_length=4000, description="Required for changed and rejected")


class DecisionIn(Schema):
    decided_count: int = Field(..., ge=0, le=MAX_COUNT)


class StepIn(Schema):
    step: StepCode
    version: int = Field(
        ..., ge=0, le=MAX_ID, description="The version of the proposal or part read"
    )
    part_id: Id | None = Field(None, description="The part a part step acts on")
    comment: str = Field("", max_length=4000, description="Required to return a part")


class StepOut(Schema):
    on: Literal["proposal", "part"]
    id: int
    state: str
    version: int


class CommentIn(Schema):
    text: str = Field(..., min_length=1, max_length=4000)
    item_id: Id | None = None
    parent_id: Id | None = Field(None, description="The comment this replies to")


# --------------------------------------------------------------------------- helpers


def _etag(row: Any) -> str:
    return f'"{row.version}"'


def _expected(request: HttpRequest) -> int:
    """The version of If-Match (428 without it); one that is not a version is stale (412)."""
    value = require_if_match(request)
    try:
        return int(value)
    except ValueError as exc:
        raise HttpError(412, status_message(412)) from exc


def _proposal(request: HttpRequest, proposal_id: int) -> Proposal:
    require(request.user, Action.VIEW, RESOURCE)
    return get_visible_or_404(Proposal, request.user, pk=proposal_id)


def _item(request: HttpRequest, proposal: Proposal, item_id: int) -> ProposalItem:
    try:
        return (  # type: ignore[no-any-return]
            ProposalItem.objects.visible_to(request.user)
            .select_related("part__proposal", "org_unit", "position")
            .get(pk=item_id, part__proposal=proposal)
        )
    except ProposalItem.DoesNotExist as exc:
        raise Http404(_("Not found.")) from exc


def _actor(request: HttpRequest) -> flow.Actor | None:
    if not can(request.user, Action.CHANGE, RESOURCE):
        return None
    return services.actor_of(request.user)


def _proposal_out(p: Proposal) -> dict[str, Any]:
    return {
        "id": p.pk,
        "agency_id": p.agency_id,
        "agency": p.agency.name,
        "year": p.year,
        "state": p.state,
        "version": p.version,
        "scenario_id": p.scenario_id,
        "created_at": p.created_at,
        "updated_at": p.updated_at,
    }


def _item_out(item: ProposalItem, edit: flow.EditKind | None) -> dict[str, Any]:
    out = {
        name: getattr(item, name)
        for name in (
            "part_id",
            "org_unit_id",
            "position_id",
            "status",
            "education",
            "location_id",
            "count",
            "priority",
            "justification",
            "evidence",
            "drafted_need",
            "bkn_verdict",
            "bkn_count",
            "bkn_reason",
            "decided_count",
            "version",
        )
    }
    return {
        **out,
        "id": item.pk,
        "org_unit": item.org_unit.name,
        "position": item.position.name,
        "edit": edit.value if edit is not None else None,
    }


def _edit_kind(
    actor: flow.Actor | None, part: ProposalPart, proposal: Proposal
) -> flow.EditKind | None:
    if actor is None:
        return None
    return flow.edit_kind(actor, State(part.state), State(proposal.state))


def _name(user: Any) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def _comment_out(c: ProposalComment) -> dict[str, Any]:
    return {
        "id": c.pk,
        "item_id": c.item_id,
        "parent_id": c.parent_id,
        "author": _name(c.author),
        "text": c.text,
        "at": c.at,
    }


def _deadline_out(year: int) -> dict[str, Any] | None:
    found = next_deadline(year, timezone.localdate())
    if found is None:
        return None
    return {
        "code": found.code,
        "date": found.deadline.date,
        "rule": found.deadline.rule,
        "days_left": found.days_left,
    }


def _part_out(part: ProposalPart, actor: flow.Actor | None, steps: bool) -> dict[str, Any]:
    return {
        "id": part.pk,
        "org_unit_id": part.org_unit_id,
        "org_unit": part.org_unit.name,
        "state": part.state,
        "version": part.version,
        "steps": [s.value for s in flow.steps_for(actor, State(part.state), on_part=True)]
        if steps and actor is not None
        else [],
    }


def _detail(request: HttpRequest, proposal: Proposal) -> dict[str, Any]:
    user = request.user
    actor = _actor(request)
    state = State(proposal.state)
    parts = list(
        ProposalPart.objects.visible_to(user).filter(proposal=proposal).select_related("org_unit")
    )
    by_pk = {p.pk: p for p in parts}
    items = (
        ProposalItem.objects.visible_to(user)
        .filter(part__proposal=proposal)
        .select_related("org_unit", "position")
    )
    comments = (
        ProposalComment.objects.visible_to(user).filter(proposal=proposal).select_related("author")
    )
    # Steps on parts only while the proposal is a draft (the workflow table).
    part_steps = state is State.DRAFT
    return {
        **_proposal_out(proposal),
        "steps": [s.value for s in flow.steps_for(actor, state, on_part=False)] if actor else [],
        "next_deadline": _deadline_out(proposal.year),
        "parts": [_part_out(p, actor, part_steps) for p in parts],
        "items": [_item_out(i, _edit_kind(actor, by_pk[i.part_id], proposal)) for i in items],
        "comments": [_comment_out(c) for c in comments],
    }


# --------------------------------------------------------------------------- reads


@router.get("/proposals", response=responses({200: list[ProposalOut]}, 422))
@paginate(Pagination)
def list_proposals(request: HttpRequest) -> QuerySet[Proposal]:
    """The proposals in the user's scope (for evaluators: of their agencies, once sent to
    BKN), the newest year first."""
    require(request.user, Action.VIEW, RESOURCE)
    return (
        Proposal.objects.visible_to(request.user)
        .select_related("agency")
        .order_by("-year", "agency__name", "pk")
    )


@router.get("/proposals/{proposal_id}", response=responses({200: ProposalDetailOut}, 404, 422))
def get_proposal(request: HttpRequest, response: HttpResponse, proposal_id: Id) -> dict[str, Any]:
    """A proposal with the parts, items and comments the user sees, the steps they may take
    and the next deadline. The ETag header is the proposal's version."""
    proposal = _proposal(request, proposal_id)
    response["ETag"] = _etag(proposal)
    return _detail(request, proposal)


@router.get("/proposals/{proposal_id}/events", response=responses({200: list[EventOut]}, 404, 422))
def list_events(request: HttpRequest, proposal_id: Id) -> list[dict[str, Any]]:
    """The audit trail: every step, change, verdict, decision and comment the user sees."""
    proposal = _proposal(request, proposal_id)
    events = (
        ProposalEvent.objects.visible_to(request.user)
        .filter(proposal=proposal)
        .select_related("actor")
    )
    return [
        {
            "id": e.pk,
            "step": e.step,
            "part_id": e.part_id,
            "item_id": e.item_id,
            "actor": _name(e.actor),
            "before": e.before,
            "after": e.after,
            "comment": e.comment,
            "at": e.at,
        }
        for e in events
    ]


@router.get(
    "/proposals/{proposal_id}/items/{item_id}", response=responses({200: ItemOut}, 404, 422)
)
def get_item(
    request: HttpRequest, response: HttpResponse, proposal_id: Id, item_id: Id
) -> dict[str, Any]:
    """One item. The ETag header is its version: send it back as If-Match when changing it."""
    proposal = _proposal(request, proposal_id)
    item = _item(request, proposal, item_id)
    response["ETag"] = _etag(item)
    return _item_out(item, _edit_kind(_actor(request), item.part, proposal))


# --------------------------------------------------------------------------- writes


@router.post("/proposals", response=responses({201: ProposalDetailOut}, 400, 404, 422))
def draft_proposal(request: HttpRequest, body: DraftIn) -> Status:
    """Draft (or draft again) the agency's proposal for ``year`` from its needs and staff
    (the BKPSDM only; refused once the proposal is sent)."""
    require(request.user, Action.ADD, RESOURCE)
    agency = require_agency(request.user, body.agency)
    scenario = None
    if body.scenario_id is not None:
        scenario = get_visible_or_404(Scenario, request.user, pk=body.scenario_id)
        if scenario.state != Scenario.State.DONE:
            raise ValidationError({"scenario_id": [_("The scenario has not been computed yet.")]})
    proposal = services.draft_proposal(
        actor=request_user(request), agency=agency, year=body.year, scenario=scenario
    )
    proposal = Proposal.unscoped.select_related("agency").get(pk=proposal.pk)
    return Status(201, _detail(request, proposal))


def _changed_item(
    request: HttpRequest, response: HttpResponse, proposal: Proposal, saved: ProposalItem
) -> dict[str, Any]:
    item = _item(request, proposal, saved.pk)
    response["ETag"] = _etag(item)
    return _item_out(item, _edit_kind(_actor(request), item.part, proposal))


def _for_change(request: HttpRequest, proposal_id: int, item_id: int) -> tuple[Any, ...]:
    proposal = _proposal(request, proposal_id)
    item = _item(request, proposal, item_id)
    require(request.user, Action.CHANGE, RESOURCE)
    return proposal, item, _expected(request)


def _location(item: ProposalItem, location_id: int | None) -> Region | None:
    """A region the item may be placed in (as on the page: its unit's region or kecamatan,
    or the one it has)."""
    if location_id is None:
        return None
    allowed = {item.org_unit.region_id, item.org_unit.district_id, item.location_id} - {None}
    if location_id not in allowed:
        raise ValidationError({"location_id": [_("Choose a region.")]})
    return Region.objects.get(pk=location_id)


@router.patch(
    "/proposals/{proposal_id}/items/{item_id}",
    response=responses({200: ItemOut}, 400, 404, 412, 422, 428),
)
def update_item(
    request: HttpRequest,
    response: HttpResponse,
    proposal_id: Id,
    item_id: Id,
    body: ItemPatch,
) -> dict[str, Any]:
    """Change what an item asks for (the OPD operator its part's while draft or returned, the
    BKPSDM any while the proposal is a draft). If-Match (the item's ETag) is required."""
    proposal, item, expected = _for_change(request, proposal_id, item_id)
    data = body.dict(exclude_unset=True)
    if "location_id" in data:
        data["location"] = _location(item, data.pop("location_id"))
    try:
        saved = services.update_item(
            actor=request_user(request), item=item, expected_version=expected, **data
        )
    except services.ConflictError as exc:
        raise HttpError(412, str(exc)) from exc
    return _changed_item(request, response, proposal, saved)


@router.put(
    "/proposals/{proposal_id}/items/{item_id}/verdict",
    response=responses({200: ItemOut}, 400, 404, 412, 422, 428),
)
def review_item(
    request: HttpRequest,
    response: HttpResponse,
    proposal_id: Id,
    item_id: Id,
    body: VerdictIn,
) -> dict[str, Any]:
    """BKN's pertimbangan teknis on an item while the proposal is with BKN. If-Match (the
    item's ETag) is required."""
    proposal, item, expected = _for_change(request, proposal_id, item_id)
    try:
        saved = services.review_item(
            actor=request_user(request),
            item=item,
            expected_version=expected,
            verdict=body.verdict,
            count=body.count,
            reason=body.reason,
        )
    except services.ConflictError as exc:
        raise HttpError(412, str(exc)) from exc
    return _changed_item(request, response, proposal, saved)


@router.put(
    "/proposals/{proposal_id}/items/{item_id}/decision",
    response=responses({200: ItemOut}, 400, 404, 412, 422, 428),
)
def decide_item(
    request: HttpRequest,
    response: HttpResponse,
    proposal_id: Id,
    item_id: Id,
    body: DecisionIn,
) -> dict[str, Any]:
    """KemenPAN-RB's decided count of an item while the proposal is with KemenPAN-RB.
    If-Match (the item's ETag) is required."""
    proposal, item, expected = _for_change(request, proposal_id, item_id)
    try:
        saved = services.decide_item(
            actor=request_user(request),
            item=item,
            expected_version=expected,
            decided_count=body.decided_count,
        )
    except services.ConflictError as exc:
        raise HttpError(412, str(exc)) from exc
    return _changed_item(request, response, proposal, saved)


@router.post(
    "/proposals/{proposal_id}/steps",
    response=responses({200: StepOut}, 400, 404, 409, 422),
)
def take_step(request: HttpRequest, proposal_id: Id, body: StepIn) -> dict[str, Any]:
    """A workflow step on the proposal, or with ``part_id`` on an OPD's part (docs/proposals.md
    says which, from which states, by whom). ``version`` is the one read; a newer one is 409."""
    proposal = _proposal(request, proposal_id)
    target: Proposal | ProposalPart = proposal
    if body.part_id is not None:
        target = get_visible_or_404(ProposalPart, request.user, pk=body.part_id, proposal=proposal)
    step = Step(body.step)
    if flow.TRANSITIONS[step].on_part != isinstance(target, ProposalPart):
        raise ValidationError({"part_id": [_("This step does not apply here.")]})
    require(request.user, Action.CHANGE, RESOURCE)
    try:
        row = services.transition(
            actor=request_user(request),
            target=target,
            step=step,
            expected_version=body.version,
            comment=body.comment,
        )
    except services.ConflictError as exc:
        raise HttpError(409, str(exc)) from exc
    on: Literal["proposal", "part"] = "part" if isinstance(row, ProposalPart) else "proposal"
    return {"on": on, "id": row.pk, "state": row.state, "version": row.version}


@router.post(
    "/proposals/{proposal_id}/comments",
    response=responses({201: CommentOut}, 400, 404, 422),
)
def add_comment(request: HttpRequest, proposal_id: Id, body: CommentIn) -> Status:
    """A comment on the proposal or one of its items, or a reply (``parent_id``)."""
    proposal = _proposal(request, proposal_id)
    item = parent = None
    if body.item_id is not None:
        item = _item(request, proposal, body.item_id)
    if body.parent_id is not None:
        parent = get_visible_or_404(
            ProposalComment, request.user, pk=body.parent_id, proposal=proposal
        )
    require(request.user, Action.COMMENT, RESOURCE)
    comment = services.add_comment(
        actor=request_user(request), proposal=proposal, text=body.text, item=item, parent=parent
    )
    return Status(201, _comment_out(comment))


class SettleIn(Schema):
    version: int = Field(..., ge=0, le=2**31 - 1, description="The version of the proposal read")


class SettledOut(Schema):
    settled: int = Field(description="How many items were settled")
    version: int = Field(description="The proposal's version now")


@router.post(
    "/proposals/{proposal_id}/settle",
    response=responses({200: SettledOut}, 400, 404, 409, 422),
)
def settle_proposal(request: HttpRequest, proposal_id: Id, body: SettleIn) -> dict[str, Any]:
    """Settle every item not settled yet: BKN approves them at the count asked, KemenPAN-RB
    decides them at BKN's count (403 for anyone else). A newer ``version`` is 409."""
    proposal = _proposal(request, proposal_id)
    require(request.user, Action.CHANGE, RESOURCE)
    try:
        done = services.settle_all(
            actor=request_user(request), proposal=proposal, expected_version=body.version
        )
    except services.ConflictError as exc:
        raise HttpError(409, str(exc)) from exc
    proposal.refresh_from_db()
    return {"settled": done, "version": proposal.version}


class NotificationOut(Schema):
    id: int
    proposal_id: int
    part_id: int | None
    kind: str
    text: str = Field(description="What happened, for people (the page's wording)")
    read_at: datetime | None
    at: datetime

    @staticmethod
    def resolve_text(obj: Any) -> str:
        return text_for(obj)


class ReadIn(Schema):
    ids: list[Id] | None = Field(
        None, max_length=1000, description="These notifications; null: every unread one"
    )


class ReadOut(Schema):
    marked: int = Field(description="How many were unread and are read now")


@router.get("/notifications", response=responses({200: list[NotificationOut]}, 422))
@paginate(Pagination)
def list_notifications(request: HttpRequest) -> QuerySet[Notification]:
    """Your own notifications of proposals reaching your desk, newest first."""
    mine = Notification.objects.visible_to(request.user).select_related(
        "proposal__agency", "part__org_unit"
    )
    return mine.order_by("-at", "-id")


@router.post("/notifications/read", response=responses({200: ReadOut}, 400, 404, 422))
def mark_notifications_read(request: HttpRequest, body: ReadIn) -> dict[str, int]:
    """Mark your notifications read: those named (404 when one is not yours), or all."""
    ids = None
    if body.ids is not None:
        mine = Notification.objects.visible_to(request.user).filter(pk__in=body.ids)
        ids = list(mine.values_list("pk", flat=True))
        if len(ids) != len(set(body.ids)):
            raise Http404(_("Not found."))
    marked = services.mark_notifications_read(actor=request_user(request), ids=ids)
    return {"marked": marked}


# The other operations of this router (imported last: they import ``router`` from here).
from formasi.proposals import api_documents, api_national, api_trace  # noqa: E402, F401
