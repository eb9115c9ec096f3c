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


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "formasi.settings")
    import django

    django.setup()


def _manage(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def _serve(host: str, port: int, worker: bool) -> int:
    from django.utils.translation import gettext as _
    from waitress import serve

    from formasi.wsgi import application

    worker_process = None
    if worker:
        worker_process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "formasi.cli", "db_worker"], env=os.environ.copy()
        )
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
        if worker_process is not None:
            worker_process.terminate()
            worker_process.wait(timeout=10)
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
