"""Tasks on Redis through django-tasks-rq (``FORMASI_TASKS=rq``, docs/deploy.md): what the
lease sweep (:mod:`formasi.core.jobs`) and ``formasi check`` need from RQ's own bookkeeping.

Jobs keep their leases in the database whichever backend queues them, so a job whose worker
died is found and queued again the same way. What differs is the task's own record: RQ runs
each task in a forked "work horse" and lists it in the queue's StartedJobRegistry, where the
main worker process renews it every 30 s for 90 s. When the horse is killed, the main worker
fails the RQ job at once; when the whole worker is gone (SIGKILL, machine lost), the entry
runs out 90 s later and RQ's cleanup fails it as abandoned. The sweep runs that cleanup every
half lease (RQ's workers run it only every ten minutes) and, like the database backend's
sweep, hands on a job still *queued* whose task a dead worker had taken before its first
heartbeat (nothing else would ever run it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings

BACKEND = "django_tasks_rq.RQBackend"


def selected() -> bool:
    return bool(settings.TASKS["default"]["BACKEND"] == BACKEND)


def queues() -> list[Any]:
    """The RQ queues of the task backend (django-rq's, with django-tasks-rq's job class)."""
    import django_rq

    return [django_rq.get_queue(name) for name in settings.TASKS["default"]["QUEUES"]]


def waiting() -> int:
    """Tasks waiting in the queues (raises redis.RedisError when Redis is out of reach)."""
    return sum(queue.count for queue in queues())


def pending() -> set[tuple[str, Any]]:
    """(task path, first argument) of every job waiting or being run in the queues."""
    return set().union(*(_pending(queue) for queue in queues()))


def _pending(queue: Any) -> set[tuple[str, Any]]:
    """(task path, first argument) of every job waiting in ``queue`` or being run."""
    from rq.registry import StartedJobRegistry

    ids = [*queue.get_job_ids(), *StartedJobRegistry(queue=queue).get_job_ids(cleanup=False)]
    found = queue.job_class.fetch_many(ids, connection=queue.connection)
    return {(job.func_name, (job.args or [None])[0]) for job in found if job is not None}


def abandoned(task_paths: set[str]) -> Iterator[tuple[str, Any]]:
    """Fail the RQ jobs whose worker died (their registry entry ran out), and yield the task
    path and first argument (the job's id) of those that ran one of ``task_paths`` and have
    no other job waiting or running for the same id."""
    from rq.registry import StartedJobRegistry

    for queue in queues():
        registry = StartedJobRegistry(queue=queue)
        expired = registry.get_expired_job_ids()
        if not expired:
            continue
        registry.cleanup()  # RQ's own: fails them (AbandonedJobError) and calls back
        ours = [
            (job.func_name, (job.args or [None])[0])
            for job in queue.job_class.fetch_many(expired, connection=queue.connection)
            if job is not None and job.func_name in task_paths
        ]
        if ours:
            pending = _pending(queue)
            yield from (found for found in ours if found not in pending)
