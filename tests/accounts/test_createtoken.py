"""`formasi createtoken` and `formasi revoketoken` use the token services."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from formasi.accounts.models import AccessToken
from formasi.accounts.token_services import authenticate_token
from tests import builders as build


def test_the_secret_is_printed_once_and_works(db: Any) -> None:
    alice = build.user("alice", None)
    out = StringIO()
    call_command("createtoken", "alice", "--name", "SIASN", "--days", "30", stdout=out)
    secret = out.getvalue().strip()
    token = authenticate_token(secret)
    assert token.user == alice and token.name == "SIASN" and token.expires_at is not None


def test_an_unknown_user_or_a_bad_expiry_is_refused(db: Any) -> None:
    build.user("alice", None)
    with pytest.raises(CommandError):
        call_command("createtoken", "nobody", "--name", "x")
    with pytest.raises(CommandError):
        call_command("createtoken", "alice", "--name", "x", "--days", "0")
    with pytest.raises(CommandError):
        call_command("createtoken", "alice", "--name", " ")
    assert not AccessToken.objects.exists()


def test_revoke_by_prefix(db: Any) -> None:
    alice = build.user("alice", None)
    call_command("createtoken", "alice", "--name", "SIASN", stdout=StringIO())
    token = AccessToken.objects.get(user=alice)
    with pytest.raises(CommandError):
        call_command("revoketoken", "fms_nothing")
    call_command("revoketoken", token.prefix, stdout=StringIO())
    assert AccessToken.objects.get(pk=token.pk).revoked_at is not None
