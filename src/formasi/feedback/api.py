"""API of the public satisfaction survey (issue 20), scoped like the pages (resource "survey"):
every public-service unit's IKM of a period, the complaints and their follow-up (the same
service the unit page uses), one unit's SKM report figures (those of the printable report and
its PDF), and the survey's answers for export. Figures are
``formasi.domain.survey``'s; codes, not sentences (grades "A"–"D", unsur "U1"–"U9").

No personal data: a response has no name, address or NIK; the form token's hash stays inside.

No ``from __future__ import annotations`` here: django-ninja resolves the schema types at
import time.
"""

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from formasi.accounts.http import request_user
from formasi.core.api import Id, Pagination, responses
from formasi.core.permissions import Action
from formasi.core.views import get_visible_or_404, require
from formasi.domain.survey import IkmResult, weakest
from formasi.feedback import documents, reports, services
from formasi.feedback.models import SCORE_FIELDS, Complaint, SurveyResponse
from formasi.organization.models import OrgUnit
from formasi.organization.services import require_agency

router = Router(tags=["feedback"])
RESOURCE = "survey"
FIRST_YEAR = 2017  # PermenPAN-RB 14/2017
LAST_YEAR = 2100
StatusCode = Literal["new", "in_progress", "answered", "closed"]


class PeriodFilter(Schema):
    agency: str | None = Field(None, max_length=20, description="Agency code; default: your own")
    year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR, description="Default: this year")
    unit_id: Id | None = Field(None, description="Only this service unit")


def _year(year: int | None) -> int:
    return year or timezone.localdate().year


class UnitIkmOut(Schema):
    unit_id: int
    unit: str
    district_id: int | None = Field(description="The kecamatan the unit stands in")
    district: str
    respondents: int
    index: Decimal | None = Field(description="IKM 25–100, exact 1/9 weights; null: no answers")
    legacy_index: Decimal | None = Field(description="The same with the weight 0.111")
    grade: str | None = Field(description="Mutu pelayanan A–D")
    weakest: str | None = Field(description="The unsur with the lowest NRR, U1–U9")
    nrr: list[Decimal | None] = Field(description="NRR of U1…U9 (1–4), null where unscored")
    low_ikm_and_understaffed: bool = Field(
        description="Low IKM (grade C/D or below the setting) and bezetting ÷ need below 0.8"
    )


@router.get("/survey/units", response=responses({200: list[UnitIkmOut]}, 404, 422))
@paginate(Pagination)
def list_survey_units(request: HttpRequest, filters: Query[PeriodFilter]) -> list[UnitIkmOut]:
    """Every public-service unit of the agency with its IKM of the year (units without answers
    have a null index), ordered by kecamatan and name."""
    require(request.user, Action.VIEW, RESOURCE)
    user = request_user(request)
    agency = require_agency(user, filters.agency)
    period = reports.Period.year(_year(filters.year))
    units = reports.public_units(user, agency)
    if filters.unit_id is not None:
        units = units.filter(pk=filters.unit_id)
    results = reports.by_unit(user, agency, period)
    flagged = {f.unit.pk for f in reports.flagged(user, agency, period)}
    out = []
    for unit in units:
        found = results.get(unit.pk)
        out.append(
            UnitIkmOut(
                unit_id=unit.pk,
                unit=unit.name,
                district_id=unit.district_id,
                district=unit.district.name if unit.district else "",
                respondents=found.respondents if found else 0,
                index=found.index if found else None,
                legacy_index=found.legacy_index if found else None,
                grade=found.grade if found else None,
                weakest=weakest(found.nrr) if found else None,
                nrr=list(found.nrr) if found else [None] * len(SCORE_FIELDS),
                low_ikm_and_understaffed=unit.pk in flagged,
            )
        )
    return out


class ComplaintOut(Schema):
    id: int
    unit_id: int
    received_at: datetime
    text: str
    status: str = Field(description="new, in_progress, answered or closed")
    handled_by_id: int | None
    answer: str
    answered_at: datetime | None
    hours_to_answer: float | None


class ComplaintFilter(PeriodFilter):
    status: StatusCode | None = None


