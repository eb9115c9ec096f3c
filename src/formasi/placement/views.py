"""Pages of the placement (issue 7): the runs of an agency with the new-run form, a run with
its progress, result and lines to accept or reject, the draft as xlsx, applying accepted
transfers, and the year's applicants.

Resource "placement": out of scope is 404, a role that may not is 403, anonymous goes to the
login page. The work is in ``services``; these views parse, authorise, call and render.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.middleware import HtmxDetails

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core.downloads import download
from formasi.core.jobs import expire_if_dead
from formasi.core.permissions import Action, can
from formasi.core.views import require
from formasi.equity import services as equity_services
from formasi.equity import text as equity_text
from formasi.organization.models import Agency, Position, Region
from formasi.organization.services import agency_for
from formasi.placement import approved, export, services, text
from formasi.placement.forms import RunForm, SkForm
from formasi.placement.models import Applicant, PlacementLine, PlacementRun


class _HtmxRequest(AuthenticatedHttpRequest):
    """A page request of a logged-in user with django-htmx's details (its middleware sets
    ``request.htmx``; the annotation only)."""

    htmx: HtmxDetails


LINES_PER_PAGE = 100
APPLICANTS_PER_PAGE = 100


def _agency(request: AuthenticatedHttpRequest, code: str | None = None) -> Agency | None:
    """The page's agency by the one rule: ``code`` (else ``?agency=<code>``), see
    ``organization.services.agency_for``."""
    return agency_for(request.user, code if code is not None else request.GET.get("agency"))


def _run_or_404(
    request: AuthenticatedHttpRequest, pk: str | int, action: Action = Action.VIEW
) -> PlacementRun:
    try:
        run = (
            PlacementRun.objects.visible_to(request.user, Action.VIEW)
            .select_related("agency")
            .get(pk=int(pk))
        )
    except (PlacementRun.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404(_("Not found.")) from exc
    return expire_if_dead(run)  # type: ignore[no-any-return]  # never "running" for ever


def _form(agency: Agency, data: Any = None) -> RunForm:
    year = timezone.localdate().year
    initial = {"name": "", "kind": PlacementRun.Kind.NEW_HIRES, "year": year}
    return RunForm(
        data,
        initial=initial,
        districts=services.districts_of_agency(agency),
        agency=agency,
        family_weights=services.default_family_weights(agency),
    )


def _render_list(
    request: AuthenticatedHttpRequest,
    agency: Agency | None,
    form: RunForm | None,
    status: int = 200,
) -> HttpResponse:
    runs: list[PlacementRun] = []
    can_add = can(request.user, Action.ADD, "placement") and agency is not None
    if agency is not None:
        runs = list(
            PlacementRun.objects.visible_to(request.user)
            .filter(agency=agency)
            .defer("summary")
            .order_by("-created_at", "-id")[:100]
        )
        if can_add and form is None:
            form = _form(agency)
    return render(
        request,
        "placement/run_list.html",
        {"agency": agency, "runs": runs, "form": form, "can_add": can_add},
        status=status,
    )


@login_required
@require_GET
def run_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, "placement")
    return _render_list(request, _agency(request), None)


@login_required
@require_POST
def run_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.ADD, "placement")
    agency = _agency(request, request.POST.get("agency") or None)
    if agency is None:
        raise Http404(_("Choose an agency."))
    form = _form(agency, request.POST)
    if form.is_valid():
        try:
            run = services.create_run(agency=agency, actor=request.user, **form.run_fields())
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                target = {"keep": "keep_text", "must_fill": "must_fill_text"}.get(field, field)
                form.add_error(target if target in form.fields else None, errors)
        else:
            messages.success(request, _("The placement is being computed."))
            return redirect("placement:run_detail", pk=run.pk)
    return _render_list(request, agency, form, status=400)


def _filters(request: AuthenticatedHttpRequest) -> dict[str, str]:
    return {
        key: request.GET.get(key, "").strip()
        for key in ("keputusan", "alasan", "kecamatan")
        if request.GET.get(key, "").strip()
    }


def map_data(run: PlacementRun, areas: list[dict[str, Any]], filters: dict[str, str]) -> dict:
    """What equity.js's before/after maps draw: the run's kecamatan (from its summary) with
    their fulfilment before and after, on their boundaries (else as bubbles at their centres).
    Clicking one filters the lines to it, keeping the other filters."""
    codes = [a["code"] for a in areas]
    regions = Region.objects.filter(code__in=codes).only(
        "code", "boundary", "latitude", "longitude"
    )
    boundaries, centroids = equity_services.shapes(regions)
    geo = equity_services.feature_collection(boundaries)
    rows = []
    for a in areas:
        lng, lat = centroids.get(a["code"], (None, None))
        query = urlencode(
            {**{k: v for k, v in filters.items() if k != "kecamatan"}, "kecamatan": a["code"]}
        )
        rows.append(
            {
                "code": a["code"],
                "name": a["name"],
                "before": a["fulfilment_before"],
                "after": a["fulfilment_after"],
                "band_before": equity_services.fulfilment_band(a["fulfilment_before"]),
                "band_after": equity_services.fulfilment_band(a["fulfilment_after"]),
                "staff_before": a["before"],
                "staff_after": a["after"],
                "need": a["need"],
                "lng": lng,
                "lat": lat,
                "url": f"?{query}#lines",
            }
        )
    return {
        "mode": equity_services.map_mode(geo, centroids),
        "map_name": f"formasi-run-{run.pk}",
        "geo": geo,
        "areas": rows,
        "scale": equity_text.fulfilment_scale(equity_services.fulfilment_thresholds()),
        "labels": {
            "before": _("Before"),
            "after": _("After"),
            "staff": _("Staff"),
            "need": _("Need"),
        },
        "locale": get_language() or "id",
    }


def _approved(run: PlacementRun) -> dict[str, Any]:
    """The decided proposal a new-hire run fills, if any, and its items' approved vs placed."""
    proposal, rows = approved.approved_rows(run)
    return {
        "approved_proposal": proposal,
        "approved_rows": rows,
        "approved_year": run.year - approved.FORMASI_YEAR_OFFSET,
    }


