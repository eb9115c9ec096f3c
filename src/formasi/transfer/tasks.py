"""Background work of an import job: check (the preview) and commit.

Run by the task worker (django-tasks with the django-tasks-db backend; `formasi demo` and
`formasi serve --worker` start one), so an upload request never waits for the work. The job
row carries the progress the page polls, and the worker's heartbeat (``formasi.core.jobs``):
a check whose worker died is run again (it writes nothing but its preview) until it has been
started MAX_ATTEMPTS times; a commit whose worker died wrote nothing (one transaction) and is
handed back as checked, with a message, for the user to write again.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from formasi.core import jobs
from formasi.transfer import services
from formasi.transfer.models import ImportJob
from formasi.transfer.services import CHECK, COMMIT

logger = logging.getLogger(__name__)


def run_job(job_id: int, step: str) -> None:
    """Run one step of a job as its uploader, holding its lease (``services.run_import_job``
    records every failure on the job, and logs it)."""
    try:
        services.run_import_job(job_id=job_id, step=step)
    except Exception:  # already logged, and shown on the job
        return


@task()
def process_import(job_id: int, step: str) -> None:
    run_job(job_id, step)


def _send(job_id: int, step: str) -> None:
    transaction.on_commit(lambda: process_import.enqueue(job_id, step))


def enqueue(job: ImportJob, step: str) -> None:
    """Queue a step once the surrounding transaction has committed the job's state."""
    ImportJob.objects.filter(pk=job.pk).update(attempts=0)
    _send(job.pk, step)


def on_dead(job: ImportJob) -> None:
    """The worker running this job died. A check is run again (up to MAX_ATTEMPTS starts);
    a commit wrote nothing and goes back to the checked preview, which offers the commit
    again; the message is in the uploader's language."""
    with translation.override(job.language):
        if job.state in (ImportJob.State.COMMITTING, ImportJob.State.COMMIT_QUEUED):
            state, error = ImportJob.State.CHECKED, str(jobs.WORKER_DIED_COMMIT)
        elif job.attempts < jobs.MAX_ATTEMPTS:
            state, error = ImportJob.State.QUEUED, ""
            _send(job.pk, CHECK)
        else:
            state, error = ImportJob.State.FAILED, str(jobs.WORKER_DIED)
    ImportJob.objects.filter(pk=job.pk).update(
        state=state,
        error=error,
        phase="",
        progress_done=0,
        progress_total=0,
        heartbeat_at=None,
        updated_at=timezone.now(),
    )


def start(job: ImportJob) -> None:
    """The job kind's start (``formasi.core.jobs.start``): a commit-queued job is written,
    any other queued job checked."""
    enqueue(job, COMMIT if job.state == ImportJob.State.COMMIT_QUEUED else CHECK)


def register() -> None:
    jobs.register(
        jobs.JobKind(
            model=ImportJob,
            working=ImportJob.WORKING_STATES,
            queued=(ImportJob.State.QUEUED, ImportJob.State.COMMIT_QUEUED),
            on_dead=on_dead,
            task_path=f"{__name__}.process_import",
            start=start,
        )
    )
    jobs.register_cleanup(services.purge_old_files)
