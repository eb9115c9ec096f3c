"""A real task worker (the command `formasi demo` starts) killed with SIGKILL in the middle
of an import commit and of a scenario computation (issue 13, finding 3).

Each test runs against its own file SQLite database: the worker is a separate process, so
it cannot see pytest's in-memory test database. The worker is held at a named checkpoint
(FORMASI_TEST_PAUSE_AT, formasi.core.jobs.checkpoint) so the kill lands mid-work; a second
worker then finds the dead job by its stale heartbeat. The database is read with sqlite3.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from formasi.cli import WORKER_COMMAND
from tests.core.servers import wait_for

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="runs its own SQLite database; once (in the SQLite run) is enough",
)

ROOT = Path(__file__).resolve().parents[2]
LEASE = 2  # seconds: FORMASI_JOB_LEASE_SECONDS for the workers
DB = "formasi.sqlite3"


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FORMASI_", "DATABASE_URL"))}
    env.pop("TASKS_BACKEND", None)
    env.update(
        SECRET_KEY="formasi-test-only",
        FORMASI_DATA_DIR=str(data_dir),
        FORMASI_JOB_LEASE_SECONDS=str(LEASE),
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("migrated")
    subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "formasi.cli", "migrate", "--no-input", "-v", "0"],
        env=_env(data_dir), cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    return data_dir


@pytest.fixture
def data_dir(migrated: Path, tmp_path: Path) -> Path:
    for name in (DB, f"{DB}-wal", f"{DB}-shm"):
        if (migrated / name).exists():
            shutil.copy(migrated / name, tmp_path / name)
    return tmp_path


def _helper(data_dir: Path, *args: str) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "tests.core.worker_helper", *args],
        env=_env(data_dir), cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.fixture
def workers(data_dir: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []

    def start(**extra: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(  # noqa: S603 - the demo's own worker command
            WORKER_COMMAND, env=_env(data_dir, **extra), cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def _query(data_dir: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(data_dir / DB, timeout=20) as db:
        return db.execute(sql, params).fetchall()


def _kill_at(data_dir: Path, start: Callable[..., subprocess.Popen[bytes]], point: str) -> float:
    """Start a worker that stops at `point`, SIGKILL it there; returns the time of the kill."""
    pause_file = data_dir / "paused"
    worker = start(FORMASI_TEST_PAUSE_AT=point, FORMASI_TEST_PAUSE_FILE=str(pause_file))
    wait_for(pause_file.exists, 45, f"the worker never reached {point}")
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    return time.monotonic()


def _task_statuses(data_dir: Path, task: str) -> list[str]:
    rows = _query(
        data_dir,
        "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path = ? "
        "ORDER BY enqueued_at",
        task,
    )
    return [r[0] for r in rows]


def test_a_commit_killed_mid_write_writes_nothing_and_is_offered_again(
    data_dir: Path, workers: Callable[..., subprocess.Popen[bytes]]
) -> None:
    setup = _helper(data_dir, "import")
    job_id, employee_id = setup["job"], setup["employee"]
    killed_at = _kill_at(data_dir, workers, "import.commit")

    def job() -> dict[str, Any]:
        sql = "SELECT state, error, length(content), attempts FROM transfer_importjob WHERE id = ?"
        row = _query(data_dir, sql, job_id)[0]
        return dict(zip(["state", "error", "content", "attempts"], row, strict=True))

    assert job()["state"] == "committing"  # what the attacker saw: "menyimpan 0 %", forever

    # Nothing partial: the rows were written inside the commit's transaction, never committed.
    def golongan() -> str:
        return str(_query(data_dir, "SELECT golongan FROM workforce_employee WHERE id = ?",
                          employee_id)[0][0])  # fmt: skip

    assert golongan() == setup["golongan"]

    # A new worker's sweep finds the dead commit once its lease ran out.
    time.sleep(max(0.0, killed_at + LEASE + 0.2 - time.monotonic()))
    workers()
    wait_for(lambda: job()["state"] != "committing", 45, "the dead commit was never swept")
    after = job()
    assert after["state"] == "checked"  # the preview again, with "write these changes"
    assert "pekerja latar belakang mati" in after["error"]
    assert after["content"] > 0  # kept for the commit the user may press again …
    assert golongan() == setup["golongan"]
    assert _query(data_dir, "SELECT count(*) FROM core_auditevent WHERE action = ?",
                  "formasi.import.committed") == [(0,)]  # fmt: skip
    # django-tasks-db's own row of the killed run is failed, not left RUNNING forever.
    assert _task_statuses(data_dir, "formasi.transfer.tasks.process_import") == ["FAILED"]

    # … and forgotten on the schedule of every other upload (FORMASI_IMPORT_KEEP_DAYS = 7).
    assert _helper(data_dir, "purge", "6") == {"purged": 0}
    assert _helper(data_dir, "purge", "8") == {"purged": 1}
    assert job()["content"] == 0


def test_a_scenario_killed_mid_computation_is_computed_again(
    data_dir: Path, workers: Callable[..., subprocess.Popen[bytes]]
) -> None:
    scenario_id = _helper(data_dir, "scenario")["scenario"]
    killed_at = _kill_at(data_dir, workers, "scenario.compute")

    def scenario() -> tuple[str, int, int]:
        sql = "SELECT state, progress, attempts FROM planning_scenario WHERE id = ?"
        return _query(data_dir, sql, scenario_id)[0]  # type: ignore[return-value]

    state, progress, attempts = scenario()
    assert (state, attempts) == ("running", 1) and 0 < progress < 100  # stuck, before the fix
    assert _query(data_dir, "SELECT result FROM planning_scenario WHERE id = ?",
                  scenario_id) == [(None,)]  # fmt: skip

    time.sleep(max(0.0, killed_at + LEASE + 0.2 - time.monotonic()))
    workers()
    wait_for(lambda: scenario()[0] == "done", 45, f"never computed again: {scenario()}")
    assert scenario() == ("done", 100, 2)  # a second start, by the new worker
    assert _task_statuses(data_dir, "formasi.planning.tasks.compute_scenario") == [
        "FAILED",  # the killed run, failed by the sweep
        "SUCCESSFUL",  # the retry
    ]
