"""The documents of a proposal as background jobs (issue 18 part 5), as the plan PDF
(``planning.pdf_views``): :func:`document` gives the file itself when today's document of
that kind is made (same version, signatory and date), otherwise a page that asks for it (htmx
posts :func:`document_start` as it loads; a button without JavaScript), shows its progress
(:func:`document_job`, polled every second) and then the download (:func:`document_file`).

Resource "proposal", action EXPORT (the agency's admin, its leaders, the evaluators once it is
sent to BKN; not the OPD operator, who sees only their part): out of scope is 404, a role
that may not is 403; a kind the proposal's state cannot have yet is 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from formasi.core.downloads import download
from formasi.core.jobs import expire_if_dead
from formasi.core.permissions import Action
from formasi.core.views import require
from formasi.proposals import documents, services
from formasi.proposals.models import Proposal, ProposalDocument
from formasi.proposals.views import RESOURCE, _proposal_or_404

PROGRESS = "proposals/partials/_document_progress.html"


def proposal_for_export(request: Any, pk: int, kind: str | None = None) -> Proposal:
    """The proposal the user may export (404 out of scope, 403 a role that may not); with
    ``kind``, 404 unless its state can have that document (the page's and the API's check)."""
    proposal = _proposal_or_404(request, pk)
    require(request.user, Action.EXPORT, RESOURCE)
    if kind is not None and kind not in documents.available(proposal):
        raise Http404(_("Not found."))
    return proposal


def _page(
    request: Any, proposal: Proposal, kind: str, document: ProposalDocument | None
) -> HttpResponse:
    context = {
        "proposal": proposal,
        "kind": kind,
        "label": ProposalDocument.Kind(kind).label,
        "document": document,
    }
    if getattr(request, "htmx", False) and document is not None:
        return render(request, PROGRESS, context)
    return render(request, "proposals/document_job.html", context)


def document_or_404(request: Any, proposal: Proposal, document_pk: int) -> ProposalDocument:
    """A document job of ``proposal`` the user may export, re-read if its worker died."""
    document = (
        ProposalDocument.objects.visible_to(request.user, Action.EXPORT)
        .filter(proposal=proposal, pk=document_pk)
        .defer("content")
        .first()
    )
    if document is None:
        raise Http404(_("Not found."))
    return expire_if_dead(document)  # type: ignore[no-any-return]  # never "running" for ever


def file_response(proposal: Proposal, document: ProposalDocument) -> HttpResponse:
    """The made file as a download (its stored bytes, read only now)."""
    data = ProposalDocument.unscoped.filter(pk=document.pk).values_list("content", flat=True)
    return download(bytes(data.first() or b""), documents.filename(proposal, document.kind))


@login_required
@require_GET
def document(request: Any, pk: int, kind: str) -> HttpResponse:
    proposal = proposal_for_export(request, pk, kind)
    key = documents.document_key(proposal, kind, timezone.localdate())
    found = (
        ProposalDocument.objects.visible_to(request.user, Action.EXPORT)
        .filter(proposal=proposal, kind=kind, key=key)
        .exclude(state=ProposalDocument.State.FAILED)
        .defer("content")
        .first()
    )
    if found is not None and found.state == ProposalDocument.State.DONE:
        return file_response(proposal, found)
    return _page(request, proposal, kind, found)


@login_required
@require_POST
def document_start(request: Any, pk: int, kind: str) -> HttpResponse:
    proposal = proposal_for_export(request, pk, kind)
    try:
        made = services.request_document(actor=request.user, proposal=proposal, kind=kind)
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from exc
    if getattr(request, "htmx", False):
        return _page(request, proposal, kind, made)
    return redirect("proposals:document_job", pk=proposal.pk, document_pk=made.pk)


@login_required
@require_GET
def document_job(request: Any, pk: int, document_pk: int) -> HttpResponse:
    proposal = proposal_for_export(request, pk)
    found = document_or_404(request, proposal, document_pk)
    return _page(request, proposal, found.kind, found)


@login_required
@require_GET
def document_file(request: Any, pk: int, document_pk: int) -> HttpResponse:
    proposal = proposal_for_export(request, pk)
    found = document_or_404(request, proposal, document_pk)
    if found.state != ProposalDocument.State.DONE:
        raise Http404(_("The document is not ready yet."))
    return file_response(proposal, found)