@router.get("/survey/complaints", response=responses({200: list[ComplaintOut]}, 404, 422))
@paginate(Pagination)
def list_complaints(request: HttpRequest, filters: Query[ComplaintFilter]) -> QuerySet[Complaint]:
    """The complaints and suggestions of the year, newest first; an OPD operator sees those of
    their OPD's units."""
    require(request.user, Action.VIEW, RESOURCE)
    user = request_user(request)
    agency = require_agency(user, filters.agency)
    start, end = reports.Period.year(_year(filters.year)).bounds()
    rows = Complaint.objects.visible_to(user, Action.VIEW).filter(
        agency=agency, received_at__gte=start, received_at__lt=end
    )
    if filters.unit_id is not None:
        rows = rows.filter(unit_id=filters.unit_id)
    if filters.status:
        rows = rows.filter(status=filters.status)
    return rows.order_by("-received_at", "-id")


@router.get("/survey/complaints/{pk}", response=responses({200: ComplaintOut}, 404, 422))
def get_complaint(request: HttpRequest, pk: Id) -> Complaint:
    require(request.user, Action.VIEW, RESOURCE)
    return get_visible_or_404(Complaint, request.user, pk=pk)


class FollowUpIn(Schema):
    status: StatusCode = Field(description="The step: new → in_progress → answered → closed")
    answer: str = Field("", max_length=4000, description="Needed to answer (status answered)")


@router.post(
    "/survey/complaints/{pk}/follow-up", response=responses({200: ComplaintOut}, 400, 404, 422)
)
def follow_up_complaint(request: HttpRequest, pk: Id, body: FollowUpIn) -> Complaint:
    """Move a complaint along and answer it (the unit's OPD operator or the admin); a step the
    status does not allow, or answering without text, is 422."""
    require(request.user, Action.VIEW, RESOURCE)
    complaint = get_visible_or_404(Complaint, request.user, pk=pk)
    require(request.user, Action.CHANGE, RESOURCE)
    return services.answer_complaint(
        complaint, actor=request_user(request), status=body.status, answer=body.answer
    )


class SurveyAnswerOut(Schema):
    id: int
    unit_id: int
    submitted_at: datetime
    scores: list[int | None] = Field(description="U1…U9, 1–4, null where skipped")
    age: int | None
    sex: str = Field(description="L, P or ''")
    education: str
    occupation: str
    service: str

    @staticmethod
    def resolve_scores(obj: SurveyResponse) -> list[int | None]:
        return obj.scores


@router.get("/survey/responses", response=responses({200: list[SurveyAnswerOut]}, 404, 422))
@paginate(Pagination)
def export_survey_responses(
    request: HttpRequest, filters: Query[PeriodFilter]
) -> QuerySet[SurveyResponse]:
    """The year's answers, oldest first, for analysis elsewhere (EXPORT, as the SKM report)."""
    require(request.user, Action.EXPORT, RESOURCE)
    user = request_user(request)
    agency = require_agency(user, filters.agency)
    rows = reports.responses(user, reports.Period.year(_year(filters.year))).filter(agency=agency)
    if filters.unit_id is not None:
        unit = get_visible_or_404(OrgUnit, user, pk=filters.unit_id, agency=agency)
        rows = rows.filter(unit=unit)
    return rows.defer("token_hash").order_by("submitted_at", "id")


class SkmUnsurOut(Schema):
    code: str = Field(description="U1–U9")
    name: str
    answered: int = Field(description="Respondents who scored this unsur")
    nrr: Decimal | None = Field(description="Nilai rata-rata, 1–4; null: unscored")
    weighted: Decimal | None = Field(description="NRR × 1/9 (NRR tertimbang)")
    converted: Decimal | None = Field(description="NRR × 25")
    grade: str | None = Field(description="The unsur's mutu A–D")
    weakest: bool


class SkmProfileCountOut(Schema):
    label: str
    count: int
    percent: Decimal | None = Field(description="Of the respondents; null without any")


class SkmProfileOut(Schema):
    sex: list[SkmProfileCountOut]
    education: list[SkmProfileCountOut]
    occupation: list[SkmProfileCountOut]


