"""Pages of the five-year needs plan (issue 5): the plan of an agency with its scenarios, a new
what-if scenario, the comparison of scenarios, the plan as xlsx and PDF, and the forecast of
vacant structural posts.

Resource "plan": out of scope is 404, a role that may not is 403, anonymous goes to the login
page. The arithmetic lives in ``fiveyear`` and ``formasi.domain``; the pages only show it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from formasi.core.jobs import expire_if_dead
from formasi.core.permissions import Action, can
from formasi.core.views import require
from formasi.organization.models import Agency
from formasi.planning import export as plan_export
from formasi.planning import fiveyear, tasks
from formasi.planning.models import Scenario

#: Plan lines shown on one page of the plan.
LINES_PER_PAGE = 100

#: Families with their own priority input; any other family takes "other".
FAMILIES = (
    ("guru", gettext_lazy("Teachers (guru)")),
    ("kesehatan", gettext_lazy("Health (kesehatan)")),
    ("ti", gettext_lazy("IT (ti)")),
    ("teknis", gettext_lazy("Technical (teknis)")),
    ("administrasi", gettext_lazy("Administration (administrasi)")),
    ("other", gettext_lazy("Other families")),
)
DEFAULT_OTHER_WEIGHT = Decimal("0.5")

ASSUMPTIONS = (
    "name",
    "base_year",
    "horizon",
    "attrition_percent",
    "renewal_percent",
    "need_growth_percent",
    "apbd_growth_percent",
    "cap_percent",
    "pppk_percent",
    "max_hires_per_year",
)


class ScenarioForm(forms.ModelForm):
    """The assumptions of a scenario; the family priorities as one number per family."""

    class Meta:
        model = Scenario
        fields = ASSUMPTIONS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        weights = (self.instance.family_weights or {}) if self.instance else {}
        for key, label in FAMILIES:
            self.fields[f"weight_{key}"] = forms.DecimalField(
                label=label,
                min_value=Decimal(0),
                max_value=Decimal(1),
                max_digits=4,
                decimal_places=2,
                initial=weights.get(key, DEFAULT_OTHER_WEIGHT if key == "other" else Decimal(1)),
            )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def family_weights(self) -> dict[str, float]:
        return {key: float(self.cleaned_data[f"weight_{key}"]) for key, _label in FAMILIES}


def initial_form(agency: Agency, template: Scenario | None) -> ScenarioForm:
    """A form prefilled from the baseline (or the defaults for the last full year)."""
    if template is not None:
        instance = Scenario(
            **{f: getattr(template, f) for f in ASSUMPTIONS if f != "name"},
            family_weights=template.family_weights,
        )
    else:
        instance = Scenario(base_year=timezone.localdate().year - 1)
    instance.name = ""
    return ScenarioForm(instance=instance)


# --------------------------------------------------------------------------- agency


def _agencies(user: Any) -> list[Agency]:
    return list(Agency.objects.visible_to(user, Action.VIEW).order_by("name")[:500])


def choose_agency(request: HttpRequest, code: str | None = None) -> tuple[Agency | None, list]:
    """The agency of the page: the user's own, else ``?agency=<code>`` among the visible ones,
    else the only visible one. Returns (agency or None, the list to choose from)."""
    user: Any = request.user
    code = code if code is not None else request.GET.get("agency")
    visible = Agency.objects.visible_to(user, Action.VIEW)
    if code:
        agency = visible.filter(code=code).first()
        if agency is None:
            raise Http404(_("Not found."))
        return agency, _agencies(user) if user.agency_id is None else []
    if user.agency_id is not None:
        agency = visible.filter(pk=user.agency_id).first()
        if agency is None:
            raise Http404(_("Not found."))
        return agency, []
    agencies = _agencies(user)
    return (agencies[0] if len(agencies) == 1 else None), agencies


def _scenario_or_404(request: HttpRequest, pk: Any, action: Action = Action.VIEW) -> Scenario:
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


def charts(result: dict[str, Any]) -> dict[str, Any]:
    """The chart series the page draws (plan_charts.js)."""
    years = result["years"]
    wave = result["retirement_wave"]
    totals = result["totals"]
    budget_rows = result["budget"]["rows"]
    return {
        "pyramid": {
            "bands": [r["band"] for r in result["age_pyramid"]],
            "male": [r["male"] for r in result["age_pyramid"]],
            "female": [r["female"] for r in result["age_pyramid"]],
            "labels": {"male": _("Men"), "female": _("Women")},
        },
        "wave": {
            "years": years,
            "series": [
                {
                    "name": family or _("other"),
                    "data": [r["by_family"][family] for r in wave["rows"]],
                }
                for family in wave["families"]
            ],
        },
        "supply": {
            "years": years,
            "series": [
                {"name": _("Need"), "data": [round(t["need"], 1) for t in totals]},
                {
                    "name": _("Availability without plan"),
                    "data": [round(t["availability"], 1) for t in totals],
                },
                {
                    "name": _("Availability with plan"),
                    "data": [round(t["availability_with_plan"], 1) for t in totals],
                },
            ],
        },
        "ratio": {
            "years": [r["year"] for r in budget_rows],
            "cap": round(result["budget"]["cap"] * 100, 2),
            "series": [
                {
                    "name": _("Ratio without plan (%)"),
                    "data": [round(r["ratio_without_plan"] * 100, 2) for r in budget_rows],
                },
                {
                    "name": _("Ratio with plan (%)"),
                    "data": [round(r["ratio_with_plan"] * 100, 2) for r in budget_rows],
                },
            ],
            "cap_label": _("Cap (%)"),
        },
    }


def _pct(ratio: float | None) -> float | None:
    return None if ratio is None else round(ratio * 100, 2)


def plan_context(result: dict[str, Any]) -> dict[str, Any]:
    """Rows for the tables of the page and the PDF."""
    years = result["years"]
    hires = result["plan"]["hires_by_year"]
    costs = result["plan"]["cost_by_year"]
    budget_by_year = {r["year"]: r for r in result["budget"]["rows"]}
    yearly = []
    for t, total in enumerate(result["totals"]):
        row = budget_by_year.get(total["year"], {})
        yearly.append(
            {
                **total,
                "hires": hires[t] if t < len(hires) else 0,
                "cost": costs[t] if t < len(costs) else 0,
                "ratio_without_plan": row.get("ratio_without_plan"),
                "ratio_with_plan": row.get("ratio_with_plan"),
                "room": row.get("room"),
                "ratio_without_pct": _pct(row.get("ratio_without_plan")),
                "ratio_with_pct": _pct(row.get("ratio_with_plan")),
                "over_cap": row.get("ratio_with_plan") is not None
                and row["ratio_with_plan"] > result["budget"]["cap"],
            }
        )
    return {
        "years": years,
        "yearly": yearly,
        "areas": result["by_area"],
        "wave_rows": [
            {
                "year": r["year"],
                "cells": [r["by_family"][f] for f in result["retirement_wave"]["families"]],
                "total": r["total"],
            }
            for r in result["retirement_wave"]["rows"]
        ],
        "wave_families": result["retirement_wave"]["families"],
        "cap_percent": result["budget"]["cap"] * 100,
        "ratio_now": result["budget"]["ratio_now"],
        "ratio_now_pct": _pct(result["budget"]["ratio_now"]),
        "budget_year": result["budget"]["budget_year"],
        "status": result["plan"]["status"],
        "unfilled": result["plan"]["unfilled"],
        "line_count": len(result["plan"]["lines"]),
    }


@login_required
@require_GET
def plan(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, "plan")
    chosen_id = request.GET.get("skenario")
    if chosen_id:
        scenario: Scenario | None = _scenario_or_404(request, chosen_id)
        agency: Agency | None = scenario.agency  # type: ignore[union-attr]
        agencies = _agencies(request.user) if request.user.agency_id is None else []  # type: ignore[union-attr]
    else:
        agency, agencies = choose_agency(request)
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
            request, "planning/partials/scenario_progress.html", {"scenario": scenario}
        )
        if scenario.state not in (Scenario.State.QUEUED, Scenario.State.RUNNING):
            response["HX-Refresh"] = "true"
        return response
    return _render_plan(request, agency, agencies, scenarios, scenario, form=None)


def _render_plan(
    request: HttpRequest,
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
        context["lines"] = Paginator(result["plan"]["lines"], LINES_PER_PAGE).get_page(
            request.GET.get("halaman")
        )
    return render(request, "planning/plan.html", context, status=status)


@login_required
@require_POST
def scenario_create(request: HttpRequest) -> HttpResponse:
    """A what-if scenario from the form: saved, then computed in the background."""
    require(request.user, Action.ADD, "plan")
    agency, agencies = choose_agency(request, request.POST.get("agency") or None)
    if agency is None:
        raise Http404(_("Choose an agency."))
    form = ScenarioForm(request.POST, instance=Scenario(agency=agency, created_by=request.user))
    scenarios = list(
        Scenario.objects.visible_to(request.user).filter(agency=agency).defer("result")
    )
    if not form.is_valid():
        return _render_plan(request, agency, agencies, scenarios, None, form=form, status=400)
    with transaction.atomic():
        scenario = form.save(commit=False)
        scenario.family_weights = form.family_weights()
        scenario.is_baseline = not any(s.is_baseline for s in scenarios)
        baseline = next((s for s in scenarios if s.is_baseline), None)
        if baseline is not None:
            scenario.area_weights = baseline.area_weights
        scenario.save()
        tasks.enqueue(scenario)
    messages.success(request, _("The scenario is being computed."))
    return redirect(f"{reverse('planning:plan')}?skenario={scenario.pk}")


@login_required
@require_POST
def scenario_baseline(request: HttpRequest, pk: int) -> HttpResponse:
    """Make a scenario the agency's baseline (the one the plan page shows first)."""
    require(request.user, Action.CHANGE, "plan")
    scenario = _scenario_or_404(request, pk, Action.CHANGE)
    with transaction.atomic():
        Scenario.unscoped.filter(agency_id=scenario.agency_id).exclude(pk=scenario.pk).update(
            is_baseline=False
        )
        Scenario.unscoped.filter(pk=scenario.pk).update(is_baseline=True)
    messages.success(request, _("“%(name)s” is now the baseline.") % {"name": scenario.name})
    return redirect(f"{reverse('planning:plan')}?skenario={scenario.pk}")


