"""`formasi export KIND FILE`: write the records of one import kind, in the layout its
import reads back (format from FILE's extension: xlsx or csv, or the kind's own formats).

Also holds what `formasi import` shares with it: the language of the output, the acting
user and the agency.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from formasi.accounts.models import User
from formasi.core.language import command_language
from formasi.core.permissions import Action, ScopedUser, can
from formasi.core.xlsx import write_table
from formasi.transfer.kinds import KINDS, Context, ImportKind

if TYPE_CHECKING:
    from formasi.organization.models import Agency

# Who acts when no --user is given: passes every `can()` and sees every row through
# `visible_to` (as a superuser does), but has no pk, so history and audit rows record no
# user (history_user empty), which is what a system import is.
# Typed as the protocol scoping reads: it has every attribute `can` and `visible_to` read of a
# superuser (a namespace cannot declare that it implements a protocol).
SYSTEM_ACTOR: ScopedUser = cast(
    ScopedUser,
    SimpleNamespace(
        is_superuser=True,
        is_active=True,
        is_authenticated=True,
        is_anonymous=False,
        pk=None,
        id=None,
        role="",
        agency_id=None,
        org_unit=None,
        username="",
    ),
)


def resolve_user(username: str | None) -> tuple[User | None, ScopedUser]:
    """(the user, the actor a Context gets): no username means no user, acting as system."""
    if not username:
        return None, SYSTEM_ACTOR
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("No active user “{username}”.").format(username=username))
    return user, user


def resolve_agency(kind: ImportKind, code: str | None, user: User | None) -> Agency | None:
    """The agency of --agency; without it the user's own agency, or the only agency the user
    (or, without --user, the system) may see: ``organization.services.agency_for``, the one
    chooser, worded for the command line. None for kinds without an agency (when no code is
    given)."""
    from formasi.organization.models import Agency
    from formasi.organization.services import agency_for

    if not code and not kind.needs_agency:
        return None
    try:
        agency = agency_for(user if user is not None else SYSTEM_ACTOR, code)
    except Http404:
        named = Agency.unscoped.filter(code=code).first()
        if named is None:
            raise CommandError(_("No agency has the code “{code}”.").format(code=code)) from None
        raise _may_not_work_on(user, named) from None
    if agency is None:
        if user is not None and getattr(user, "agency_id", None):
            raise _may_not_work_on(user, user.agency)  # their own agency is hidden from them
        raise CommandError(_("Say which agency with --agency CODE (e.g. --agency 62.71)."))
    return agency


def _may_not_work_on(user: User | None, agency: Agency | None) -> CommandError:
    # Always a user: the system actor may work on every agency.
    username = user.username if user is not None else ""
    return CommandError(
        _("User {username} may not work on {agency}.").format(username=username, agency=agency)
    )


def get_kind(name: str) -> ImportKind:
    kind = KINDS.get(name)
    if kind is None:
        raise CommandError(
            _("Unknown kind “{kind}”; use one of: {kinds}.").format(
                kind=name, kinds=", ".join(sorted(KINDS))
            )
        )
    return kind


class Command(BaseCommand):
    help = "Export the records of one kind (employees, units, ...) to an xlsx or csv file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help=f"one of: {', '.join(sorted(KINDS))}")
        parser.add_argument("file", help="the file to write; its extension gives the format")
        parser.add_argument("--agency", help="agency code, e.g. 62.71")
        parser.add_argument(
            "--user", help="export what this user may see (default: everything, unmasked)"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        with command_language():
            self._handle(opts)

    def _handle(self, opts: dict[str, Any]) -> None:
        kind = get_kind(opts["kind"])
        path = Path(opts["file"])
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in kind.formats:
            raise CommandError(
                _("Cannot export {kind} as .{fmt}; use one of: {formats}.").format(
                    kind=kind.name, fmt=fmt, formats=", ".join(kind.formats)
                )
            )
        user, actor = resolve_user(opts["user"])
        if user is not None and not can(user, Action.EXPORT, kind.resource):
            raise CommandError(
                _("User {username} may not export this.").format(username=user.username)
            )
        agency = resolve_agency(kind, opts["agency"], user)
        ctx = Context(user=actor, agency=agency, filename=path.name, today=timezone.localdate())
        counter = _Counter()
        export_bytes = getattr(kind, "export_bytes", None)
        if export_bytes is not None:
            takes_format = len(inspect.signature(export_bytes).parameters) > 1
            data = export_bytes(ctx, fmt) if takes_format else export_bytes(ctx)
        else:
            data = write_table(kind.columns, counter.count(kind.export_rows(ctx)), fmt)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(
                _("Cannot write {file}: {reason}").format(file=path, reason=exc.strerror or exc)
            ) from exc
        if export_bytes is None:
            self.stdout.write(
                _("{n} rows written to {file}.").format(n=counter.rows, file=path.name)
            )
        else:
            self.stdout.write(_("Written to {file}.").format(file=path.name))


class _Counter:
    rows = 0

    def count(self, rows: Iterable[dict[str, object]]) -> Iterator[dict[str, object]]:
        for row in rows:
            self.rows += 1
            yield row
