"""Pages of the five-year needs plan (issue 5): the plan of an agency with its scenarios, a new
what-if scenario, the comparison of scenarios, the plan as xlsx and PDF, and the forecast of
vacant structural posts.

Resource "plan": out of scope is 404, a role that may not is 403, anonymous goes to the login
page. The arithmetic lives in ``fiveyear`` and ``formasi.domain``; the pages only show it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_htmx.middleware import HtmxDetails

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core.downloads import download
from formasi.core.jobs import expire_if_dead
from formasi.core.permissions import Action, can
from formasi.core.views import require
from formasi.organization.models import Agency
from formasi.organization.services import agency_choices, agency_for
from formasi.planning import budget_text, documents, fiveyear, services
from formasi.planning import compare as scenario_compare
from formasi.planning import export as plan_export
from formasi.planning.forms import FAMILIES, ScenarioForm, initial_form
from formasi.planning.models import Scenario
from formasi.planning.tables import charts, level_rows, next_october, notes, plan_context


class _HtmxRequest(AuthenticatedHttpRequest):
    """A page request of a logged-in user with django-htmx's details (its middleware sets
    ``request.htmx``; the annotation only)."""

    htmx: HtmxDetails


#: Plan lines shown on one page of the plan.
LINES_PER_PAGE = 100


def _agency_and_choices(
    request: AuthenticatedHttpRequest, code: str | None = None
) -> tuple[Agency | None, list]:
    """The page's agency by the one rule (``agency_for``; ``code`` else ``?agency=<code>``)
    and the agencies to choose from."""
    code = code if code is not None else request.GET.get("agency")
    return agency_for(request.user, code), agency_choices(request.user)


def _scenario_or_404(
    request: AuthenticatedHttpRequest, pk: str | int, action: Action = Action.VIEW
) -> Scenario:
    try:
        scenario = (
            Scenario.objects.visible_to(request.user, action)
            .select_related("agency")
            .get(pk=int(pk))
        )
    except (Scenario.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404(_("Not found.")) from exc
    return expire_if_dead(scenario)  # type: ignore[no-any-return]  # never "running" for ever


# --------------------------------------------------------------------------- the plan


@login_required
@require_GET
def plan(request: _HtmxRequest) -> HttpResponse:
    require(request.user, Action.VIEW, "plan")
    chosen_id = request.GET.get("skenario")
    if chosen_id:
        scenario: Scenario | None = _scenario_or_404(request, chosen_id)
        agency: Agency | None = scenario.agency  # type: ignore[union-attr]
        agencies = agency_choices(request.user)
    else:
        agency, agencies = _agency_and_choices(request)
        scenario = None
    scenarios: list[Scenario] = []
    if agency is not None:
        scenarios = list(
            Scenario.objects.visible_to(request.user).filter(agency=agency).defer("result")
        )
        if scenario is None and scenarios:
            first = next((s for s in scenarios if s.is_baseline), scenarios[-1])
            scenario = _scenario_or_404(request, first.pk)
    if request.htmx and scenario is not None:
        response = render(
            request, "planning/partials/_scenario_progress.html", {"scenario": scenario}
        )
        if scenario.state not in (Scenario.State.QUEUED, Scenario.State.RUNNING):
            response["HX-Refresh"] = "true"
        return response
    return _render_plan(request, agency, agencies, scenarios, scenario, form=None)


def _render_plan(
    request: AuthenticatedHttpRequest,
    agency: Agency | None,
    agencies: list,
    scenarios: list[Scenario],
    scenario: Scenario | None,
    *,
    form: ScenarioForm | None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "agency": agency,
        "agencies": agencies,
        "scenarios": scenarios,
        "scenario": scenario,
        "can_add": can(request.user, Action.ADD, "plan") and agency is not None,
        "can_change": can(request.user, Action.CHANGE, "plan"),
        "can_export": can(request.user, Action.EXPORT, "plan"),
    }
    if context["can_add"] and form is None:
        baseline = next((s for s in scenarios if s.is_baseline), scenario)
        form = initial_form(agency, baseline)  # type: ignore[arg-type]
    context["form"] = form
    context["families"] = FAMILIES
    if scenario is not None and scenario.state == Scenario.State.DONE and scenario.result:
        result = scenario.result
        context.update(plan_context(result))
        context["charts"] = charts(result)
        context["notes"] = notes(result, float(scenario.attrition_percent))
        page = Paginator(result["plan"]["lines"], LINES_PER_PAGE).get_page(
            request.GET.get("halaman")
        )
        page.object_list = budget_text.worded_lines(page.object_list)
        context["lines"] = page
    return render(request, "planning/plan.html", context, status=status)


@login_required
@require_POST
def scenario_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A what-if scenario from the form: saved, then computed in the background."""
    require(request.user, Action.ADD, "plan")
    agency, agencies = _agency_and_choices(request, request.POST.get("agency") or None)
    if agency is None:
        raise Http404(_("Choose an agency."))
    form = ScenarioForm(request.POST, instance=Scenario(agency=agency, created_by=request.user))
    scenarios = list(
        Scenario.objects.visible_to(request.user).filter(agency=agency).defer("result")
    )
    if not form.is_valid():
        return _render_plan(request, agency, agencies, scenarios, None, form=form, status=400)
    scenario = services.create_scenario(
        agency=agency,
        actor=request.user,
        assumptions=form.assumptions(),
        family_weights=form.family_weights(),
    )
    messages.success(request, _("The scenario is being computed."))
    return redirect(f"{reverse('planning:plan')}?skenario={scenario.pk}")


