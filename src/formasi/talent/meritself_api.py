"""API of the merit self-assessment (resource "merit"), scoped like the pages: list the
assessments, read one with its answers, answer an indicator of a draft. The agency's admin
writes; leaders and evaluators read.

No ``from __future__ import annotations`` here: django-ninja resolves the schema types at
import time.
"""

from datetime import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from formasi.accounts.http import request_user
from formasi.core.api import Code, Id, Pagination, responses
from formasi.core.permissions import Action
from formasi.core.views import get_visible_or_404, require
from formasi.organization.services import agency_for, require_agency
from formasi.talent import meritself_services as services
from formasi.talent.meritself_models import MeritAnswer, MeritAssessment

router = Router(tags=["merit"])


class MeritAssessmentOut(Schema):
    id: int
    agency: str = Field(description="Agency code")
    year: int
    status: str = Field(description="draft or submitted (locked)")
    score: Decimal | None = Field(description="100–400 once every indicator is answered")
    category: str = Field(description="buruk, kurang, baik or sangat_baik ('' without a score)")
    submitted_at: datetime | None

    @staticmethod
    def resolve_agency(obj: object) -> str:
        return str(obj["agency"] if isinstance(obj, dict) else obj.agency.code)  # type: ignore[attr-defined]


class MeritAnswerOut(Schema):
    indicator: str
    level: int | None = Field(description="1–4, or null while unanswered")
    note: str
    auto: bool = Field(description="Filled by Formasi from its own data")
    evidence: dict[str, int] = Field(description="The figures an automatic answer rests on")
    files: list[str] = Field(description="Names of the uploaded evidence files")


class MeritDetailOut(MeritAssessmentOut):
    answers: list[MeritAnswerOut]


class MeritFilter(Schema):
    agency: str | None = Field(None, max_length=20, description="Agency code; default: all yours")
    year: int | None = Field(None, ge=services.FIRST_YEAR, le=2100)


class MeritAnswerIn(Schema):
    level: int | None = Field(None, ge=1, le=4, description="1–4; null clears it")
    note: str = Field("", max_length=2000)


@router.get(
    "/talent/merit-assessments", response=responses({200: list[MeritAssessmentOut]}, 404, 422)
)
@paginate(Pagination)
def list_merit_assessments(
    request: HttpRequest, filters: Query[MeritFilter]
) -> QuerySet[MeritAssessment]:
    require(request.user, Action.VIEW, "merit")
    qs = MeritAssessment.objects.visible_to(request.user).select_related("agency")
    if filters.agency:
        qs = qs.filter(agency=agency_for(request.user, filters.agency))
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    return qs.order_by("agency_id", "-year", "id")


def _detail(row: MeritAssessment) -> dict[str, object]:
    answers = MeritAnswer.unscoped.filter(assessment=row).prefetch_related("files")
    return {
        "id": row.pk,
        "agency": row.agency.code,
        "year": row.year,
        "status": row.status,
        "score": row.score,
        "category": row.category,
        "submitted_at": row.submitted_at,
        "answers": [
            {
                "indicator": a.indicator,
                "level": a.level,
                "note": a.note,
                "auto": a.auto,
                "evidence": a.evidence,
                "files": [f.name for f in a.files.all()],
            }
            for a in answers
        ],
    }


@router.get(
    "/talent/merit-assessments/{assessment_id}", response=responses({200: MeritDetailOut}, 404, 422)
)
def get_merit_assessment(request: HttpRequest, assessment_id: Id) -> dict[str, object]:
    require(request.user, Action.VIEW, "merit")
    row = get_visible_or_404(MeritAssessment, request.user, pk=assessment_id)
    return _detail(row)


@router.post(
    "/talent/merit-assessments/{assessment_id}/answers/{indicator}",
    response=responses({200: MeritDetailOut}, 400, 404, 422),
)
def answer_merit_indicator(
    request: HttpRequest, assessment_id: Id, indicator: Code, body: MeritAnswerIn
) -> dict[str, object]:
    """Answer one indicator of a draft (an automatic answer keeps its level; its note changes).
    A submitted assessment answers 422."""
    require(request.user, Action.CHANGE, "merit")
    row = get_visible_or_404(MeritAssessment, request.user, pk=assessment_id)
    services.answer_indicator(
        assessment=row,
        indicator=indicator,
        level=body.level,
        note=body.note,
        actor=request_user(request),
    )
    row.refresh_from_db()
    return _detail(row)


class MeritStartIn(Schema):
    agency: str | None = Field(None, max_length=20, description="Agency code; default: yours")
    year: int = Field(ge=services.FIRST_YEAR, le=2100, description="Up to this year")


@router.post(
    "/talent/merit-assessments",
    response=responses({200: MeritDetailOut, 201: MeritDetailOut}, 400, 404, 422),
)
def start_merit_assessment(request: HttpRequest, body: MeritStartIn) -> Status:
    """The agency's assessment of the year: created (201) with the automatic answers filled
    from Formasi's data, or the existing one (200)."""
    require(request.user, Action.ADD, "merit")
    agency = require_agency(request.user, body.agency)
    row, created = services.start_assessment(
        agency=agency, year=body.year, actor=request_user(request)
    )
    return Status(201 if created else 200, _detail(row))


def _for_change(request: HttpRequest, assessment_id: int) -> MeritAssessment:
    require(request.user, Action.CHANGE, "merit")
    return get_visible_or_404(MeritAssessment, request.user, pk=assessment_id)


@router.post(
    "/talent/merit-assessments/{assessment_id}/refresh",
    response=responses({200: MeritDetailOut}, 404, 422),
)
def refresh_merit_assessment(request: HttpRequest, assessment_id: Id) -> dict[str, object]:
    """Fill the automatic answers of a draft again from today's data."""
    row = _for_change(request, assessment_id)
    services.refresh_auto(assessment=row, actor=request_user(request))
    row.refresh_from_db()
    return _detail(row)


@router.post(
    "/talent/merit-assessments/{assessment_id}/submit",
    response=responses({200: MeritDetailOut}, 404, 422),
)
def submit_merit_assessment(request: HttpRequest, assessment_id: Id) -> dict[str, object]:
    """Submit and lock a draft whose every indicator is answered (422 otherwise)."""
    row = _for_change(request, assessment_id)
    services.submit_assessment(assessment=row, actor=request_user(request))
    row.refresh_from_db()
    return _detail(row)
