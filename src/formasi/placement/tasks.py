"""Background computation of a placement run (django-tasks, db backend), like the five-year
plan's scenarios: the page queues the run and polls its progress."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django_tasks import task

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
        services.compute(run, actor=actor)
    except Exception:
        logger.exception("placement run %s failed", run_id)


def enqueue(run: PlacementRun) -> None:
    """Queue the computation once the surrounding transaction has committed the run."""
    run_id, actor_id = run.pk, run.created_by_id

    def send() -> Any:
        return compute_run.enqueue(run_id, actor_id)

    transaction.on_commit(send)
