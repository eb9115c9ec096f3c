"""API of the open selections for JPT posts (issue 19), scoped like the pages: resource
"selection" (the agency admin writes; evaluators and leaders read; OPD operators 403). Every
write goes through ``selection_services``.

No ``from __future__ import annotations`` here: django-ninja resolves the schema types at
import time.
"""

from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from formasi.accounts.http import request_user
from formasi.core.api import Id, Pagination, responses
from formasi.core.permissions import Action
from formasi.core.views import get_visible_or_404, require
from formasi.organization.models import OrgUnit, Position
from formasi.talent import selection_services as services
from formasi.talent.selection_models import Candidate, Selection
from formasi.workforce.models import Employee

router = Router(tags=["selection"])

Score = Decimal


class SelectionOut(Schema):
    id: int
    agency_id: int
    unit_id: int
    position_id: int
    title: str
    opens_on: date
    closes_on: date
    requirements: str
    weight_kompetensi: int
    weight_wawancara: int
    weight_rekam_jejak: int
    state: str = Field(description="announced, closed, sent or decided")
    sent_on: date | None
    chosen_id: int | None
    decided_on: date | None
    decided_by_name: str


class MemberOut(Schema):
    id: int
    name: str
    role: str = Field(description="chair, secretary or member")
    internal: bool
    institution: str


class CandidateOut(Schema):
    id: int
    employee_id: int | None = Field(description="Set for an internal candidate")
    name: str
    origin: str
    passed_administration: bool | None
    kompetensi: Decimal | None
    wawancara: Decimal | None
    rekam_jejak: Decimal | None
    final_score: Decimal | None
    place: int | None
    shortlisted: bool = Field(description="Among the three best sent to the PPK")


class SelectionDetailOut(SelectionOut):
    committee: list[MemberOut]
    candidates: list[CandidateOut]


class SelectionIn(Schema):
    unit_id: Id
    position_id: Id = Field(description="A JPT position of the unit's agency")
    title: str = Field(min_length=1, max_length=200)
    opens_on: date
    closes_on: date
    requirements: str = Field("", max_length=5000)
    weights: tuple[int, int, int] | None = Field(
        None, description="Percent of kompetensi, wawancara, rekam jejak; default: the settings"
    )


class MemberIn(Schema):
    name: str = Field(min_length=1, max_length=150)
    role: str = Field("member", pattern="^(chair|secretary|member)$")
    internal: bool
    institution: str = Field("", max_length=200)


class CandidateIn(Schema):
    employee_id: Id | None = Field(None, description="An employee of the agency (internal)")
    name: str = Field("", max_length=150, description="External candidate")
    origin: str = Field("", max_length=200, description="External candidate's institution")


class ScoresIn(Schema):
    passed_administration: bool | None
    kompetensi: Score | None = Field(None, ge=0, le=100)
    wawancara: Score | None = Field(None, ge=0, le=100)
    rekam_jejak: Score | None = Field(None, ge=0, le=100)


class SelectionDecisionIn(Schema):
    chosen_id: Id = Field(description="One of the three candidates sent to the PPK")
    decided_by_name: str = Field(min_length=1, max_length=150)
    note: str = Field("", max_length=2000)


def _selection(request: HttpRequest, pk: int) -> Selection:
    return get_visible_or_404(Selection, request.user, pk=pk)


def _detail(request: HttpRequest, row: Selection) -> SelectionDetailOut:
    data = SelectionOut.from_orm(row).dict()
    return SelectionDetailOut(
        **data,
        committee=[MemberOut.from_orm(m) for m in row.committee.all()],
        candidates=[
            CandidateOut.from_orm(c)
            for c in Candidate.objects.visible_to(request.user)
            .filter(selection=row)
            .order_by("place", "id")
        ],
    )


@router.get("/talent/selections", response=responses({200: list[SelectionOut]}, 422))
@paginate(Pagination)
def list_selections(request: HttpRequest) -> QuerySet[Selection]:
    require(request.user, Action.VIEW, "selection")
    return Selection.objects.visible_to(request.user).order_by("agency_id", "-opens_on", "-id")


