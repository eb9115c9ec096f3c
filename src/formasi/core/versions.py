"""Optimistic locking: the version an edit starts from, and the error when it is stale.

A row with a ``version`` column or simple-history compares that; a small settings block
without either (an agency's signatory, its ABK settings) is versioned by its content: a hash
of the values as stored, so any change saved since gives another version (HTTP's strong ETag
of the representation).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError


class StaleEditError(ValidationError):
    """Someone else saved the row after this edit began (optimistic locking): nothing saved;
    the API answers 412."""


def edit_version(row: Any) -> str:
    """The version an edit starts from: the id of the row's latest history record (any row
    with simple-history's ``history``; "0" for a row not saved yet)."""
    if row.pk is None:
        return "0"
    latest = row.history.order_by("-history_id").values_list("history_id", flat=True)
    return str(latest.first() or 0)


def content_version(values: Iterable[object]) -> str:
    """A short, stable version of ``values`` (strings, numbers, dates, None)."""
    text = json.dumps([str(v) if v is not None else None for v in values], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