@login_required
@require_POST
def scenario_baseline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Make a scenario the agency's baseline (the one the plan page shows first)."""
    require(request.user, Action.CHANGE, "plan")
    scenario = _scenario_or_404(request, pk, Action.CHANGE)
    services.set_baseline(scenario=scenario, actor=request.user)
    messages.success(request, _("“%(name)s” is now the baseline.") % {"name": scenario.name})
    return redirect(f"{reverse('planning:plan')}?skenario={scenario.pk}")


# --------------------------------------------------------------------------- comparison


def _chosen(request: AuthenticatedHttpRequest, action: Action = Action.VIEW) -> list[Scenario]:
    """The scenarios of ``?a=<id>&b=<id>`` or ``?id=<id>&id=<id>…``, each visible or 404."""
    ids = [v for key in ("a", "b") if (v := request.GET.get(key))] + request.GET.getlist("id")
    return [_scenario_or_404(request, pk, action) for pk in dict.fromkeys(ids)]


@login_required
@require_GET
def compare(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Scenarios side by side: ``?a=<id>&b=<id>`` or ``?id=<id>&id=<id>…``."""
    require(request.user, Action.VIEW, "plan")
    chosen = _chosen(request)
    data = scenario_compare.comparison(chosen)
    agency, _choices = (chosen[0].agency, []) if chosen else _agency_and_choices(request)
    choices = (
        list(Scenario.objects.visible_to(request.user).filter(agency=agency).defer("result"))
        if agency is not None
        else []
    )
    return render(
        request,
        "planning/compare.html",
        {
            **data,
            "choices": choices,
            "agency": agency,
            "charts": scenario_compare.charts(data) if data["years"] else None,
            "can_export": can(request.user, Action.EXPORT, "plan"),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def compare_export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponse:
    """The comparison as a csv or xlsx file (one row per scenario and year): the chosen
    scenarios, else every scenario of the agency (``?agency=<code>`` or the user's own)."""
    require(request.user, Action.EXPORT, "plan")
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("Not found."))
    chosen = _chosen(request, Action.EXPORT)
    if not chosen:
        agency, _choices = _agency_and_choices(request)
        if agency is None:
            raise Http404(_("Choose an agency."))
        chosen = list(
            Scenario.objects.visible_to(request.user, Action.EXPORT)
            .filter(agency=agency)
            .select_related("agency")
        )
    data = scenario_compare.comparison(chosen)
    body = scenario_compare.csv_bytes(data) if fmt == "csv" else scenario_compare.xlsx_bytes(data)
    return download(
        body, f"banding-skenario-{'-'.join(str(s.pk) for s in chosen) or 'kosong'}.{fmt}"
    )


# --------------------------------------------------------------------------- exports


@login_required
@require_GET
def export_xlsx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    scenario = documents.computed_scenario(request.user, pk)
    return download(plan_export.workbook(scenario), plan_export.filename(scenario, "xlsx"))


# --------------------------------------------------------------------------- vacancies

REASONS = {
    "retirement": gettext_lazy("retirement (BUP)"),
    "contract_end": gettext_lazy("contract ends"),
}


@login_required
@require_GET
def vacancies(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, "plan")
    agency, agencies = _agency_and_choices(request)
    today = timezone.localdate()
    on, error = next_october(today), ""
    raw = request.GET.get("tanggal", "").strip()
    if raw:
        try:
            on = date.fromisoformat(raw)
        except ValueError:
            error = _("“%(value)s” is not a date; write it as YYYY-MM-DD, e.g. %(example)s.") % {
                "value": raw,
                "example": next_october(today).isoformat(),
            }
            on = next_october(today)
        else:
            if on < today:
                error = _("The date must be today or later.")
                on = next_october(today)
    report = None
    posts: list[dict[str, Any]] = []
    if agency is not None:
        report = fiveyear.vacancy_report([agency.pk], today=today, on=on)
        sotk = fiveyear.sotk_seats([agency.pk])
        for p in report.posts:
            posts.append(
                {
                    "unit": p.post.unit,
                    "name": p.post.name,
                    "level": p.post.level,
                    "seats": p.post.seats,
                    "sotk": sotk.get(str(p.post.post_id), 0),
                    "over": max(p.filled_now - sotk.get(str(p.post.post_id), 0), 0),
                    "filled": p.filled_now,
                    "empty_now": p.empty_now,
                    "empty_on": p.empty_on,
                    "leaving": [
                        {
                            "label": d.label,
                            "when": d.when,
                            "reason": REASONS.get(d.reason, _("other")),
                        }
                        for d in p.leaving
                    ],
                }
            )
    return render(
        request,
        "planning/vacancies.html",
        {
            "agency": agency,
            "agencies": agencies,
            "report": report,
            "levels": level_rows(report, posts) if report else [],
            "posts": posts,
            "on": on,
            "today": today,
            "error": error,
            "raw": raw,
        },
        status=400 if error else 200,
    )
