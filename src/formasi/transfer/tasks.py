"""Background work of an import job: check (the preview) and commit.

Run by the task worker (django-tasks with the django-tasks-db backend; `formasi demo` and
`formasi serve --worker` start one), so an upload request never waits for the work. The job
row carries the progress the page polls.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

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
        ImportJob.objects.filter(pk=self.job_id).update(
            phase=phase, progress_done=done, progress_total=total, updated_at=timezone.now()
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
    """Run one step of a job; every failure ends in a state the page can show."""
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
        fields = ["state", "phase", "summary", "errors", "committed_at"]
        if job.state == ImportJob.State.DONE:
            fields.append("content")  # emptied: the file is not kept once written
        job.save(update_fields=[*fields, "updated_at"])


def _set_state(job: ImportJob, state: str) -> None:
    job.state = state
    ImportJob.objects.filter(pk=job.pk).update(state=state, updated_at=timezone.now())


@task()
def process_import(job_id: int, step: str) -> None:
    run_job(job_id, step)


def enqueue(job: ImportJob, step: str) -> None:
    """Queue a step once the surrounding transaction has committed the job's state."""
    job_id = job.pk

    def send() -> Any:
        return process_import.enqueue(job_id, step)

    transaction.on_commit(send)
