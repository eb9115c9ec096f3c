"""`formasi createtoken USERNAME --name …`: a personal access token for a program (a SIASN
feed, a province's system) whose account is run from the shell; the secret is printed once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from formasi.accounts.models import User
from formasi.accounts.token_services import create_token


class Command(BaseCommand):
    help = "Create an API access token for a user; the token is printed once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="what the token is for")
        parser.add_argument("--days", type=int, help="expires after this many days (never)")

    def handle(self, *args: Any, **opts: Any) -> None:
        user = User.objects.filter(username=opts["username"], is_active=True).first()
        if user is None:
            raise CommandError(_("No active user {name}.").format(name=opts["username"]))
        days = opts["days"]
        if days is not None and days < 1:
            raise CommandError(_("--days must be at least 1."))
        expires_at = timezone.now() + timedelta(days=days) if days else None
        try:
            _token, secret = create_token(actor=user, name=opts["name"], expires_at=expires_at)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(secret)
