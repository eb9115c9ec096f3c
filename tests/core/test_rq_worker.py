"""Tasks on Redis (``FORMASI_TASKS=rq``, issue 21): real ``formasi rq_worker`` processes
against the machine's Redis (a database of each test's own, emptied: tests/core/builders.py).

* A national needs summary fanned out per agency on two RQ workers gives what one process
  gives (the synchronous ``gap_summary``, as with the database backend in
  test_fanout_workers.py); every part is run once, and both workers take parts.
* A worker killed with SIGKILL (the main process and its work horse, as when the machine is
  lost or systemd kills the unit's processes) in the middle of a scenario: the scenario's
  lease runs out and a new worker computes it again, as with ``formasi db_worker`` in
  test_worker_killed.py. RQ's own record of the killed run stays "started" until its entry
  runs out (90 s); the sweep's handling of that is in test_rq_backend.py.

The workers run on a database of their own (tests/core/builders.py): SQLite, or PostgreSQL
with DATABASE_URL; the killed-worker test runs in the SQLite run only, like
test_worker_killed.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from rq import Queue
from rq.job import Job
from rq.registry import FailedJobRegistry, FinishedJobRegistry, StartedJobRegistry

from tests.core import builders as core_build
from tests.core import servers

# Seconds: FORMASI_JOB_LEASE_SECONDS for the killed worker's test (the other keeps the default:
# on a loaded machine a heartbeat can come later than 2 s, and the part is run twice).
LEASE = 2
RUN_PART = "formasi.core.fanout.run_part"


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> core_build.WorkerDatabase:
    return core_build.WorkerDatabase("rq", tmp_path_factory.mktemp("rq")).migrate()


@pytest.fixture
def env(migrated: core_build.WorkerDatabase, tmp_path: Path) -> dict[str, str]:
    return migrated.copy(tmp_path, FORMASI_TASKS="rq")


def _on_redis(env: dict[str, str], database: int) -> Any:
    """The workers' Redis: RQ's test database ``database``, emptied."""
    env["FORMASI_RQ_URL"], redis = core_build.rq_database(database)
    return redis


@pytest.fixture
def workers(env: dict[str, str]) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []

    def start(*args: str, **extra: str) -> subprocess.Popen[bytes]:
        log = Path(env["FORMASI_DATA_DIR"]) / f"worker-{len(started)}.log"  # read on failure
        with log.open("wb") as out:
            process = subprocess.Popen(  # noqa: S603 - our own worker command
                [sys.executable, "-m", "formasi.cli", "rq_worker", *args], env={**env, **extra},
                cwd=core_build.ROOT, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def _finished(redis: Any, func: str) -> list[Job]:
    ids = FinishedJobRegistry("default", connection=redis).get_job_ids()
    return [j for j in Job.fetch_many(ids, connection=redis) if j and j.func_name == func]


def test_two_rq_workers_give_the_national_summary_of_one_process(
    env: dict[str, str], workers: Callable[..., subprocess.Popen[bytes]]
) -> None:
    redis = _on_redis(env, 12)
    queued = servers.helper(env, "national")
    run_id, expected = queued["run"], queued["expected"]
    assert len(expected) == 12
    assert Queue("default", connection=redis).count == 12  # the parts wait on Redis

    first = workers("--burst", "--max-jobs", "3")
    servers.wait_for(lambda: len(_finished(redis, RUN_PART)) >= 1, 60, "no part was run")
    second = workers("--burst")
    assert (first.wait(timeout=60), second.wait(timeout=90)) == (0, 0)

    sql = "SELECT state, done, total, result FROM core_fanoutrun WHERE id = %s"
    ((state, done, total, result),) = core_build.query(env, sql, run_id)
    assert (state, done, total) == ("done", 12, 12)
    assert (json.loads(result) if isinstance(result, str) else result)["agencies"] == expected
    parts = _finished(redis, RUN_PART)
    assert sorted(p.args[0] for p in parts) == sorted({p.args[0] for p in parts})  # once each
    assert len(parts) == 12 and len(_finished(redis, "formasi.core.fanout.combine")) == 1
    assert len({p.latest_result().worker_name for p in parts}) == 2  # type: ignore[union-attr]
    attempts = core_build.query(env, "SELECT attempts FROM core_fanoutpart WHERE run_id = %s",
                                run_id)  # fmt: skip
    assert sorted(a for (a,) in attempts) == [1] * 12  # each part started once
    assert FailedJobRegistry("default", connection=redis).count == 0
    assert Queue("default", connection=redis).count == 0


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="kills workers on their own SQLite database; once (in the SQLite run) is enough",
)
def test_a_scenario_whose_rq_worker_was_killed_is_computed_again(
    env: dict[str, str], workers: Callable[..., subprocess.Popen[bytes]]
) -> None:
    redis = _on_redis(env, 13)
    env["FORMASI_JOB_LEASE_SECONDS"] = str(LEASE)  # the new worker finds the dead job soon
    scenario_id = servers.helper(env, "scenario")["scenario"]
    pause_file = Path(env["FORMASI_DATA_DIR"]) / "paused"
    worker = workers(FORMASI_TEST_PAUSE_AT="scenario.compute",
                     FORMASI_TEST_PAUSE_FILE=str(pause_file))  # fmt: skip
    servers.wait_for(pause_file.exists, 60, "the worker never reached the computation")
    (killed,) = StartedJobRegistry("default", connection=redis).get_job_ids()
    for pid in [worker.pid, *servers.children(worker.pid)]:  # the worker and its work horse
        os.kill(pid, signal.SIGKILL)
    worker.wait(timeout=10)
    killed_at = time.monotonic()

    def scenario() -> tuple[str, int, int]:
        sql = "SELECT state, progress, attempts FROM planning_scenario WHERE id = %s"
        return core_build.query(env, sql, scenario_id)[0]  # type: ignore[return-value]

    state, progress, attempts = scenario()
    assert (state, attempts) == ("running", 1) and 0 < progress < 100

    time.sleep(max(0.0, killed_at + LEASE + 0.2 - time.monotonic()))
    retry = workers("--max-jobs", "1")  # its sweep queues the scenario again, then runs it
    servers.wait_for(lambda: scenario()[0] == "done", 60, f"never computed: {scenario()}")
    assert retry.wait(timeout=30) == 0
    assert scenario() == ("done", 100, 2)  # a second start, by the new worker
    (computed,) = _finished(redis, "formasi.planning.tasks.compute_scenario")
    assert computed.id != killed and list(computed.args) == [scenario_id]
    # RQ's record of the killed run: "started" until its entry runs out, then failed by RQ.
    assert Job.fetch(killed, connection=redis).get_status() == "started"
    assert Queue("default", connection=redis).count == 0
