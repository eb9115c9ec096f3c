"""API for the five-year plan and vacant posts, scoped like the pages (issue 5). Needs and the
peta jabatan are in ``formasi.workload.api``.

No ``from __future__ import annotations`` here: django-ninja resolves the schema types at
import time.
"""

from dataclasses import asdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from formasi.accounts.http import request_user
from formasi.core.api import Code, Id, Pagination, model_bounds, require_if_match, responses
from formasi.core.downloads import download
from formasi.core.jobs import expire_if_dead
from formasi.core.models import FanOutRun
from formasi.core.permissions import Action
from formasi.core.views import get_visible_or_404, require
from formasi.organization import services as organization_services
from formasi.organization.models import Agency
from formasi.organization.services import require_agency
from formasi.planning import documents, fiveyear, national_runs, services
from formasi.planning import export as plan_export
from formasi.planning.models import PlanDocument, Scenario
from formasi.planning.tables import next_october

router = Router(tags=["planning"])


class ScenarioOut(Schema):
    id: int
    agency_id: int
    name: str
    is_baseline: bool
    base_year: int
    horizon: int
    attrition_percent: Decimal
    renewal_percent: Decimal
    need_growth_percent: Decimal
    apbd_growth_percent: Decimal
    cap_percent: Decimal
    pppk_percent: Decimal
    max_hires_per_year: int | None
    family_weights: dict[str, float]
    area_weights: dict[str, float]
    state: str
    progress: int
    error: str


class ScenarioDetailOut(ScenarioOut):
    result: dict | None = Field(
        None,
        description=(
            "The computed plan; null until state is done. Person counts are whole (rounded per "
            "position and unit by `rounding`). `budget.over_cap`: the years over the cap, each "
            "with `reason` staff_over_cap (the staff alone exceed it; nothing can be hired) or "
            "plan_over_cap. `plan.status` optimal or feasible; `plan.gap`: how far below the "
            "optimum the plan may be (0 when optimal). `year_after`: the year after the horizon, "
            "which the last plan year's hires fill."
        ),
    )


def _bounds(name: str) -> dict[str, Any]:
    """The schema limits of a scenario field: its model validators' (the one place they are
    decided, shared with the page's form), and its digits."""
    return model_bounds(Scenario, name)


WEIGHTS_HELP = "Name → weight from 0 to 1"


class ScenarioIn(Schema):
    agency: str | None = Field(
        None, max_length=20, description="Agency code; default: the user's own"
    )
    name: str = Field(..., min_length=1, max_length=120)
    base_year: int = Field(..., **_bounds("base_year"))  # type: ignore[misc]  # pydantic's Field cannot check unpacked bounds
    horizon: int = Field(5, **_bounds("horizon"))  # type: ignore[misc]  # pydantic's Field cannot check unpacked bounds
    attrition_percent: Decimal = Field(Decimal("1.00"), **_bounds("attrition_percent"))  # type: ignore[misc]  # pydantic's Field cannot check unpacked bounds
    renewal_percent: Decimal = Field(Decimal(0), **_bounds("renewal_percent"))  # type: ignore[misc]  # pydantic's Field cannot check unpacked bounds
    need_growth_percent: Decimal = Field(Decimal(0), **_bounds("need_growth_percent"))  # type: ignore[misc]  # pydantic's Field cannot check unpacked bounds
    apbd_growth_percent: Decimal = Field(Decimal("4.00"), **_bounds("apbd_growth_percent"))  # type: ignore[misc]  # pydantic's Field cannot check unpacked bounds
    cap_percent: Decimal = Field(Decimal("30.00"), **_bounds("cap_percent"))  # type: ignore[misc]  # pydantic's Field cannot check unpacked bounds
    pppk_percent: Decimal = Field(Decimal("70.00"), **_bounds("pppk_percent"))  # type: ignore[misc]  # pydantic's Field cannot check unpacked bounds
    max_hires_per_year: int | None = Field(None, **_bounds("max_hires_per_year"))  # type: ignore[misc]  # pydantic's Field cannot check unpacked bounds
    family_weights: dict[str, float] | None = Field(None, description=WEIGHTS_HELP)
    area_weights: dict[str, float] | None = Field(None, description=WEIGHTS_HELP)


