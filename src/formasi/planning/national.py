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
from formasi.core.models import FanOutRun
from formasi.core.permissions import Action
from formasi.core.views import require
from formasi.planning import fanout as projection_fanout
from formasi.planning import national_runs as runs
from formasi.workload import fanout as needs_fanout

PROGRESS = "planning/partials/_national_progress.html"


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


def _section_context(request: AuthenticatedHttpRequest, kind: str, visible: set[int]) -> dict:
    run = runs.latest(request.user, kind, visible)
    return {"section": SECTIONS[kind], "run": run, **runs.figures(run)}


@login_required
@require_GET
def national(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, runs.RESOURCE)
    visible = set(runs.visible_ids(request.user))
    context = {
        "agencies": len(visible),
        "needs": _section_context(request, needs_fanout.KIND, visible),
        "projection": _section_context(request, projection_fanout.KIND, visible),
        "years": runs.YEARS,
        "base_year": timezone.localdate().year,
        "attrition_percent": runs.ATTRITION_RATE * 100,
    }
    return render(request, "planning/national.html", context)


@login_required
@require_POST
def national_start(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    """Start a run of ``kind`` over the agencies the user may see; back to the page."""
    require(request.user, Action.VIEW, runs.RESOURCE)
    if kind not in SECTIONS:
        raise Http404
    runs.start(request.user, kind)
    return redirect(f"{reverse('planning:national')}#{kind}")


@login_required
@require_GET
def national_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A run's agencies done / total (an htmx fragment); once finished the page is reloaded
    (``HX-Refresh``) to show the figures. Opened as a page, it redirects to the page."""
    require(request.user, Action.VIEW, runs.RESOURCE)
    run = get_object_or_404(runs.runs_of(request.user), pk=pk)
    if not request.headers.get("HX-Request"):
        return redirect(f"{reverse('planning:national')}#{run.kind}")
    run = jobs.expire_if_dead(run)
    response = render(request, PROGRESS, {"run": run})
    if run.state in (FanOutRun.State.DONE, FanOutRun.State.FAILED):
        response["HX-Refresh"] = "true"
    return response
