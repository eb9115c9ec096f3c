"""`formasi backup FILE`: the database and the uploaded files in one archive (docs/deploy.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from formasi.core.backup import BackupError, Report, backup
from formasi.core.language import command_language


def describe(report: Report) -> str:
    """One line on what an archive holds, for the backup and the restore alike."""
    return _(
        "{engine} database ({size}), {files} uploaded files, archive {archive}, made {created}."
    ).format(
        engine="PostgreSQL" if report.engine == "postgresql" else "SQLite",
        size=megabytes(report.database_bytes),
        files=report.media_files,
        archive=megabytes(report.archive_bytes),
        created=report.created,
    )


def megabytes(size: int) -> str:
    return _("{mb} MB").format(mb=f"{size / 1_000_000:.1f}")


class Command(BaseCommand):
    help = "Write the database and the uploaded files to one archive (.tar or .tar.gz)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the archive to write, e.g. formasi-2026-12-06.tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        with command_language():
            try:
                report = backup(Path(options["file"]))
            except BackupError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(_("Backup written to {file}.").format(file=report.path))
            self.stdout.write(describe(report))
