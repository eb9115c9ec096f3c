"""Changing a user through the API (issue 21): one user with its ETag, and a change of role, OPD,
name or e-mail with If-Match, through the user page's service and its rules (an agency admin
only within their agency, no escalation, never their own role; refusals audited)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from formasi.accounts.models import User
from formasi.core.api import MAX_ID
from formasi.core.models import AuditEvent

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _etag(client: Any, user: User) -> str:
    response = client.get(reverse("api:get_user_account", args=[user.pk]))
    assert response.status_code == 200, response.content[:300]
    return str(response["ETag"])


def _patch(client: Any, user: User, body: dict[str, Any], etag: str | None = None) -> Any:
    headers = {} if etag is None else {"HTTP_IF_MATCH": etag}
    url = reverse("api:update_user_account", args=[user.pk])
    return client.patch(url, body, content_type=JSON, **headers)


def _refusals() -> int:
    return AuditEvent.objects.filter(action="formasi.user.refused").count()


def test_an_operator_becomes_a_leader(world: Any, client_for: Any) -> None:
    client = client_for("admin_a")
    operator = world.users["operator_dinkes_a"]
    etag = _etag(client, operator)
    response = _patch(client, operator, {"role": "leader"}, etag)
    assert response.status_code == 200, response.content
    assert (response.json()["role"], response.json()["unit_id"]) == ("leader", None)
    assert response["ETag"] != etag
    operator.refresh_from_db()
    assert (operator.role, operator.org_unit_id) == ("leader", None)
    changed = AuditEvent.objects.get(action="formasi.user.changed")
    assert changed.to_state == "leader@"


def test_only_what_is_sent_changes(world: Any, client_for: Any) -> None:
    client = client_for("admin_a")
    operator = world.users["operator_dinkes_a"]
    body = {"name": "Rina Operator", "email": "rina@example.org"}
    response = _patch(client, operator, body, _etag(client, operator))
    assert response.status_code == 200, response.content
    operator.refresh_from_db()
    assert (operator.first_name, operator.email) == ("Rina Operator", "rina@example.org")
    assert (operator.role, operator.org_unit_id) == ("opd_operator", world.dinkes.pk)
    moved = _patch(client, operator, {"unit_id": world.school.pk}, response["ETag"])
    assert moved.status_code == 200 and moved.json()["unit_id"] == world.school.pk


def test_if_match_is_required_and_checked(world: Any, client_for: Any) -> None:
    client = client_for("admin_a")
    operator = world.users["operator_dinkes_a"]
    etag = _etag(client, operator)
    assert _patch(client, operator, {"name": "A"}).status_code == 428
    assert _patch(client, operator, {"name": "B"}, etag).status_code == 200
    stale = _patch(client, operator, {"role": "leader"}, etag)
    assert stale.status_code == 412 and stale.json()["detail"]
    operator.refresh_from_db()
    assert (operator.first_name, operator.role) == ("B", "opd_operator")


def test_escalation_is_refused_and_audited(world: Any, client_for: Any) -> None:
    """An evaluator role is no agency admin's to give (403, audited, as a forged page form);
    a unit of another agency is not in their scope (404, as the create operation)."""
    client = client_for("admin_a")
    operator = world.users["operator_dinkes_a"]
    before = _refusals()
    refused = _patch(client, operator, {"role": "evaluator"}, _etag(client, operator))
    assert refused.status_code == 403 and _refusals() == before + 1
    foreign = _patch(client, operator, {"unit_id": world.opd_b.pk}, _etag(client, operator))
    assert foreign.status_code == 404
    operator.refresh_from_db()
    assert (operator.role, operator.org_unit_id) == ("opd_operator", world.dinkes.pk)


def test_an_admin_cannot_change_their_own_role(world: Any, client_for: Any) -> None:
    client = client_for("admin_a")
    admin = world.users["admin_a"]
    before = _refusals()
    response = _patch(client, admin, {"role": "leader"}, _etag(client, admin))
    assert response.status_code == 403 and _refusals() == before + 1
    admin.refresh_from_db()
    assert admin.role == "admin"
    assert _patch(client, admin, {"name": "Admin A"}, _etag(client, admin)).status_code == 200


def test_no_admin_beyond_the_limit(world: Any, client_for: Any) -> None:
    client = client_for("admin_a")
    leader = world.users["leader_a"]
    with override_settings(FORMASI_MAX_ADMINS_PER_AGENCY=1):
        refused = _patch(client, leader, {"role": "admin"}, _etag(client, leader))
    assert refused.status_code == 403
    with override_settings(FORMASI_MAX_ADMINS_PER_AGENCY=2):
        done = _patch(client, leader, {"role": "admin"}, _etag(client, leader))
    assert done.status_code == 200 and done.json()["role"] == "admin"


def test_an_operator_needs_a_unit(world: Any, client_for: Any) -> None:
    client = client_for("admin_a")
    leader = world.users["leader_a"]
    response = _patch(client, leader, {"role": "opd_operator"}, _etag(client, leader))
    assert response.status_code == 422 and response.json()["errors"]
    leader.refresh_from_db()
    assert leader.role == "leader"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin_a", 200), ("operator_dinkes_a", 403), ("operator_other_opd_a", 403),
     ("evaluator_a", 403), ("leader_a", 403), ("admin_b", 404), ("anonymous", 401)],
)  # fmt: skip
def test_per_role(world: Any, client_for: Any, persona: str, status: int) -> None:
    """As the user page: agency admins only (403 for other roles), within their agency (404)."""
    operator = world.users["operator_dinkes_a"]
    etag = _etag(client_for("admin_a"), operator)
    client = client_for(persona)
    got = client.get(reverse("api:get_user_account", args=[operator.pk]))
    assert got.status_code == status
    changed = _patch(client, operator, {"role": "leader"}, etag)
    assert changed.status_code == status
    operator.refresh_from_db()
    assert operator.role == ("leader" if status == 200 else "opd_operator")


def test_bad_input(world: Any, client_for: Any) -> None:
    client = client_for("admin_a")
    operator = world.users["operator_dinkes_a"]
    etag = _etag(client, operator)
    for body in ({"name": "x" * 151}, {"role": "superuser"}, {"unit_id": 0},
                 {"email": "bukan-surel"}):  # fmt: skip
        response = _patch(client, operator, body, etag)
        assert response.status_code == 422, body
    assert client.get(reverse("api:get_user_account", args=[MAX_ID + 1])).status_code == 422
    assert client.get(reverse("api:get_user_account", args=[MAX_ID])).status_code == 404
    evaluator = world.users["evaluator_a"]
    assert client.get(reverse("api:get_user_account", args=[evaluator.pk])).status_code == 404
