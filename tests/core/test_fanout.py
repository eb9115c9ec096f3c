"""National runs fanned out per agency (formasi.core.fanout): one part per agency, the last
part queues the combine step exactly once, parts are idempotent, dead workers' parts are
retried. Tasks run in-process here (ImmediateBackend); tests/core/test_fanout_workers.py runs
them on two real worker processes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from formasi.core import fanout, jobs
from formasi.core.fanout_services import (
    claim_part,
    on_dead_part,
    requeue_forgotten,
    save_part,
    start_fanout,
)
from formasi.core.models import FanOutPart, FanOutRun
from formasi.workload.fanout import KIND, gaps_of
from formasi.workload.services import gap_summary
from tests import builders as build

pytestmark = pytest.mark.django_db


def _sizes(agency_id: int, params: dict[str, Any]) -> dict[str, Any]:
    if agency_id in params.get("fail", []):
        raise ValueError("this agency fails")
    return {"id": agency_id, "times": agency_id * params.get("factor", 1)}


def _sum(parts: dict[int, dict[str, Any]], params: dict[str, Any]) -> dict[str, Any]:
    return {"sum": sum(p["times"] for p in parts.values()), "agencies": sorted(parts)}


@pytest.fixture(autouse=True)
def _test_kind() -> None:
    fanout.register_kind("test_sum", part=_sizes, combine=_sum)


def test_a_national_needs_summary_equals_the_one_query(
    django_capture_on_commit_callbacks: Any,
) -> None:
    ids = [a.pk for a in build.national_world(seed=7, agencies=5)]
    with django_capture_on_commit_callbacks(execute=True):
        run = start_fanout(kind=KIND, agency_ids=ids, actor=None)
    run.refresh_from_db()
    assert (run.state, run.done, run.total) == (FanOutRun.State.DONE, 5, 5)
    assert gaps_of(run.result) == gap_summary(ids)
    assert run.parts.filter(state=FanOutPart.State.DONE).count() == 5


def test_the_last_part_and_only_it_queues_the_combine_step(
    django_capture_on_commit_callbacks: Any,
) -> None:
    agencies = build.national_world(seed=3, agencies=3)
    ids = [a.pk for a in agencies]
    with django_capture_on_commit_callbacks(execute=False):  # nothing runs by itself
        run = start_fanout(kind="test_sum", agency_ids=ids, params={"factor": 2}, actor=None)
    parts = list(run.parts.order_by("agency_id"))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert claim_part(parts[0].pk)
        assert not claim_part(parts[0].pk)  # a second delivery of the same task
        assert save_part(parts[0].pk, {"times": 1}) is False
        assert save_part(parts[0].pk, {"times": 1}) is False  # computed twice: counted once
        assert save_part(parts[1].pk, {"times": 2}) is False
    assert queued == []
    run.refresh_from_db()
    assert (run.done, run.state) == (2, FanOutRun.State.RUNNING)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        assert save_part(parts[2].pk, {"times": 3}) is True
    assert len(queued) == 1  # the combine step
    with django_capture_on_commit_callbacks(execute=False) as again:
        assert save_part(parts[2].pk, {"times": 3}) is False  # a retry after the combine
    assert again == []
    run.refresh_from_db()
    assert run.state == FanOutRun.State.DONE
    assert run.result == {"sum": 6, "agencies": ids}
    assert FanOutPart.objects.filter(run=run).count() == 3


def test_a_part_whose_worker_died_is_computed_again_then_given_up(
    django_capture_on_commit_callbacks: Any,
) -> None:
    ids = [a.pk for a in build.national_world(seed=4, agencies=2)]
    with django_capture_on_commit_callbacks(execute=False):
        run = start_fanout(kind="test_sum", agency_ids=ids, actor=None)
    part = run.parts.order_by("agency_id").first()
    assert part is not None
    FanOutPart.objects.filter(pk=part.pk).update(
        state=FanOutPart.State.RUNNING, attempts=1, heartbeat_at=None
    )
    part.refresh_from_db()
    assert jobs.is_dead(part)  # running without a heartbeat
    with django_capture_on_commit_callbacks(execute=True) as queued:
        jobs.expire_if_dead(part)
    assert len(queued) == 1
    part.refresh_from_db()
    assert (part.state, part.result) == (FanOutPart.State.DONE, {"id": ids[0], "times": ids[0]})

    other = run.parts.exclude(pk=part.pk).get()
    FanOutPart.objects.filter(pk=other.pk).update(
        state=FanOutPart.State.RUNNING, attempts=jobs.MAX_ATTEMPTS
    )
    other.refresh_from_db()
    on_dead_part(other)
    other.refresh_from_db()
    run.refresh_from_db()
    assert other.state == run.state == "failed"
    assert "pekerja latar belakang mati" in run.error


def test_a_part_that_raises_fails_the_run(django_capture_on_commit_callbacks: Any) -> None:
    ids = [a.pk for a in build.national_world(seed=5, agencies=3)]
    with django_capture_on_commit_callbacks(execute=True):
        run = start_fanout(kind="test_sum", agency_ids=ids, params={"fail": [ids[1]]}, actor=None)
    run.refresh_from_db()
    assert run.state == FanOutRun.State.FAILED
    assert "this agency fails" in run.error
    assert run.result is None


def test_a_run_over_no_agency_is_combined_at_once(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = start_fanout(kind="test_sum", agency_ids=[], actor=None)
    run.refresh_from_db()
    assert (run.state, run.total, run.result) == ("done", 0, {"sum": 0, "agencies": []})


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(LookupError):
        start_fanout(kind="no_such_kind", agency_ids=[1], actor=None)
    assert not FanOutRun.objects.exists()


def _later(seconds: float) -> Any:
    return timezone.now() + jobs.lease() + timedelta(seconds=seconds)


def test_parts_and_a_combine_step_whose_tasks_were_never_queued_are_queued_again(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The process died between the commit and the enqueue: nothing is in the queue."""
    ids = [a.pk for a in build.national_world(seed=8, agencies=3)]
    with django_capture_on_commit_callbacks(execute=False):  # the enqueues are lost
        run = start_fanout(kind="test_sum", agency_ids=ids, actor=None)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        assert requeue_forgotten() == 0  # waiting less than the lease: left alone
    assert queued == []
    with django_capture_on_commit_callbacks(execute=False):
        assert requeue_forgotten(_later(1)) == 3
        assert requeue_forgotten(_later(1)) == 0  # stamped: not again within a lease
    parts = list(run.parts.order_by("agency_id"))
    for part in parts[:-1]:
        assert claim_part(part.pk) and save_part(part.pk, {"times": 1}) is False
    assert claim_part(parts[-1].pk)
    with django_capture_on_commit_callbacks(execute=False):  # the combine's enqueue is lost
        assert save_part(parts[-1].pk, {"times": 1}) is True
    run.refresh_from_db()
    assert run.state == FanOutRun.State.TO_COMBINE
    with django_capture_on_commit_callbacks(execute=True) as queued:
        assert requeue_forgotten(_later(1)) == 1
    assert len(queued) == 1
    run.refresh_from_db()
    assert (run.state, run.result) == ("done", {"sum": 3, "agencies": ids})


def test_a_part_whose_task_waits_in_the_database_queue_is_not_queued_twice(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ids = [a.pk for a in build.national_world(seed=9, agencies=2)]
    with django_capture_on_commit_callbacks(execute=True):  # two task rows, READY
        run = start_fanout(kind="test_sum", agency_ids=ids, actor=None)
    waiting = DBTaskResult.objects.filter(task_path="formasi.core.fanout.run_part")
    assert waiting.count() == 2
    first = waiting.order_by("pk").first()
    assert first is not None
    DBTaskResult.objects.filter(pk=first.pk).update(status=TaskResultStatus.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_forgotten(_later(1)) == 1  # the part of the failed row only
    assert waiting.filter(status=TaskResultStatus.READY).count() == 2
    assert run.parts.filter(state="queued").count() == 2
