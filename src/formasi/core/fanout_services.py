"""The writes of national runs fanned out per agency (``formasi.core.fanout``): start a run,
claim, save or fail a part, combine, and hand on a part or combine step whose worker died.

The "last part queues the combine step" decision is taken under the run row's lock
(``select_for_update``; SQLite's IMMEDIATE transactions serialise the same way): the part's
result is upserted and the done parts are counted inside that lock, so of two parts finishing
together exactly one sees the full count, and a part saved twice counts once.

A part or combine step is queued once its transaction commits (``on_commit``): a process that
dies between the commit and the enqueue, or a broker that refuses the enqueue, would leave it
waiting for a task that does not exist. Rows waiting for a worker carry the time they were
queued in ``heartbeat_at`` (no lease applies to a waiting row), and the workers' periodic
sweep queues again (:func:`requeue_forgotten`) those waiting longer than the lease with no
task in the backend's queue (``jobs.pending_tasks``, read once a round); a task delivered
twice does nothing, as the claim is taken once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation

from formasi.core import jobs
from formasi.core.models import FanOutPart, FanOutRun

Part = FanOutPart.State
Run = FanOutRun.State


def _queue_part(part_id: int) -> None:
    from formasi.core import fanout  # the tasks module imports this one

    transaction.on_commit(lambda: fanout.run_part.enqueue(part_id))


def _queue_combine(run_id: int) -> None:
    from formasi.core import fanout

    transaction.on_commit(lambda: fanout.combine.enqueue(run_id))


def start_fanout(
    *, kind: str, agency_ids: Sequence[int], params: dict[str, Any] | None = None,
    actor: Any,
) -> FanOutRun:  # fmt: skip
    """A national run of ``kind`` over ``agency_ids`` for ``actor`` (a user, or None for the
    system; the caller passes the agencies the actor may see): one part per agency, each
    queued once the run is committed. A run over no agency is combined at once."""
    from formasi.core import fanout

    fanout.kind(kind)  # fails early on an unknown kind
    ids = sorted(set(agency_ids))
    with transaction.atomic():
        run = FanOutRun.objects.create(
            kind=kind, params=params or {}, total=len(ids),
            created_by=actor if actor is not None and actor.pk else None,
        )  # fmt: skip
        now = timezone.now()
        parts = FanOutPart.objects.bulk_create(
            FanOutPart(run=run, agency_id=a, heartbeat_at=now) for a in ids
        )
        for part in parts:
            _queue_part(part.pk)
        if not ids:
            FanOutRun.objects.filter(pk=run.pk).update(state=Run.TO_COMBINE, heartbeat_at=now)
            _queue_combine(run.pk)
    return run


def claim_part(part_id: int) -> bool:
    """Take a queued part; False when another worker holds it or it is finished."""
    taken = FanOutPart.objects.filter(pk=part_id, state=Part.QUEUED)
    return bool(taken.update(state=Part.RUNNING, heartbeat_at=timezone.now()))


def save_part(part_id: int, result: dict[str, Any]) -> bool:
    """Record a part's result (upsert by (run, agency)) and count the run's parts done under
    its lock; the part that completes the count queues the combine step. True then."""
    with transaction.atomic():
        part = FanOutPart.objects.get(pk=part_id)
        run = FanOutRun.objects.select_for_update().get(pk=part.run_id)
        FanOutPart.objects.update_or_create(
            run_id=run.pk,
            agency_id=part.agency_id,
            defaults={"state": Part.DONE, "result": result, "error": ""},
        )
        done = FanOutPart.objects.filter(run_id=run.pk, state=Part.DONE).count()
        last = done == run.total and run.state == Run.RUNNING
        queued = {"state": Run.TO_COMBINE, "heartbeat_at": timezone.now()} if last else {}
        FanOutRun.objects.filter(pk=run.pk).update(done=done, **queued)
        if last:
            _queue_combine(run.pk)
    return last


def fail_part(part_id: int, error: BaseException) -> None:
    """A part raised: it and its run are failed (the run shows the error)."""
    with transaction.atomic():
        part = FanOutPart.objects.get(pk=part_id)
        FanOutPart.objects.filter(pk=part_id).update(state=Part.FAILED, error=repr(error))
        FanOutRun.objects.filter(pk=part.run_id).exclude(state=Run.DONE).update(
            state=Run.FAILED, error=repr(error)
        )


def claim_combine(run_id: int) -> bool:
    taken = FanOutRun.objects.filter(pk=run_id, state=Run.TO_COMBINE)
    return bool(taken.update(state=Run.COMBINING, heartbeat_at=timezone.now()))


def part_results(run_id: int) -> dict[int, dict[str, Any]]:
    """Every part's result by agency id."""
    rows = FanOutPart.objects.filter(run_id=run_id, state=Part.DONE)
    return {agency: result or {} for agency, result in rows.values_list("agency_id", "result")}


def save_result(run_id: int, result: dict[str, Any]) -> None:
    FanOutRun.objects.filter(pk=run_id, state=Run.COMBINING).update(
        state=Run.DONE, result=result, computed_at=timezone.now(), error=""
    )


def fail_run(run_id: int, error: BaseException) -> None:
    FanOutRun.objects.filter(pk=run_id).update(state=Run.FAILED, error=repr(error))


def _worker_died() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(jobs.WORKER_DIED)


def on_dead_part(part: FanOutPart) -> None:
    """The worker computing this part died: queue it again, or fail it and its run."""
    if part.attempts < jobs.MAX_ATTEMPTS:
        FanOutPart.objects.filter(pk=part.pk).update(state=Part.QUEUED, heartbeat_at=timezone.now())
        _queue_part(part.pk)
        return
    FanOutPart.objects.filter(pk=part.pk).update(state=Part.FAILED, error=_worker_died())
    FanOutRun.objects.filter(pk=part.run_id).update(state=Run.FAILED, error=_worker_died())


def on_dead_combine(run: FanOutRun) -> None:
    """The worker combining this run died: combine again, or fail the run."""
    if run.attempts < jobs.MAX_ATTEMPTS:
        FanOutRun.objects.filter(pk=run.pk).update(
            state=Run.TO_COMBINE, heartbeat_at=timezone.now()
        )
        _queue_combine(run.pk)
        return
    FanOutRun.objects.filter(pk=run.pk).update(state=Run.FAILED, error=_worker_died())


def requeue_forgotten(now: datetime | None = None) -> int:
    """Queue again the parts and combine steps that have waited for a worker longer than the
    lease with no task in the queue (see the module docstring). Returns how many."""
    from formasi.core import fanout

    now = now or timezone.now()
    waiting: list[tuple[type[models.Model], str, str, Any]] = [
        (FanOutPart, Part.QUEUED, f"{fanout.__name__}.run_part", _queue_part),
        (FanOutRun, Run.TO_COMBINE, f"{fanout.__name__}.combine", _queue_combine),
    ]
    stale = Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=jobs.cutoff(now))
    in_queue = jobs.pending_tasks({path for _m, _s, path, _send in waiting})
    queued = 0
    for model, state, task_path, send in waiting:
        rows = model.objects.filter(stale, state=state)  # type: ignore[attr-defined]
        for pk in rows.values_list("pk", flat=True):
            with transaction.atomic():
                # stamped now either way: looked at again one lease from now
                if not rows.filter(pk=pk).update(heartbeat_at=now):
                    continue  # taken or re-queued meanwhile
                if (task_path, pk) not in in_queue:
                    send(pk)
                    queued += 1
    return queued
