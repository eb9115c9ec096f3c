"""Real server processes for the fault tests (issue 21, tests/core/test_fault_*.py): a private
throwaway PostgreSQL cluster that a test may restart without disturbing the machine's shared
one, `formasi serve --workers N` (gunicorn) and `formasi db_worker`, and a small HTTP client
that opens one connection per request, as a reverse proxy does towards gunicorn."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SECRET = "formasi-test-only"


def _version(path: Path) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path.parent.name)) or (0,)


def pg_bin_dir() -> Path | None:
    """Where initdb and pg_ctl are: FORMASI_PG_BIN_DIR, the newest /usr/lib/postgresql/*/bin,
    or the PATH; None when this machine has no PostgreSQL server programs."""
    candidates = [Path(d) for d in [os.environ.get("FORMASI_PG_BIN_DIR", "")] if d]
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version, reverse=True)
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for directory in candidates:
        if (directory / "initdb").exists() and (directory / "pg_ctl").exists():
            return directory
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(what: Callable[[], bool], seconds: float, message: str) -> None:
    deadline = time.monotonic() + seconds
    while not what():
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.1)


class PrivateCluster:
    """A PostgreSQL cluster of its own: data directory and socket in a temporary directory,
    a free TCP port on 127.0.0.1, trust authentication for the ``postgres`` role. As root
    the programs run as the ``postgres`` OS user (initdb refuses root)."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        # Not under pytest's tmp_path: its parents are private to root, postgres must enter.
        self.root = Path(tempfile.mkdtemp(prefix="formasi-pg-"))
        self.root.chmod(0o755)
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.root, user="postgres")
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/formasi"

    def program(self, name: str) -> str:
        return str(self.bin_dir / name)

    def _run(self, program: str, *args: str) -> None:
        command = [self.program(program), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)  # noqa: S603
        if done.returncode:
            log = self.log.read_text()[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{program} {args[0]} failed: {done.stdout}{done.stderr}\n{log}")

    def _options(self) -> str:
        # fsync off: a test cluster; restarts and crashes of the server process (not of the
        # machine) lose nothing either way, the operating system keeps what was written.
        return f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"

    def start(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--no-sync")  # fmt: skip
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", self._options(),
                  "-w", "-t", "30", "start")  # fmt: skip
        self.execute("CREATE DATABASE formasi", dbname="postgres")

    def copy_schema(self, source: dict[str, Any]) -> None:
        """The tables of an already migrated database (Django's ``settings_dict`` of the
        test run's database) and its migration history, in seconds instead of the minute a
        ``migrate`` takes on a busy machine: the schema and the rows of django_migrations,
        content types and permissions, through pg_dump and pg_restore."""
        schema, rows = self.root / "schema.dump", self.root / "rows.dump"
        env = {**os.environ, "PGPASSWORD": source.get("PASSWORD") or ""}
        where = [
            f"--host={source.get('HOST') or '127.0.0.1'}",
            f"--port={source.get('PORT') or 5432}",
            f"--username={source.get('USER') or 'postgres'}",
            f"--dbname={source['NAME']}",
        ]
        tables = ["django_migrations", "django_content_type", "auth_permission"]
        parts = (
            (schema, ["--schema-only"]),
            (rows, ["--data-only", *(f"--table={t}" for t in tables)]),
        )
        for out, args in parts:
            command = [self.program("pg_dump"), "--format=custom", f"--file={out}", *where, *args]
            subprocess.run(command, env=env, check=True, capture_output=True, timeout=60)  # noqa: S603
        here = [
            "--host=127.0.0.1",
            f"--port={self.port}",
            "--username=postgres",
            "--dbname=formasi",
        ]
        for dump in (schema, rows):
            command = [
                self.program("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                *here,
                str(dump),
            ]
            subprocess.run(command, check=True, capture_output=True, timeout=60)  # noqa: S603

    def restart(self, mode: str = "fast") -> None:
        """``pg_ctl restart -m fast`` (or ``immediate``: no checkpoint, recovery from WAL)."""
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", self._options(),
                  "-m", mode, "-w", "-t", "30", "restart")  # fmt: skip

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def execute(self, sql: str, *params: Any, dbname: str = "formasi") -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=dbname, autocommit=True
        ) as conn:
            cursor = conn.execute(sql, params or None)  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else []


def app_env(data_dir: Path, database_url: str = "", **extra: str) -> dict[str, str]:
    """The environment of a Formasi process started by a test: no FORMASI_* or database of
    the pytest run, the given database (SQLite in ``data_dir`` without one)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FORMASI_", "DATABASE_URL"))}
    env.pop("TASKS_BACKEND", None)
    env.update(SECRET_KEY=SECRET, FORMASI_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT), **extra)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def formasi(env: dict[str, str], *args: str) -> str:
    """Run ``formasi ARGS`` to the end; its standard output."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "formasi.cli", *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"formasi {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def helper(env: dict[str, str], step: str) -> dict[str, Any]:
    """One step of tests/core/worker_helper.py, its JSON answer."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "tests.core.worker_helper", step],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


class Process:
    """A long-running Formasi process (``formasi serve``, ``formasi db_worker``) with its
    output in a file, stopped with ``stop_signal`` then SIGKILL."""

    def __init__(self, env: dict[str, str], log: Path, *args: str) -> None:
        self.log = log
        with log.open("wb") as out:
            self.popen = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                [sys.executable, "-m", "formasi.cli", *args],
                env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        self.pid = self.popen.pid

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    stop_signal = signal.SIGTERM

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(self.stop_signal)
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=10)


def children(pid: int) -> set[int]:
    """The live child processes of ``pid`` (gunicorn's workers of its master)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


class Web(Process):
    """``formasi serve --workers N`` (gunicorn) on a free port."""

    stop_signal = signal.SIGINT  # gunicorn's quick shutdown: the test is over

    def __init__(self, env: dict[str, str], log: Path, *, workers: int = 2, threads: int = 4):
        self.port = free_port()
        self.workers = workers
        super().__init__(env, log, "serve", "--port", str(self.port), "--workers", str(workers),
                         "--threads", str(threads))  # fmt: skip

    def worker_pids(self) -> set[int]:
        return children(self.pid)

    def wait_ready(self, path: str, seconds: float = 90) -> None:
        def answers() -> bool:
            assert self.popen.poll() is None, self.output()
            return len(self.worker_pids()) == self.workers and request(self.port, path)[0] == 200

        wait_for(answers, seconds, f"formasi serve never answered {path}:\n{self.output()}")

    def signal(self, signum: signal.Signals, pid: int | None = None) -> None:
        os.kill(pid or self.pid, signum)


def request(
    port: int, path: str, *, method: str = "GET", token: str = "", body: Any = None
) -> tuple[int, Any]:
    """(status, JSON or text) of one request on a connection of its own; (0, the error) when
    the connection is refused or dropped."""
    headers = {"Host": "127.0.0.1", "Connection": "close", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        raw = response.read().decode(errors="replace")
    except OSError as exc:  # refused, reset, timed out; http.client's errors are OSErrors too
        return 0, repr(exc)
    except http.client.HTTPException as exc:
        return 0, repr(exc)
    finally:
        conn.close()
    try:
        return response.status, json.loads(raw)
    except ValueError:
        return response.status, raw
