"""``load_demo``: fill an empty database with the Kota Palangka Raya demo and print the logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from formasi.core.permissions import Role
from formasi.demo.loader import DEMO_PASSWORD, DemoDataError, DemoSummary, load_demo
from formasi.demo.users import existing_demo_logins
from formasi.organization.models import Agency


class Command(BaseCommand):
    help = "Load the Kota Palangka Raya demo (regions, organisation, workforce, logins)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument("--size", type=int, default=6500, help="number of employees")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing (and exit successfully) when an agency already exists",
        )
        parser.add_argument(
            "--print-logins",
            action="store_true",
            help="with --if-empty: list the demo logins that exist when nothing is loaded",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Agency.unscoped.exists():
            if options["print_logins"]:
                self._print_logins(existing_demo_logins())
            return
        try:
            progress = self.stdout if options["verbosity"] >= 2 else None
            summary = load_demo(seed=options["seed"], size=options["size"], stdout=progress)
        except (DemoDataError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self._print_summary(summary)
        self._print_logins(list(summary.logins))

    def _print_summary(self, summary: DemoSummary) -> None:
        out = self.stdout
        out.write(
            _(
                "Demo data loaded in {seconds} s (seed {seed}): {employees} employees, "
                "{units} work units, {positions} positions."
            ).format(
                seconds=summary.seconds,
                seed=summary.seed,
                employees=summary.employees,
                units=summary.units,
                positions=summary.positions,
            )
        )
        for title, rows in (
            (_("By status:"), summary.by_status),
            (_("By kecamatan of the work unit:"), summary.by_district),
            (_("By age band (on 1 January 2026):"), summary.by_age_band),
            (_("PNS and CPNS reaching retirement age (BUP), by year:"), summary.retirements),
        ):
            out.write(title)
            for label, count in rows:
                share = 100 * count / summary.employees
                out.write(f"  {label!s:<28} {count:>6}  {share:5.1f} %")

    def _print_logins(self, logins: list[tuple[str, str, str]]) -> None:
        if not logins:
            return
        self.stdout.write(_("Demo logins (password: {password}):").format(password=DEMO_PASSWORD))
        for username, role, _password in logins:
            label = _("Superuser") if role == "superuser" else str(Role(role).label)
            self.stdout.write(f"  {username:<18} {label}")
