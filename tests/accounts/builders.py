"""Access tokens for tests, made through the service (the secret is returned once)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from formasi.accounts.models import AccessToken
from formasi.accounts.token_services import create_token, revoke_token


def token(user: Any, name: str = "test", **kwargs: Any) -> tuple[AccessToken, str]:
    return create_token(actor=user, name=name, **kwargs)


def revoked_token(user: Any) -> str:
    made, secret = token(user, "revoked")
    revoke_token(actor=user, token=made)
    return secret


def expired_token(user: Any) -> str:
    """A token whose expiry has passed (made for a minute, then moved into the past)."""
    made, secret = token(user, "expired", expires_at=timezone.now() + timedelta(minutes=1))
    AccessToken.objects.filter(pk=made.pk).update(expires_at=timezone.now() - timedelta(days=1))
    return secret


def bearer(secret: str) -> dict[str, str]:
    """Client keyword arguments that send the token."""
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
