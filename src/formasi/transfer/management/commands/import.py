"""`formasi import KIND FILE`: check (--dry-run) or commit a file of one import kind.

The same services as the web pages (``formasi.transfer.services``): the file becomes an
import job like an upload, and the command runs its check (--dry-run) or commit itself, as
the worker would. Nothing is written when any row is invalid, and the command then exits
with status 1 after listing every error as "row N, column X: message" in Indonesian (or
the language LANGUAGE names).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from formasi.core.language import command_language
from formasi.transfer import services
from formasi.transfer.kinds import KINDS
from formasi.transfer.management.commands.export import (
    get_kind,
    resolve_agency,
    resolve_user,
)


class Command(BaseCommand):
    help = "Import a file (xlsx, xls, ods or csv) of one kind: employees, units, positions, ..."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help=f"one of: {', '.join(sorted(KINDS))}")
        parser.add_argument("file", help="the file to import")
        parser.add_argument("--agency", help="agency code, e.g. 62.71")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report only; write nothing"
        )
        parser.add_argument(
            "--full-snapshot",
            action="store_true",
            help="the file lists everyone: deactivate (never delete) records it does not list",
        )
        parser.add_argument(
            "--user", help="username the changes are recorded under (default: none, as system)"
        )
        parser.add_argument("--sheet", help="worksheet name (default: the first)")

    def handle(self, *args: Any, **opts: Any) -> None:
        with command_language():
            self._handle(opts)

    def _handle(self, opts: dict[str, Any]) -> None:
        kind = get_kind(opts["kind"])
        path = Path(opts["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read {file}: {reason}").format(file=path, reason=exc.strerror or exc)
            ) from exc
        user, actor = resolve_user(opts["user"])
        agency = resolve_agency(kind, opts["agency"], user)
        try:
            job = services.create_import_job(
                agency=agency,
                actor=actor,
                kind=kind.name,
                filename=path.name,
                content=data,
                full_snapshot=opts["full_snapshot"],
                queue=False,  # run here, not by the worker
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        outcome = services.run_import_job(
            job_id=job.pk,
            step=services.CHECK if opts["dry_run"] else services.COMMIT,
            actor=actor,
            sheet=opts["sheet"],
        )
        self._report(outcome)
        if not outcome.ok:
            raise CommandError(
                _("Nothing was imported: {n} problem(s) found.").format(
                    n=len(outcome.file_errors) + len(outcome.errors)
                )
            )
        if opts["dry_run"]:
            self.stdout.write(_("Checked only (--dry-run): nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Imported.")))

    def _report(self, outcome: services.Outcome) -> None:
        counts = outcome.counts()
        self.stdout.write(
            _(
                "Rows: {rows}; new: {new}, changed: {changed}, unchanged: {unchanged}, "
                "deactivated: {deactivated}, invalid: {invalid}."
            ).format(**counts)
        )
        if outcome.unknown:
            self.stdout.write(
                _("Columns ignored (not recognised): {headers}.").format(
                    headers=", ".join(outcome.unknown)
                )
            )
        for error in outcome.error_dicts():
            if error["row"]:
                line = _("row {row}, column {column}: {message}").format(**error)
            elif error["column"]:
                line = _("column {column}: {message}").format(**error)
            else:
                line = str(error["message"])
            self.stderr.write(line)
