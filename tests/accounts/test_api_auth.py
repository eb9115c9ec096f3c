"""The API with a personal access token (issue 21): the token's user, no CSRF, 401 for a token
we do not accept (never a fallback to the session), a rate limit per token, nothing logged."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.debug import SafeExceptionReporterFilter

from formasi.accounts.api_auth import rejection_message
from formasi.accounts.token_services import Rejection
from tests.accounts import builders as tokens
from tests.personas import World


def _client() -> Client:
    return Client(enforce_csrf_checks=True)


def test_a_token_acts_as_its_user_with_their_scope(world: World) -> None:
    _token, secret = tokens.token(world.users["admin_b"])
    response = _client().get(reverse("api:list_users"), **tokens.bearer(secret))
    assert response.status_code == 200
    assert [u["username"] for u in response.json()["items"]] == ["admin_b"]
    _token, secret = tokens.token(world.users["leader_a"])
    assert _client().get(reverse("api:list_users"), **tokens.bearer(secret)).status_code == 403


def test_a_write_with_a_token_needs_no_csrf_token(world: World, client_for: Any) -> None:
    _token, secret = tokens.token(world.users["admin_a"])
    body = {"username": "api_leader", "role": "leader"}
    url = reverse("api:create_user_account")
    response = _client().post(url, body, content_type="application/json", **tokens.bearer(secret))
    assert response.status_code == 201, response.content
    session = Client(enforce_csrf_checks=True)
    session.force_login(world.users["admin_a"])
    body["username"] = "api_leader_2"
    assert session.post(url, body, content_type="application/json").status_code == 403


@pytest.mark.parametrize("kind", ["revoked", "expired", "unknown"])
def test_a_token_we_do_not_accept_is_401_even_beside_a_session(world: World, kind: str) -> None:
    admin = world.users["admin_a"]
    secret = {
        "revoked": lambda: tokens.revoked_token(admin),
        "expired": lambda: tokens.expired_token(admin),
        "unknown": lambda: "fms_" + "A" * 43,
    }[kind]()
    client = Client()
    client.force_login(admin)  # a valid session does not rescue a bad token
    response = client.get(reverse("api:list_units"), **tokens.bearer(secret))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    reason = {"revoked": Rejection.REVOKED, "expired": Rejection.EXPIRED}.get(
        kind, Rejection.UNKNOWN
    )
    with translation.override("id"):
        indonesian = rejection_message(reason)
    with translation.override("en"):
        english = rejection_message(reason)
    assert response.json() == {"detail": indonesian}
    assert indonesian != english  # worded in Indonesian, not the English msgid


def test_without_any_credentials_the_answer_invites_a_bearer_token(world: World) -> None:
    response = Client().get(reverse("api:list_units"))
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"


def test_a_temporary_password_blocks_the_token_too(world: World) -> None:
    admin = world.users["admin_a"]
    _token, secret = tokens.token(admin)
    admin.must_change_password = True
    admin.save()
    assert _client().get(reverse("api:list_units"), **tokens.bearer(secret)).status_code == 403


def test_each_token_has_its_own_rate_limit(world: World, settings: Any) -> None:
    settings.FORMASI_API_RATE = (2, 60)
    admin = world.users["admin_a"]
    first, second = tokens.token(admin, "a")[1], tokens.token(admin, "b")[1]
    url = reverse("api:list_units")
    answers = [_client().get(url, **tokens.bearer(first)).status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    refused = _client().get(url, **tokens.bearer(first))
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"]
    assert _client().get(url, **tokens.bearer(second)).status_code == 200


def test_a_session_user_has_a_rate_limit_too(world: World, client_for: Any, settings: Any) -> None:
    settings.FORMASI_API_RATE = (1, 60)
    client = client_for("leader_a")
    url = reverse("api:list_units")
    assert [client.get(url).status_code for _ in range(2)] == [200, 429]
    assert client_for("admin_a").get(url).status_code == 200  # another user, another count


def test_the_schema_and_docs_take_a_token(world: World) -> None:
    _token, secret = tokens.token(world.users["leader_a"])
    schema = _client().get(reverse("api:openapi-json"), **tokens.bearer(secret))
    assert schema.status_code == 200
    schemes = schema.json()["components"]["securitySchemes"]
    assert schemes["TokenAuth"]["scheme"] == "bearer" and "SessionAuth" in schemes
    too_many = schema.json()["paths"]["/api/v1/units"]["get"]["responses"]["429"]
    assert "Retry-After" in too_many["headers"]
    docs = _client().get(reverse("api:openapi-view"), **tokens.bearer(secret))
    assert docs.status_code == 200
    bad = _client().get(
        reverse("api:openapi-json"), **tokens.bearer(tokens.revoked_token(world.users["leader_a"]))
    )
    assert bad.status_code == 401
    assert Client().get(reverse("api:openapi-view")).status_code == 302  # login page


def test_a_token_is_never_logged(world: World, settings: Any, caplog: Any) -> None:
    settings.DEBUG = True  # ninja's own bearer class logs an odd header's value under DEBUG
    _token, secret = tokens.token(world.users["admin_a"])
    revoked = tokens.revoked_token(world.users["admin_a"])
    url = reverse("api:list_units")
    with caplog.at_level(logging.DEBUG):
        _client().get(url, **tokens.bearer(secret))
        _client().get(url, **tokens.bearer(revoked))
        _client().get(url, HTTP_AUTHORIZATION=f"Token {secret}")
        _client().get(reverse("api:get_unit", args=[2**31 - 1]), **tokens.bearer(secret))
    assert caplog.records  # the 401s and the 404 were logged, without the header
    for secret_value in (secret, revoked, secret[4:]):
        assert secret_value not in caplog.text


def test_error_reports_hide_the_authorization_header() -> None:
    request = RequestFactory().get("/api/v1/units", HTTP_AUTHORIZATION="Bearer fms_secret")
    meta = SafeExceptionReporterFilter().get_safe_request_meta(request)
    assert "fms_secret" not in str(meta["HTTP_AUTHORIZATION"])
