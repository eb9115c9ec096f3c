"""The plan PDF as a background job (issue 17) and who signs it.

"Unduh PDF" opens :func:`plan_pdf`: the file itself when today's document of the scenario is
made (same computation, signatory and date), otherwise a page that asks for it (htmx posts
:func:`plan_pdf_start` as it loads; a button without JavaScript), shows its progress
(:func:`plan_pdf_job`, polled every second) and then the download (:func:`plan_pdf_file`).
Resource "plan", action EXPORT: out of scope is 404, a role that may not is 403.

:func:`signatory` is the agency admin's form for the signature block (place, position, name,
NIP), kept on the agency (resource "agency", CHANGE).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from formasi.core.downloads import download
from formasi.core.permissions import Action, can
from formasi.core.views import require
from formasi.organization import services as organization_services
from formasi.organization.services import agency_for
from formasi.planning import documents, services
from formasi.planning import export as plan_export
from formasi.planning.forms import SignatoryForm
from formasi.planning.models import PlanDocument, Scenario
from formasi.planning.views import _HtmxRequest

PROGRESS = "planning/partials/_pdf_progress.html"


def _page(
    request: _HtmxRequest, scenario: Scenario, document: PlanDocument | None, status: int = 200
) -> HttpResponse:
    context = {
        "scenario": scenario,
        "document": document,
        "can_sign": can(request.user, Action.CHANGE, "agency"),
    }
    if request.htmx and document is not None:
        return render(request, PROGRESS, context, status=status)
    return render(request, "planning/plan_pdf_job.html", context, status=status)


def _file(scenario: Scenario, document: PlanDocument) -> HttpResponse:
    return download(documents.content_of(document), plan_export.filename(scenario, "pdf"))


@login_required
@require_GET
def plan_pdf(request: _HtmxRequest, pk: int) -> HttpResponse:
    scenario = documents.computed_scenario(request.user, pk)
    document = documents.todays_document(request.user, scenario)
    if document is not None and document.state == PlanDocument.State.DONE:
        return _file(scenario, document)
    return _page(request, scenario, document)


@login_required
@require_POST
def plan_pdf_start(request: _HtmxRequest, pk: int) -> HttpResponse:
    scenario = documents.computed_scenario(request.user, pk)
    try:
        document = services.request_plan_pdf(scenario=scenario, actor=request.user)
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from exc
    if request.htmx:
        return _page(request, scenario, document)
    return redirect("planning:plan_pdf_job", pk=scenario.pk, document_pk=document.pk)


@login_required
@require_GET
def plan_pdf_job(request: _HtmxRequest, pk: int, document_pk: int) -> HttpResponse:
    scenario = documents.computed_scenario(request.user, pk)
    return _page(request, scenario, documents.document_or_404(request.user, scenario, document_pk))


@login_required
@require_GET
def plan_pdf_file(request: _HtmxRequest, pk: int, document_pk: int) -> HttpResponse:
    scenario = documents.computed_scenario(request.user, pk)
    return _file(scenario, documents.made_document_or_404(request.user, scenario, document_pk))


@login_required
@require_http_methods(["GET", "POST"])
def signatory(request: _HtmxRequest) -> HttpResponse:
    """The signature block of the agency's plan documents."""
    require(request.user, Action.CHANGE, "agency")
    code = request.POST.get("agency") or request.GET.get("agency")
    agency = agency_for(request.user, code)
    if agency is None:
        raise Http404(_("Choose an agency."))
    form = SignatoryForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        organization_services.save_signatory(agency=agency, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The signature block is saved."))
        return redirect(f"{reverse('planning:signatory')}?agency={agency.code}")
    status = 400 if form.errors else 200
    return render(
        request, "planning/signatory.html", {"form": form, "agency": agency}, status=status
    )
