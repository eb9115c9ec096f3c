"""The users API (issue 16): the same scope and escalation checks as the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from formasi.accounts.models import User
from formasi.core.models import AuditEvent


def test_the_list_is_the_agency_users(world: Any, client_for: Any) -> None:
    response = client_for("admin_b").get(reverse("api:list_users"))
    assert [u["username"] for u in response.json()["items"]] == ["admin_b"]


def test_create_answers_an_invitation_link(world: Any, client_for: Any) -> None:
    body = {"username": "api_leader", "role": "leader", "email": "pimpinan@example.org"}
    response = client_for("admin_a").post(
        reverse("api:create_user_account"), body, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["user"]["agency_id"] == world.agency_a.pk
    assert "/akun/undangan/" in data["invitation_link"]
    assert not User.objects.get(username="api_leader").has_usable_password()


@pytest.mark.parametrize(
    "body",
    [
        {"username": "x", "role": "evaluator"},
        {"username": "x", "role": "opd_operator", "unit_id": "opd_b"},
    ],
)
def test_escalation_through_the_api_is_refused_and_audited(
    world: Any, client_for: Any, body: dict[str, Any]
) -> None:
    if body.get("unit_id") == "opd_b":
        body = body | {"unit_id": world.opd_b.pk}
    before = AuditEvent.objects.filter(action="formasi.user.refused").count()
    response = client_for("admin_a").post(
        reverse("api:create_user_account"), body, content_type="application/json"
    )
    assert response.status_code in (403, 404)
    if response.status_code == 403:
        assert AuditEvent.objects.filter(action="formasi.user.refused").count() == before + 1
    assert not User.objects.filter(username="x").exists()


def _post(client: Any, name: str, user: User) -> Any:
    return client.post(reverse(name, args=[user.pk]), content_type="application/json")


def test_deactivate_and_reactivate_an_agency_user(world: Any, client_for: Any) -> None:
    operator = world.users["operator_dinkes_a"]
    assert _post(client_for("leader_a"), "api:deactivate_user_account", operator).status_code == 403
    assert _post(client_for("admin_b"), "api:deactivate_user_account", operator).status_code == 404
    off = _post(client_for("admin_a"), "api:deactivate_user_account", operator)
    assert off.status_code == 200 and off.json()["is_active"] is False
    operator.refresh_from_db()
    assert not operator.is_active
    on = _post(client_for("admin_a"), "api:reactivate_user_account", operator)
    assert on.status_code == 200 and on.json()["is_active"] is True


def test_another_agencys_user_is_404_and_audited(world: Any, client_for: Any) -> None:
    before = AuditEvent.objects.filter(action="formasi.user.refused").count()
    response = _post(client_for("admin_a"), "api:deactivate_user_account", world.users["admin_b"])
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="formasi.user.refused").count() == before + 1
    assert User.objects.get(pk=world.users["admin_b"].pk).is_active


def test_a_new_invitation_replaces_the_old_link(world: Any, client_for: Any) -> None:
    operator = world.users["operator_dinkes_a"]
    url = reverse("api:invite_user_account", args=[operator.pk])
    first = client_for("admin_a").post(url, content_type="application/json").json()
    second = client_for("admin_a").post(url, content_type="application/json").json()
    assert first["invitation_link"] != second["invitation_link"]
    assert client_for("anonymous").get(first["invitation_link"]).status_code == 404
    assert client_for("anonymous").get(second["invitation_link"]).status_code == 200
    assert client_for("leader_a").post(url, content_type="application/json").status_code == 403