@router.get("/plan/scenarios", response=responses({200: list[ScenarioOut]}, 422))
@paginate(Pagination)
def list_scenarios(request: HttpRequest) -> QuerySet[Scenario]:
    require(request.user, Action.VIEW, "plan")
    return Scenario.objects.visible_to(request.user).defer("result").order_by("agency_id", "id")


@router.get("/plan/scenarios/{scenario_id}", response=responses({200: ScenarioDetailOut}, 404, 422))
def get_scenario(request: HttpRequest, scenario_id: Id) -> Scenario:
    require(request.user, Action.VIEW, "plan")
    return expire_if_dead(get_visible_or_404(Scenario, request.user, pk=scenario_id))  # type: ignore[no-any-return]


@router.post("/plan/scenarios", response=responses({201: ScenarioOut}, 400, 404, 422))
def create_scenario(request: HttpRequest, body: ScenarioIn) -> Status:
    """Create a scenario and queue its computation (poll GET until state is done)."""
    require(request.user, Action.ADD, "plan")
    agency = require_agency(request.user, body.agency)
    data = body.dict(exclude={"agency", "family_weights", "area_weights"})
    scenario = services.create_scenario(
        agency=agency,
        actor=request_user(request),
        assumptions=data,
        family_weights=body.family_weights or None,
        area_weights=body.area_weights or None,
    )
    return Status(201, scenario)


class DepartureOut(Schema):
    label: str
    when: date
    reason: str = Field(description="retirement, contract_end or other_end")


class PostVacancyOut(Schema):
    level: str
    unit: str
    name: str
    seats: int
    filled_now: int
    empty_now: int
    empty_on: int
    leaving: list[DepartureOut]


class LevelOut(Schema):
    level: str
    posts: int
    seats: int
    filled: int
    empty: int
    newly_empty: int
    empty_on: int


class VacancyOut(Schema):
    agency: str
    today: date
    on: date
    levels: list[LevelOut]
    posts: list[PostVacancyOut]


class VacancyQuery(Schema):
    on: date | None = Field(None, description="Forecast date; default the next 1 October")
    agency: str | None = Field(
        None, max_length=20, description="Agency code; default the user's own"
    )


@router.get("/plan/vacancies", response=responses({200: VacancyOut}, 404, 422))
def get_vacancies(request: HttpRequest, filters: Query[VacancyQuery]) -> dict[str, object]:
    """Structural posts empty today and emptying by ``on``, with who leaves and why."""
    require(request.user, Action.VIEW, "plan")
    agency = require_agency(request.user, filters.agency)
    today = timezone.localdate()
    on = filters.on or next_october(today)
    if on < today:
        raise ValidationError({"on": [_("The date must be today or later.")]})
    report = fiveyear.vacancy_report([agency.pk], today=today, on=on)
    return {
        "agency": agency.code,
        "today": report.today,
        "on": report.on,
        "levels": [
            {
                "level": lv.level,
                "posts": lv.posts,
                "seats": lv.seats,
                "filled": lv.filled,
                "empty": lv.empty,
                "newly_empty": lv.newly_empty,
                "empty_on": lv.empty_on,
            }
            for lv in report.levels
        ],
        "posts": [
            {
                "level": p.post.level,
                "unit": p.post.unit,
                "name": p.post.name,
                "seats": p.post.seats,
                "filled_now": p.filled_now,
                "empty_now": p.empty_now,
                "empty_on": p.empty_on,
                "leaving": [
                    {"label": d.label, "when": d.when, "reason": d.reason} for d in p.leaving
                ],
            }
            for p in report.posts
        ],
    }


@router.post(
    "/plan/scenarios/{scenario_id}/baseline", response=responses({200: ScenarioOut}, 404, 422)
)
def set_baseline_scenario(request: HttpRequest, scenario_id: Id) -> Scenario:
    """Make the scenario its agency's baseline (the one the plan shows first), and no other."""
    require(request.user, Action.CHANGE, "plan")
    scenario = get_visible_or_404(Scenario, request.user, pk=scenario_id)
    return services.set_baseline(scenario=scenario, actor=request_user(request))


