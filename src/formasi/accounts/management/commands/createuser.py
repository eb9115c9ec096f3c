from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from formasi.accounts.services import create_user
from formasi.core.permissions import Role


class Command(BaseCommand):
    help = "Create a user with a role (admin, opd_operator, evaluator, leader) and scope."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--agency", help="agency code, e.g. 62.71")
        parser.add_argument("--unit", help="work unit code (for opd_operator)")
        parser.add_argument("--name", default="", help="full name")
        parser.add_argument("--password", help="password (asked when omitted)")

    def handle(self, *args: Any, **opts: Any) -> None:
        password = opts["password"] or getpass.getpass(_("Password: "))
        try:
            user = create_user(
                username=opts["username"],
                password=password,
                role=opts["role"],
                agency_code=opts["agency"],
                unit_code=opts["unit"],
                full_name=opts["name"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(_("User {username} created.").format(username=user.username))
