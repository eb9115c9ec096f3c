"""`formasi createuser` makes a user with a role and scope, or explains what is wrong."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from formasi.accounts.models import User


def test_it_creates_an_opd_operator(world) -> None:  # type: ignore[no-untyped-def]
    call_command(
        "createuser",
        "ops",
        "--role",
        "opd_operator",
        "--agency",
        "62.71",
        "--unit",
        "DINKES",
        "--password",
        "x-secret-2026",
    )
    user = User.objects.get(username="ops")
    assert (user.role, user.agency, user.org_unit) == ("opd_operator", world.agency_a, world.dinkes)
    assert user.check_password("x-secret-2026")


def test_it_assigns_an_evaluator_to_the_agency(world) -> None:  # type: ignore[no-untyped-def]
    call_command("createuser", "bkn", "--role", "evaluator", "--agency", "63.72", "--password", "p")
    user = User.objects.get(username="bkn")
    assert user.agency is None
    assert list(user.assigned_agencies.all()) == [world.agency_b]


def test_an_operator_without_unit_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError):
        call_command(
            "createuser", "x", "--role", "opd_operator", "--agency", "62.71", "--password", "p"
        )
    assert not User.objects.filter(username="x").exists()


def test_an_unknown_agency_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match=r"99\.99"):
        call_command("createuser", "x", "--role", "admin", "--agency", "99.99", "--password", "p")
