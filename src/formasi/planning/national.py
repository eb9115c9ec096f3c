"""The national summary (issue 21): the needs summary and the five-year projection over every
agency an evaluator (BKN, KemenPAN-RB) or a superuser may see, each computed in the
background as one task per agency plus a combine step (``workload.fanout``,
``planning.fanout``), so any number of workers share a national run.

The page shows, for each of the two, the user's latest run: agencies done / total while it
runs (polled), the figures once it is combined, the error if it failed. A run is its starter's
alone, and it is shown only while the agencies it covered are still the ones the user may see
(a scope that changed asks for a new run). Resource ``national_summary``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core import jobs
from formasi.core.fanout_services import start_fanout
from formasi.core.models import FanOutRun
from formasi.core.permissions import Action
from formasi.core.views import require
from formasi.domain.gaps import Gap
from formasi.organization.models import Agency
from formasi.planning import fanout as projection_fanout
from formasi.workload import fanout as needs_fanout

RESOURCE = "national_summary"
PROGRESS = "planning/partials/_national_progress.html"
#: The projection's horizon and yearly rate of other leavers, as a new scenario's defaults.
YEARS = 5
ATTRITION_RATE = 0.01


@dataclass(frozen=True)
class Section:
    """One of the two national figures the page computes."""

    kind: str
    title: Any
    button: Any


SECTIONS = {
    needs_fanout.KIND: Section(
        needs_fanout.KIND, _("Needs and staff by agency"), _("Compute the needs per agency")
    ),
    projection_fanout.KIND: Section(
        projection_fanout.KIND,
        _("Five-year projection before recruitment"),
        _("Compute the projection per agency"),
    ),
}


def _whole(value: float) -> int:
    """A figure of people, rounded half up as the plan rounds its totals."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def params_for(kind: str, today_year: int) -> dict[str, Any]:
    if kind == projection_fanout.KIND:
        return {"base_year": today_year, "years": YEARS, "rate": ATTRITION_RATE}
    return {}


def _visible_ids(request: AuthenticatedHttpRequest) -> list[int]:
    return sorted(Agency.objects.visible_to(request.user).values_list("pk", flat=True))


def _latest(request: AuthenticatedHttpRequest, kind: str, visible: set[int]) -> FanOutRun | None:
    """The user's latest run of ``kind``, if it covered exactly the agencies they may see."""
    run = FanOutRun.objects.filter(kind=kind, created_by=request.user).order_by("-pk").first()
    if run is None:
        return None
    covered = set(run.parts.values_list("agency_id", flat=True))  # type: ignore[attr-defined]
    if covered != visible:
        return None
    return jobs.expire_if_dead(run)  # type: ignore[no-any-return]


def _needs_rows(run: FanOutRun) -> dict[str, Any]:
    result: dict[str, Any] = run.result or {}
    gaps = needs_fanout.gaps_of(result)
    names = dict(Agency.unscoped.filter(pk__in=gaps).values_list("pk", "name"))
    largest_first = sorted(gaps.items(), key=lambda kv: (-kv[1].shortage, names.get(kv[0], "")))
    rows = [{"name": names.get(pk, "?"), "gap": gap} for pk, gap in largest_first]
    return {"rows": rows, "total": Gap(*result["total"])}


def _projection_rows(run: FanOutRun) -> dict[str, Any]:
    result: dict[str, Any] = run.result or {}
    base = run.params["base_year"]
    yearly = [
        {
            "year": base + t + 1,
            **{name: _whole(result[name][t]) for name in projection_fanout.YEARLY},
        }
        for t in range(run.params["years"])
    ]
    return {"yearly": yearly, "bezetting": _whole(result["bezetting"]), "cells": result["cells"]}


def _section_context(request: AuthenticatedHttpRequest, kind: str, visible: set[int]) -> dict:
    run = _latest(request, kind, visible)
    figures: dict[str, Any] = {}
    if run is not None and run.state == FanOutRun.State.DONE:
        figures = _needs_rows(run) if kind == needs_fanout.KIND else _projection_rows(run)
    return {"section": SECTIONS[kind], "run": run, **figures}


@login_required
@require_GET
def national(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, RESOURCE)
    visible = set(_visible_ids(request))
    context = {
        "agencies": len(visible),
        "needs": _section_context(request, needs_fanout.KIND, visible),
        "projection": _section_context(request, projection_fanout.KIND, visible),
        "years": YEARS,
        "base_year": timezone.localdate().year,
        "attrition_percent": ATTRITION_RATE * 100,
    }
    return render(request, "planning/national.html", context)


@login_required
@require_POST
def national_start(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    """Start a run of ``kind`` over the agencies the user may see; back to the page."""
    require(request.user, Action.VIEW, RESOURCE)
    if kind not in SECTIONS:
        raise Http404
    start_fanout(
        kind=kind,
        agency_ids=_visible_ids(request),
        params=params_for(kind, timezone.localdate().year),
        actor=request.user,
    )
    return redirect(f"{reverse('planning:national')}#{kind}")


@login_required
@require_GET
def national_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A run's agencies done / total (an htmx fragment); once finished the page is reloaded
    (``HX-Refresh``) to show the figures. Opened as a page, it redirects to the page."""
    require(request.user, Action.VIEW, RESOURCE)
    run = get_object_or_404(FanOutRun, pk=pk, kind__in=list(SECTIONS), created_by=request.user)
    if not request.headers.get("HX-Request"):
        return redirect(f"{reverse('planning:national')}#{run.kind}")
    run = jobs.expire_if_dead(run)
    response = render(request, PROGRESS, {"run": run})
    if run.state in (FanOutRun.State.DONE, FanOutRun.State.FAILED):
        response["HX-Refresh"] = "true"
    return response
