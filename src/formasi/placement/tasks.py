"""Background computation of a placement run (django-tasks, db backend), like the five-year
plan's scenarios: the page queues the run and polls its progress. The computation replaces
the run's lines in one transaction, so a run whose worker died is computed again
(``formasi.core.jobs``) until it has been started MAX_ATTEMPTS times."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation
from django_tasks import task

from formasi.core import jobs
from formasi.placement import services
from formasi.placement.models import PlacementRun

logger = logging.getLogger(__name__)


@task()
def compute_run(run_id: int, actor_id: int | None = None) -> None:
    run = PlacementRun.unscoped.select_related("agency").filter(pk=run_id).first()
    if run is None:  # deleted meanwhile
        return
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    try:
        with jobs.heartbeat(PlacementRun.unscoped.all(), run_id):
            services.compute(run, actor=actor)
    except Exception:
        logger.exception("placement run %s failed", run_id)


def _send(run_id: int, actor_id: int | None) -> None:
    transaction.on_commit(lambda: compute_run.enqueue(run_id, actor_id))


def enqueue(run: PlacementRun) -> None:
    """Queue the computation once the surrounding transaction has committed the run."""
    PlacementRun.unscoped.filter(pk=run.pk).update(attempts=0)
    _send(run.pk, run.created_by_id)


def on_dead(run: PlacementRun) -> None:
    """The worker computing this run died: compute it again, or give up with a message."""
    if run.attempts < jobs.MAX_ATTEMPTS:
        PlacementRun.unscoped.filter(pk=run.pk).update(
            state=PlacementRun.State.QUEUED, progress=0, heartbeat_at=None
        )
        _send(run.pk, run.created_by_id)
        return
    with translation.override(settings.LANGUAGE_CODE):
        error = str(jobs.WORKER_DIED)
    PlacementRun.unscoped.filter(pk=run.pk).update(
        state=PlacementRun.State.FAILED, progress=100, error=error
    )


def register() -> None:
    jobs.register(
        jobs.JobKind(
            model=PlacementRun,
            manager="unscoped",
            working=(PlacementRun.State.RUNNING,),
            queued=(PlacementRun.State.QUEUED,),
            on_dead=on_dead,
            task_path=f"{__name__}.compute_run",
            start=enqueue,
        )
    )
