"""Record workflow events with personal data masked out of the payload."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from formasi.core.models import AuditEvent

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

# Keys whose values are personal data (UU 27/2022 PDP) and never go into audit payloads.
PERSONAL_KEYS = frozenset({"nik", "birth_date", "address", "birth_place", "phone", "email"})


def mask_personal(payload: dict[str, Any]) -> dict[str, Any]:
    return {k: ("***" if k in PERSONAL_KEYS else v) for k, v in payload.items()}


def record_event(
    *,
    action: str,
    actor: AnyUser | None,
    obj: models.Model | None = None,
    agency_id: int | None = None,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    payload: dict[str, Any] | None = None,
) -> AuditEvent:
    if agency_id is None and obj is not None:
        agency_id = getattr(obj, "agency_id", None)
    return AuditEvent.objects.create(
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,  # type: ignore[misc]  # core names no user class; the FK is AUTH_USER_MODEL
        agency_id=agency_id,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        payload=mask_personal(payload or {}),
    )
