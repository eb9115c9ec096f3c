"""Background work of the five-year plan (django-tasks, db backend): computing a scenario,
and making its PDF.

A scenario over a whole Pemda takes seconds (the recruitment plan is an optimisation), so the
page queues it and polls the scenario row's progress, as the import does. The computation is
idempotent (its result is saved at the end, in one write), so a scenario whose worker died
is queued again (``formasi.core.jobs.restartable``) until it has been started MAX_ATTEMPTS
times. A plan PDF (``PlanDocument``) takes WeasyPrint seconds; it too is saved in one write
at the end and made again when its worker died.
"""

from __future__ import annotations

from django_tasks import task

from formasi.core import jobs
from formasi.planning import export, fiveyear
from formasi.planning.models import PlanDocument, Scenario


@task()
def compute_scenario(scenario_id: int) -> None:
    jobs.run(Scenario.unscoped.all(), scenario_id, fiveyear.compute)


@task()
def make_plan_pdf(document_id: int) -> None:
    jobs.run(PlanDocument.unscoped.all(), document_id, export.build_document)


SCENARIOS = jobs.restartable(Scenario, compute_scenario)
#: Queue the computation once the surrounding transaction has committed the scenario.
enqueue = SCENARIOS.start
#: The worker computing this scenario died: compute it again, or give up with a message.
on_dead = SCENARIOS.on_dead
PLAN_DOCUMENTS = jobs.restartable(PlanDocument, make_plan_pdf)
#: Queue making the PDF once the surrounding transaction has committed the row.
enqueue_pdf = PLAN_DOCUMENTS.start
#: The worker making this PDF died: make it again, or give up with a message.
on_dead_pdf = PLAN_DOCUMENTS.on_dead


def register() -> None:
    jobs.register(PLAN_DOCUMENTS.kind)
    jobs.register(SCENARIOS.kind)
