"""The document pages per role: who may make and download the proposal's documents (404 out
of scope, 403 for a role that may not export), a kind its state cannot have yet (404), and
the whole path from the page to the file."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from formasi.proposals.models import ProposalDocument
from tests.proposals.builders import decided, drafted, evaluators

pytestmark = pytest.mark.django_db

DRAFT = {
    "admin_a": 200,
    "operator_dinkes_a": 403,  # sees only the Dinas Kesehatan's part
    "operator_other_opd_a": 403,
    "evaluator_a": 404,  # not sent to BKN yet
    "bkn_a": 404,
    "leader_a": 200,
    "admin_b": 404,
}


def _client(world: Any, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


@pytest.mark.parametrize("persona", list(DRAFT))
def test_the_document_page_of_a_draft_per_role(world: Any, persona: str) -> None:
    proposal = drafted(world)
    evaluators(world)
    url = reverse("proposals:document", args=[proposal.pk, "usulan_pdf"])
    assert _client(world, persona).get(url).status_code == DRAFT[persona]


@pytest.mark.parametrize("kind", ["pertimbangan_pdf", "penetapan_pdf", "nonsense"])
def test_a_kind_the_state_cannot_have_is_not_found(world: Any, kind: str) -> None:
    proposal = drafted(world)
    url = reverse("proposals:document", args=[proposal.pk, kind])
    assert _client(world, "admin_a").get(url).status_code == 404


def test_the_proposal_page_offers_the_documents_of_its_state(world: Any) -> None:
    proposal = decided(world)
    page = _client(world, "bkn_a").get(reverse("proposals:detail", args=[proposal.pk]))
    for kind in ProposalDocument.Kind.values:
        assert reverse("proposals:document", args=[proposal.pk, kind]) in page.content.decode()
    operator = _client(world, "operator_dinkes_a")
    page = operator.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert 'data-testid="document-' not in page


def test_from_the_page_to_the_file(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    proposal = decided(world)
    client = _client(world, "kemenpanrb_a")
    page = client.get(reverse("proposals:document", args=[proposal.pk, "penetapan_pdf"]))
    assert page.status_code == 200 and b"document-start" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            reverse("proposals:document_start", args=[proposal.pk, "penetapan_pdf"])
        )
    assert started.status_code == 302
    made = ProposalDocument.unscoped.get(proposal=proposal, kind="penetapan_pdf")
    job = client.get(reverse("proposals:document_job", args=[proposal.pk, made.pk]))
    assert b"document-download" in job.content
    response = client.get(reverse("proposals:document_file", args=[proposal.pk, made.pk]))
    assert response.status_code == 200
    assert (
        b"".join(response.streaming_content if response.streaming else [response.content])[:4]
        == b"%PDF"
    )
    # today's document made: the page link now gives the file itself
    again = client.get(reverse("proposals:document", args=[proposal.pk, "penetapan_pdf"]))
    assert again.status_code == 200 and again["Content-Type"] == "application/pdf"


def test_another_agency_cannot_reach_a_document(world: Any) -> None:
    proposal = drafted(world)
    made = ProposalDocument.unscoped.create(
        proposal=proposal, kind="usulan_pdf", key="k", dated=proposal.created_at.date()
    )
    url = reverse("proposals:document_file", args=[proposal.pk, made.pk])
    assert _client(world, "admin_b").get(url).status_code == 404
    assert _client(world, "operator_dinkes_a").get(url).status_code == 403
