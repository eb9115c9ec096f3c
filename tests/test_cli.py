"""The `formasi` command (formasi.cli): `check` runs Django's system checks and then the health
report, exiting 1 on a failure; `serve --workers N` serves through gunicorn in N processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from formasi.cli import gunicorn_options, main

ROOT = Path(__file__).resolve().parents[1]
SERVE = [sys.executable, "-m", "formasi.cli", "serve"]
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db
def test_check_reports_a_healthy_installation_in_indonesian(capsys: Any) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "System check identified" in out  # Django's checks ran first
    assert "Kesehatan Formasi:" in out and "Basis data" in out and "Semua sehat." in out


@pytest.mark.django_db
def test_check_speaks_english_when_asked(capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("LANGUAGE", "en")
    assert main(["check"]) == 0
    assert "Everything is healthy." in capsys.readouterr().out


@pytest.mark.django_db
def test_check_exits_one_when_no_task_worker_is_alive(capsys: Any, settings: Any) -> None:
    settings.TASKS = DB_TASKS
    assert main(["check"]) == 1
    captured = capsys.readouterr()
    assert "[GAGAL] Pekerja tugas" in captured.out
    assert "Tidak sehat: Pekerja tugas." in captured.err


@pytest.mark.django_db
def test_check_passes_django_options_through(capsys: Any) -> None:
    # The test settings are not HTTPS, and the tests allow async-unsafe calls (an error).
    assert main(["check", "--deploy"]) == 1
    captured = capsys.readouterr()
    assert "security.W008" in captured.err and "async.E001" in captured.err
    assert "Kesehatan Formasi:" in captured.out  # the health report still ran


def test_gunicorn_runs_threads_in_each_process_when_asked() -> None:
    several = gunicorn_options("10.0.0.5", 8001, 4, 8)
    assert (several["bind"], several["workers"], several["threads"]) == ("10.0.0.5:8001", 4, 8)
    assert several["worker_class"] == "gthread"
    single = gunicorn_options("127.0.0.1", 8000, 3, 1)
    assert (single["workers"], single["threads"], single["worker_class"]) == (3, 1, "sync")


def test_serve_refuses_zero_workers(capsys: Any) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--workers", "0", "--no-serve"])
    assert exited.value.code == 2 and "--workers" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(sys.platform != "linux", reason="gunicorn runs on Unix; /proc on Linux")
def test_serve_with_workers_answers_from_several_gunicorn_processes(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "SECRET_KEY": "formasi-test-only", "FORMASI_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and command
        [*SERVE, "--workers", "2", "--threads", "2", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        body = b""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not body:
            try:
                url = f"http://127.0.0.1:{port}/static/formasi/favicon.svg"
                with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 - our server
                    body = answer.read()
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                time.sleep(0.5)
        assert body.startswith(b"<svg") or b"<svg" in body[:200]
        children: list[int] = []
        while time.monotonic() < deadline and len(children) < 2:  # forked one after the other
            children = _children(server.pid)
            time.sleep(0.2)
        assert len(children) == 2  # the gunicorn master's two workers
    finally:
        server.terminate()
        try:
            server.wait(timeout=120)  # gunicorn lets requests in flight finish
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
