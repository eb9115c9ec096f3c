"""``formasi rq_worker``: the RQ worker of :mod:`formasi.core.rq_worker` where the optional
``rq`` extra is installed (``uv sync --extra rq``); otherwise a command that says how to
install it instead of an import error."""

from __future__ import annotations

import importlib.util
from typing import Any

from django.core.management.base import BaseCommand, CommandError

if importlib.util.find_spec("django_rq") is not None:
    from formasi.core.rq_worker import Command
else:

    class Command(BaseCommand):  # type: ignore[no-redef]
        help = "Run an RQ worker (needs the rq extra: uv sync --extra rq)"

        def handle(self, *args: Any, **options: Any) -> None:
            raise CommandError(
                "RQ is not installed: uv sync --extra rq (or pip install 'formasi[rq]'), "
                "or run formasi db_worker"
            )


__all__ = ["Command"]
