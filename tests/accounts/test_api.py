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
