"""API of the talent data (issue 19), scoped like the pages: SKP results (list, record), one
employee's talent data of a year, the 9-box counts and the talent pool (resource "talent"),
discipline records (resource "discipline") and the leader's figures (resource "leader_page").

No ``from __future__ import annotations`` here: django-ninja resolves the schema types at
import time.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from formasi.accounts.http import request_user
from formasi.core.api import Id, Pagination, require_if_match, responses
from formasi.core.permissions import Action
from formasi.core.views import get_visible_or_404, require
from formasi.domain.discipline import Sanction
from formasi.domain.talent import Education
from formasi.organization.models import Agency, OrgUnit
from formasi.organization.services import require_agency
from formasi.talent import boxes, leader, services
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


def _box_filter(request: HttpRequest, filters: NineBoxFilter) -> tuple[Agency, boxes.BoxFilter]:
    """The agency and the 9-box filter of a request (the 9-box and the pool alike)."""
    user = request_user(request)
    agency = require_agency(user, filters.agency)
    opd = None
    if filters.opd_id is not None:
        opd = get_visible_or_404(OrgUnit, user, pk=filters.opd_id, agency=agency)
    year = filters.year or boxes.default_year(user, agency)
    return agency, boxes.BoxFilter(year=year, opd=opd, family=filters.family, kind=filters.kind)


@router.get("/talent/nine-box", response=responses({200: NineBoxOut}, 404, 422))
def get_nine_box(request: HttpRequest, filters: Query[NineBoxFilter]) -> NineBoxOut:
    require(request.user, Action.VIEW, "talent")
    agency, chosen = _box_filter(request, filters)
    found = boxes.box_counts(request_user(request), agency, chosen, timezone.localdate())
    return NineBoxOut(
        agency=agency.code,
        year=chosen.year,
        boxes={str(box): n for box, n in found.boxes.items()},
        pool=found.pool,
        staff=found.staff,
        without_skp=found.without_skp,
        without_assessment=found.without_assessment,
    )


class PoolFilter(NineBoxFilter, Pagination.Input):
    pass


class PoolPersonOut(Schema):
    employee_id: int
    name: str
    nip: str | None
    unit_id: int
    position_id: int
    family: str = Field(description="Position family code")
    kind: str = Field(description="Position kind code")
    predicate: str = Field(description="The year's SKP predicate")
    potential: str = Field(description="high, medium or low (latest assessment up to the year)")
    box: int = Field(ge=1, le=9)


class PoolSizeOut(Schema):
    family: str
    kind: str
    count: int


class PoolOut(Schema):
    agency: str
    year: int
    count: int = Field(description="Members of the pool (every page)")
    items: list[PoolPersonOut] = Field(description="This page's members, by name then id")
    sizes: list[PoolSizeOut] = Field(description="Members per position family and kind")
    barred: list[PoolPersonOut] = Field(
        description="In boxes 7–9 but serving a sanction that bars promotion (left out)"
    )


def _person(p: boxes.Person) -> PoolPersonOut:
    e = p.employee
    return PoolPersonOut(
        employee_id=e.pk, name=e.name, nip=e.nip, unit_id=e.unit_id, position_id=e.position_id,
        family=e.position.family, kind=e.position.kind, predicate=p.predicate,
        potential=p.potential, box=p.box,
    )  # fmt: skip


@router.get("/talent/pool", response=responses({200: PoolOut}, 404, 422))
def list_talent_pool(request: HttpRequest, filters: Query[PoolFilter]) -> PoolOut:
    """Kelompok rencana suksesi instansi: people of boxes 7–9 without a running sanction, a
    page at a time (``limit``/``offset``, by name then id), their number per position family
    and kind, and who is left out for a running sanction (the pool page)."""
    require(request.user, Action.VIEW, "talent")
    agency, chosen = _box_filter(request, filters)
    found = boxes.pool(request_user(request), agency, chosen, timezone.localdate())
    page = found.members[filters.offset : filters.offset + filters.limit]
    return PoolOut(
        agency=agency.code,
        year=chosen.year,
        count=len(found.members),
        items=[_person(p) for p in page],
        sizes=[
            PoolSizeOut(family=family, kind=kind, count=n)
            for (family, kind), n in sorted(found.sizes.items())
        ],
        barred=[_person(p) for p in found.barred],
    )


class SkpYearOut(Schema):
    year: int
    predicate: str


class EmployeeTalentOut(Schema):
    employee_id: int
    year: int
    skp: SkpResultOut | None = Field(description="The year's SKP result, null if not entered")
    assessment: AssessmentOut | None = Field(
        description="The year's potential assessment, null if not entered"
    )
    box: int | None = Field(
        description="9-box box: the year's predicate with the latest assessment up to the "
        "year (as the 9-box); null without either"
    )
    history: list[SkpYearOut] = Field(description="The SKP predicate of every year, newest first")
    may_change: bool = Field(description="You may record this employee's SKP and assessment")


@router.get(
    "/talent/employees/{employee_id}/years/{year}",
    response=responses({200: EmployeeTalentOut}, 404, 422),
)
def get_employee_talent(
    request: HttpRequest,
    employee_id: Id,
    year: int = Path(..., ge=services.FIRST_YEAR, le=2100),
) -> EmployeeTalentOut:
    """One employee's SKP result, potential assessment and 9-box box of a year (the employee's
    talent page). A year before the SKP rules' first or after this year is 404, as the page."""
    require(request.user, Action.VIEW, "talent")
    user = request_user(request)
    employee = get_visible_or_404(Employee, user, pk=employee_id)
    if not boxes.year_in_range(year):
        raise Http404
    found = boxes.employee_year(user, employee, year)
    return EmployeeTalentOut(
        employee_id=employee.pk,
        year=year,
        skp=SkpResultOut.from_orm(found.skp) if found.skp else None,
        assessment=AssessmentOut.from_orm(found.assessment) if found.assessment else None,
        box=found.box,
        history=[SkpYearOut(year=r.year, predicate=r.predicate) for r in found.history],
        may_change=found.may_change,
    )


