"""Builders for core's tests of real worker processes: a database of their own, migrated once
and copied per test, and RQ's Redis database.

Worker processes cannot see pytest's test database, so these tests migrate one of their own:
a file SQLite database in a folder (FORMASI_DATA_DIR), or with DATABASE_URL a PostgreSQL
database of the same server named after the test database plus a suffix, copied from a
migrated template. Set-up in the workers' database goes through tests/core/worker_helper.py
(``tests.core.servers.helper``); reads, directly with :func:`query`.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dj_database_url

ROOT = Path(__file__).resolve().parents[2]
SQLITE = "formasi.sqlite3"
# RQ's tests use Redis databases 10 to 13 of the machine's Redis, one each, and empty them:
# tests running side by side (xdist) never share one. Nothing else uses them.
RQ_DATABASES = range(10, 15)


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without Formasi's settings, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FORMASI_", "DATABASE_URL"))}
    env.pop("TASKS_BACKEND", None)
    env.update(SECRET_KEY="formasi-test-only", PYTHONPATH=str(ROOT), **extra)
    return env


def _postgresql(url: str, *statements: str) -> None:
    import psycopg

    db = dj_database_url.parse(url)
    with psycopg.connect(
        dbname="postgres", autocommit=True, host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432, user=db["USER"] or "postgres", password=db["PASSWORD"] or None,
    ) as conn:  # fmt: skip
        for statement in statements:
            conn.execute(statement)  # type: ignore[arg-type]


@dataclass(frozen=True)
class WorkerDatabase:
    """A migrated database for worker processes: :meth:`copy` gives each test its own."""

    suffix: str
    folder: Path

    @property
    def url(self) -> str:
        """The PostgreSQL URL of the template ("" on SQLite)."""
        url = os.environ.get("DATABASE_URL", "")
        if not url:
            return ""
        name = dj_database_url.parse(url)["NAME"] or "formasi"
        return url.rsplit("/", 1)[0] + f"/{name}_{self.suffix}"

    def migrate(self) -> WorkerDatabase:
        env = clean_env(FORMASI_DATA_DIR=str(self.folder))
        if self.url:
            name = self.url.rsplit("/", 1)[1]
            _postgresql(self.url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                        f'CREATE DATABASE "{name}"')  # fmt: skip
            env["DATABASE_URL"] = self.url
        subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "formasi.cli", "migrate", "--no-input", "-v", "0"],
            env=env, cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip
        return self

    def copy(self, folder: Path, **extra: str) -> dict[str, str]:
        """A copy of the migrated database in ``folder``; the environment of its workers."""
        env = clean_env(FORMASI_DATA_DIR=str(folder), **extra)
        if self.url:
            template = self.url.rsplit("/", 1)[1]
            name = f"{template}_{folder.name}"[:63]
            _postgresql(self.url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                        f'CREATE DATABASE "{name}" TEMPLATE "{template}"')  # fmt: skip
            env["DATABASE_URL"] = self.url.rsplit("/", 1)[0] + f"/{name}"
            return env
        for name in (SQLITE, f"{SQLITE}-wal", f"{SQLITE}-shm"):
            if (self.folder / name).exists():
                shutil.copy(self.folder / name, folder / name)
        return env


def query(env: dict[str, str], sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (``%s`` placeholders) in the workers' database, read directly."""
    if "DATABASE_URL" in env:
        import psycopg

        with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://")) as c:
            return c.execute(sql, params).fetchall()  # type: ignore[arg-type]
    with sqlite3.connect(Path(env["FORMASI_DATA_DIR"]) / SQLITE, timeout=20) as db:
        return db.execute(sql.replace("%s", "?"), params).fetchall()


def rq_database(number: int) -> tuple[str, Any]:
    """The URL of RQ's test database ``number`` (one of :data:`RQ_DATABASES`), emptied, and a
    connection to it."""
    from redis import Redis

    assert number in RQ_DATABASES
    url = f"redis://127.0.0.1:6379/{number}"
    redis = Redis.from_url(url)
    redis.flushdb()
    return url, redis
