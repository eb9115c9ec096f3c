"""The profile page (issue 21): every role makes and revokes its own tokens; the secret is
shown once."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from formasi.accounts.models import AccessToken
from formasi.accounts.token_services import hash_token
from tests.accounts import builders as tokens
from tests.personas import PERSONAS, World

SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_every_role_makes_a_token_and_sees_it_once(
    world: World, client_for: Any, persona: str
) -> None:
    client = client_for(persona)
    response = client.post(reverse("accounts:profile"), {"name": "SIASN", "expires": "30"})
    assert response.status_code == 200
    secret = response.context["secret"]
    token = AccessToken.objects.get(user=world.users[persona])
    assert token.token_hash == hash_token(secret) and token.expires_at is not None
    assert secret in response.content.decode()
    assert response["Cache-Control"].find("no-store") >= 0
    again = client.get(reverse("accounts:profile")).content.decode()
    assert secret not in again and token.prefix in again and "SIASN" in again


def test_a_token_may_never_expire(world: World, client_for: Any) -> None:
    client_for("leader_a").post(reverse("accounts:profile"), {"name": "dashboard", "expires": ""})
    assert AccessToken.objects.get(user=world.users["leader_a"]).expires_at is None


def test_a_blank_name_is_refused(world: World, client_for: Any) -> None:
    response = client_for("admin_a").post(
        reverse("accounts:profile"), {"name": "", "expires": "30"}
    )
    assert response.status_code == 400 and not AccessToken.objects.exists()


def test_the_limit_shows_as_a_form_error(world: World, client_for: Any, settings: Any) -> None:
    settings.FORMASI_API_TOKENS_PER_USER = 1
    tokens.token(world.users["admin_a"])
    response = client_for("admin_a").post(reverse("accounts:profile"), {"name": "b", "expires": ""})
    assert response.status_code == 400 and response.context["form"].non_field_errors()


def test_the_owner_revokes_and_others_get_404(world: World, client_for: Any) -> None:
    token, _secret = tokens.token(world.users["operator_dinkes_a"])
    url = reverse("accounts:token_revoke", args=[token.pk])
    assert client_for("admin_a").post(url).status_code == 404
    assert client_for("operator_dinkes_a").get(url).status_code == 405
    response = client_for("operator_dinkes_a").post(url)
    assert response.status_code == 302
    assert AccessToken.objects.get(pk=token.pk).revoked_at is not None


def test_the_page_names_no_other_users_tokens(world: World, client_for: Any) -> None:
    tokens.token(world.users["admin_b"], "rahasia-b")
    assert b"rahasia-b" not in client_for("admin_a").get(reverse("accounts:profile")).content


def test_the_user_menu_links_the_profile(world: World, client_for: Any) -> None:
    page = client_for("leader_a").get(reverse("workforce:dashboard")).content.decode()
    assert reverse("accounts:profile") in page
