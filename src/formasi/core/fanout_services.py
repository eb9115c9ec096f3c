"""The writes of national runs fanned out per agency (``formasi.core.fanout``): start a run,
claim, save or fail a part, combine, and hand on a part or combine step whose worker died.

The "last part queues the combine step" decision is taken under the run row's lock
(``select_for_update``; SQLite's IMMEDIATE transactions serialise the same way): the part's
result is upserted and the done parts are counted inside that lock, so of two parts finishing
together exactly one sees the full count, and a part saved twice counts once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
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
        parts = FanOutPart.objects.bulk_create(FanOutPart(run=run, agency_id=a) for a in ids)
        for part in parts:
            _queue_part(part.pk)
        if not ids:
            FanOutRun.objects.filter(pk=run.pk).update(state=Run.TO_COMBINE)
            _queue_combine(run.pk)
    return run


def claim_part(part_id: int) -> bool:
    """Take a queued part; False when another worker holds it or it is finished."""
    return bool(FanOutPart.objects.filter(pk=part_id, state=Part.QUEUED).update(state=Part.RUNNING))


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
        FanOutRun.objects.filter(pk=run.pk).update(
            done=done, **({"state": Run.TO_COMBINE} if last else {})
        )
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
    return bool(
        FanOutRun.objects.filter(pk=run_id, state=Run.TO_COMBINE).update(state=Run.COMBINING)
    )


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
        FanOutPart.objects.filter(pk=part.pk).update(state=Part.QUEUED, heartbeat_at=None)
        _queue_part(part.pk)
        return
    FanOutPart.objects.filter(pk=part.pk).update(state=Part.FAILED, error=_worker_died())
    FanOutRun.objects.filter(pk=part.run_id).update(state=Run.FAILED, error=_worker_died())


def on_dead_combine(run: FanOutRun) -> None:
    """The worker combining this run died: combine again, or fail the run."""
    if run.attempts < jobs.MAX_ATTEMPTS:
        FanOutRun.objects.filter(pk=run.pk).update(state=Run.TO_COMBINE, heartbeat_at=None)
        _queue_combine(run.pk)
        return
    FanOutRun.objects.filter(pk=run.pk).update(state=Run.FAILED, error=_worker_died())
