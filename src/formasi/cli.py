"""The `formasi` command.

formasi demo        migrate the embedded SQLite database, load the demo city when empty,
                    and serve it at http://127.0.0.1:8000 with a background task worker
formasi serve       serve the web app: one waitress process with 8 threads, or with
                    --workers N gunicorn with N processes (production, docs/deploy.md);
                    --worker also starts a task worker
formasi check       Django's system checks (--deploy for production settings), then the
                    health of the database, task workers, cache and disk; exit 1 on failure
formasi backup FILE / formasi restore FILE [--force]
                    the database and the uploaded files in one archive (docs/deploy.md)
formasi createuser  create a user with a role and scope
formasi createtoken USER --name NAME [--days N] / formasi revoketoken PREFIX
                    an API access token of a user, printed once; revoke one (docs/api/)
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


def gunicorn_options(host: str, port: int, workers: int, threads: int) -> dict[str, object]:
    """gunicorn's settings for `formasi serve --workers N` (docs/deploy.md has the same as a
    command line): N processes of `threads` threads each, requests logged to stdout."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": 120,  # the longest page (a plan PDF) takes seconds, never minutes
        "graceful_timeout": 30,
        "max_requests": 2000,  # a worker is replaced now and then: no slow leak lives forever
        "max_requests_jitter": 200,
        "accesslog": "-",
        # Django is loaded once and the workers forked from it: faster start, shared memory.
        # No database connection is open at that point (closed before gunicorn starts).
        "preload_app": True,
        # gunicorn 27's control socket (~/.gunicorn/gunicorn.ctl) is shared by every instance
        # of a user on the machine; Formasi does not use it.
        "control_socket_disable": True,
    }


def _run_gunicorn(options: dict[str, object]) -> None:
    try:
        from gunicorn.app.base import BaseApplication
    except ImportError as exc:  # Windows: no gunicorn
        raise SystemExit(
            f"gunicorn is not available here ({exc}); serve without --workers"
        ) from exc
    from django.db import connections

    connections.close_all()  # no connection of this process is inherited by the workers

    class Formasi(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> object:
            from formasi.wsgi import application

            return application

    Formasi().run()


def _serve(host: str, port: int, worker: bool, workers: int = 0, threads: int = 8) -> int:
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
        if workers:
            _run_gunicorn(gunicorn_options(host, port, workers, threads))
        else:
            serve(application, host=host, port=port, threads=threads, _quiet=True)
    except KeyboardInterrupt:
        pass
    finally:
        if supervisor is not None:
            supervisor.stop()
    return 0


def _positive(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {raw}")
    return value


def _check(args: list[str]) -> int:
    """Django's system checks with the given options, then `health`: 1 if either fails."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    failed = False
    for name, arguments in (("check", args), ("health", [])):
        try:
            call_command(name, *arguments)
        except CommandError as exc:
            print(exc, file=sys.stderr, flush=True)
            failed = True
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv else "help"
    if command in ("demo", "serve"):
        parser = argparse.ArgumentParser(prog=f"formasi {command}")
        parser.add_argument("--host", default=os.environ.get("FORMASI_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("FORMASI_PORT", "8000")))
        parser.add_argument("--worker", action="store_true", help="also start a task worker")
        parser.add_argument(
            "--workers",
            type=_positive,
            default=int(os.environ.get("FORMASI_WEB_WORKERS", "0")),
            help="serve with gunicorn in this many processes (default: one waitress process)",
        )
        parser.add_argument(
            "--threads",
            type=_positive,
            default=int(os.environ.get("FORMASI_WEB_THREADS", "8")),
            help="threads per process (default 8)",
        )
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
        return _serve(
            opts.host,
            opts.port,
            worker=opts.worker or command == "demo",
            workers=opts.workers,
            threads=opts.threads,
        )
    if command == "check":
        _setup()
        return _check(argv[1:])
    if command in ("help", "-h", "--help"):
        print(__doc__)
        return 0
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["formasi", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
