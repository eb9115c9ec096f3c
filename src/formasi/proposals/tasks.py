"""Background work of the usul kebutuhan (django-tasks, db backend): making its documents.

A document (``ProposalDocument``) takes WeasyPrint a few seconds; it is saved in one write at
the end, so a document whose worker died is made again (``formasi.core.jobs.restartable``)
until it has been started MAX_ATTEMPTS times, as ``planning.tasks`` does for the plan PDF.
"""

from __future__ import annotations

from django_tasks import task

from formasi.core import jobs
from formasi.proposals import documents
from formasi.proposals.models import ProposalDocument


@task()
def make_document(document_id: int) -> None:
    jobs.run(ProposalDocument.unscoped.all(), document_id, documents.build_document)


DOCUMENTS = jobs.restartable(ProposalDocument, make_document)
#: Queue making the document once the surrounding transaction has committed the row.
enqueue = DOCUMENTS.start
#: The worker making this document died: make it again, or give up with a message.
on_dead = DOCUMENTS.on_dead


def register() -> None:
    jobs.register(DOCUMENTS.kind)
