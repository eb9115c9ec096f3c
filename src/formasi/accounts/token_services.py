"""Personal access tokens for the API: create, revoke, and check one (issue 21).

A token is ``fms_`` plus 43 URL-safe characters (256 random bits). Only its SHA-256 hash is
stored: the secret is returned once, by :func:`create_token`, and cannot be shown again. A
token acts as its user with that user's role and scope; it stops working when revoked, when it
expires or when its user is deactivated. The writers (create, revoke) are used alike by the
profile page, the admin and the ``formasi createtoken`` command; :func:`authenticate_token` by
the API (formasi.accounts.api_auth). Audit events name the token's prefix, never its secret.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from formasi.accounts.models import AccessToken, User
from formasi.core.audit import record_event

TOKEN_PREFIX = "fms_"  # noqa: S105 - the public marker every token starts with, not a secret
PREFIX_LENGTH = 12  # "fms_" and 8 random characters: enough to tell one's tokens apart
MAX_TOKEN_LENGTH = 100  # a longer Authorization value is no token of ours (never hashed)
TOUCH_SECONDS = 60  # last_used is written at most this often per token


class Rejection(StrEnum):
    UNKNOWN = "unknown"
    REVOKED = "revoked"
    EXPIRED = "expired"
    INACTIVE = "inactive"  # the token's user was deactivated


class TokenRejected(Exception):
    def __init__(self, reason: Rejection) -> None:
        self.reason = reason
        super().__init__(reason.value)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(
    *, actor: User, name: str, expires_at: datetime | None = None
) -> tuple[AccessToken, str]:
    """A new token of ``actor`` (for themselves): the row and the secret, shown once.

    ValidationError for a blank name, an expiry not in the future, or more than
    FORMASI_API_TOKENS_PER_USER open tokens."""
    if not actor.is_active:
        raise PermissionDenied(_("Your role may not do this."))
    name = name.strip()
    if not name or len(name) > 100 or "\x00" in name:
        raise ValidationError({"name": _("Give the token a name of at most 100 characters.")})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        # Lock the user's row so two requests cannot both pass the limit.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        if AccessToken.objects.filter(user=actor).open().count() >= (
            settings.FORMASI_API_TOKENS_PER_USER
        ):
            raise ValidationError(
                _("You already have {limit} open tokens; revoke one first.").format(
                    limit=settings.FORMASI_API_TOKENS_PER_USER
                )
            )
        token = AccessToken(
            user=actor,
            name=name,
            prefix=secret[:PREFIX_LENGTH],
            token_hash=hash_token(secret),
            expires_at=expires_at,
        )
        token._history_user = actor  # type: ignore[attr-defined]
        token.save()
        record_event(
            action="formasi.token.created",
            actor=actor,
            obj=token,
            agency_id=actor.agency_id,
            payload={
                "prefix": token.prefix,
                "expires_at": expires_at.isoformat() if expires_at else None,
            },
        )
    return token, secret


def revoke_token(*, actor: User | None, token: AccessToken) -> AccessToken:
    """The token stops working now (its owner, a superuser, or the system with actor None).
    Revoking a revoked token changes nothing."""
    if actor is not None and token.user_id != actor.pk and not actor.is_superuser:
        raise PermissionDenied(_("You may not revoke this token."))
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token._history_user = actor  # type: ignore[attr-defined]
        token.save(update_fields=["revoked_at"])
        record_event(
            action="formasi.token.revoked",
            actor=actor,
            obj=token,
            agency_id=token.user.agency_id,
            payload={"prefix": token.prefix},
        )
    return token


def authenticate_token(raw: str, *, now: datetime | None = None) -> AccessToken:
    """The open token whose secret is ``raw`` (its user loaded), or TokenRejected.

    One query by the hash's unique index; ``last_used`` is written at most once a minute."""
    moment = now or timezone.now()
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > MAX_TOKEN_LENGTH:
        raise TokenRejected(Rejection.UNKNOWN)
    token = AccessToken.objects.select_related("user").filter(token_hash=hash_token(raw)).first()
    if token is None:
        raise TokenRejected(Rejection.UNKNOWN)
    if token.revoked_at is not None:
        raise TokenRejected(Rejection.REVOKED)
    if token.expires_at is not None and token.expires_at <= moment:
        raise TokenRejected(Rejection.EXPIRED)
    if not token.user.is_active:
        raise TokenRejected(Rejection.INACTIVE)
    if token.last_used is None or moment - token.last_used >= timedelta(seconds=TOUCH_SECONDS):
        # A bookkeeping stamp, not an edit: no history row, no audit event.
        AccessToken.objects.filter(pk=token.pk).update(last_used=moment)
        token.last_used = moment
    return token