@login_required
@require_GET
def run_detail(request: _HtmxRequest, pk: int) -> HttpResponse:
    require(request.user, Action.VIEW, "placement")
    run = _run_or_404(request, pk)
    if request.htmx and not request.htmx.boosted:
        response = render(request, "placement/partials/_run_progress.html", {"run": run})
        if not run.is_busy:
            response["HX-Refresh"] = "true"
        return response
    must_fill = services.must_fill_rows(run)
    weights = services.family_weights_of(run)
    context: dict[str, Any] = {
        "run": run,
        "summary": text.worded_summary(run.summary or {}),
        "must_fill": must_fill,
        "family_weights": [(label, weights[family]) for family, label in Position.Family.choices],
        "can_change": can(request.user, Action.CHANGE, "placement") and run.applied_at is None,
        "can_export": can(request.user, Action.EXPORT, "placement"),
        "sk_form": SkForm(instance=run),
        "decisions": PlacementLine.Decision.choices,
        "reasons": PlacementLine.Reason.choices,
        **_approved(run),
    }
    if run.state == PlacementRun.State.DONE:
        filters = _filters(request)
        lines = (
            PlacementLine.objects.visible_to(request.user)
            .filter(run=run)
            .select_related("applicant", "employee", "position", "from_unit", "to_unit", "district")
            .order_by("district__code", "to_unit__name", "id")
        )
        if "keputusan" in filters:
            lines = lines.filter(decision=filters["keputusan"])
        if "alasan" in filters:
            lines = lines.filter(reason=filters["alasan"])
        district = filters.get("kecamatan")  # the query parameter keeps its name (bookmarks)
        if district:
            lines = lines.filter(district__code=district)
        counts = _decision_counts(request, run)
        summary = context["summary"]
        areas = summary.get("areas", [])
        page = Paginator(lines, LINES_PER_PAGE).get_page(request.GET.get("halaman"))
        _mark_must_fill(page.object_list, must_fill)
        context.update(
            {
                "lines": page,
                "filters": filters,
                "counts": counts,
                "query": "&".join(f"{k}={v}" for k, v in filters.items()),
                "chart": {
                    "areas": [{"code": a["code"], "name": a["name"]} for a in areas],
                    "before": [round(a["fulfilment_before"] * 100, 1) for a in areas],
                    "after": [round(a["fulfilment_after"] * 100, 1) for a in areas],
                    "weights": [a["need"] for a in areas],
                    "label": _("Fulfilment per kecamatan before and after (staff ÷ need, %)"),
                },
                "districts": [(a["code"], a["name"]) for a in areas],
                "area_map": map_data(run, areas, filters) if areas else None,
            }
        )
    return render(request, "placement/run_detail.html", context)


