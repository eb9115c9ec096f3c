"""The national view of the usul kebutuhan computed in the background, one task per agency
(issue 21; ``proposals.fanout``): the page's "Compute per agency" button starts a run over the
agencies the user may see with the page's filters, the page then shows the agencies done out
of the total (polled), and once the run is combined shows its totals instead of the one-query
ones. A run is seen only by the user who started it; same resource as the page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core import jobs
from formasi.core.models import FanOutRun
from formasi.core.permissions import Action
from formasi.core.views import require
from formasi.proposals import fanout
from formasi.proposals.national import RESOURCE, parse, years

PROGRESS = "proposals/partials/_national_progress.html"


@login_required
@require_POST
def national_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Start a run with the filters of the query string; back to the page, which polls it."""
    require(request.user, Action.VIEW, RESOURCE)
    f = parse(request, years(request.user))
    run = fanout.start(request.user, f)
    return redirect(f"{reverse('proposals:national')}?{f.query(proses=run.pk)}")


@login_required
@require_GET
def national_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The run's agencies done / total (an htmx fragment); once it is finished the page is
    reloaded (``HX-Refresh``) to show the combined totals. Opened as a page, it redirects to
    the national page of the run."""
    require(request.user, Action.VIEW, RESOURCE)
    run = get_object_or_404(fanout.runs_of(request.user), pk=pk)
    if not request.headers.get("HX-Request"):  # opened as a page: the page that shows the run
        return redirect(f"{reverse('proposals:national')}?proses={run.pk}")
    run = jobs.expire_if_dead(run)  # never "computing" for ever
    response = render(request, PROGRESS, {"run": run})
    if run.state in (FanOutRun.State.DONE, FanOutRun.State.FAILED):
        response["HX-Refresh"] = "true"
    return response
