"""django-tasks-db's ``db_worker`` plus the lease sweep (``formasi.core.jobs``): at start and
every half lease the worker retries or fails the jobs whose worker died. This command takes
the name of django-tasks-db's own because ``formasi.core`` comes first in INSTALLED_APPS."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands import db_worker

from formasi.core.jobs import PeriodicSweep


class Command(db_worker.Command):
    help = "Run a database background worker that also retries or fails jobs of dead workers"

    def handle(self, **options: Any) -> None:
        PeriodicSweep().start()
        super().handle(**options)
