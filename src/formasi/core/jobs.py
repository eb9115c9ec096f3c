"""Leases of background jobs: a job whose worker died is found and retried or failed.

A worker (``formasi db_worker``, or ``formasi rq_worker`` with tasks on Redis) stamps the
job's ``heartbeat_at`` when it starts it and then every quarter of the lease from a side
thread (:func:`heartbeat`), so a long computation without progress reports stays alive. A
job in a working state whose stamp is older than ``FORMASI_JOB_LEASE_SECONDS`` lost its
worker (killed, machine gone): :func:`sweep` (run by every worker at start and periodically,
and by :func:`expire_if_dead` when a page or the API reads a job) hands it to its kind's
``on_dead``, which re-queues it when that is safe (idempotent work, fewer than
:data:`MAX_ATTEMPTS` starts) or marks it failed with a message the user understands.
django-tasks-db's own rows of such tasks stay ``RUNNING`` forever (its
``prune_db_task_results`` removes finished rows only), so the sweep fails them too; RQ fails
its own (:mod:`formasi.core.rq_backend`).

Apps register their job kinds from ``AppConfig.ready`` (core imports no app). On SQLite a
write transaction blocks the heartbeat thread, so the lease must exceed the longest single
save (an import commit); on PostgreSQL the heartbeat runs beside it.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections, models, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# A job is started at most this many times (the first run and two automatic retries).
MAX_ATTEMPTS = 3

WORKER_DIED = _(
    "The process stopped because the background worker died. Nothing was saved; "
    "please run it again."
)
WORKER_DIED_COMMIT = _(
    "Writing stopped because the background worker died. Nothing was written; "
    "press “Write these changes” to try again."
)


@dataclass(frozen=True)
class JobKind:
    """A model whose rows are jobs a worker runs, and what to do when its worker died.

    ``working`` are the states in which a worker holds the job (the lease applies);
    ``queued`` the states in which it waits for a worker. ``on_dead(job)`` runs inside a
    transaction with the row locked and re-queues or fails it. ``task_path`` names the
    django-tasks function whose first argument is the job's id; ``start(job)`` queues it.
    """

    model: type[models.Model]
    working: tuple[str, ...]
    queued: tuple[str, ...]
    on_dead: Callable[[Any], None]
    task_path: str
    manager: str = "objects"
    #: Queues a new job once the surrounding transaction commits (see :func:`start`).
    start: Callable[[Any], None] | None = None

    def rows(self) -> models.QuerySet[Any]:
        return getattr(self.model, self.manager).all()  # type: ignore[no-any-return]


_KINDS: list[JobKind] = []
_CLEANUPS: list[Callable[[], object]] = []


def register(kind: JobKind) -> None:
    if all(k.model is not kind.model for k in _KINDS):
        _KINDS.append(kind)


def register_cleanup(cleanup: Callable[[], object]) -> None:
    """A periodic cleanup the worker's sweep also runs (e.g. forgetting old uploads)."""
    if cleanup not in _CLEANUPS:
        _CLEANUPS.append(cleanup)


def start(job: models.Model) -> None:
    """Queue ``job`` through the task its app registered, so a service that creates a job
    needs no import of its own app's tasks module (which imports the service)."""
    kind = _kind_of(job)
    if kind is None or kind.start is None:
        raise LookupError(f"no job kind with a start function for {type(job).__name__}")
    kind.start(job)


@dataclass(frozen=True)
class Restartable:
    """How a job kind whose work is idempotent and saved in one write at the end is queued
    (``start``) and handled when its worker died (``on_dead``): queued again until it has
    been started :data:`MAX_ATTEMPTS` times, then failed with :data:`WORKER_DIED`. Made by
    :func:`restartable` for a :class:`formasi.core.models.BackgroundJob` model."""

    kind: JobKind
    start: Callable[[Any], None]
    on_dead: Callable[[Any], None]


def restartable(model: Any, task: Any, *, manager: str = "unscoped") -> Restartable:
    """The :class:`Restartable` of ``model`` (a ``BackgroundJob``) run by the django-tasks
    ``task`` (its one argument: the job's id). Register its ``kind`` from the app's ready()."""

    def rows() -> models.QuerySet[Any]:
        return getattr(model, manager).all()  # type: ignore[no-any-return]

    def send(pk: Any) -> None:
        transaction.on_commit(lambda: task.enqueue(pk))

    def start(job: Any) -> None:
        """Queue the job once the surrounding transaction has committed its row."""
        rows().filter(pk=job.pk).update(attempts=0)
        send(job.pk)

    def on_dead(job: Any) -> None:
        """The job's worker died: queue it again, or give up with a message."""
        if job.attempts < MAX_ATTEMPTS:
            rows().filter(pk=job.pk).update(state=model.State.QUEUED, progress=0, heartbeat_at=None)
            send(job.pk)
            return
        with translation.override(settings.LANGUAGE_CODE):
            error = str(WORKER_DIED)
        rows().filter(pk=job.pk).update(state=model.State.FAILED, error=error)

    kind = JobKind(
        model=model,
        manager=manager,
        working=(model.State.RUNNING,),
        queued=(model.State.QUEUED,),
        on_dead=on_dead,
        task_path=task.module_path,
        start=start,
    )
    return Restartable(kind=kind, start=start, on_dead=on_dead)


