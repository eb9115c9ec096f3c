"""Bump the data version of an agency whenever one of its rows is saved or deleted.

Core knows no app: each app connects its own models from its ``apps.py`` (``ready``).
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from formasi.core.cache import bump


def _bump(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    bump([getattr(instance, "agency_id", None)])


def bump_version_on_change(*models: type[Any]) -> None:
    """Bump the agency's data version whenever a row of one of ``models`` is saved or deleted."""
    for model in models:
        post_save.connect(_bump, sender=model, dispatch_uid=f"formasi-version-{model.__name__}")
        post_delete.connect(
            _bump, sender=model, dispatch_uid=f"formasi-version-del-{model.__name__}"
        )
