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
import time

from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from formasi.core import jobs
from formasi.transfer import services
from formasi.transfer.kinds import KINDS, Context
from formasi.transfer.models import ImportJob

logger = logging.getLogger(__name__)
CHECK = "check"
COMMIT = "commit"


class _Reporter:
    """Writes progress to the job row at most every half second (and at phase changes)."""

    def __init__(self, job: ImportJob) -> None:
        self.job_id = job.pk
        self.phase = ""
        self.last = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if phase == self.phase and now - self.last < 0.5 and done < total:
            return
        self.phase, self.last = phase, now
        now = timezone.now()
        ImportJob.objects.filter(pk=self.job_id).update(
            phase=phase, progress_done=done, progress_total=total, updated_at=now, heartbeat_at=now
        )


def context_for(job: ImportJob) -> Context:
    return Context(
        user=job.created_by,
        agency=job.agency,
        filename=job.filename,
        today=timezone.localdate(),
        full_snapshot=job.full_snapshot,
    )


def run_job(job_id: int, step: str) -> None:
    """Run one step of a job, holding its lease; every failure ends in a state the page can
    show."""
    with jobs.heartbeat(ImportJob.objects.all(), job_id):
        _run_job(job_id, step)


def _run_job(job_id: int, step: str) -> None:
    job = ImportJob.objects.select_related("agency", "created_by").get(pk=job_id)
    kind = KINDS[job.kind]
    ctx = context_for(job)
    remembered = services.remembered_mapping(kind, job.agency)
    report = _Reporter(job)
    data = bytes(job.content)
    with translation.override(job.language):
        try:
            if step == CHECK:
                _set_state(job, ImportJob.State.CHECKING)
                outcome = services.check(
                    kind, ctx, data, explicit=job.mapping, remembered=remembered, progress=report
                )
                services.record_outcome(job, outcome)
                job.state = (
                    ImportJob.State.NEEDS_MAPPING
                    if outcome.needs_mapping
                    else ImportJob.State.CHECKED
                )
            elif step == COMMIT:
                _set_state(job, ImportJob.State.COMMITTING)
                try:
                    outcome = services.commit(
                        kind,
                        ctx,
                        data,
                        explicit=job.mapping,
                        remembered=remembered,
                        progress=report,
                        basis=job.summary.get("basis"),
                    )
                except services.ImportRefused as refused:
                    # The data changed since the preview: show the new findings instead.
                    services.record_outcome(job, refused.outcome)
                    job.state = ImportJob.State.CHECKED
                else:
                    services.record_outcome(job, outcome)
                    job.state = ImportJob.State.DONE
                    job.committed_at = timezone.now()
                    # The file holds personal data (NIK, birth dates): once written, the
                    # copy is not needed any more (its SHA-256 stays as the record).
                    job.content = b""
            else:
                raise ValueError(f"unknown step {step!r}")
        except Exception:
            # Never the cells (personal data) in the log: the job id and kind only.
            logger.exception("import job %s (%s) failed at step %s", job.pk, job.kind, step)
            job.state = ImportJob.State.FAILED
        job.phase = ""
        job.error = ""
        fields = ["state", "phase", "summary", "errors", "committed_at", "error"]
        if job.state == ImportJob.State.DONE:
            fields.append("content")  # emptied: the file is not kept once written
        job.save(update_fields=[*fields, "updated_at"])


def _set_state(job: ImportJob, state: str) -> None:
    job.state = state
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(state=state, updated_at=now, heartbeat_at=now)


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


def register() -> None:
    jobs.register(
        jobs.JobKind(
            model=ImportJob,
            working=ImportJob.WORKING_STATES,
            queued=(ImportJob.State.QUEUED, ImportJob.State.COMMIT_QUEUED),
            on_dead=on_dead,
            task_path=f"{__name__}.process_import",
        )
    )
    jobs.register_cleanup(services.purge_old_files)
