"""`formasi restore FILE [--force]`: put a backup's database and uploaded files in place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from formasi.core.backup import BackupError, restore
from formasi.core.language import command_language
from formasi.core.management.commands.backup import describe


class Command(BaseCommand):
    help = "Restore a backup made by `formasi backup` (refuses a database holding data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the archive written by formasi backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that already holds data",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with command_language():
            try:
                report = restore(Path(options["file"]), force=options["force"])
            except BackupError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(_("Restored from {file}.").format(file=report.path))
            self.stdout.write(describe(report))
            self.stdout.write(
                _("Run formasi migrate if this version of Formasi is newer than the backup.")
            )