# --------------------------------------------------------------------------- national summary


class NationalTotalOut(Schema):
    need: int
    bezetting: int
    shortage: int
    excess: int


class NationalNeedOut(NationalTotalOut):
    agency_id: int
    name: str


class NationalYearOut(Schema):
    year: int
    need: int
    availability: int
    retirements: int
    contract_ends: int
    shortage: int
    excess: int


class NationalRunOut(Schema):
    id: int
    kind: str = Field(description="needs_summary or projection")
    state: str = Field(description="running, to_combine, combining, done or failed")
    done: int = Field(description="agencies computed")
    total: int = Field(description="agencies in the run")
    computed_at: datetime | None
    params: dict[str, Any] = Field(description="projection: base_year, years, rate")
    needs: list[NationalNeedOut] | None = Field(
        None, description="needs_summary, once done: per agency, the largest shortage first"
    )
    total_need: NationalTotalOut | None = Field(None, description="needs_summary: the total")
    yearly: list[NationalYearOut] | None = Field(
        None, description="projection, once done: whole people per plan year, before recruitment"
    )


def _national_out(run: FanOutRun) -> dict[str, Any]:
    found = national_runs.figures(run)
    out: dict[str, Any] = {
        "id": run.pk, "kind": run.kind, "state": run.state, "done": run.done,
        "total": run.total, "computed_at": run.computed_at, "params": run.params,
    }  # fmt: skip
    if "rows" in found:
        out["needs"] = [
            {"agency_id": r["agency_id"], "name": r["name"], **asdict(r["gap"])}
            for r in found["rows"]
        ]
        out["total_need"] = asdict(found["total"])
    if "yearly" in found:
        out["yearly"] = found["yearly"]
    return out


@router.post("/national/{kind}", response=responses({202: NationalRunOut}, 404, 422))
def start_national_run(request: HttpRequest, kind: Code) -> Status:
    """Start the national needs summary (`needs_summary`) or the five-year projection
    (`projection`) over every agency you may see, one background task per agency; poll
    `GET /national/runs/{run_id}` until `state` is done."""
    require(request.user, Action.VIEW, national_runs.RESOURCE)
    if kind not in national_runs.KINDS:
        raise Http404
    run = national_runs.start(request_user(request), kind)
    return Status(202, _national_out(run))


@router.get("/national/runs/{run_id}", response=responses({200: NationalRunOut}, 404, 422))
def get_national_run(request: HttpRequest, run_id: Id) -> dict[str, Any]:
    """A national run you started: agencies done of the total, and its figures once done."""
    require(request.user, Action.VIEW, national_runs.RESOURCE)
    run = get_object_or_404(national_runs.runs_of(request_user(request)), pk=run_id)
    return _national_out(expire_if_dead(run))


# --------------------------------------------------------------------------- plan PDF


class PlanPdfOut(Schema):
    id: int
    scenario_id: int
    state: str = Field(description="queued, running, done or failed")
    progress: int = Field(description="Percent done")
    error: str
    dated: date = Field(description="The date the document bears")
    url: str = Field(description="This job: poll it until state is done or failed")
    file_url: str | None = Field(None, description="The PDF, once state is done")


def _pdf_out(document: PlanDocument) -> dict[str, Any]:
    args = [document.scenario_id, document.pk]
    done = document.state == PlanDocument.State.DONE
    return {
        "id": document.pk, "scenario_id": document.scenario_id, "state": document.state,
        "progress": document.progress, "error": document.error, "dated": document.dated,
        "url": reverse("api:get_plan_pdf_job", args=args),
        "file_url": reverse("api:get_plan_pdf_file", args=args) if done else None,
    }  # fmt: skip


@router.post("/plan/scenarios/{scenario_id}/pdf", response=responses({202: PlanPdfOut}, 404, 422))
def start_plan_pdf(request: HttpRequest, response: HttpResponse, scenario_id: Id) -> Status:
    """Ask for the plan PDF of a computed scenario as made today: today's document when it is
    made or being made (same computation, signatory and date), else a new background job.
    Poll `url` until state is done, then download `file_url` (also in the Location header)."""
    user = request_user(request)
    scenario = documents.computed_scenario(user, scenario_id)
    document = services.request_plan_pdf(scenario=scenario, actor=user)
    response["Location"] = reverse("api:get_plan_pdf_job", args=[scenario.pk, document.pk])
    return Status(202, _pdf_out(document))


