"""User management services (issue 16): what each role may do to which account, escalations
refused and audited, sessions ended, invitations single use and expiring, evaluators."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from formasi.accounts import services
from formasi.accounts.models import User
from formasi.accounts.services import ManagementRefused
from formasi.core.models import AuditEvent
from tests import builders as build

GOOD_PASSWORD = "Kalimantan-Tengah-2026"


def refusals() -> int:
    return AuditEvent.objects.filter(action="formasi.user.refused").count()


def _create(world: Any, actor: Any, **kw: Any) -> User:
    args = {"username": "baru", "password": None, "role": "leader", "actor": actor} | kw
    return services.create_user(**args)


# --- who may manage whom --------------------------------------------------------------------


def test_an_agency_admin_creates_an_operator_of_their_agency(world: Any) -> None:
    admin = world.users["admin_a"]
    user = _create(world, admin, role="opd_operator", unit=world.puskesmas, full_name="Rina")
    assert (user.agency, user.org_unit, user.role) == (
        world.agency_a,
        world.puskesmas,
        "opd_operator",
    )
    assert not user.has_usable_password()  # until the invitation is accepted
    event = AuditEvent.objects.get(action="formasi.user.created")
    assert (event.actor, event.agency, event.object_id) == (admin, world.agency_a, str(user.pk))


@pytest.mark.parametrize("role", ["admin", "opd_operator", "leader"])
def test_an_admin_may_give_each_agency_role(world: Any, role: str) -> None:
    unit = world.dinkes if role == "opd_operator" else None
    user = _create(world, world.users["admin_a"], role=role, unit=unit)
    assert user.role == role and user.agency == world.agency_a


@pytest.mark.parametrize(
    ("persona", "expect"),
    [
        ("admin_a", True),
        ("operator_dinkes_a", False),
        ("operator_other_opd_a", False),
        ("evaluator_a", False),
        ("leader_a", False),
        ("admin_b", False),  # an admin, but of another agency: operator_dinkes_a is not theirs
    ],
)
@pytest.mark.parametrize("action", ["create", "change", "deactivate", "reactivate", "invite"])
def test_every_role_and_every_action(world: Any, persona: str, expect: bool, action: str) -> None:
    actor = world.users[persona]
    target = world.users["operator_dinkes_a"]
    calls = {
        "create": lambda: _create(world, actor, role="opd_operator", unit=world.dinkes),
        "change": lambda: services.change_user(
            actor=actor, user=target, role="opd_operator", unit=world.disdik
        ),
        "deactivate": lambda: services.deactivate_user(actor=actor, user=target),
        "reactivate": lambda: services.reactivate_user(actor=actor, user=target),
        "invite": lambda: services.invite_user(actor=actor, user=target),
    }
    if persona == "admin_b" and action == "create":
        # admin_b creates in their own agency; the unit of agency A is refused.
        expect = False
    before = refusals()
    if expect:
        calls[action]()
        assert refusals() == before
    else:
        with pytest.raises(ManagementRefused):
            calls[action]()
        assert refusals() == before + 1


ESCALATIONS = {
    "create an evaluator": lambda w, a: _create(w, a, role="evaluator"),
    "create a role-less (superuser-like) account": lambda w, a: _create(w, a, role=""),
    "create an operator of another agency's unit": lambda w, a: _create(
        w, a, role="opd_operator", unit=w.opd_b
    ),
    "change another agency's admin": lambda w, a: services.change_user(
        actor=a, user=w.users["admin_b"], role="leader", unit=None
    ),
    "change an evaluator": lambda w, a: services.change_user(
        actor=a, user=w.users["evaluator_a"], role="leader", unit=None
    ),
    "make an operator an evaluator": lambda w, a: services.change_user(
        actor=a, user=w.users["operator_dinkes_a"], role="evaluator", unit=None
    ),
    "deactivate another agency's admin": lambda w, a: services.deactivate_user(
        actor=a, user=w.users["admin_b"]
    ),
    "deactivate a superuser": lambda w, a: services.deactivate_user(
        actor=a, user=build.user("root", None, is_superuser=True)
    ),
    "deactivate oneself": lambda w, a: services.deactivate_user(actor=a, user=a),
    "demote oneself": lambda w, a: services.change_user(actor=a, user=a, role="leader", unit=None),
    "assign an evaluator": lambda w, a: services.assign_evaluator(
        actor=a, evaluator=w.users["evaluator_a"], agency=w.agency_a
    ),
}


@pytest.mark.parametrize("attempt", sorted(ESCALATIONS))
def test_escalations_are_refused_and_audited(world: Any, attempt: str) -> None:
    admin = world.users["admin_a"]
    before = refusals()
    users_before = list(User.objects.values_list("pk", "role", "is_active", "org_unit_id"))
    with pytest.raises(ManagementRefused):
        ESCALATIONS[attempt](world, admin)
    event = AuditEvent.objects.filter(action="formasi.user.refused").first()
    assert refusals() == before + 1 and event is not None and event.actor == admin
    users_after = User.objects.exclude(username="root").values_list(
        "pk", "role", "is_active", "org_unit_id"
    )
    assert sorted(users_after) == sorted(u for u in users_before)
    assert not User.objects.filter(username="baru").exists()


def test_the_admin_role_only_while_the_agency_has_room(world: Any, settings: Any) -> None:
    settings.FORMASI_MAX_ADMINS_PER_AGENCY = 2
    admin = world.users["admin_a"]
    _create(world, admin, username="admin2", role="admin")
    with pytest.raises(ManagementRefused):
        _create(world, admin, username="admin3", role="admin")
    with pytest.raises(ManagementRefused):
        services.change_user(actor=admin, user=world.users["leader_a"], role="admin", unit=None)
    assert User.objects.filter(agency=world.agency_a, role="admin").count() == 2


def test_a_temporary_password_must_follow_the_policy(world: Any) -> None:
    with pytest.raises(ValidationError):
        _create(world, world.users["admin_a"], password="12345678", temporary=True)
    user = _create(world, world.users["admin_a"], password=GOOD_PASSWORD, temporary=True)
    assert user.must_change_password and user.check_password(GOOD_PASSWORD)


def test_a_superuser_manages_anyone_and_assigns_evaluators(world: Any) -> None:
    root = build.user("root", None, is_superuser=True)
    evaluator = world.users["evaluator_a"]
    services.assign_evaluator(actor=root, evaluator=evaluator, agency=world.agency_b)
    assert set(evaluator.assigned_agencies.all()) == {world.agency_a, world.agency_b}
    services.unassign_evaluator(actor=root, evaluator=evaluator, agency=world.agency_a)
    assert list(evaluator.assigned_agencies.all()) == [world.agency_b]
    services.change_user(actor=root, user=world.users["admin_b"], role="leader", unit=None)
    with pytest.raises(ValidationError):
        services.assign_evaluator(
            actor=root, evaluator=world.users["leader_a"], agency=world.agency_a
        )


# --- sessions -------------------------------------------------------------------------------


def test_deactivating_ends_every_session_of_the_user(world: Any) -> None:
    target = world.users["operator_dinkes_a"]
    phone, laptop, other = Client(), Client(), Client()
    phone.force_login(target)
    laptop.force_login(target)
    other.force_login(world.users["leader_a"])
    services.deactivate_user(actor=world.users["admin_a"], user=target)
    assert Session.objects.count() == 1  # only leader_a's
    response = phone.get(reverse("workforce:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert other.get(reverse("workforce:dashboard")).status_code == 200
    event = AuditEvent.objects.get(action="formasi.user.deactivated")
    assert event.payload == {"sessions_ended": 2}
    services.reactivate_user(actor=world.users["admin_a"], user=target)
    assert User.objects.get(pk=target.pk).is_active


# --- invitations ----------------------------------------------------------------------------


def test_an_invitation_works_once(world: Any) -> None:
    user = _create(world, world.users["admin_a"])
    token = services.invite_user(actor=world.users["admin_a"], user=user)
    assert services.invited_user(token) == user
    services.accept_invitation(token=token, password=GOOD_PASSWORD)
    assert User.objects.get(pk=user.pk).check_password(GOOD_PASSWORD)
    assert services.invited_user(token) is None
    with pytest.raises(ValidationError):
        services.accept_invitation(token=token, password="Another-Password-2026")
    assert User.objects.get(pk=user.pk).check_password(GOOD_PASSWORD)


def test_an_invitation_expires(world: Any, settings: Any) -> None:
    settings.FORMASI_INVITATION_DAYS = 7
    user = _create(world, world.users["admin_a"])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token = services.invite_user(actor=world.users["admin_a"], user=user)
    with time_machine.travel(start + timedelta(days=6, hours=23), tick=False):
        assert services.invited_user(token) == user
    with time_machine.travel(start + timedelta(days=7, minutes=1), tick=False):
        assert services.invited_user(token) is None
        with pytest.raises(ValidationError):
            services.accept_invitation(token=token, password=GOOD_PASSWORD)


def test_a_new_invitation_replaces_the_old_and_deactivation_closes_it(world: Any) -> None:
    admin = world.users["admin_a"]
    user = _create(world, admin)
    first = services.invite_user(actor=admin, user=user)
    second = services.invite_user(actor=admin, user=user)
    assert services.invited_user(first) is None and services.invited_user(second) == user
    services.deactivate_user(actor=admin, user=user)
    assert services.invited_user(second) is None


@pytest.mark.parametrize("token", ["", "abc", "eyJ1Ijo1fQ:1abc:forged"])
def test_a_forged_token_is_nobody(world: Any, token: str) -> None:
    assert services.invited_user(token) is None


def test_audit_payloads_hold_no_personal_data(world: Any) -> None:
    _create(world, world.users["admin_a"], email="rina@example.org", full_name="Rina Wati")
    for event in AuditEvent.objects.all():
        assert "rina@example.org" not in str(event.payload) and "Rina" not in str(event.payload)
