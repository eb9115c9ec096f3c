"""``formasi db_worker`` outlives an unreachable database (issue 21): django-tasks-db's loop
ends with the error, the command waits and runs it again. The real PostgreSQL restart is in
tests/core/test_fault_postgres_restart.py (PostgreSQL run only)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import InterfaceError, OperationalError
from django_tasks_db.management.commands import db_worker as upstream

from formasi.core.management.commands import db_worker


def _run(monkeypatch: pytest.MonkeyPatch, outcomes: list[BaseException | None]) -> list[float]:
    """Run the command with django-tasks-db's loop replaced by ``outcomes`` (an exception
    raised, or None: the loop ends normally); the pauses it took."""
    pauses: list[float] = []

    def loop(self: Any, **options: Any) -> None:
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome

    monkeypatch.setattr(upstream.Command, "handle", loop)
    monkeypatch.setattr(db_worker.PeriodicSweep, "start", lambda self: None)
    monkeypatch.setattr(db_worker.time, "sleep", pauses.append)
    db_worker.Command().handle()
    assert outcomes == []
    return pauses


def test_the_worker_waits_for_the_database_and_polls_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lost = [OperationalError("connection refused")] * 3 + [InterfaceError("closed")] * 3
    pauses = _run(monkeypatch, [*lost, None])
    assert pauses == [0.5, 1.0, 2.0, 4.0, 8.0, 10.0]


def test_other_errors_still_stop_the_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="a bug"):
        _run(monkeypatch, [ValueError("a bug")])
