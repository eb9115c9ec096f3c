"""`formasi health` (run by `formasi check` after Django's system checks): the database, the
task workers, the cache and the disk, one line each; exits 1 when one fails."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from formasi.core import health
from formasi.core.language import command_language


class Command(BaseCommand):
    help = "Report the health of the database, the task workers, the cache and the disk."

    def handle(self, *args: Any, **options: Any) -> None:
        with command_language():
            findings = health.run_all()
            marks = {health.OK: _("OK"), health.WARN: _("NOTE"), health.FAIL: _("FAILED")}
            self.stdout.write(_("Health of Formasi:"))
            for finding in findings:
                style = self.style.ERROR if finding.status == health.FAIL else self.style.SUCCESS
                mark = style(f"[{marks[finding.status]}]")
                self.stdout.write(f"  {mark} {finding.label}: {finding.detail}")
            failed = [f.label for f in findings if f.status == health.FAIL]
            if failed:
                raise CommandError(
                    _("Not healthy: {checks}.").format(checks=", ".join(failed)), returncode=1
                )
            self.stdout.write(_("Everything is healthy."))