@router.get("/talent/selections/{pk}", response=responses({200: SelectionDetailOut}, 404, 422))
def get_selection(request: HttpRequest, pk: Id) -> SelectionDetailOut:
    require(request.user, Action.VIEW, "selection")
    return _detail(request, _selection(request, pk))


@router.post("/talent/selections", response=responses({201: SelectionOut}, 400, 404, 422))
def open_selection(request: HttpRequest, body: SelectionIn) -> Status:
    """Announce an open selection for a JPT post (201)."""
    require(request.user, Action.ADD, "selection")
    unit = get_visible_or_404(OrgUnit, request.user, pk=body.unit_id)
    position = get_visible_or_404(Position, request.user, pk=body.position_id)
    row = services.open_selection(
        unit=unit, position=position, title=body.title, opens_on=body.opens_on,
        closes_on=body.closes_on, requirements=body.requirements, weights=body.weights,
        actor=request_user(request),
    )  # fmt: skip
    return Status(201, row)


@router.post("/talent/selections/{pk}/close", response=responses({200: SelectionOut}, 404, 422))
def close_selection(request: HttpRequest, pk: Id) -> Selection:
    """Close the registration."""
    require(request.user, Action.CHANGE, "selection")
    return services.close_registration(
        selection=_selection(request, pk), actor=request_user(request)
    )


@router.post(
    "/talent/selections/{pk}/committee", response=responses({201: MemberOut}, 400, 404, 422)
)
def add_committee_member(request: HttpRequest, pk: Id, body: MemberIn) -> Status:
    require(request.user, Action.CHANGE, "selection")
    member = services.add_member(
        selection=_selection(request, pk), actor=request_user(request), **body.dict()
    )
    return Status(201, member)


@router.post(
    "/talent/selections/{pk}/candidates", response=responses({201: CandidateOut}, 400, 404, 422)
)
def add_selection_candidate(request: HttpRequest, pk: Id, body: CandidateIn) -> Status:
    """Register an internal (``employee_id``) or external (``name``, ``origin``) candidate."""
    require(request.user, Action.CHANGE, "selection")
    selection = _selection(request, pk)
    employee = None
    if body.employee_id is not None:
        employee = get_visible_or_404(Employee, request.user, pk=body.employee_id)
    candidate = services.add_candidate(
        selection=selection, actor=request_user(request), employee=employee,
        name=body.name, origin=body.origin,
    )  # fmt: skip
    return Status(201, candidate)


@router.post(
    "/talent/selections/{pk}/candidates/{candidate}/scores",
    response=responses({200: CandidateOut}, 400, 404, 422),
)
def record_candidate_scores(
    request: HttpRequest, pk: Id, candidate: Id, body: ScoresIn
) -> Candidate:
    """Record the administration result and the stage scores; the ranking is recomputed."""
    require(request.user, Action.CHANGE, "selection")
    selection = _selection(request, pk)
    row = get_visible_or_404(Candidate, request.user, pk=candidate, selection=selection)
    return services.record_scores(candidate=row, actor=request_user(request), **body.dict())


@router.post("/talent/selections/{pk}/send", response=responses({200: SelectionOut}, 404, 422))
def send_selection_shortlist(request: HttpRequest, pk: Id) -> Selection:
    """Send the three best to the PPK."""
    require(request.user, Action.CHANGE, "selection")
    return services.send_shortlist(selection=_selection(request, pk), actor=request_user(request))


@router.post(
    "/talent/selections/{pk}/decision", response=responses({200: SelectionOut}, 400, 404, 422)
)
def decide_selection(request: HttpRequest, pk: Id, body: SelectionDecisionIn) -> Selection:
    """Record the PPK's choice among the three."""
    require(request.user, Action.CHANGE, "selection")
    selection = _selection(request, pk)
    chosen = get_visible_or_404(Candidate, request.user, pk=body.chosen_id, selection=selection)
    return services.decide(
        selection=selection, chosen=chosen, decided_by_name=body.decided_by_name,
        note=body.note, actor=request_user(request),
    )  # fmt: skip
