"""Background work of the usul kebutuhan (django-tasks, db backend): making its documents.

A document (``ProposalDocument``) takes WeasyPrint a few seconds; it is saved in one write at
the end, so a document whose worker died is made again (``formasi.core.jobs``) until it has
been started MAX_ATTEMPTS times, as ``planning.tasks`` does for the plan PDF.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django_tasks import task

from formasi.core import jobs
from formasi.proposals import documents
from formasi.proposals.models import ProposalDocument

logger = logging.getLogger(__name__)


@task()
def make_document(document_id: int) -> None:
    document = ProposalDocument.unscoped.filter(pk=document_id).first()
    if document is None:  # deleted meanwhile (a newer document replaced it)
        return
    try:
        with jobs.heartbeat(ProposalDocument.unscoped.all(), document_id):
            documents.build_document(document)
    except Exception:
        logger.exception("proposal document %s failed", document_id)


def _send(document_id: int) -> None:
    transaction.on_commit(lambda: make_document.enqueue(document_id))


def enqueue(document: ProposalDocument) -> None:
    """Queue making the document once the surrounding transaction has committed the row."""
    ProposalDocument.unscoped.filter(pk=document.pk).update(attempts=0)
    _send(document.pk)


def on_dead(document: ProposalDocument) -> None:
    """The worker making this document died: make it again, or give up with a message."""
    if document.attempts < jobs.MAX_ATTEMPTS:
        ProposalDocument.unscoped.filter(pk=document.pk).update(
            state=ProposalDocument.State.QUEUED, progress=0, heartbeat_at=None
        )
        _send(document.pk)
        return
    with translation.override(settings.LANGUAGE_CODE):
        error = str(jobs.WORKER_DIED)
    ProposalDocument.unscoped.filter(pk=document.pk).update(
        state=ProposalDocument.State.FAILED, error=error
    )


def register() -> None:
    jobs.register(
        jobs.JobKind(
            model=ProposalDocument,
            manager="unscoped",
            working=(ProposalDocument.State.RUNNING,),
            queued=(ProposalDocument.State.QUEUED,),
            on_dead=on_dead,
            task_path=f"{__name__}.make_document",
            start=enqueue,
        )
    )
