"""API of the national view of the usul kebutuhan computed per agency (issue 21), on the
proposals router, the same shape as the national summary's (``planning.api``): ``POST
/proposals/national/runs`` starts a run with the page's filters over every agency you may
see (202 with the run; ``proposals.fanout.start``, as the page's "Compute per agency"), and
``GET /proposals/national/runs/{run_id}`` answers its agencies done of the total and, once
combined, the people requested, approved by BKN and decided by area, family and status.

Resource ``proposal_national`` as the page: evaluators and superusers, 403 for everyone
else. A run is its starter's alone (404 for anyone else). A failed run says so by its state;
its error text is for the administrator, never in the answer.

No ``from __future__ import annotations`` here: django-ninja resolves the schema types at
import time.
"""

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status

from formasi.accounts.http import request_user
from formasi.core.api import Id, responses
from formasi.core.jobs import expire_if_dead
from formasi.core.models import FanOutRun
from formasi.core.permissions import Action
from formasi.core.views import require
from formasi.organization.models import Position
from formasi.proposals import fanout, national
from formasi.proposals.api import StatusCode, router
from formasi.proposals.models import ProposalState

FamilyCode = Literal["guru", "kesehatan", "ti", "teknis", "administrasi", "manajerial", "lainnya"]
StateCode = Literal[
    "draft", "submitted_bkn", "pertimbangan", "submitted_kemenpanrb", "decided", "closed"
]
assert set(FamilyCode.__args__) == set(Position.Family.values), "FamilyCode: every family"  # type: ignore[attr-defined]
assert set(StateCode.__args__) == set(ProposalState.values), "StateCode: every state"  # type: ignore[attr-defined]


class ProposalNationalIn(Schema):
    """The national page's filters (its query string); left out keeps all."""

    year: int | None = Field(
        None, ge=2000, le=2100, description="Default: the newest year of the proposals you see"
    )
    province: str = Field(
        "", max_length=2, pattern=r"^([0-9]{2})?$", description="Two digits: its regencies/cities"
    )
    level: Literal["provinsi", "kabkota"] = Field(
        "provinsi", description="Areas nationally: provinces or regencies/cities"
    )
    family: FamilyCode | None = None
    status: StatusCode | None = None
    state: StateCode | None = Field(None, description="The proposals' state")


class NationalFiguresOut(Schema):
    items: int
    requested: int = Field(description="People requested")
    approved: int = Field(description="People approved by BKN (pertimbangan teknis)")
    decided: int = Field(description="People decided by KemenPAN-RB (penetapan)")


class NationalAreaOut(NationalFiguresOut):
    area: str = Field(description="The Kemendagri code of the province or regency/city")
    name: str


class NationalFamilyOut(NationalFiguresOut):
    family: str | None


class NationalStatusOut(NationalFiguresOut):
    status: str


class ProposalNationalRunOut(Schema):
    id: int
    state: str = Field(description="running, to_combine, combining, done or failed")
    done: int = Field(description="agencies computed")
    total: int = Field(description="agencies in the run")
    computed_at: datetime | None
    filters: dict[str, Any] = Field(description="The filters the run was started with")
    totals: NationalFiguresOut | None = Field(None, description="Once done: over every status")
    by_area: list[NationalAreaOut] | None = Field(None, description="Once done: largest first")
    by_family: list[NationalFamilyOut] | None = None
    by_status: list[NationalStatusOut] | None = None


def _filters(request: HttpRequest, body: ProposalNationalIn) -> national.Filters:
    year = body.year
    if year is None:
        known = national.years(request.user)
        year = known[0] if known else None
    return national.Filters(
        year=year,
        province=body.province,
        level=body.level,
        family=body.family or "",
        status=body.status or "",
        state=body.state or "",
    )


def _run_out(run: FanOutRun) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": run.pk, "state": run.state, "done": run.done, "total": run.total,
        "computed_at": run.computed_at,
        "filters": {k: v for k, v in run.params.items() if k != "user"},
    }  # fmt: skip
    if run.state == FanOutRun.State.DONE and run.result:
        by = run.result["totals"]
        names = national.areas([r["area"] for r in by["area"]]).names
        out["totals"] = national.grand_total(by["status"])
        out["by_area"] = [{**r, "name": names.get(r["area"], r["area"])} for r in by["area"]]
        out["by_family"] = by["family"]
        out["by_status"] = by["status"]
    return out


@router.post(
    "/proposals/national/runs",
    response=responses({202: ProposalNationalRunOut}, 400, 422),
)
def start_proposal_national_run(request: HttpRequest, body: ProposalNationalIn) -> Status:
    """Start the national view of the proposals with these filters over every agency you may
    see, one background task per agency; poll `GET /proposals/national/runs/{run_id}` until
    `state` is done (evaluators and superusers)."""
    require(request.user, Action.VIEW, national.RESOURCE)
    run = fanout.start(request_user(request), _filters(request, body))
    return Status(202, _run_out(run))


@router.get(
    "/proposals/national/runs/{run_id}",
    response=responses({200: ProposalNationalRunOut}, 404, 422),
)
def get_proposal_national_run(request: HttpRequest, run_id: Id) -> dict[str, Any]:
    """A national run of the proposals you started: agencies done of the total and, once
    done, the figures by area, family and status."""
    require(request.user, Action.VIEW, national.RESOURCE)
    run = get_object_or_404(fanout.runs_of(request_user(request)), pk=run_id)
    return _run_out(expire_if_dead(run))