def run(rows: models.QuerySet[Any], pk: Any, work: Callable[[Any], object]) -> None:
    """The body of a job's task: ``work(job)`` with the job's heartbeat beating, logged (not
    raised) when it fails, nothing when the row was deleted meanwhile (a newer job replaced
    it). ``work`` records its own failure on the row."""
    job = rows.filter(pk=pk).first()
    if job is None:
        return
    try:
        with heartbeat(rows.all(), pk):
            work(job)
    except Exception:
        logger.exception("%s %s failed", rows.model.__name__, pk)


def kinds() -> list[JobKind]:
    return list(_KINDS)


def lease() -> timedelta:
    return timedelta(seconds=settings.FORMASI_JOB_LEASE_SECONDS)


def cutoff(now: datetime | None = None) -> datetime:
    """Stamps older than this belong to dead workers."""
    return (now or timezone.now()) - lease()


def _kind_of(job: models.Model) -> JobKind | None:
    return next((k for k in _KINDS if isinstance(job, k.model)), None)


def _stale(kind: JobKind, limit: datetime) -> Q:
    return Q(state__in=kind.working) & (Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=limit))


def is_dead(job: Any, now: datetime | None = None) -> bool:
    """A job a worker holds whose worker has not shown a sign of life within the lease."""
    kind = _kind_of(job)
    if kind is None or job.state not in kind.working:
        return False
    return job.heartbeat_at is None or job.heartbeat_at < cutoff(now)


def expire_if_dead(job: Any) -> Any:
    """Called where a page or the API reads one job: a dead job is retried or failed now
    (and re-read), so no one looks at "running" forever. No query when the job is alive."""
    if not is_dead(job):
        return job
    kind = _kind_of(job)
    assert kind is not None
    _expire(kind, job.pk)
    job.refresh_from_db()
    return job


def _expire(kind: JobKind, pk: Any, *, claimed_dead: bool = False) -> bool:
    """Hand one dead job to its kind, re-checking under the row lock (a worker may have
    stamped it meanwhile). ``claimed_dead``: a queued job whose task a dead worker held."""
    with transaction.atomic():
        job = kind.rows().select_for_update().filter(pk=pk).first()
        if job is None:
            return False
        if claimed_dead:
            if job.state not in kind.queued:
                return False
        elif not is_dead(job):
            return False
        logger.warning("%s %s lost its worker (state %s)", kind.model.__name__, pk, job.state)
        kind.on_dead(job)
        return True


def sweep(now: datetime | None = None) -> int:
    """Retry or fail every job whose worker died, fail the task rows those workers held,
    and run the registered cleanups. Returns how many jobs were handed on."""
    limit = cutoff(now)
    handed_on: set[tuple[type[models.Model], Any]] = set()
    for kind in _KINDS:
        for pk in kind.rows().filter(_stale(kind, limit)).values_list("pk", flat=True):
            if _expire(kind, pk):
                handed_on.add((kind.model, pk))
    handled = len(handed_on) + _sweep_task_results(limit, handed_on)
    for cleanup in _CLEANUPS:
        cleanup()
    return handled


def pending_tasks(task_paths: set[str]) -> set[tuple[str, Any]]:
    """(task path, first argument) of the tasks of ``task_paths`` waiting or running in the
    task backend's queue: the database backend's rows, or RQ's queues; empty for a backend
    that keeps no queue (the in-process ones of tests and the demo)."""
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from formasi.core import rq_backend

    if rq_backend.selected():
        return {found for found in rq_backend.pending() if found[0] in task_paths}
    if not isinstance(task_backends["default"], DatabaseBackend):
        return set()
    rows = DBTaskResult.objects.filter(
        task_path__in=sorted(task_paths),
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).values_list("task_path", "args_kwargs")
    return {(path, ((found or {}).get("args") or [None])[0]) for path, found in rows}


def _sweep_task_results(limit: datetime, handed_on: set[tuple[type[models.Model], Any]]) -> int:
    """The task backend's own records of tasks whose worker died: RQ's (on Redis) or
    django-tasks-db's (also the rows tests leave with the immediate backend)."""
    from formasi.core import rq_backend

    if rq_backend.selected():
        return _sweep_rq_jobs(handed_on)
    return _sweep_db_task_results(limit, handed_on)


def _sweep_rq_jobs(handed_on: set[tuple[type[models.Model], Any]]) -> int:
    """RQ fails the tasks of dead workers itself (:mod:`formasi.core.rq_backend`); a job still
    queued whose task a dead worker had taken is handed on like a dead one."""
    from formasi.core import rq_backend

    by_path = {k.task_path: k for k in _KINDS}
    handled = 0
    for path, pk in rq_backend.abandoned(set(by_path)):
        kind = by_path[path]
        if pk is not None and (kind.model, pk) not in handed_on:
            handled += _expire(kind, pk, claimed_dead=True)
    return handled


