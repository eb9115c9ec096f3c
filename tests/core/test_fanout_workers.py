"""A national needs summary fanned out per agency (issue 21) on TWO real worker processes
(``formasi db_worker``, as `formasi demo` and production run them) gives what one process
gives: the synchronous ``gap_summary`` over the same agencies.

The workers are separate processes, so they cannot see pytest's test database: the test
migrates a database of its own — a file SQLite database, or with DATABASE_URL a PostgreSQL
database of the same server named after the test database plus ``_fanout`` — and sets up
and reads it through tests/core/worker_helper.py. The first worker stops after
``FIRST_WORKER_TASKS`` tasks (``--max-tasks``) and the second is started once the first has
done one, so both take parts whatever the timing.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import dj_database_url
import pytest

from formasi.cli import WORKER_COMMAND
from tests.core.servers import wait_for

ROOT = Path(__file__).resolve().parents[2]
FIRST_WORKER_TASKS = 3


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return ""
    name = dj_database_url.parse(url)["NAME"] or "formasi"
    return url.rsplit("/", 1)[0] + f"/{name}_fanout"


def _recreate_postgresql(url: str) -> None:
    import psycopg
    from psycopg import sql

    db = dj_database_url.parse(url)
    with psycopg.connect(
        dbname="postgres", autocommit=True, host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432, user=db["USER"] or "postgres", password=db["PASSWORD"] or None,
    ) as conn:  # fmt: skip
        name = sql.Identifier(db["NAME"])
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FORMASI_", "DATABASE_URL"))}
    env.pop("TASKS_BACKEND", None)
    env.update(SECRET_KEY="formasi-test-only", FORMASI_DATA_DIR=str(tmp_path), PYTHONPATH=str(ROOT))
    url = _database_url()
    if url:
        _recreate_postgresql(url)
        env["DATABASE_URL"] = url
    subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "formasi.cli", "migrate", "--no-input", "-v", "0"],
        env=env, cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    return env


def _helper(env: dict[str, str], *args: str) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "tests.core.worker_helper", *args],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.fixture
def workers(env: dict[str, str]) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []

    def start(*args: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(  # noqa: S603 - the demo's own worker command
            [*WORKER_COMMAND, "--interval", "0.2", *args], env=env, cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def _query(env: dict[str, str], sql: str) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (no parameters) in the workers' database, read directly."""
    if "DATABASE_URL" in env:
        import psycopg

        with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://")) as c:
            return c.execute(sql).fetchall()  # type: ignore[arg-type]
    with sqlite3.connect(Path(env["FORMASI_DATA_DIR"]) / "formasi.sqlite3", timeout=20) as db:
        return db.execute(sql).fetchall()


def test_two_workers_give_the_national_summary_of_one_process(
    env: dict[str, str], workers: Callable[..., subprocess.Popen[bytes]]
) -> None:
    queued = _helper(env, "national")
    run_id, expected = str(queued["run"]), queued["expected"]
    assert len(expected) == 12

    def run() -> dict[str, Any]:
        state, done, total = _query(
            env,
            f"SELECT state, done, total FROM core_fanoutrun WHERE id = {int(run_id)}",  # noqa: S608
        )[0]
        parts = _query(
            env, "SELECT worker_ids FROM django_tasks_database_dbtaskresult WHERE "
            "task_path = 'formasi.core.fanout.run_part' AND status = 'SUCCESSFUL'",
        )  # fmt: skip
        ids = [json.loads(w) if isinstance(w, str) else w for (w,) in parts]
        workers = {w for found in ids for w in found}
        return {"state": state, "done": done, "total": total, "parts_done": len(parts),
                "part_workers": sorted(workers)}  # fmt: skip

    first = workers("--max-tasks", str(FIRST_WORKER_TASKS))
    wait_for(lambda: run()["parts_done"] >= 1, 60, "the first worker did no part")
    workers()
    wait_for(lambda: run()["state"] == "done", 90, "the national run never finished")
    assert first.wait(timeout=30) == 0  # it stopped after its tasks
    after = run()
    assert (after["done"], after["total"]) == (12, 12)
    assert _helper(env, "national-run", run_id)["result"]["agencies"] == expected
    assert len(after["part_workers"]) == 2  # both processes computed parts
    assert after["parts_done"] == 12  # each part once
