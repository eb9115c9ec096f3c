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
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import DecimalField, PositiveIntegerField, PositiveSmallIntegerField, QuerySet
from django.db.models import Field as ModelField
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from formasi.accounts.http import request_user
from formasi.core.api import Code, Id, Pagination, responses
from formasi.core.jobs import expire_if_dead
from formasi.core.models import FanOutRun
from formasi.core.permissions import Action
from formasi.core.views import get_visible_or_404, require
from formasi.organization.services import require_agency
from formasi.planning import fiveyear, national_runs, services
from formasi.planning.models import Scenario
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
    field = Scenario._meta.get_field(name)
    assert isinstance(field, ModelField)  # a column, not a relation
    out: dict[str, Any] = {}
    for validator in field.validators:
        if isinstance(validator, MinValueValidator):
            out["ge"] = validator.limit_value
        elif isinstance(validator, MaxValueValidator):
            out["le"] = validator.limit_value
    if isinstance(field, DecimalField):
        out["max_digits"], out["decimal_places"] = field.max_digits, field.decimal_places
    if isinstance(field, PositiveIntegerField | PositiveSmallIntegerField):
        out.setdefault("ge", 0)
    return out


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
