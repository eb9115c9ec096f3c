"""User accounts of the agency (issue 16): name, username, e-mail, role and OPD code.

Matched by username. Only the roles an agency admin may give (admin, OPD operator, leader);
an OPD operator needs the code of a unit of the agency. A username that belongs to an account
outside the importer's scope (another agency's, an evaluator's, a superuser's) is refused
like a taken one. New accounts never take a password from the file: each gets an invitation
(mailed when the row has an e-mail address). Every write goes through accounts.services, so
the same escalation checks apply as on the pages. The export holds no secrets.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from formasi.accounts.models import User
from formasi.accounts.services import change_user, create_user, invite_user, mail_invitation
from formasi.core.permissions import Action, Role, can
from formasi.domain.importing import Column, ColumnKind, ParsedRow, RowError
from formasi.organization.models import OrgUnit
from formasi.transfer.kinds.base import Context, ImportKind, Plan, Stored

K = ColumnKind
ROLE_LABELS = {
    Role.ADMIN.value: "Admin BKPSDM",
    Role.OPD_OPERATOR.value: "Operator OPD",
    Role.LEADER.value: "Pimpinan",
}
COLUMNS: tuple[Column, ...] = (
    Column("username", "Nama Pengguna", K.TEXT, required=True, max_length=150,
           synonyms=("username", "user", "akun")),
    Column("name", "Nama Lengkap", K.TEXT, max_length=150, synonyms=("nama", "name")),
    Column("email", "Surel", K.TEXT, max_length=254, synonyms=("email", "e-mail", "surel")),
    Column("role", "Peran", K.CHOICE, required=True, choices=ROLE_LABELS,
           aliases={"admin": "admin", "administrator": "admin", "operator": "opd_operator",
                    "opd operator": "opd_operator", "operator opd": "opd_operator",
                    "leader": "leader", "pimpinan": "leader"},
           synonyms=("role",)),
    Column("unit", "Kode OPD", K.TEXT, max_length=40,
           synonyms=("opd", "kode unit", "unit kerja", "unit")),
)  # fmt: skip
FIELDS = ("name", "email", "role", "unit")


def _unit_code(unit: OrgUnit | None) -> str | None:
    return unit.code if unit is not None else None


class UserKind(ImportKind):
    name = "users"
    label = _("User accounts")
    resource = "user"
    columns = COLUMNS
    key_field = "username"

    def _units(self, ctx: Context) -> dict[str, OrgUnit]:
        units = OrgUnit.unscoped.filter(agency=ctx.agency).exclude(code="")
        return {unit.code.casefold(): unit for unit in units}

    def load(self, ctx: Context) -> Stored:
        stored = Stored()
        mine = User.objects.visible_to(ctx.user, Action.CHANGE).filter(agency=ctx.agency)
        for user in mine.select_related("org_unit"):
            stored.values[user.username] = {
                "name": user.first_name,
                "email": user.email,
                "role": user.role,
                "unit": _unit_code(user.org_unit),
            }
            stored.ids[user.username] = user.pk
        stored.changeable = set(stored.ids)
        taken = User.objects.values_list("username", flat=True)
        stored.hidden = {name for name in taken if name not in stored.ids}
        return stored

    def prepare(
        self, ctx: Context, rows: list[ParsedRow], stored: Stored, headers: Mapping[str, str]
    ) -> tuple[dict[Hashable, dict[str, object]], list[RowError]]:
        may_add = can(ctx.user, Action.ADD, self.resource)
        units = self._units(ctx)
        hidden = {str(name).casefold() for name in stored.hidden}
        admins = sum(1 for v in stored.values.values() if v["role"] == Role.ADMIN)
        records: dict[Hashable, dict[str, object]] = {}
        errors: list[RowError] = []
        for row in rows:
            values = row.values
            problems: list[RowError] = []

            def fail(
                name: str, code: str, message: Any, n: int = row.number, out: list = problems
            ) -> None:
                header = headers.get(name) or self.column(name).header
                out.append(RowError(n, header, code, {"message": str(message)}))

            key = str(values.get("username") or "").strip()
            if not key:
                continue
            if key.casefold() in hidden:
                fail("username", "user.taken", _("This username is taken."))
            elif key not in stored.values and not may_add:
                fail("username", "user.add_denied", _("You may not add users."))
            role = str(values["role"])
            unit_code = str(values.get("unit") or "").strip()
            unit = units.get(unit_code.casefold()) if unit_code else None
            if unit_code and unit is None:
                fail("unit", "user.unit_unknown", _("No unit of the agency has this code."))
            if role == Role.OPD_OPERATOR and not unit_code:
                fail("unit", "user.unit_required", _("An OPD operator needs a work unit."))
            was_admin = stored.values.get(key, {}).get("role") == Role.ADMIN
            if role == Role.ADMIN and not was_admin:
                admins += 1
                if admins > settings.FORMASI_MAX_ADMINS_PER_AGENCY:
                    fail("role", "user.admin_limit", _("The agency has no room for another admin."))
            record: dict[str, object] = {
                "name": str(values.get("name") or ""),
                "email": str(values.get("email") or "").strip(),
                "role": role,
                "unit": unit.code if unit is not None and role == Role.OPD_OPERATOR else None,
            }
            if problems:
                errors.extend(problems)
            else:
                records[key] = record
        return records, errors

    def write(self, ctx: Context, plan: Plan) -> None:
        actor = ctx.user if getattr(ctx.user, "pk", None) else None
        units = self._units(ctx)
        for key in plan.diff.new:
            record = plan.records[key]
            user = create_user(
                actor=actor,
                username=str(key),
                password=None,
                role=str(record["role"]),
                agency_code=ctx.agency.code,
                unit=units.get(str(record["unit"]).casefold()) if record["unit"] else None,
                full_name=str(record["name"]),
                email=str(record["email"]),
            )
            token = invite_user(actor=actor, user=user)
            link = settings.FORMASI_SITE_URL.rstrip("/") + reverse(
                "accounts:invitation", args=[token]
            )
            mail_invitation(user=user, link=link)
        for key in plan.diff.changed:
            record = plan.records[key]
            change_user(
                actor=actor,
                user=User.objects.get(pk=plan.stored.ids[key]),
                role=str(record["role"]),
                unit=units.get(str(record["unit"]).casefold()) if record["unit"] else None,
                full_name=str(record["name"]),
                email=str(record["email"]),
            )

    def export_rows(self, ctx: Context) -> Iterable[dict[str, object]]:
        users = (
            User.objects.visible_to(ctx.user, Action.EXPORT)
            .filter(agency=ctx.agency)
            .select_related("org_unit")
            .order_by("username")
        )
        for user in users:
            yield {
                "username": user.username,
                "name": user.first_name,
                "email": user.email,
                "role": user.role,
                "unit": _unit_code(user.org_unit),
            }
