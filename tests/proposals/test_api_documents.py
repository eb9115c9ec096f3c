"""A proposal's documents through the API, per role as the pages (EXPORT: not the OPD operator,
403; out of scope 404; anonymous 401): ask for one (202 with its job), poll it, download the
file once done (409 before); a kind its state cannot have yet is 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from formasi.proposals.models import Proposal, ProposalDocument
from tests.proposals.builders import decided, drafted, evaluators, proposal_document

pytestmark = pytest.mark.django_db

JSON = "application/json"
DRAFT = {
    "admin_a": 202,
    "operator_dinkes_a": 403,  # sees only the Dinas Kesehatan's part
    "operator_other_opd_a": 403,
    "evaluator_a": 404,  # not sent to BKN yet
    "bkn_a": 404,
    "leader_a": 202,
    "admin_b": 404,
}


def _client(world: Any, persona: str) -> Client:
    evaluators(world)
    client = Client()
    client.force_login(world.users[persona])
    return client


def _start(client: Client, proposal_pk: int, kind: str) -> Any:
    url = reverse("api:start_proposal_document", args=[proposal_pk])
    return client.post(url, {"kind": kind}, content_type=JSON)


def _bytes(response: Any) -> bytes:
    return b"".join(response.streaming_content if response.streaming else [response.content])


@pytest.mark.parametrize("persona", list(DRAFT))
def test_asking_for_a_document_of_a_draft_per_role_as_the_page(world: Any, persona: str) -> None:
    proposal = drafted(world)
    client = _client(world, persona)
    api = _start(client, proposal.pk, "usulan_pdf")
    page = client.post(reverse("proposals:document_start", args=[proposal.pk, "usulan_pdf"]))
    assert api.status_code == DRAFT[persona]
    assert page.status_code == (302 if api.status_code == 202 else api.status_code)
    if api.status_code != 202:
        assert api.json()["detail"]


def test_from_the_request_to_the_file(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    proposal = decided(world)
    client = _client(world, "kemenpanrb_a")
    with django_capture_on_commit_callbacks(execute=True):
        started = _start(client, proposal.pk, "penetapan_pdf")
    assert started.status_code == 202
    job = started.json()
    made = ProposalDocument.unscoped.get(proposal=proposal, kind="penetapan_pdf")
    assert job["id"] == made.pk and job["url"].endswith(f"/documents/{made.pk}")
    polled = client.get(job["url"]).json()
    assert (polled["state"], polled["progress"], polled["error"]) == ("done", 100, "")
    response = client.get(polled["file_url"])
    assert response.status_code == 200 and _bytes(response)[:4] == b"%PDF"
    assert "attachment" in response["Content-Disposition"]
    # asked again today: the same document, not a new one
    again = _start(client, proposal.pk, "penetapan_pdf")
    assert again.status_code == 202 and again.json()["id"] == made.pk


def test_the_rincian_is_an_xlsx(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    proposal = drafted(world)
    client = _client(world, "admin_a")
    with django_capture_on_commit_callbacks(execute=True):
        job = _start(client, proposal.pk, "eformasi_xlsx").json()
    response = client.get(client.get(job["url"]).json()["file_url"])
    assert response.status_code == 200 and _bytes(response)[:2] == b"PK"


@pytest.mark.parametrize("kind", ["pertimbangan_pdf", "penetapan_pdf"])
def test_a_kind_the_state_cannot_have_is_not_found(world: Any, kind: str) -> None:
    proposal = drafted(world)
    response = _start(_client(world, "admin_a"), proposal.pk, kind)
    assert response.status_code == 404 and not ProposalDocument.unscoped.exists()


def test_an_unknown_kind_is_422(world: Any) -> None:
    proposal = drafted(world)
    response = _start(_client(world, "admin_a"), proposal.pk, "sk_pdf")
    assert response.status_code == 422 and "kind" in response.json()["errors"]


def test_a_file_not_made_yet_is_409(world: Any) -> None:
    proposal = drafted(world)
    client = _client(world, "admin_a")
    job = _start(client, proposal.pk, "usulan_pdf").json()  # queued: no worker ran
    assert job["state"] == "queued" and job["file_url"] is None
    url = reverse("api:get_proposal_document_file", args=[proposal.pk, job["id"]])
    response = client.get(url)
    assert response.status_code == 409 and response.json()["detail"]


@pytest.mark.parametrize(("persona", "status"), [("leader_a", 200), ("operator_dinkes_a", 403),
                                                 ("admin_b", 404)])  # fmt: skip
def test_a_made_document_per_role(world: Any, persona: str, status: int) -> None:
    proposal = drafted(world)
    document = proposal_document(proposal)
    client = _client(world, persona)
    job = client.get(reverse("api:get_proposal_document", args=[proposal.pk, document.pk]))
    file = client.get(reverse("api:get_proposal_document_file", args=[proposal.pk, document.pk]))
    assert job.status_code == file.status_code == status
    if status == 200:
        assert _bytes(file) == bytes(document.content)


def test_a_document_of_another_proposal_is_not_found(world: Any) -> None:
    proposal = drafted(world)
    document = proposal_document(proposal)
    next_year = Proposal.unscoped.create(agency=world.agency_a, year=proposal.year + 1)
    url = reverse("api:get_proposal_document", args=[next_year.pk, document.pk])
    assert _client(world, "admin_a").get(url).status_code == 404


def test_anonymous_gets_401(world: Any) -> None:
    proposal = drafted(world)
    document = proposal_document(proposal)
    assert _start(Client(), proposal.pk, "usulan_pdf").status_code == 401
    url = reverse("api:get_proposal_document_file", args=[proposal.pk, document.pk])
    assert Client().get(url).status_code == 401