def _sweep_db_task_results(limit: datetime, handed_on: set[tuple[type[models.Model], Any]]) -> int:
    """django-tasks-db marks a claimed task RUNNING and never looks at it again: a killed
    worker leaves it so. Fail those whose job is not alive; a queued job whose task a dead
    worker had claimed (killed before the first stamp) is handed on like a dead one."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    READY, RUNNING = TaskResultStatus.READY, TaskResultStatus.RUNNING
    FAILED = TaskResultStatus.FAILED

    handled = 0
    by_path = {k.task_path: k for k in _KINDS}
    stale = DBTaskResult.objects.filter(
        status=RUNNING, started_at__lt=limit, task_path__in=list(by_path)
    )
    for result in stale:
        kind = by_path[result.task_path]
        args = (result.args_kwargs or {}).get("args") or []
        job = kind.rows().filter(pk=args[0]).first() if args else None
        if job is not None and job.state in kind.working and not is_dead(job):
            continue  # a retry of the same job is running: leave this row for later
        updated = DBTaskResult.objects.filter(pk=result.pk, status=RUNNING).update(
            status=FAILED,
            finished_at=timezone.now(),
            exception_class_path="formasi.core.jobs.WorkerDied",
            traceback="The worker holding this task stopped sending signs of life.",
        )
        if (
            updated
            and job is not None
            and job.state in kind.queued
            and (kind.model, job.pk) not in handed_on  # re-queued a moment ago
        ):
            others = DBTaskResult.objects.filter(
                task_path=result.task_path, status__in=[READY, RUNNING], args_kwargs__args__0=job.pk
            )
            if not others.exists():
                handled += _expire(kind, job.pk, claimed_dead=True)
    return handled


# --------------------------------------------------------------------------- the worker side


@contextmanager
def heartbeat(rows: models.QuerySet[Any], pk: Any) -> Iterator[None]:
    """Hold a job's lease while the block runs: count the attempt and stamp the job now,
    then every quarter of the lease from a side thread (its own database connection)."""
    rows.filter(pk=pk).update(heartbeat_at=timezone.now(), attempts=F("attempts") + 1)
    stop = threading.Event()
    interval = max(lease().total_seconds() / 4, 0.2)

    def beat() -> None:
        try:
            while not stop.wait(interval):
                try:
                    rows.filter(pk=pk).update(heartbeat_at=timezone.now())
                except DatabaseError:  # SQLite: the job's own write transaction holds the lock
                    logger.debug("heartbeat of %s %s delayed", rows.model.__name__, pk)
        finally:
            connections.close_all()

    thread = threading.Thread(target=beat, name=f"heartbeat-{pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval + 30)


def checkpoint(point: str) -> None:
    """A named point in a job where tests may hold the worker until they kill it: with
    ``FORMASI_TEST_PAUSE_AT`` equal to ``point``, touch ``FORMASI_TEST_PAUSE_FILE`` and wait
    forever. Does nothing otherwise (both variables are for tests only)."""
    if not point or os.environ.get("FORMASI_TEST_PAUSE_AT") != point:
        return
    Path(os.environ["FORMASI_TEST_PAUSE_FILE"]).write_text(point)
    while True:
        time.sleep(1)


# Heartbeat rows of workers not seen for this long are forgotten.
FORGET_WORKERS_AFTER = timedelta(days=7)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def worker_alive(name: str, now: datetime | None = None) -> None:
    """Stamp this worker's heartbeat row (read by ``formasi check``), and forget workers
    silent for a week."""
    from formasi.core.models import WorkerHeartbeat

    now = now or timezone.now()
    updated = WorkerHeartbeat.objects.filter(name=name).update(seen_at=now)
    if not updated:
        WorkerHeartbeat.objects.update_or_create(
            name=name,
            defaults={"seen_at": now},
            create_defaults={"started_at": now, "seen_at": now},
        )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_WORKERS_AFTER).delete()


# Held by a worker's sweep thread while it uses the database: an RQ worker forks its work horse
# outside it (formasi rq_worker), so a child never inherits a connection in use (SQLite's locks
# do not survive a fork).
SWEEP_ROUND = threading.Lock()


class PeriodicSweep:
    """The worker's sweep and its heartbeat: once now, then every half lease, in a daemon
    thread."""

    def __init__(self) -> None:
        self.name = worker_name()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="job-sweep", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _run(self) -> None:
        interval = max(lease().total_seconds() / 2, 1.0)
        try:
            while True:
                with SWEEP_ROUND:
                    # a connection broken meanwhile (PostgreSQL restarted) is replaced
                    close_old_connections()
                    try:
                        sweep()
                    except DatabaseError:
                        logger.exception("job sweep failed; trying again later")
                    try:  # after the sweep, which it must never delay
                        worker_alive(self.name)
                    except DatabaseError:
                        logger.warning("worker heartbeat not written; trying again later")
                    connections.close_all()  # see SWEEP_ROUND
                if self.stop.wait(interval):
                    return
        finally:
            connections.close_all()
