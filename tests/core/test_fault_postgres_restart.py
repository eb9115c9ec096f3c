"""PostgreSQL restarted while Formasi is in use (issue 21, "Reliability under faults"): the
web processes and the task worker reconnect by themselves, and no write that was answered
with success is lost.

The test starts a private PostgreSQL cluster (tests/core/servers.py) — never the machine's
shared server, which other tests use — migrates it, and runs the real processes against it:
`formasi serve --workers 2` (gunicorn) and `formasi db_worker`. A client thread creates
employees through the API with a token while the cluster is restarted, once with ``pg_ctl
restart -m fast`` and once with ``-m immediate`` (no checkpoint: the server recovers from its
write-ahead log, as after a crash). Requests during the outage may fail; every request sent
after ``pg_ctl`` reports the server up must succeed (CONN_HEALTH_CHECKS, settings.py), and
the worker must compute a scenario queued after each restart.

All of it runs once, in the session fixture ``restarts``, which records what it saw; the
test judges the record.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.core.servers import (
    PrivateCluster,
    Process,
    Web,
    app_env,
    formasi,
    helper,
    pg_bin_dir,
    request,
    wait_for,
)

BIN_DIR = pg_bin_dir()
LEASE = 6  # seconds: the workers' sweep and heartbeat run every half lease

pytestmark = [
    pytest.mark.xdist_group("pg_restart"),  # both tests on the worker that ran the restarts
    pytest.mark.skipif(BIN_DIR is None, reason="no PostgreSQL server programs (initdb, pg_ctl)"),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="runs its own PostgreSQL cluster; once, in the PostgreSQL run, is enough",
    ),
]


@dataclass
class Seen:
    """What happened around the restarts."""

    # per restart mode: the statuses of the requests sent once the server was back, and
    # the employees answered 201 that are not in the database
    after: dict[str, list[int]] = field(default_factory=dict)
    lost: dict[str, set[str]] = field(default_factory=dict)
    # per scenario name: its state in the end ("done", "failed", or "not computed")
    scenarios: dict[str, str] = field(default_factory=dict)
    worker_exit: int | None = None
    web_exit: int | None = None
    web_workers_kept: bool = False
    heartbeat_resumed: bool = False
    logs: str = ""


def _cluster_with_world(cluster: PrivateCluster, logs: Path) -> tuple[dict[str, str], Any]:
    """Start ``cluster`` with the tables of the run's migrated test database (a ``migrate``
    of its own when that copy fails, e.g. the server is newer than pg_dump); the processes'
    environment and the role world with an API token of admin_a."""
    from django.db import connection

    cluster.start()
    env = app_env(
        logs, cluster.url, FORMASI_API_RATE="100000/minute", FORMASI_JOB_LEASE_SECONDS=str(LEASE)
    )
    try:
        cluster.copy_schema(connection.settings_dict)
    except subprocess.CalledProcessError:
        cluster.execute("DROP DATABASE formasi", dbname="postgres")
        cluster.execute("CREATE DATABASE formasi", dbname="postgres")
        formasi(env, "migrate", "--no-input", "-v", "0")
    return env, helper(env, "api-world")


@dataclass
class Writer:
    """Creates employees through the API, one request after the other, while started;
    remembers when each request was sent and what it got."""

    port: int
    world: dict[str, Any]
    prefix: str
    sent: list[tuple[float, str, int]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def halt(self) -> None:
        self._stop.set()
        assert self._thread is not None
        self._thread.join(timeout=35)

    def _run(self) -> None:
        while not self._stop.is_set():
            name = f"{self.prefix} {len(self.sent):05d}"
            body = {
                "name": name, "status": "non_asn", "sex": "F", "birth_date": "1990-01-01",
                "unit_id": self.world["dinkes"], "position_id": self.world["nurse_position"],
            }  # fmt: skip
            started = time.monotonic()
            status, _ = request(
                self.port, "/api/v1/employees", method="POST", token=self.world["token"], body=body
            )
            self.sent.append((started, name, status))
            time.sleep(0.02)

    def since(self, moment: float) -> list[int]:
        return [status for started, _, status in self.sent if started >= moment]

    def answered(self) -> set[str]:
        return {name for _, name, status in self.sent if status == 201}


def _scenario_state(web: Web, world: dict[str, Any], name: str, seconds: float) -> str:
    """Queue a scenario through the API and wait for the worker to compute it."""
    body = {"name": name, "base_year": world["base_year"]}
    status, created = request(
        web.port, "/api/v1/plan/scenarios", method="POST", token=world["token"], body=body
    )
    assert status == 201, created
    path = f"/api/v1/plan/scenarios/{created['id']}"
    state = "not computed"

    def finished() -> bool:
        nonlocal state
        status, scenario = request(web.port, path, token=world["token"])
        assert status == 200, scenario
        state = scenario["state"]
        return state in ("done", "failed")

    try:
        wait_for(finished, seconds, "")
    except AssertionError:
        return "not computed"
    return state


def _heartbeat_after(cluster: PrivateCluster, moment: Any) -> bool:
    """A worker's heartbeat is newer than ``moment``."""
    seen = cluster.execute("SELECT max(seen_at) FROM core_workerheartbeat")[0][0]
    return seen is not None and seen > moment