class LeaderFilter(Schema):
    agency: str | None = Field(None, max_length=20, description="Agency code; default: your own")


class CoverageLevelOut(Schema):
    level: str = Field(description="jpt_madya, jpt_pratama or administrator")
    posts: int = Field(description="Posts of the level empty by the date")
    covered: int = Field(description="… with at least two ready people in the pool")


class CoverageOut(Schema):
    on: date = Field(description="1 October of next year")
    posts: int
    covered: int
    ready: dict[str, int] = Field(description="Ready people of the pool per position kind")
    by_level: list[CoverageLevelOut]


class MeritTrendOut(Schema):
    year: int
    score: int | None = Field(
        description="Indicative score (100–400) from the indicators Formasi answers"
    )


class MeritIndicatorOut(Schema):
    indicator: str
    level: int = Field(ge=1, le=4)
    evidence: dict[str, int] = Field(description="The figures the level rests on")


class SelfAssessmentOut(Schema):
    year: int
    score: Decimal
    category: str


class PredicateCountOut(Schema):
    predicate: str
    count: int
    percent: int = Field(description="Whole percent of the people rated")


class LeaderOut(Schema):
    agency: str
    year: int = Field(description="The latest year with SKP results")
    coverage: CoverageOut
    merit_trend: list[MeritTrendOut]
    merit_indicators: list[MeritIndicatorOut] = Field(description="Of the latest year")
    self_assessment: SelfAssessmentOut | None = Field(
        description="The latest submitted merit self-assessment"
    )
    distribution: list[PredicateCountOut]
    rated: int = Field(description="Active people with the year's SKP result")


@router.get("/talent/leader", response=responses({200: LeaderOut}, 404, 422))
def get_leader_overview(request: HttpRequest, filters: Query[LeaderFilter]) -> LeaderOut:
    """The leader's page: merit indicators Formasi answers and their trend, the talent pool's
    coverage of next year's empty JPT and administrator posts, and the SKP predicates. The
    regional leader and the BKPSDM admin only (resource "leader_page")."""
    require(request.user, Action.VIEW, "leader_page")
    agency = require_agency(request_user(request), filters.agency)
    found = leader.figures(request_user(request), agency, timezone.localdate())
    cover = found.cover
    return LeaderOut(
        agency=agency.code,
        year=found.year,
        coverage=CoverageOut(
            on=cover.on, posts=cover.posts, covered=cover.covered, ready=cover.ready,
            by_level=[CoverageLevelOut(level=k, posts=n, covered=c) for k, n, c in cover.by_level],
        ),
        merit_trend=[MeritTrendOut(year=y, score=score) for y, score in found.trend],
        merit_indicators=[
            MeritIndicatorOut(indicator=a.indicator, level=a.level, evidence=dict(a.evidence))
            for a in found.answers
        ],
        self_assessment=SelfAssessmentOut(**mine) if (mine := found.self_assessment) else None,
        distribution=[
            PredicateCountOut(predicate=code, count=n, percent=pct)
            for code, n, pct in found.distribution
        ],
        rated=found.rated,
    )  # fmt: skip


# meritself: the merit self-assessment's endpoints
from formasi.talent.meritself_api import router as meritself_router  # noqa: E402

router.add_router("", meritself_router)
# Succession (issue 19): the lists and filling a post from them.
from formasi.talent.succession_api import router as succession_router  # noqa: E402

router.add_router("", succession_router)
