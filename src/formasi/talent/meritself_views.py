"""Pages of the merit self-assessment (PermenPAN-RB 40/2018): the agency's years with score,
category and a chart; one year's form per aspect with the auto-filled indicators and their
evidence links, evidence uploads and downloads, the submit (lock) step, and a printable report.

Resource "merit": the agency's BKPSDM admin writes; leaders and evaluators read; others get 403.
Another agency's assessment or file is 404. The writes are ``meritself_services``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core.downloads import download
from formasi.core.permissions import Action, can
from formasi.core.views import get_visible_or_404, require
from formasi.domain import merit
from formasi.organization.services import agency_choices, agency_for
from formasi.talent import meritself_services as services
from formasi.talent import meritself_text as text
from formasi.talent.meritself_models import MeritAnswer, MeritAssessment, MeritEvidence

RESOURCE = "merit"


def _may_change(request: AuthenticatedHttpRequest, row: MeritAssessment) -> bool:
    return (
        not row.locked
        and MeritAssessment.objects.visible_to(request.user, Action.CHANGE)
        .filter(pk=row.pk)
        .exists()
    )


@login_required
@require_GET
def merit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The agency's assessments year over year, with a chart of the score."""
    require(request.user, Action.VIEW, RESOURCE)
    agency = agency_for(request.user, request.GET.get("agency"))
    rows: list[MeritAssessment] = []
    if agency is not None:
        rows = list(
            MeritAssessment.objects.visible_to(request.user).filter(agency=agency).order_by("-year")
        )
    chart = {
        "years": [r.year for r in reversed(rows) if r.score is not None],
        "scores": [float(r.score) for r in reversed(rows) if r.score is not None],
        "bands": [float(b.lower) for b in services.bands()[1:]],
    }
    this_year = timezone.localdate().year
    taken = {r.year for r in rows}
    context = {
        "agency": agency,
        "agencies": agency_choices(request.user),
        "rows": [(r, text.CATEGORIES.get(r.category, "")) for r in rows],
        "chart": chart,
        "can_start": agency is not None and can(request.user, Action.ADD, RESOURCE),
        "start_years": [y for y in range(this_year, services.FIRST_YEAR - 1, -1) if y not in taken],
    }  # fmt: skip
    return render(request, "talent/meritself/list.html", context)


@login_required
@require_POST
def merit_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.ADD, RESOURCE)
    agency = agency_for(request.user, request.POST.get("agency"))
    raw = request.POST.get("tahun", "")
    if agency is None or not raw.isdigit():
        messages.error(request, _("Choose a year."))
        return redirect("talent:merit_list")
    try:
        row, _created = services.start_assessment(agency=agency, year=int(raw), actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("talent:merit_list")
    return redirect("talent:merit_detail", row.pk)


def _aspects(row: MeritAssessment) -> list[dict[str, Any]]:
    answers = {
        a.indicator: a for a in MeritAnswer.unscoped.filter(assessment=row).prefetch_related(
            "files"
        )
    }  # fmt: skip
    levels = {code: a.level for code, a in answers.items() if a.level is not None}
    by_aspect = merit.merit_score(levels).by_aspect
    groups: list[dict[str, Any]] = []
    for aspect in merit.Aspect:
        items = []
        for indicator in merit.DEFAULT_FRAMEWORK.indicators:
            answer = answers.get(indicator.code)
            if indicator.aspect is not aspect or answer is None:
                continue
            page = text.EVIDENCE_PAGES.get(indicator.code)
            items.append(
                {
                    "answer": answer,
                    "label": text.INDICATORS.get(indicator.code, indicator.code),
                    "figures": [(text.FIGURES.get(k, k), v) for k, v in answer.evidence.items()],
                    "link": (reverse(page[0]), page[1]) if page and answer.auto else None,
                    "files": list(answer.files.all()),
                }
            )
        mean = by_aspect.get(aspect)
        groups.append(
            {
                "label": text.ASPECTS[aspect],
                "items": items,
                "mean": round(float(mean), 2) if mean is not None else None,
            }
        )
    return groups


def _assessment(request: AuthenticatedHttpRequest, pk: int) -> MeritAssessment:
    require(request.user, Action.VIEW, RESOURCE)
    return get_visible_or_404(MeritAssessment, request.user, pk=pk)


@login_required
@require_GET
def merit_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One year's form: every aspect and indicator, auto-answers with their evidence."""
    row = _assessment(request, pk)
    context = {
        "row": row,
        "aspects": _aspects(row),
        "category": text.CATEGORIES.get(row.category, ""),
        "levels": text.LEVELS,
        "can_change": _may_change(request, row),
        "unanswered": row.answers.filter(level=None).count(),
    }
    return render(request, "talent/meritself/detail.html", context)


@login_required
@require_GET
def merit_print(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The printable report (the browser prints it to PDF)."""
    require(request.user, Action.EXPORT, RESOURCE)
    row = _assessment(request, pk)
    context = {
        "row": row,
        "aspects": _aspects(row),
        "category": text.CATEGORIES.get(row.category, ""),
        "series": services.merit_series(row.agency),
        "categories": text.CATEGORIES,
        "printed_at": timezone.localtime(),
    }
    return render(request, "talent/meritself/print.html", context)


def _write(request: AuthenticatedHttpRequest, pk: int) -> MeritAssessment:
    require(request.user, Action.CHANGE, RESOURCE)
    return _assessment(request, pk)


def _done(request: AuthenticatedHttpRequest, row: MeritAssessment, action: Any) -> HttpResponse:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect("talent:merit_detail", row.pk)


@login_required
@require_POST
def merit_answer(request: AuthenticatedHttpRequest, pk: int, indicator: str) -> HttpResponse:
    row = _write(request, pk)
    raw = request.POST.get("level", "")
    level = int(raw) if raw.isdigit() else None
    note = request.POST.get("note", "")[:2000]
    return _done(
        request,
        row,
        lambda: services.answer_indicator(
            assessment=row, indicator=indicator, level=level, note=note, actor=request.user
        ),
    )


@login_required
@require_POST
def merit_upload(request: AuthenticatedHttpRequest, pk: int, indicator: str) -> HttpResponse:
    row = _write(request, pk)
    answer = services.answer_to_change(assessment=row, indicator=indicator, actor=request.user)
    upload = request.FILES.get("file")
    if answer is None or upload is None:
        messages.error(request, _("Choose a file."))
        return redirect("talent:merit_detail", row.pk)
    return _done(
        request,
        row,
        lambda: services.add_evidence_file(answer=answer, upload=upload, actor=request.user),
    )


@login_required
@require_POST
def merit_refresh(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    row = _write(request, pk)
    return _done(request, row, lambda: services.refresh_auto(assessment=row, actor=request.user))


@login_required
@require_POST
def merit_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    row = _write(request, pk)
    return _done(
        request, row, lambda: services.submit_assessment(assessment=row, actor=request.user)
    )


@login_required
@require_GET
def merit_evidence(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Download an evidence file (the agency's, as a download, never shown inline)."""
    require(request.user, Action.VIEW, RESOURCE)
    found = get_visible_or_404(MeritEvidence, request.user, pk=pk)
    safe = "".join(c if c.isalnum() or c in "._- " else "_" for c in found.name)
    response = download(bytes(found.content), safe, found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