@router.get(
    "/plan/scenarios/{scenario_id}/pdf/{document_id}",
    response=responses({200: PlanPdfOut}, 404, 422),
)
def get_plan_pdf_job(request: HttpRequest, scenario_id: Id, document_id: Id) -> dict[str, Any]:
    """The state of a plan PDF job."""
    user = request_user(request)
    scenario = documents.computed_scenario(user, scenario_id)
    return _pdf_out(documents.document_or_404(user, scenario, document_id))


@router.get(
    "/plan/scenarios/{scenario_id}/pdf/{document_id}/file",
    response=responses({}, 404, 422),
    openapi_extra={
        "responses": {
            200: {
                "description": "The PDF (404 while the job is not done)",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_plan_pdf_file(request: HttpRequest, scenario_id: Id, document_id: Id) -> HttpResponse:
    """The made plan PDF (binary, application/pdf), as the page's download."""
    user = request_user(request)
    scenario = documents.computed_scenario(user, scenario_id)
    document = documents.made_document_or_404(user, scenario, document_id)
    return download(documents.content_of(document), plan_export.filename(scenario, "pdf"))


# --------------------------------------------------------------------------- signatory


class SignatoryIn(Schema):
    """The signature block of the agency's plan documents; an empty field prints a blank line."""

    signature_place: str = Field("", **model_bounds(Agency, "signature_place"))  # type: ignore[misc]  # pydantic's Field cannot check unpacked bounds
    signatory_title: str = Field("", **model_bounds(Agency, "signatory_title"))  # type: ignore[misc]  # pydantic's Field cannot check unpacked bounds
    signatory_name: str = Field("", **model_bounds(Agency, "signatory_name"))  # type: ignore[misc]  # pydantic's Field cannot check unpacked bounds
    signatory_nip: str = Field("", **model_bounds(Agency, "signatory_nip"))  # type: ignore[misc]  # pydantic's Field cannot check unpacked bounds


class SignatoryOut(SignatoryIn):
    agency: str = Field(description="Agency code")


class AgencyChoice(Schema):
    agency: str | None = Field(None, max_length=20, description="Agency code; default: yours")


def _signatory(request: HttpRequest, code: str | None) -> Agency:
    """As the page: 403 unless the role may change the agency, then the agency (404 out of
    scope, 422 when the user must choose one)."""
    user = request_user(request)
    require(user, Action.CHANGE, "agency")
    return require_agency(user, code)


def _signatory_out(response: HttpResponse, agency: Agency) -> dict[str, Any]:
    response["ETag"] = f'"{organization_services.signatory_version(agency)}"'
    fields = organization_services.SIGNATORY_FIELDS
    return {"agency": agency.code, **{field: getattr(agency, field) for field in fields}}


@router.get("/plan/signatory", response=responses({200: SignatoryOut}, 404, 422))
def get_signatory(
    request: HttpRequest, response: HttpResponse, filters: Query[AgencyChoice]
) -> dict[str, Any]:
    """Who signs the agency's plan documents (its admin's). The ETag header is the block's
    version: send it back as If-Match when changing it."""
    return _signatory_out(response, _signatory(request, filters.agency))


@router.put("/plan/signatory", response=responses({200: SignatoryOut}, 400, 404, 412, 422, 428))
def put_signatory(
    request: HttpRequest, response: HttpResponse, filters: Query[AgencyChoice], body: SignatoryIn
) -> dict[str, Any]:
    """Replace the signature block (every field sent; empty prints a blank line). If-Match
    (the ETag of GET) is required (428 without it); a change saved since answers 412; an
    invalid NIP answers 422 and nothing is saved."""
    agency = _signatory(request, filters.agency)
    expected = require_if_match(request)
    saved = organization_services.save_signatory(
        agency=agency, actor=request_user(request), expected_version=expected, **body.dict()
    )
    return _signatory_out(response, saved)
