"""API of a proposal's documents (issue 21), on the proposals router: the "Dokumen Usulan
Kebutuhan ASN" PDF, the e-Formasi rincian xlsx, the pertimbangan teknis and the penetapan,
made in the background as on the pages (``document_views``). ``POST
/proposals/{id}/documents`` asks for one (202 with its job: today's document of that kind when
it is made or being made, else a new one; ``services.request_document``), ``GET
.../documents/{document_id}`` answers its state and progress, and ``GET .../file`` the file
once it is done (409 before).

Resource "proposal", action EXPORT (the agency's admin, its leaders, the evaluators once it is
sent to BKN; not the OPD operator): out of scope is 404, a role that may not is 403, a kind
the proposal's state cannot have yet is 404, as on the pages.

No ``from __future__ import annotations`` here: django-ninja resolves the schema types at
import time.
"""

from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.errors import HttpError

from formasi.accounts.http import request_user
from formasi.core.api import Id, responses
from formasi.proposals import services
from formasi.proposals.api import router
from formasi.proposals.document_views import document_or_404, file_response, proposal_for_export
from formasi.proposals.models import ProposalDocument

DocumentKind = Literal["usulan_pdf", "eformasi_xlsx", "pertimbangan_pdf", "penetapan_pdf"]
assert set(DocumentKind.__args__) == set(ProposalDocument.Kind.values), "every document kind"  # type: ignore[attr-defined]

#: The file of a document: a PDF, or the e-Formasi rincian as xlsx.
FILE_RESPONSE = {
    "description": "The document's file (PDF, or xlsx for eformasi_xlsx), as an attachment",
    "content": {
        "application/pdf": {"schema": {"type": "string", "format": "binary"}},
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
            "schema": {"type": "string", "format": "binary"}
        },
    },
}


class DocumentIn(Schema):
    kind: DocumentKind = Field(
        description="usulan_pdf or eformasi_xlsx (any state), pertimbangan_pdf (once BKN gave "
        "it), penetapan_pdf (once decided)"
    )


class ProposalDocumentOut(Schema):
    id: int
    proposal_id: int
    kind: str
    state: str = Field(description="queued, running, done or failed")
    progress: int = Field(description="Percent done")
    dated: date = Field(description="The date the document bears")
    error: str = Field(description="Why it failed, for people (empty unless failed)")
    created_at: datetime
    computed_at: datetime | None
    url: str = Field(description="This job (poll it until done or failed)")
    file_url: str | None = Field(description="The file, once done")


def _out(document: ProposalDocument) -> dict[str, Any]:
    args = [document.proposal_id, document.pk]
    done = document.state == ProposalDocument.State.DONE
    return {
        **{
            name: getattr(document, name)
            for name in ("kind", "state", "progress", "dated", "error", "created_at")
        },
        "id": document.pk,
        "proposal_id": document.proposal_id,
        "computed_at": document.computed_at,
        "url": reverse("api:get_proposal_document", args=args),
        "file_url": reverse("api:get_proposal_document_file", args=args) if done else None,
    }


@router.post(
    "/proposals/{proposal_id}/documents",
    response=responses({202: ProposalDocumentOut}, 400, 404, 422),
)
def start_proposal_document(request: HttpRequest, proposal_id: Id, body: DocumentIn) -> Status:
    """Ask for a document of the proposal as it would be made today: 202 with its job (the
    one made or being made from the same version, signatory and date, else a new one)."""
    proposal = proposal_for_export(request, proposal_id, body.kind)
    try:
        made = services.request_document(
            actor=request_user(request), proposal=proposal, kind=body.kind
        )
    except ValidationError as exc:  # the state changed since the check: as the page, 404
        raise Http404(exc.messages[0]) from exc
    return Status(202, _out(made))


@router.get(
    "/proposals/{proposal_id}/documents/{document_id}",
    response=responses({200: ProposalDocumentOut}, 404, 422),
)
def get_proposal_document(request: HttpRequest, proposal_id: Id, document_id: Id) -> dict:
    """A document job's state and progress; its ``file_url`` once done."""
    proposal = proposal_for_export(request, proposal_id)
    return _out(document_or_404(request, proposal, document_id))


@router.get(
    "/proposals/{proposal_id}/documents/{document_id}/file",
    response=responses({}, 404, 409, 422),
    openapi_extra={"responses": {200: FILE_RESPONSE}},
)
def get_proposal_document_file(
    request: HttpRequest, proposal_id: Id, document_id: Id
) -> HttpResponse:
    """The document's file (a download), once its job is done; 409 while it is being made
    or when it failed."""
    proposal = proposal_for_export(request, proposal_id)
    found = document_or_404(request, proposal, document_id)
    if found.state != ProposalDocument.State.DONE:
        raise HttpError(409, _("The document is not ready yet."))
    return file_response(proposal, found)
