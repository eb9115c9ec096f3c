"""An RQ worker for tasks on Redis (``FORMASI_TASKS=rq``, docs/deploy.md): django-rq's
``rqworker`` on the task backend's queues, with django-tasks-rq's job class, plus what
``formasi db_worker`` adds — the lease sweep of :mod:`formasi.core.jobs` and the worker's
heartbeat row read by ``formasi check``, at start and every half lease, from a side thread of
the main process (RQ forks a work horse per task)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django_rq.management.commands import rqworker
from rq import Worker as ForkingWorker

from formasi.core import rq_backend
from formasi.core.jobs import SWEEP_ROUND, PeriodicSweep


class Worker(ForkingWorker):
    """RQ's worker, which runs each task in a forked work horse, forking only between two
    rounds of the sweep thread (a child must not inherit a database connection in use)."""

    def fork_work_horse(self, job: Any, queue: Any) -> None:
        with SWEEP_ROUND:
            super().fork_work_horse(job, queue)


class Command(rqworker.Command):
    help = "Run an RQ worker for tasks on Redis that also retries or fails jobs of dead workers"

    def handle(self, *args: str, **options: Any) -> None:
        if not rq_backend.selected():
            raise CommandError(
                "tasks are not on Redis: set FORMASI_TASKS=rq and FORMASI_RQ_URL, "
                "or run formasi db_worker"
            )
        options["worker_class"] = options.get("worker_class") or Worker
        PeriodicSweep().start()
        super().handle(*(args or settings.TASKS["default"]["QUEUES"]), **options)
