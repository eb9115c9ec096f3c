"""Staff pages of the public survey (resource "survey"): IKM per unit and kecamatan, one unit's
report with its trend and complaints, the complaint follow-up, the printable SKM report and the
QR poster. Out of scope is 404, a role that may not is 403, anonymous goes to the login page.
"""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
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
from formasi.domain.survey import weakest
from formasi.feedback import documents, reports, services, text
from formasi.feedback.forms import AnswerForm
from formasi.feedback.models import Complaint
from formasi.organization.models import OrgUnit
from formasi.organization.services import agency_choices, agency_for

COMPLAINTS_SHOWN = 200


def _year(request: AuthenticatedHttpRequest) -> int:
    raw = request.GET.get("tahun", "")
    this_year = timezone.localdate().year
    return int(raw) if raw.isdigit() and 2017 <= int(raw) <= this_year else this_year


def _years(year: int) -> list[int]:
    this_year = timezone.localdate().year
    return sorted({*range(this_year - 4, this_year + 1), year}, reverse=True)


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every public-service unit's IKM of the year, by kecamatan, and the flagged units."""
    require(request.user, Action.VIEW, "survey")
    agency = agency_for(request.user, request.GET.get("agency"))
    year = _year(request)
    period = reports.Period.year(year)
    context: dict[str, Any] = {
        "agency": agency,
        "agencies": agency_choices(request.user),
        "year": year,
        "years": _years(year),
    }
    if agency is not None:
        results = reports.by_unit(request.user, agency, period)
        units = list(reports.public_units(request.user, agency))
        context["rows"] = [
            {
                "unit": unit,
                "result": results.get(unit.pk),
                "weakest": weakest(results[unit.pk].nrr) if unit.pk in results else None,
            }
            for unit in units
        ]
        context["districts"] = reports.by_district(request.user, agency, period)
        context["flagged"] = reports.flagged(request.user, agency, period)
    context["unsur_names"] = text.UNSUR_NAMES
    return render(request, "feedback/index.html", context)


def _unit_context(request: AuthenticatedHttpRequest, unit: OrgUnit) -> dict[str, Any]:
    year = _year(request)
    return {**documents.unit_summary(request.user, unit, year), "years": _years(year)}


@login_required
@require_GET
def unit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One unit's IKM of the year, the trend by quarter and the complaints with follow-up."""
    require(request.user, Action.VIEW, "survey")
    found = get_visible_or_404(OrgUnit, request.user, pk=pk)
    context = _unit_context(request, found)
    complaints = list(reports.complaints(request.user, found, reports.Period.year(context["year"])))
    context.update(
        {
            "trend": reports.trend(request.user, found, context["year"]),
            "complaints": complaints[:COMPLAINTS_SHOWN],
            "more": max(0, len(complaints) - COMPLAINTS_SHOWN),
            "statuses": Complaint.Status.choices,
            "can_answer": can(request.user, Action.CHANGE, "survey"),
            "public_url": request.build_absolute_uri(reverse("survey_public", args=[found.pk])),
        }
    )
    return render(request, "feedback/unit.html", context)


def _report(request: AuthenticatedHttpRequest, pk: int) -> dict[str, Any]:
    require(request.user, Action.EXPORT, "survey")
    found = get_visible_or_404(OrgUnit, request.user, pk=pk)
    return documents.report_context(request.user, found, _year(request), timezone.localdate())


@login_required
@require_GET
def report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The SKM report in the regulation's layout, to print."""
    return render(request, "feedback/report_print.html", _report(request, pk))


@login_required
@require_GET
def report_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The same SKM report as a PDF (WeasyPrint), in Indonesian."""
    context = _report(request, pk)
    return download(
        documents.report_pdf(context), documents.filename(context["unit"], context["year"])
    )


@login_required
@require_GET
def poster(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A printable A4 poster with the QR code of the unit's public survey."""
    require(request.user, Action.VIEW, "survey")
    found = get_visible_or_404(OrgUnit, request.user, pk=pk)
    url = request.build_absolute_uri(reverse("survey_public", args=[found.pk]))
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=8, border=2)
    return render(request, "feedback/poster.html", {"unit": found, "url": url, "qr_svg": svg})


@login_required
@require_POST
def answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The unit's OPD operator (or the admin) moves a complaint along and answers it."""
    complaint = get_visible_or_404(Complaint, request.user, pk=pk)
    require(request.user, Action.CHANGE, "survey")
    form = AnswerForm(request.POST)
    back = reverse("feedback:unit", args=[complaint.unit_id])
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return HttpResponse(status=400, content=_("Choose a status."))
    try:
        services.answer_complaint(
            complaint,
            actor=request.user,
            status=form.cleaned_data["status"],
            answer=form.cleaned_data["answer"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{back}?tahun={complaint.received_at.year}#complaint-{complaint.pk}")
    messages.success(request, _("The complaint was updated."))
    return redirect(f"{back}?tahun={complaint.received_at.year}#complaint-{complaint.pk}")
