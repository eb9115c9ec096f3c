"""The `users` import kind (issue 16): accounts from a spreadsheet, all or nothing, through
the accounts services (the same escalation checks), invitations instead of passwords, and an
export without secrets."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from formasi.accounts import services as accounts
from formasi.accounts.models import User
from formasi.core.xlsx import write_table
from formasi.transfer import services
from formasi.transfer.kinds import KINDS, Context

USERS = KINDS["users"]
TODAY = date(2026, 12, 6)


def ctx_for(user: Any, agency: Any) -> Context:
    return Context(user=user, agency=agency, filename="pengguna.xlsx", today=TODAY)


def table(rows: list[dict[str, object]], fmt: str = "xlsx") -> bytes:
    return write_table(USERS.columns, rows, fmt)


def row(username: str, role: str = "opd_operator", unit: str | None = "DINKES", **kw: Any) -> dict:
    return {"username": username, "name": kw.get("name", username.title()),
            "email": kw.get("email"), "role": role, "unit": unit}  # fmt: skip


def codes(outcome: Any) -> set[str]:
    return {e.code for e in outcome.errors}


def test_the_export_round_trips_and_holds_no_secrets(world: Any) -> None:
    admin = world.users["admin_a"]
    ctx = ctx_for(admin, world.agency_a)
    rows = list(USERS.export_rows(ctx))
    assert {r["username"] for r in rows} == {
        "admin_a", "operator_dinkes_a", "operator_other_opd_a", "leader_a",
    }  # fmt: skip
    assert all(set(r) == {"username", "name", "email", "role", "unit"} for r in rows)
    outcome = services.check(USERS, ctx, table(rows))
    assert outcome.ok, outcome.error_dicts()
    assert outcome.counts()["unchanged"] == 4


def test_new_accounts_get_invitations_and_changes_go_through_the_services(world: Any) -> None:
    admin = world.users["admin_a"]
    ctx = ctx_for(admin, world.agency_a)
    rows = list(USERS.export_rows(ctx))
    for r in rows:
        if r["username"] == "operator_dinkes_a":
            r["unit"] = "DISDIK"
    rows += [row("rina", email="rina@example.org"), row("budi", role="leader", unit=None)]
    outcome = services.commit(USERS, ctx, table(rows))
    assert outcome.counts()["new"] == 2 and outcome.counts()["changed"] == 1
    rina = User.objects.get(username="rina")
    assert (rina.agency, rina.org_unit, rina.role) == (world.agency_a, world.dinkes, "opd_operator")
    assert not rina.has_usable_password() and rina.invitation_nonce
    assert len(mail.outbox) == 1 and "/akun/undangan/" in mail.outbox[0].body
    token = mail.outbox[0].body.split("/akun/undangan/")[1].split("/")[0]
    assert accounts.invited_user(token) == rina
    assert User.objects.get(username="operator_dinkes_a").org_unit == world.disdik


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        (row("evaluator_a", role="leader", unit=None), "user.taken"),  # an evaluator's name
        (row("admin_b", role="leader", unit=None), "user.taken"),  # another agency's
        (row("x", unit="NOPE"), "user.unit_unknown"),
        (row("x", unit=None), "user.unit_required"),
        ({"username": "x", "role": "evaluator", "unit": None}, "choice.invalid"),
    ],
)
def test_one_bad_row_writes_nothing(world: Any, bad: dict, code: str) -> None:
    admin = world.users["admin_a"]
    before = list(User.objects.order_by("pk").values("username", "role", "org_unit_id"))
    data = table([row("ok_user"), bad])
    outcome = services.check(USERS, ctx_for(admin, world.agency_a), data)
    assert code in codes(outcome)
    with pytest.raises(services.ImportRefused):
        services.commit(USERS, ctx_for(admin, world.agency_a), data)
    assert list(User.objects.order_by("pk").values("username", "role", "org_unit_id")) == before


def test_the_admin_limit_holds_in_a_file(world: Any, settings: Any) -> None:
    settings.FORMASI_MAX_ADMINS_PER_AGENCY = 2
    data = table([row("a2", role="admin", unit=None), row("a3", role="admin", unit=None)])
    outcome = services.check(USERS, ctx_for(world.users["admin_a"], world.agency_a), data)
    assert codes(outcome) == {"user.admin_limit"}


@pytest.mark.parametrize("persona", ["operator_dinkes_a", "evaluator_a", "leader_a"])
def test_only_the_admin_imports_users(world: Any, persona: str) -> None:
    with pytest.raises((services.ImportRefused, PermissionDenied)):
        services.commit(USERS, ctx_for(world.users[persona], world.agency_a), table([row("z")]))
    assert not User.objects.filter(username="z").exists()
