"""Personal access tokens (issue 21): hashed at rest, shown once, revoked, expired, bounded."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from formasi.accounts.models import AccessToken
from formasi.accounts.token_services import (
    Rejection,
    TokenRejected,
    authenticate_token,
    create_token,
    revoke_token,
)
from formasi.core.models import AuditEvent
from tests import builders as build


@pytest.fixture
def alice(db: Any) -> Any:
    return build.user("alice", None, is_superuser=False)


def _rejected(raw: str) -> Rejection:
    with pytest.raises(TokenRejected) as caught:
        authenticate_token(raw)
    return caught.value.reason


def test_only_a_sha256_of_the_secret_is_stored(alice: Any) -> None:
    token, secret = create_token(actor=alice, name="SIASN")
    stored = AccessToken.objects.get(pk=token.pk)
    assert secret.startswith("fms_") and len(secret) >= 40
    assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(AccessToken.objects.filter(pk=token.pk).values().get())
    assert stored.prefix == secret[:12]


def test_two_tokens_never_share_a_secret(alice: Any) -> None:
    assert create_token(actor=alice, name="a")[1] != create_token(actor=alice, name="b")[1]


def test_the_secret_finds_its_user_and_stamps_last_used(alice: Any) -> None:
    token, secret = create_token(actor=alice, name="SIASN")
    found = authenticate_token(secret)
    assert found.pk == token.pk and found.user == alice
    assert AccessToken.objects.get(pk=token.pk).last_used is not None


def test_last_used_is_written_at_most_once_a_minute(alice: Any) -> None:
    token, secret = create_token(actor=alice, name="SIASN")
    first = authenticate_token(secret).last_used
    assert first is not None
    authenticate_token(secret, now=first + timedelta(seconds=30))
    assert AccessToken.objects.get(pk=token.pk).last_used == first
    later = first + timedelta(seconds=61)
    authenticate_token(secret, now=later)
    assert AccessToken.objects.get(pk=token.pk).last_used == later


def test_unknown_revoked_expired_and_deactivated_are_rejected(alice: Any) -> None:
    assert _rejected("fms_" + "x" * 43) == Rejection.UNKNOWN
    assert _rejected("not-ours") == Rejection.UNKNOWN
    assert _rejected("fms_" + "x" * 200) == Rejection.UNKNOWN
    token, secret = create_token(actor=alice, name="a")
    revoke_token(actor=alice, token=token)
    assert _rejected(secret) == Rejection.REVOKED
    soon = timezone.now() + timedelta(hours=1)
    token, secret = create_token(actor=alice, name="b", expires_at=soon)
    with pytest.raises(TokenRejected) as caught:
        authenticate_token(secret, now=soon + timedelta(seconds=1))
    assert caught.value.reason == Rejection.EXPIRED
    _token, secret = create_token(actor=alice, name="c")
    alice.is_active = False
    alice.save()
    assert _rejected(secret) == Rejection.INACTIVE


def test_a_blank_name_or_a_past_expiry_is_refused(alice: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        create_token(actor=alice, name="  ")
    assert "name" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        create_token(actor=alice, name="a", expires_at=timezone.now() - timedelta(days=1))
    assert "expires_at" in caught.value.message_dict
    assert not AccessToken.objects.exists()


def test_open_tokens_per_user_are_bounded(alice: Any, settings: Any) -> None:
    settings.FORMASI_API_TOKENS_PER_USER = 2
    first, _secret = create_token(actor=alice, name="a")
    create_token(actor=alice, name="b")
    with pytest.raises(ValidationError):
        create_token(actor=alice, name="c")
    revoke_token(actor=alice, token=first)
    create_token(actor=alice, name="c")  # a revoked token leaves room


def test_only_the_owner_or_a_superuser_revokes(alice: Any) -> None:
    token, _secret = create_token(actor=alice, name="a")
    bob = build.user("bob", None)
    with pytest.raises(PermissionDenied):
        revoke_token(actor=bob, token=token)
    assert AccessToken.objects.get(pk=token.pk).revoked_at is None
    root = build.user("root", None, is_superuser=True)
    assert revoke_token(actor=root, token=token).revoked_at is not None


def test_writes_are_audited_and_kept_in_history_without_the_secret(alice: Any) -> None:
    token, secret = create_token(actor=alice, name="SIASN")
    revoke_token(actor=alice, token=token)
    events = AuditEvent.objects.filter(action__startswith="formasi.token.").order_by("pk")
    assert [e.action for e in events] == ["formasi.token.created", "formasi.token.revoked"]
    assert all(secret not in str(e.payload) for e in events)
    assert all(e.payload["prefix"] == token.prefix for e in events)
    history = list(token.history.order_by("history_id"))  # type: ignore[attr-defined]
    assert [h.history_type for h in history] == ["+", "~"]
    assert history[0].history_user == alice
    assert not hasattr(history[0], "token_hash")
