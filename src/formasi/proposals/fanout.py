"""The national view of the usul kebutuhan fanned out per agency (issue 21): one task per
agency groups that agency's items the user may see (``national.grouped``: area × family ×
status), the combine step adds the groups of every agency and sums them by area, family and
status as ``national.totals`` does in one query. Every item belongs to one agency, so the
result equals ``national.totals`` over the same filters.

Registered with ``formasi.core.fanout`` as the kind ``proposals_national`` from
ProposalsConfig.ready. Parameters: ``user`` (the id of whom the figures are for, whose scope
applies) and the page's filters (``year``, ``province``, ``level``, ``family``, ``status``,
``state``).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from formasi.accounts.models import User
from formasi.proposals.national import KEYS, KIND, MEASURES, Filters, _largest_first, grouped

__all__ = ["KIND", "combine", "params_of", "part", "register"]


def params_of(user: Any, f: Filters) -> dict[str, Any]:
    """The parameters of a run for ``user`` with the page's filters ``f``."""
    return {"user": user.pk, **asdict(f)}


def part(agency_id: int, params: dict[str, Any]) -> dict[str, Any]:
    user = User.objects.get(pk=params["user"])
    f = Filters(**{k: v for k, v in params.items() if k != "user"})
    rows = grouped(user, f).filter(part__proposal__agency_id=agency_id)
    return {"rows": [{k: r[k] for k in (*KEYS, *MEASURES)} for r in rows]}


def combine(parts: dict[int, dict[str, Any]], params: dict[str, Any]) -> dict[str, Any]:
    """``{"rows": [area × family × status], "totals": {"area": [...], "family": [...],
    "status": [...]}}``, the totals as ``national.totals`` returns them."""
    cells: dict[tuple[Any, ...], dict[str, Any]] = {}
    for found in parts.values():
        for row in found["rows"]:
            cell_key = tuple(row[k] for k in KEYS)
            cell = cells.setdefault(cell_key, {**dict(zip(KEYS, cell_key, strict=True)),
                                               **dict.fromkeys(MEASURES, 0)})  # fmt: skip
            for m in MEASURES:
                cell[m] += int(row[m])
    totals: dict[str, list[dict[str, Any]]] = {}
    for key in KEYS:
        by: dict[Any, dict[str, Any]] = {}
        for cell in cells.values():
            row = by.setdefault(cell[key], {key: cell[key], **dict.fromkeys(MEASURES, 0)})
            for m in MEASURES:
                row[m] += cell[m]
        totals[key] = sorted(by.values(), key=_largest_first(key))
    ordered = sorted(cells.values(), key=lambda c: tuple(str(c[k] or "") for k in KEYS))
    return {"rows": ordered, "totals": totals}


def register() -> None:
    from formasi.core.fanout import register_kind

    register_kind(KIND, part=part, combine=combine)