def _decision_counts(request: AuthenticatedHttpRequest, run: PlacementRun) -> dict[str, int]:
    """How many of the run's lines are pending, accepted and rejected (one query)."""
    counts = dict.fromkeys(PlacementLine.Decision.values, 0)
    rows = (
        PlacementLine.objects.visible_to(request.user)
        .filter(run=run)
        .values("decision")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[row["decision"]] = row["n"]
    return counts


def _mark_must_fill(lines: Any, must_fill: list[dict[str, Any]]) -> None:
    """Set ``must_fill`` on the lines that go to a must-fill post (the row shows a badge)."""
    keys = {row["key"] for row in must_fill if row["key"]}
    for line in lines:
        line.must_fill = (line.to_unit_id, line.position_id) in keys


def _line_row(
    request: AuthenticatedHttpRequest, line: PlacementLine, can_change: bool
) -> HttpResponse:
    """The line's row, and the bulk actions out of band: their dialogs name the new counts."""
    _mark_must_fill([line], services.must_fill_rows(line.run))
    row = render_to_string(
        "placement/partials/_line_row.html",
        {"line": line, "can_change": can_change},
        request=request,
    )
    bulk = render_to_string(
        "placement/partials/_bulk_actions.html",
        {
            "run": line.run,
            "counts": _decision_counts(request, line.run),
            "can_change": can_change,
            "can_export": can(request.user, Action.EXPORT, "placement"),
            "oob": True,
        },
        request=request,
    )
    # In a <template>: after a <tr> the parser would be in table mode and break the forms.
    return HttpResponse(f"{row}<template>{bulk}</template>")


@login_required
@require_POST
def line_decide(request: _HtmxRequest, pk: int, line_pk: int) -> HttpResponse:
    """Accept or reject one line; htmx gets the new row back."""
    require(request.user, Action.CHANGE, "placement")
    run = _run_or_404(request, pk, Action.CHANGE)
    decision = request.POST.get("decision", "")
    if decision not in PlacementLine.Decision.values:
        return HttpResponseBadRequest(_("Unknown decision."))
    if not PlacementLine.objects.visible_to(request.user).filter(run=run, pk=line_pk).exists():
        raise Http404(_("Not found."))
    try:
        services.decide(run=run, decision=decision, actor=request.user, line_ids=[line_pk])
    except ValidationError as exc:
        return HttpResponseBadRequest(" ".join(exc.messages))
    if request.htmx:
        line = (
            PlacementLine.objects.visible_to(request.user)
            .select_related("applicant", "employee", "position", "from_unit", "to_unit", "district")
            .get(pk=line_pk)
        )
        return _line_row(request, line, can_change=True)
    return redirect("placement:run_detail", pk=run.pk)


def _confirmed(request: AuthenticatedHttpRequest) -> int | None:
    """The number of lines the planner confirmed in the dialog ("Accept 260 lines?")."""
    try:
        return int(request.POST.get("count", ""))
    except ValueError:
        return None


@login_required
@require_POST
def decide_all(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Accept or reject every pending line of the run, once the planner confirmed how many."""
    require(request.user, Action.CHANGE, "placement")
    run = _run_or_404(request, pk, Action.CHANGE)
    decision = request.POST.get("decision", "")
    if decision not in (PlacementLine.Decision.ACCEPTED, PlacementLine.Decision.REJECTED):
        return HttpResponseBadRequest(_("Unknown decision."))
    expected = _confirmed(request)
    if expected is None:
        return HttpResponseBadRequest(_("Confirm how many lines to decide."))
    try:
        changed = services.decide(run=run, decision=decision, actor=request.user, expected=expected)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(count)d lines decided.") % {"count": changed})
    return redirect("placement:run_detail", pk=run.pk)


@login_required
@require_POST
def run_apply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Move the employees of the accepted transfer lines, once the planner confirmed how many."""
    require(request.user, Action.CHANGE, "placement")
    run = _run_or_404(request, pk, Action.CHANGE)
    expected = _confirmed(request)
    try:
        if expected is None:
            raise ValidationError(_("Confirm how many lines to apply."))
        moved = services.apply_accepted(run=run, actor=request.user, expected=expected)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(count)d employees moved.") % {"count": moved})
    return redirect("placement:run_detail", pk=run.pk)


@login_required
@require_POST
def run_sk(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record the SK number and TMT of the run's SK draft."""
    require(request.user, Action.CHANGE, "placement")
    run = _run_or_404(request, pk, Action.CHANGE)
    form = SkForm(request.POST, instance=run)
    if not form.is_valid():
        errors = [str(e) for field in form.errors.values() for e in field]
        messages.error(request, " ".join(errors))
        return redirect("placement:run_detail", pk=run.pk)
    services.set_sk_details(
        run=run,
        actor=request.user,
        sk_number=form.cleaned_data["sk_number"],
        tmt=form.cleaned_data["tmt"],
    )
    messages.success(request, _("The SK number and TMT are saved."))
    return redirect("placement:run_detail", pk=run.pk)


@login_required
@require_GET
def run_xlsx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.EXPORT, "placement")
    run = _run_or_404(request, pk, Action.EXPORT)
    if run.state != PlacementRun.State.DONE:
        raise Http404(_("The run has not been computed yet."))
    return download(export.workbook(run), export.filename(run))


@login_required
@require_GET
def applicant_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, "placement")
    agency = _agency(request)
    applicants = Applicant.objects.visible_to(request.user).none()
    years: list[int] = []
    year: int | None = None
    if agency is not None:
        scoped = Applicant.objects.visible_to(request.user).filter(agency=agency)
        years = sorted(set(scoped.values_list("year", flat=True)), reverse=True)
        try:
            year = int(request.GET.get("tahun") or (years[0] if years else 0)) or None
        except ValueError:
            year = None
        applicants = (
            (scoped.filter(year=year) if year is not None else scoped.none())
            .select_related("position", "home_region")
            .order_by("registration_number")
        )
    return render(
        request,
        "placement/applicant_list.html",
        {
            "agency": agency,
            "years": years,
            "year": year,
            "applicants": Paginator(applicants, APPLICANTS_PER_PAGE).get_page(
                request.GET.get("halaman")
            ),
            # The import page (kind "applicants") and its empty template, for admins.
            "can_import": can(request.user, Action.IMPORT, "placement"),
        },
    )
