"""`formasi revoketoken PREFIX`: the token that starts with PREFIX (as the profile page and the
admin show it, fms_ and 8 characters) stops working now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from formasi.accounts.models import AccessToken
from formasi.accounts.token_services import revoke_token


class Command(BaseCommand):
    help = "Revoke an API access token by its prefix (fms_ and 8 characters)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix")

    def handle(self, *args: Any, **opts: Any) -> None:
        found = list(AccessToken.objects.filter(prefix=opts["prefix"], revoked_at__isnull=True))
        if len(found) != 1:
            raise CommandError(
                _("{count} open tokens start with {prefix}; give the whole prefix.").format(
                    count=len(found), prefix=opts["prefix"]
                )
            )
        revoke_token(actor=None, token=found[0])
        self.stdout.write(_("Token {prefix} revoked.").format(prefix=found[0].prefix))