class SkmComplaintStatusOut(Schema):
    status: StatusCode
    label: str
    count: int


class SkmComplaintsOut(Schema):
    total: int
    by_status: list[SkmComplaintStatusOut]
    mean_days: float | None = Field(description="Mean days from receipt to answer")


class SkmPreviousYearOut(Schema):
    year: int
    respondents: int
    index: Decimal | None
    grade: str | None


class SkmReportOut(Schema):
    unit_id: int
    unit: str
    agency: str = Field(description="Agency code")
    year: int
    respondents: int
    index: Decimal | None = Field(description="IKM 25–100 (exact 1/9 weights); null: no answers")
    legacy_index: Decimal | None = Field(description="The same with the weight 0.111")
    ikm_scale4: Decimal | None = Field(description="The IKM on the 1–4 scale (IKM ÷ 25)")
    weighted_sum: Decimal | None = Field(description="Σ NRR tertimbang")
    grade: str | None = Field(description="Mutu pelayanan A–D")
    grade_name: str = Field(description="Kinerja unit pelayanan (Sangat baik … Tidak baik)")
    unsur: list[SkmUnsurOut]
    weakest: str | None = Field(description="The unsur with the lowest NRR")
    strongest: str | None = Field(description="The unsur with the highest NRR")
    follow_up: list[str] = Field(
        description="Unsur of the rencana tindak lanjut (C/D, else weakest)"
    )
    previous: SkmPreviousYearOut
    profile: SkmProfileOut
    complaints: SkmComplaintsOut


class SkmReportFilter(Schema):
    year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR, description="Default: this year")


def _profile(rows: list[tuple[str, int, Decimal | None]]) -> list[SkmProfileCountOut]:
    return [SkmProfileCountOut(label=label, count=n, percent=pct) for label, n, pct in rows]


def _report_out(context: dict[str, Any]) -> SkmReportOut:
    result: IkmResult = context["result"]
    previous: IkmResult = context["previous"]
    complaints = context["complaints"]
    labels = dict(Complaint.Status.choices)
    return SkmReportOut(
        unit_id=context["unit"].pk,
        unit=context["unit"].name,
        agency=context["agency"].code,
        year=context["year"],
        respondents=result.respondents,
        index=result.index,
        legacy_index=result.legacy_index,
        ikm_scale4=context["ikm_scale4"],
        weighted_sum=context["weighted_sum"],
        grade=result.grade,
        grade_name=str(context["grade_name"]),
        unsur=[SkmUnsurOut(**vars(row)) for row in context["nrr_rows"]],
        weakest=context["weakest"],
        strongest=context["strongest"],
        follow_up=[row.code for row in context["follow_up"]],
        previous=SkmPreviousYearOut(
            year=context["previous_year"],
            respondents=previous.respondents,
            index=previous.index,
            grade=previous.grade,
        ),
        profile=SkmProfileOut(**{k: _profile(v) for k, v in context["profile"].items()}),
        complaints=SkmComplaintsOut(
            total=complaints["total"],
            by_status=[
                SkmComplaintStatusOut(status=code, label=str(labels[code]), count=n)
                for code, n in complaints["by_code"].items()
            ],
            mean_days=complaints["mean_days"],
        ),
    )


@router.get("/survey/units/{unit_id}/report", response=responses({200: SkmReportOut}, 404, 422))
def get_skm_report(
    request: HttpRequest, unit_id: Id, filters: Query[SkmReportFilter]
) -> SkmReportOut:
    """The figures of the unit's SKM report of the year (PermenPAN-RB 14/2017), as the printable
    report and its PDF show them: NRR per unsur, the IKM and its mutu, the respondents'
    profile, last year's IKM and the complaints (EXPORT, as the report)."""
    require(request.user, Action.EXPORT, RESOURCE)
    user = request_user(request)
    unit = get_visible_or_404(OrgUnit, user, pk=unit_id)
    year = _year(filters.year)
    context = documents.report_context(user, unit, year, timezone.localdate())
    return _report_out(context)
