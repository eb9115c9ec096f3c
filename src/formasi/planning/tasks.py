"""Background work of the five-year plan (django-tasks, db backend): computing a scenario,
and making its PDF.

A scenario over a whole Pemda takes seconds (the recruitment plan is an optimisation), so the
page queues it and polls the scenario row's progress, as the import does. The computation is
idempotent (its result is saved at the end, in one write), so a scenario whose worker died
is queued again (``formasi.core.jobs``) until it has been started MAX_ATTEMPTS times. A plan
PDF (``PlanDocument``) takes WeasyPrint seconds; it too is saved in one write at the end and
made again when its worker died.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django_tasks import task

from formasi.core import jobs
from formasi.planning import export, fiveyear
from formasi.planning.models import PlanDocument, Scenario

logger = logging.getLogger(__name__)


@task()
def compute_scenario(scenario_id: int) -> None:
    scenario = Scenario.unscoped.filter(pk=scenario_id).first()
    if scenario is None:  # deleted meanwhile
        return
    try:
        with jobs.heartbeat(Scenario.unscoped.all(), scenario_id):
            fiveyear.compute(scenario)
    except Exception:
        logger.exception("scenario %s failed", scenario_id)


def _send(scenario_id: int) -> None:
    transaction.on_commit(lambda: compute_scenario.enqueue(scenario_id))


def enqueue(scenario: Scenario) -> None:
    """Queue the computation once the surrounding transaction has committed the scenario."""
    Scenario.unscoped.filter(pk=scenario.pk).update(attempts=0)
    _send(scenario.pk)


def on_dead(scenario: Scenario) -> None:
    """The worker computing this scenario died: compute it again, or give up with a message."""
    if scenario.attempts < jobs.MAX_ATTEMPTS:
        Scenario.unscoped.filter(pk=scenario.pk).update(
            state=Scenario.State.QUEUED, progress=0, heartbeat_at=None
        )
        _send(scenario.pk)
        return
    with translation.override(settings.LANGUAGE_CODE):
        error = str(jobs.WORKER_DIED)
    Scenario.unscoped.filter(pk=scenario.pk).update(state=Scenario.State.FAILED, error=error)


@task()
def make_plan_pdf(document_id: int) -> None:
    document = PlanDocument.unscoped.filter(pk=document_id).first()
    if document is None:  # deleted meanwhile (a newer document replaced it)
        return
    try:
        with jobs.heartbeat(PlanDocument.unscoped.all(), document_id):
            export.build_document(document)
    except Exception:
        logger.exception("plan document %s failed", document_id)


def _send_pdf(document_id: int) -> None:
    transaction.on_commit(lambda: make_plan_pdf.enqueue(document_id))


def enqueue_pdf(document: PlanDocument) -> None:
    """Queue making the PDF once the surrounding transaction has committed the row."""
    PlanDocument.unscoped.filter(pk=document.pk).update(attempts=0)
    _send_pdf(document.pk)


def on_dead_pdf(document: PlanDocument) -> None:
    """The worker making this PDF died: make it again, or give up with a message."""
    if document.attempts < jobs.MAX_ATTEMPTS:
        PlanDocument.unscoped.filter(pk=document.pk).update(
            state=PlanDocument.State.QUEUED, progress=0, heartbeat_at=None
        )
        _send_pdf(document.pk)
        return
    with translation.override(settings.LANGUAGE_CODE):
        error = str(jobs.WORKER_DIED)
    PlanDocument.unscoped.filter(pk=document.pk).update(
        state=PlanDocument.State.FAILED, error=error
    )


def register() -> None:
    jobs.register(
        jobs.JobKind(
            model=PlanDocument,
            manager="unscoped",
            working=(PlanDocument.State.RUNNING,),
            queued=(PlanDocument.State.QUEUED,),
            on_dead=on_dead_pdf,
            task_path=f"{__name__}.make_plan_pdf",
            start=enqueue_pdf,
        )
    )
    jobs.register(
        jobs.JobKind(
            model=Scenario,
            manager="unscoped",
            working=(Scenario.State.RUNNING,),
            queued=(Scenario.State.QUEUED,),
            on_dead=on_dead,
            task_path=f"{__name__}.compute_scenario",
        )
    )