# --------------------------------------------------------------------------- comparison


@login_required
@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    """Scenarios side by side: ``?a=<id>&b=<id>`` or ``?id=<id>&id=<id>…``."""
    require(request.user, Action.VIEW, "plan")
    ids = [v for key in ("a", "b") if (v := request.GET.get(key))] + request.GET.getlist("id")
    chosen = [_scenario_or_404(request, pk) for pk in dict.fromkeys(ids)]
    columns = []
    for scenario in chosen:
        result = scenario.result if scenario.state == Scenario.State.DONE else None
        columns.append({"scenario": scenario, **(plan_context(result) if result else {})})
    years = next((c["years"] for c in columns if "years" in c), [])
    rows = []
    for t, year in enumerate(years):
        rows.append(
            {
                "year": year,
                "cells": [
                    c["yearly"][t] if "yearly" in c and t < len(c["yearly"]) else None
                    for c in columns
                ],
            }
        )
    area_names: dict[str, str] = {}
    for c in columns:
        for area in c.get("areas", []):
            area_names[area["code"]] = area["name"]
    areas = [
        {
            "name": name,
            "cells": [
                next(
                    (a["shortage_with_plan"][-1] for a in c.get("areas", []) if a["code"] == code),
                    None,
                )
                for c in columns
            ],
        }
        for code, name in sorted(area_names.items())
    ]
    agency, _choices = (chosen[0].agency, []) if chosen else choose_agency(request)
    choices = (
        list(Scenario.objects.visible_to(request.user).filter(agency=agency).defer("result"))
        if agency is not None
        else []
    )
    return render(
        request,
        "planning/compare.html",
        {"columns": columns, "rows": rows, "areas": areas, "choices": choices, "agency": agency},
    )


