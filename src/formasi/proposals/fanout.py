"""The national view of the usul kebutuhan fanned out per agency (issue 21): one task per
agency groups that agency's items the user may see (``national.grouped``: area × family ×
status), the combine step adds the groups of every agency and sums them by area, family and
status as ``national.totals`` does in one query. Every item belongs to one agency, so the
result equals ``national.totals`` over the same filters.

Registered with ``formasi.core.fanout`` as the kind ``proposals_national`` from
ProposalsConfig.ready. Parameters: ``user`` (the id of whom the figures are for, whose scope
applies) and the page's filters (``year``, ``province``, ``level``, ``family``, ``status``,
``state``). :func:`start` and :func:`runs_of` are shared by the page
(``proposals.national_runs``) and the API (``proposals.api_national``): a run is its
starter's alone.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from formasi.accounts.models import User
from formasi.core.fanout_services import start_fanout
from formasi.core.models import FanOutRun
from formasi.organization.models import Agency
from formasi.proposals.national import KEYS, KIND, MEASURES, Filters, _largest_first, grouped

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

__all__ = ["KIND", "combine", "params_of", "part", "register", "runs_of", "start"]


def params_of(user: Any, f: Filters) -> dict[str, Any]:
    """The parameters of a run for ``user`` with the page's filters ``f``."""
    return {"user": user.pk, **asdict(f)}


def start(user: AnyUser, f: Filters) -> FanOutRun:
    """A run for ``user`` with the filters ``f`` over every agency they may see."""
    ids = list(Agency.objects.visible_to(user).values_list("pk", flat=True))
    return start_fanout(kind=KIND, agency_ids=ids, params=params_of(user, f), actor=user)


def runs_of(user: AnyUser) -> QuerySet[FanOutRun]:
    """The runs of the national view ``user`` started."""
    return FanOutRun.objects.filter(kind=KIND, created_by_id=getattr(user, "pk", None))


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
