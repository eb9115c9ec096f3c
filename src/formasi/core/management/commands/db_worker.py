"""django-tasks-db's ``db_worker`` plus the lease sweep (``formasi.core.jobs``): at start and
every half lease the worker retries or fails the jobs whose worker died. This command takes
the name of django-tasks-db's own because ``formasi.core`` comes first in INSTALLED_APPS.

django-tasks-db's loop ends with the exception when the database cannot be reached (a
PostgreSQL restart, a failover, the network): this command waits and polls again instead,
so a restart of the database needs no restart of the workers (docs/deploy.md)."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker

from formasi.core.jobs import PeriodicSweep

logger = logging.getLogger(__name__)

# Seconds between attempts while the database is unreachable: doubling up to the last.
FIRST_PAUSE, LAST_PAUSE = 0.5, 10.0


class Command(db_worker.Command):
    help = "Run a database background worker that also retries or fails jobs of dead workers"

    def handle(self, **options: Any) -> None:
        PeriodicSweep().start()
        pause = FIRST_PAUSE
        while True:
            started = time.monotonic()
            try:
                super().handle(**options)
                return
            except (OperationalError, InterfaceError) as exc:
                if time.monotonic() - started > 60:  # it had been working: a new outage
                    pause = FIRST_PAUSE
                logger.warning("Database unavailable (%s); trying again in %s s", exc, pause)
                # A task it was running when the database went away is left to the lease
                # sweep, as a dead worker's would be. --max-tasks counts again from zero.
                connections.close_all()
                time.sleep(pause)
                pause = min(pause * 2, LAST_PAUSE)
