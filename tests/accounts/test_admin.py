"""The access token admin (issue 21): superusers only, no secret shown, revoking through the
service."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from formasi.accounts.models import AccessToken
from formasi.core.models import AuditEvent
from tests import builders as build
from tests.accounts import builders as tokens


def _root() -> Client:
    client = Client()
    client.force_login(build.user("root", None, is_superuser=True))
    return client


def test_a_superuser_sees_the_prefix_never_the_hash(db: Any) -> None:
    token, secret = tokens.token(build.user("alice", None))
    page = _root().get(reverse("admin:accounts_accesstoken_change", args=[token.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert token.prefix in text
    assert token.token_hash not in text and secret not in text
    assert 'name="name"' not in text  # read-only: no input


def test_the_revoke_action_goes_through_the_service(db: Any) -> None:
    token, _secret = tokens.token(build.user("alice", None))
    response = _root().post(
        reverse("admin:accounts_accesstoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    assert AccessToken.objects.get(pk=token.pk).revoked_at is not None
    assert AuditEvent.objects.filter(action="formasi.token.revoked").count() == 1


def test_an_agency_admin_may_not_open_it(db: Any) -> None:
    agency = build.agency("A", "Kota A", build.region("62.71"))
    client = Client()
    client.force_login(build.user("admin", "admin", agency_obj=agency))
    assert client.get(reverse("admin:accounts_accesstoken_changelist")).status_code == 403