def _restart_while_writing(
    cluster: PrivateCluster, web: Web, world: dict[str, Any], mode: str, seen: Seen
) -> Any:
    """Restart the cluster in ``mode``: ``fast`` while a client writes, ``immediate`` between
    two bursts of writes (every connection the web workers hold is then stale). Returns the
    database's time once it is back."""
    busy = mode == "fast"
    writer = Writer(web.port, world, f"Pegawai {mode}")
    writer.start()
    wait_for(lambda: len(writer.answered()) >= 10, 30, "no write before the restart")
    if not busy:
        writer.halt()
    cluster.restart(mode)
    back = time.monotonic()
    back_at = cluster.execute("SELECT now()")[0][0]
    if not busy:
        writer.start()
    wait_for(lambda: len(writer.since(back)) >= 20, 30, "no write after the restart")
    writer.halt()
    seen.after[mode] = writer.since(back)
    stored = cluster.execute(
        "SELECT name FROM workforce_employee WHERE name LIKE %s", f"{writer.prefix} %"
    )
    seen.lost[mode] = writer.answered() - {name for (name,) in stored}
    return back_at


@pytest.fixture(scope="session")
def restarts(tmp_path_factory: pytest.TempPathFactory, django_db_setup: Any) -> Iterator[Seen]:
    assert BIN_DIR is not None
    cluster = PrivateCluster(BIN_DIR)
    logs = tmp_path_factory.mktemp("pg-restart")
    seen = Seen()
    try:
        env, world = _cluster_with_world(cluster, logs)
        web = Web(env, logs / "web.log")
        worker = Process(env, logs / "worker.log", "db_worker", "--interval", "0.2")
        try:
            web.wait_ready("/akun/masuk/")
            web_workers = web.worker_pids()
            seen.scenarios["Sebelum"] = _scenario_state(web, world, "Sebelum", 40)
            for mode in ("fast", "immediate"):
                back_at = _restart_while_writing(cluster, web, world, mode, seen)
                name = f"Setelah {mode}"
                seen.scenarios[name] = _scenario_state(web, world, name, 40)
            seen.web_workers_kept = web.worker_pids() == web_workers
            try:  # since the last restart
                wait_for(lambda: _heartbeat_after(cluster, back_at), 2 * LEASE, "")
                seen.heartbeat_resumed = True
            except AssertionError:
                pass
            seen.worker_exit, seen.web_exit = worker.popen.poll(), web.popen.poll()
        finally:
            web.stop()
            worker.stop()
            seen.logs = f"{web.output()[-2000:]}\n{worker.output()[-3000:]}"
        yield seen
    finally:
        cluster.stop()


def test_web_and_worker_reconnect_and_lose_no_committed_write(restarts: Seen) -> None:
    for mode in ("fast", "immediate"):
        after = restarts.after[mode]
        assert after == [201] * len(after), f"{mode}: requests failed after the server was back"
        assert restarts.lost[mode] == set(), f"{mode}: writes answered 201 are lost"
    assert restarts.scenarios == dict.fromkeys(
        ["Sebelum", "Setelah fast", "Setelah immediate"], "done"
    ), restarts.logs
    assert (restarts.worker_exit, restarts.web_exit) == (None, None), restarts.logs
    assert restarts.web_workers_kept, "a web worker died or was replaced"
    # the worker's heartbeat (read by ``formasi check``) and its lease sweep go on
    assert restarts.heartbeat_resumed, "the heartbeat stopped after the restart"
