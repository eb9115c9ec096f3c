"""The background job that makes a proposal's documents: made by the task, made again when
its worker died (then failed after MAX_ATTEMPTS), and polled through htmx while it runs."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from formasi.core import jobs
from formasi.proposals import tasks
from formasi.proposals.models import ProposalDocument
from tests.proposals.builders import drafted, proposal_document

pytestmark = pytest.mark.django_db


def _running(world: Any) -> ProposalDocument:
    document = proposal_document(drafted(world), kind="eformasi_xlsx")
    ProposalDocument.unscoped.filter(pk=document.pk).update(
        state=ProposalDocument.State.RUNNING, progress=10, content=b"", heartbeat_at=None
    )
    document.refresh_from_db()
    return document


def test_a_document_whose_worker_died_is_made_again_then_failed(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    document = _running(world)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.on_dead(document)  # attempts 0: queued again, and made by the task
    document.refresh_from_db()
    assert document.state == ProposalDocument.State.DONE
    assert bytes(document.content)[:2] == b"PK"  # an xlsx is a zip
    ProposalDocument.unscoped.filter(pk=document.pk).update(
        state=ProposalDocument.State.RUNNING, attempts=jobs.MAX_ATTEMPTS
    )
    document.refresh_from_db()
    tasks.on_dead(document)
    document.refresh_from_db()
    assert document.state == ProposalDocument.State.FAILED and document.error
    assert any(kind.model is ProposalDocument for kind in jobs.kinds())


def test_a_running_document_shows_its_progress_and_polls(world: Any, client_for: Any) -> None:
    document = _running(world)
    ProposalDocument.unscoped.filter(pk=document.pk).update(
        progress=40, heartbeat_at=document.created_at
    )
    client = client_for("admin_a")
    url = reverse("proposals:document_job", args=[document.proposal_id, document.pk])
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'data-state="running"' in html and 'data-progress="40"' in html
    assert f'hx-get="{url}"' in html and "<html" not in html
    file_url = reverse("proposals:document_file", args=[document.proposal_id, document.pk])
    assert client.get(file_url).status_code == 404


def test_a_task_for_a_deleted_document_does_nothing(world: Any) -> None:
    document = _running(world)
    ProposalDocument.unscoped.filter(pk=document.pk).delete()
    tasks.make_document.call(document.pk)
    assert not ProposalDocument.unscoped.exists()
