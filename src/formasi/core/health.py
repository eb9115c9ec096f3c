"""The health of an installation, for `formasi check` (docs/deploy.md): the database (it answers,
every migration is applied), the task workers (a recent heartbeat), the cache (a value set is
read back) and the disk (free space in the data folder). Each check returns a Finding worded
in the active language; none raises."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from formasi.core import rq_backend

OK, WARN, FAIL = "ok", "warn", "fail"


@dataclass(frozen=True)
class Finding:
    """One check's outcome: ``status`` is OK, WARN (works, but look) or FAIL."""

    label: str
    status: str
    detail: str


def _error(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300] or type(exc).__name__


def database(connection: BaseDatabaseWrapper | None = None) -> Finding:
    label = _("Database")
    connection = connection or connections["default"]
    where = (
        "SQLite {name}" if connection.vendor == "sqlite" else "PostgreSQL {name}@{host}"
    ).format(name=connection.settings_dict["NAME"], host=connection.settings_dict.get("HOST"))
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except (DatabaseError, OSError) as exc:
        return Finding(
            label,
            FAIL,
            _("cannot connect to {where}: {error}").format(where=where, error=_error(exc)),
        )
    if plan:
        return Finding(
            label,
            FAIL,
            ngettext(
                "{where}: {count} migration not applied; run formasi migrate",
                "{where}: {count} migrations not applied; run formasi migrate",
                len(plan),
            ).format(where=where, count=len(plan)),
        )
    return Finding(label, OK, _("{where}: connected, all migrations applied").format(where=where))


def _waiting() -> tuple[str, int] | None:
    """The worker command of the task backend and how many tasks wait for it; None for a
    backend without workers of ours. Raises DatabaseError or RedisError."""
    if rq_backend.selected():
        return "formasi rq_worker", rq_backend.waiting()
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return None
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return "formasi db_worker", DBTaskResult.objects.filter(status=TaskResultStatus.READY).count()


def workers(now: datetime | None = None) -> Finding:
    """Workers of the database task backend (``formasi db_worker``) and of RQ on Redis
    (``formasi rq_worker``) sign every half lease (formasi.core.jobs); one seen within
    FORMASI_WORKER_STALE_SECONDS is alive. Other backends are not checked."""
    from redis import RedisError

    from formasi.core.models import WorkerHeartbeat

    label = _("Task workers")
    try:
        backend = _waiting()
    except DatabaseError as exc:
        return Finding(label, FAIL, _("cannot read: {error}").format(error=_error(exc)))
    except RedisError as exc:
        return Finding(label, FAIL, _("cannot reach Redis: {error}").format(error=_error(exc)))
    if backend is None:
        name = settings.TASKS["default"]["BACKEND"]
        return Finding(label, OK, _("not checked: tasks run by {backend}").format(backend=name))
    command, waiting = backend
    now = now or timezone.now()
    stale = timedelta(seconds=settings.FORMASI_WORKER_STALE_SECONDS)
    try:
        alive = list(WorkerHeartbeat.objects.filter(seen_at__gte=now - stale).order_by("-seen_at"))
        last = WorkerHeartbeat.objects.order_by("-seen_at").first()
    except DatabaseError as exc:
        return Finding(label, FAIL, _("cannot read: {error}").format(error=_error(exc)))
    queued = ngettext("{n} task waiting", "{n} tasks waiting", waiting).format(n=waiting)
    if not alive:
        since = (
            _("the last one {seconds} s ago").format(
                seconds=int((now - last.seen_at).total_seconds())
            )
            if last
            else _("none ever")
        )
        return Finding(
            label,
            FAIL,
            _(
                "no worker has signed in the last {limit} s ({since}); {queued}. "
                "Start one: {command}"
            ).format(limit=int(stale.total_seconds()), since=since, queued=queued, command=command),
        )
    seconds = int((now - alive[0].seen_at).total_seconds())
    return Finding(
        label,
        OK,
        ngettext(
            "{n} worker alive ({names}), last sign {seconds} s ago; {queued}",
            "{n} workers alive ({names}), last sign {seconds} s ago; {queued}",
            len(alive),
        ).format(
            n=len(alive), names=", ".join(w.name for w in alive[:5]), seconds=seconds, queued=queued
        ),
    )


def cache(alias: str = "default") -> Finding:
    label = _("Cache")
    backend = caches[alias]
    shared = "Redis" in type(backend).__name__
    kind = _("Redis (shared by every process)") if shared else _("local memory of each process")
    key, value = f"formasi:check:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        backend.set(key, value, 30)
        read = backend.get(key)
        backend.delete(key)
    except Exception as exc:
        return Finding(label, FAIL, _("{kind}: {error}").format(kind=kind, error=_error(exc)))
    if read != value:
        return Finding(label, FAIL, _("{kind}: a value set was not read back").format(kind=kind))
    return Finding(label, OK, _("{kind}: a value set was read back").format(kind=kind))


def disk(
    folder: Path | None = None, usage: Callable[[Path], tuple[int, int, int]] | None = None
) -> Finding:
    label = _("Disk")
    folder = Path(folder or settings.DATA_DIR)
    minimum = settings.FORMASI_CHECK_MIN_FREE_MB
    try:
        _total, _used, free = (usage or shutil.disk_usage)(folder)
    except OSError as exc:
        return Finding(label, FAIL, _("{folder}: {error}").format(folder=folder, error=_error(exc)))
    free_mb = free // (1024 * 1024)
    detail = _("{free} MiB free in {folder} (at least {minimum} MiB wanted)").format(
        free=number_format(free_mb, force_grouping=True), folder=folder, minimum=minimum
    )
    return Finding(label, OK if free_mb >= minimum else FAIL, detail)


def run_all() -> list[Finding]:
    return [database(), workers(), cache(), disk()]
