"""Background computation of a five-year plan scenario (django-tasks, db backend).

A scenario over a whole Pemda takes seconds (the recruitment plan is an optimisation), so the
page queues it and polls the scenario row's progress, as the import does.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django_tasks import task

from formasi.planning import fiveyear
from formasi.planning.models import Scenario

logger = logging.getLogger(__name__)


@task()
def compute_scenario(scenario_id: int) -> None:
    scenario = Scenario.unscoped.filter(pk=scenario_id).first()
    if scenario is None:  # deleted meanwhile
        return
    try:
        fiveyear.compute(scenario)
    except Exception:
        logger.exception("scenario %s failed", scenario_id)


def enqueue(scenario: Scenario) -> None:
    """Queue the computation once the surrounding transaction has committed the scenario."""
    scenario_id = scenario.pk

    def send() -> Any:
        return compute_scenario.enqueue(scenario_id)

    transaction.on_commit(send)
