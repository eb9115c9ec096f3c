"""Tasks on Redis (formasi.core.rq_backend, issue 21): the settings an operator sets, what
``formasi check`` says of RQ's workers, and the sweep of a task a dead RQ worker had taken,
against the machine's Redis (a database of each test's own, emptied: tests/core/builders.py).
Real worker processes: test_rq_worker.py."""

from __future__ import annotations

import runpy
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation
from rq import Queue
from rq.job import Job, JobStatus
from rq.registry import StartedJobRegistry

import formasi
from formasi.core import health, jobs, rq_backend
from formasi.core.env import BadSetting
from formasi.core.fanout_services import requeue_forgotten, start_fanout
from formasi.core.models import FanOutPart
from tests import builders as build
from tests.core import builders as core_build

RQ_TASKS = {"default": {"BACKEND": rq_backend.BACKEND, "QUEUES": ["default"]}}


def _tasks_on(settings: Any, url: str) -> None:
    """Tasks on the Redis of ``url``, as the settings make them with FORMASI_TASKS=rq."""
    settings.TASKS = RQ_TASKS
    settings.RQ_QUEUES = {"default": {"URL": url, "DEFAULT_TIMEOUT": -1}}
    settings.RQ = {"JOB_CLASS": "django_tasks_rq.Job"}


def _on_redis(settings: Any, database: int) -> Any:
    """Tasks on RQ's test database ``database``, emptied; a connection to it."""
    url, redis = core_build.rq_database(database)
    _tasks_on(settings, url)
    return redis


def _settings(monkeypatch: Any, **env: str) -> dict[str, Any]:
    for name in ("FORMASI_TASKS", "FORMASI_RQ_URL", "TASKS_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(formasi.__file__).parent / "settings.py"))


def test_an_operator_puts_tasks_on_redis_with_two_settings(monkeypatch: Any) -> None:
    default = _settings(monkeypatch)
    assert default["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "django_rq" not in default["INSTALLED_APPS"] and "RQ_QUEUES" not in default

    url = "redis://redis.example.go.id:6379/2"
    chosen = _settings(monkeypatch, FORMASI_TASKS="rq", FORMASI_RQ_URL=url)
    assert chosen["TASKS"]["default"]["BACKEND"] == rq_backend.BACKEND
    assert "django_rq" in chosen["INSTALLED_APPS"]
    assert chosen["RQ_QUEUES"]["default"]["URL"] == url


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"FORMASI_TASKS": "rq"}, "FORMASI_RQ_URL"),
        ({"FORMASI_TASKS": "rq", "FORMASI_RQ_URL": "http://127.0.0.1:6379"}, "redis://"),
        ({"FORMASI_TASKS": "celery"}, "'db' or 'rq'"),
    ],
)
def test_a_wrong_task_setting_stops_with_what_to_set(
    monkeypatch: Any, env: dict[str, str], names: str
) -> None:
    with pytest.raises(BadSetting, match=names):
        _settings(monkeypatch, **env)


@pytest.mark.django_db
def test_check_reads_rq_workers_heartbeats_and_the_tasks_waiting_on_redis(settings: Any) -> None:
    from formasi.core import fanout

    _on_redis(settings, 10)
    fanout.run_part.enqueue(0)
    with translation.override("en"):
        none = health.workers()
        assert none.status == health.FAIL
        assert "1 task waiting" in none.detail and "Start one: formasi rq_worker" in none.detail
        jobs.worker_alive("rq-1:42", now=timezone.now() - timedelta(seconds=5))
        alive = health.workers()
    assert alive.status == health.OK
    assert "1 worker alive (rq-1:42)" in alive.detail and "1 task waiting" in alive.detail


@pytest.mark.django_db
def test_check_fails_when_redis_is_out_of_reach(settings: Any) -> None:
    _tasks_on(settings, "redis://127.0.0.1:1/0")
    with translation.override("en"):
        finding = health.workers()
    assert finding.status == health.FAIL and finding.detail.startswith("cannot reach Redis")


def _taken_by_a_dead_worker(redis: Any, job_id: str) -> None:
    """What a worker killed right after taking ``job_id`` leaves: the job started, out of
    the queue, its entry in the started registry run out."""
    queue = Queue("default", connection=redis)
    queue.remove(job_id)
    Job.fetch(job_id, connection=redis).set_status(JobStatus.STARTED)
    redis.zadd(StartedJobRegistry(queue=queue).key, {f"{job_id}:dead-execution": 1})


@pytest.mark.django_db
def test_a_part_a_dead_rq_worker_took_before_its_first_heartbeat_is_queued_again(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    redis = _on_redis(settings, 11)
    (agency,) = build.national_world(seed=5, agencies=1)
    with django_capture_on_commit_callbacks(execute=True):
        run = start_fanout(kind="needs_summary", agency_ids=[agency.pk], actor=None)
    queue = Queue("default", connection=redis)
    (taken,) = queue.get_job_ids()
    _taken_by_a_dead_worker(redis, taken)
    assert queue.count == 0  # nothing would ever run the part

    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.sweep() == 1
    assert Job.fetch(taken, connection=redis).get_status() == JobStatus.FAILED  # by RQ
    (again,) = queue.get_jobs()
    part = FanOutPart.objects.get(run=run)
    assert again.func_name == "formasi.core.fanout.run_part" and list(again.args) == [part.pk]
    assert part.state == FanOutPart.State.QUEUED

    # A second dead copy of the same part: the part already waits on Redis, so not again.
    _taken_by_a_dead_worker(redis, again.id)
    queue.enqueue_job(queue.create_job("formasi.core.fanout.run_part", args=[part.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.sweep() == 0
    assert queue.count == 1


def test_rq_worker_refuses_when_tasks_are_not_redis() -> None:
    with pytest.raises(CommandError, match="FORMASI_TASKS=rq"):
        call_command("rq_worker", "--burst")


@pytest.mark.django_db
def test_a_part_waiting_on_redis_is_not_queued_again_and_a_lost_one_is(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The sweep of lost enqueues (``fanout_services.requeue_forgotten``) reads RQ's queue:
    a part that has waited longer than the lease but whose task is on Redis is left alone."""
    redis = _on_redis(settings, 14)
    agencies = build.national_world(seed=6, agencies=2)
    with django_capture_on_commit_callbacks(execute=True):
        start_fanout(kind="needs_summary", agency_ids=[a.pk for a in agencies], actor=None)
    queue = Queue("default", connection=redis)
    lost, _kept = queue.get_job_ids()
    queue.remove(lost)  # its enqueue never reached Redis
    later = timezone.now() + jobs.lease() + timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_forgotten(later) == 1
    assert queue.count == 2
