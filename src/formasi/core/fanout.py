"""National runs fanned out per agency: one background task per agency plus a combine step.

A *kind* of national run (the needs summary, the five-year projection, the proposals view)
is registered by its app from ``AppConfig.ready`` with two plain functions: ``part(agency_id,
params)`` computes one agency's partial result (a JSON-able dict), ``combine(parts, params)``
turns every agency's part (``{agency_id: part}``) into the national result. Core runs them:

* :func:`formasi.core.fanout_services.start_fanout` writes a :class:`~formasi.core.models.
  FanOutRun` with one :class:`~formasi.core.models.FanOutPart` per agency and queues one
  :func:`run_part` task per part once the transaction commits, so any number of workers
  (``formasi db_worker``, SKIP LOCKED on PostgreSQL) take them in parallel.
* :func:`run_part` is idempotent: it computes, then under the run's row lock upserts the
  part's result keyed by (run, agency), counts the parts done and, when the count reaches the
  total for the first time, marks the run ``to_combine`` and queues :func:`combine` — the
  lock makes that "last part" decision race-free, and a part computed twice (a retry after
  its worker died, a task delivered twice) changes nothing.
* :func:`combine` reads the parts and stores the run's result; it is idempotent too.

Each part and the combine step hold a lease (``formasi.core.jobs``): a part whose worker died
is queued again (up to ``MAX_ATTEMPTS`` starts), as is a combine step.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django_tasks import task

from formasi.core import fanout_services as services
from formasi.core import jobs
from formasi.core.models import FanOutPart, FanOutRun

logger = logging.getLogger(__name__)

Part = Callable[[int, dict[str, Any]], dict[str, Any]]
Combine = Callable[[dict[int, dict[str, Any]], dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class FanOutKind:
    """A kind of national run: its name and its part and combine functions."""

    name: str
    part: Part
    combine: Combine


_KINDS: dict[str, FanOutKind] = {}


def register_kind(name: str, *, part: Part, combine: Combine) -> None:
    _KINDS[name] = FanOutKind(name, part, combine)


def kind(name: str) -> FanOutKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"no national run kind {name!r}") from None


def kinds() -> list[str]:
    return sorted(_KINDS)


@task()
def run_part(part_id: int) -> None:
    """Compute one agency's part and record it (see the module docstring)."""
    part = FanOutPart.objects.select_related("run").filter(pk=part_id).first()
    if part is None or part.state == FanOutPart.State.DONE:  # deleted, or done already
        return
    run = part.run
    if not services.claim_part(part_id):
        return
    try:
        with jobs.heartbeat(FanOutPart.objects.all(), part_id):
            jobs.checkpoint(f"fanout.{run.kind}.part")
            result = kind(run.kind).part(part.agency_id, run.params)
    except Exception as error:
        logger.exception("national run %s: part of agency %s failed", run.pk, part.agency_id)
        services.fail_part(part_id, error)
        return
    services.save_part(part_id, result)


@task()
def combine(run_id: int) -> None:
    """Combine the parts of a run whose parts are all done, and store the result."""
    if not services.claim_combine(run_id):
        return
    run = FanOutRun.objects.get(pk=run_id)
    try:
        with jobs.heartbeat(FanOutRun.objects.all(), run_id):
            jobs.checkpoint(f"fanout.{run.kind}.combine")
            parts = services.part_results(run_id)
            result = kind(run.kind).combine(parts, run.params)
    except Exception as error:
        logger.exception("national run %s: combining failed", run_id)
        services.fail_run(run_id, error)
        return
    services.save_result(run_id, result)


def register() -> None:
    """Leases of the parts and of the combine step, and the sweep that queues again a part or
    combine step whose task was never queued (called from core's AppConfig.ready)."""
    jobs.register_cleanup(services.requeue_forgotten)
    jobs.register(
        jobs.JobKind(
            model=FanOutPart,
            working=(FanOutPart.State.RUNNING,),
            queued=(FanOutPart.State.QUEUED,),
            on_dead=services.on_dead_part,
            task_path=f"{__name__}.run_part",
        )
    )
    jobs.register(
        jobs.JobKind(
            model=FanOutRun,
            working=(FanOutRun.State.COMBINING,),
            queued=(FanOutRun.State.TO_COMBINE,),
            on_dead=services.on_dead_combine,
            task_path=f"{__name__}.combine",
        )
    )
