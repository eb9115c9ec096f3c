"""The import/export kinds, by name (the KIND of `formasi import KIND FILE`)."""

from __future__ import annotations

from formasi.transfer.kinds.base import Context, ImportKind, Plan, Stored
from formasi.transfer.kinds.employees import EmployeeKind

KINDS: dict[str, ImportKind] = {kind.name: kind for kind in (EmployeeKind(),)}

__all__ = ["KINDS", "Context", "ImportKind", "Plan", "Stored"]
