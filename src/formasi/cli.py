"""The `formasi` command.

formasi demo        migrate the embedded SQLite database, load the demo city when empty,
                    and serve it at http://127.0.0.1:8000 with a background task worker
formasi serve       serve the web app (waitress); --worker also starts a task worker
formasi createuser  create a user with a role and scope
formasi <anything>  any Django management command (migrate, shell, db_worker, ...)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "formasi.settings")
    import django

    django.setup()


def _manage(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


WORKER_COMMAND = [sys.executable, "-m", "formasi.cli", "db_worker"]


class Supervisor:
    """Keeps one task worker running beside the web server: a worker that dies (killed, out
    of memory) is started again, after a pause that grows while it keeps dying at once. Jobs
    it held are retried or failed by the new worker's lease sweep (formasi.core.jobs)."""

    def __init__(self, command: list[str] | None = None, *, quick_death: float = 10.0) -> None:
        self.command = command or WORKER_COMMAND
        self.quick_death = quick_death
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="worker-supervisor", daemon=True)

    def start(self) -> None:
        self.process = self._spawn()
        self._thread.start()

    def _spawn(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(self.command, env=os.environ.copy())  # noqa: S603 - our own

    def _watch(self) -> None:
        pause = 1.0
        while not self._stop.is_set():
            started = time.monotonic()
            assert self.process is not None
            while self.process.poll() is None:
                if self._stop.wait(0.5):
                    return
            code = self.process.returncode
            print(f"Task worker stopped (exit code {code}); starting it again.", flush=True)
            pause = min(pause * 2, 30.0) if time.monotonic() - started < self.quick_death else 1.0
            if self._stop.wait(pause):
                return
            self.process = self._spawn()
            self.restarts += 1

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _serve(host: str, port: int, worker: bool) -> int:
    from django.utils.translation import gettext as _
    from waitress import serve

    from formasi.wsgi import application

    supervisor = Supervisor() if worker else None
    if supervisor is not None:
        supervisor.start()
    print(
        _("Formasi is running at http://{host}:{port}/ (Ctrl+C to stop).").format(
            host=host, port=port
        ),
        flush=True,
    )
    try:
        serve(application, host=host, port=port, threads=8, _quiet=True)
    except KeyboardInterrupt:
        pass
    finally:
        if supervisor is not None:
            supervisor.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv else "help"
    if command in ("demo", "serve"):
        parser = argparse.ArgumentParser(prog=f"formasi {command}")
        parser.add_argument("--host", default=os.environ.get("FORMASI_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("FORMASI_PORT", "8000")))
        parser.add_argument("--worker", action="store_true", help="also start a task worker")
        parser.add_argument("--no-serve", action="store_true", help=argparse.SUPPRESS)
        opts = parser.parse_args(argv[1:])
        _setup()
        if command == "demo":
            from django.conf import settings

            print(f"Database: {settings.DATABASES['default']['NAME']}", flush=True)
            _manage("migrate", "--no-input", "-v", "0")
            _manage("load_demo", "--if-empty", "--print-logins")
            if opts.no_serve:
                return 0
        return _serve(opts.host, opts.port, worker=opts.worker or command == "demo")
    if command in ("help", "-h", "--help"):
        print(__doc__)
        return 0
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["formasi", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