# --------------------------------------------------------------------------- exports


def _done_or_404(request: HttpRequest, pk: int) -> Scenario:
    require(request.user, Action.EXPORT, "plan")
    scenario = _scenario_or_404(request, pk, Action.EXPORT)
    if scenario.state != Scenario.State.DONE or not scenario.result:
        raise Http404(_("The scenario has not been computed yet."))
    return scenario


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = _done_or_404(request, pk)
    return _download(
        plan_export.workbook(scenario),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        plan_export.filename(scenario, "xlsx"),
    )


@login_required
@require_GET
def export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = _done_or_404(request, pk)
    return _download(
        plan_export.pdf(scenario, request.build_absolute_uri("/")),
        "application/pdf",
        plan_export.filename(scenario, "pdf"),
    )


# --------------------------------------------------------------------------- vacancies

REASONS = {
    "retirement": gettext_lazy("retirement (BUP)"),
    "contract_end": gettext_lazy("contract ends"),
}


def next_october(today: date) -> date:
    """The next 1 October after today (the CASN formasi date)."""
    this_year = date(today.year, 10, 1)
    return this_year if this_year > today else date(today.year + 1, 10, 1)


@login_required
@require_GET
def vacancies(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, "plan")
    agency, agencies = choose_agency(request)
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
        for p in report.posts:
            posts.append(
                {
                    "unit": p.post.unit,
                    "name": p.post.name,
                    "level": p.post.level,
                    "seats": p.post.seats,
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
            "levels": level_rows(report) if report else [],
            "posts": posts,
            "on": on,
            "today": today,
            "error": error,
            "raw": raw,
        },
        status=400 if error else 200,
    )


def level_rows(report: Any) -> list[dict[str, Any]]:
    from formasi.organization.models import Position

    labels = dict(Position.Kind.choices)
    return [
        {
            "label": labels.get(level.level, level.level),
            "posts": level.posts,
            "seats": level.seats,
            "filled": level.filled,
            "empty": level.empty,
            "newly_empty": level.newly_empty,
            "empty_on": level.empty_on,
        }
        for level in report.levels
    ]
