"""The national needs summary fanned out per agency (issue 21): one task per agency computes
that agency's ``gap_summary``, the combine step puts them side by side and sums them. The
result equals ``gap_summary`` over all the agencies at once (an agency without any cell is
left out, as there), because every cell belongs to exactly one agency (its unit's).

Registered with ``formasi.core.fanout`` as the kind ``needs_summary`` from WorkloadConfig.ready.
"""

from __future__ import annotations

from typing import Any

from formasi.domain.gaps import Gap
from formasi.workload.services import gap_summary

KIND = "needs_summary"


def _row(gap: Gap) -> list[int]:
    return [gap.need, gap.bezetting, gap.shortage, gap.excess]


def part(agency_id: int, params: dict[str, Any]) -> dict[str, Any]:
    """One agency's need, bezetting, shortage and excess (None when it has no cell)."""
    found = gap_summary([agency_id]).get(agency_id)
    return {"gap": None if found is None else _row(found)}


def combine(parts: dict[int, dict[str, Any]], params: dict[str, Any]) -> dict[str, Any]:
    """``{"agencies": {id: [need, bezetting, shortage, excess]}, "total": [...]}``."""
    agencies = {str(a): p["gap"] for a, p in sorted(parts.items()) if p["gap"] is not None}
    total = sum((Gap(*row) for row in agencies.values()), Gap())
    return {"agencies": agencies, "total": _row(total)}


def gaps_of(result: dict[str, Any]) -> dict[int, Gap]:
    """The combined result as ``gap_summary`` returns it."""
    return {int(a): Gap(*row) for a, row in result["agencies"].items()}


def register() -> None:
    from formasi.core.fanout import register_kind

    register_kind(KIND, part=part, combine=combine)
