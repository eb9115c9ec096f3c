"""API of the proposal's read-only pages (issue 21): the comparison of what was asked, what BKN
approved and what was decided (``comparison``, the page ``proposals:compare``) and an item's
trace to its ABK and evidence (``trace``, the page ``proposals:item_trace``), on the
proposals router. Scoped like the pages: whoever sees the proposal sees its comparison (of the
items they see), whoever sees the item its trace (its people scoped by ``visible_to``); out of
scope is 404.

No ``from __future__ import annotations`` here: django-ninja resolves the schema types at
import time.
"""

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema

from formasi.core.api import Id, responses
from formasi.core.permissions import Action
from formasi.core.views import require
from formasi.proposals import trace, wording
from formasi.proposals.api import RESOURCE, _item, _proposal, router
from formasi.proposals.comparison import comparison
from formasi.workforce.models import Employee

# --------------------------------------------------------------------------- comparison


class ComparisonRowOut(Schema):
    item_id: int
    part_id: int
    opd: str = Field(description="The OPD whose part the item is in")
    org_unit_id: int
    org_unit: str
    position_id: int
    position: str
    status: str
    drafted_need: int = Field(description="The count the draft proposed")
    count: int = Field(description="The count asked")
    bkn_verdict: str = Field(description="approved, changed, rejected or empty (not yet)")
    bkn_count: int | None
    bkn_reason: str
    decided_count: int | None
    bkn_diff: int | None = Field(description="BKN's count less the count asked (null: none yet)")
    decided_diff: int | None = Field(
        description="The decided count less the count asked (null: none yet)"
    )


class ComparisonTotalsOut(Schema):
    drafted: int
    requested: int
    bkn: int
    decided: int


class ProposalComparisonOut(Schema):
    proposal_id: int
    rows: list[ComparisonRowOut]
    totals: ComparisonTotalsOut


@router.get(
    "/proposals/{proposal_id}/comparison",
    response=responses({200: ProposalComparisonOut}, 404, 422),
)
def compare_proposal(request: HttpRequest, proposal_id: Id) -> dict[str, Any]:
    """Side by side per item you see: the count drafted and asked, BKN's verdict and count,
    the decided count, and the totals (the comparison page's figures)."""
    proposal = _proposal(request, proposal_id)
    found = comparison(request.user, proposal)
    rows = []
    for row in found.rows:
        item = row["item"]
        rows.append(
            {
                "item_id": item.pk,
                "part_id": item.part_id,
                "opd": item.part.org_unit.name,
                "org_unit_id": item.org_unit_id,
                "org_unit": item.org_unit.name,
                "position_id": item.position_id,
                "position": item.position.name,
                **{
                    name: getattr(item, name)
                    for name in ("status", "drafted_need", "count", "bkn_verdict", "bkn_count")
                },
                "bkn_reason": item.bkn_reason,
                "decided_count": item.decided_count,
                "bkn_diff": row["bkn_diff"],
                "decided_diff": row["decided_diff"],
            }
        )
    return {"proposal_id": proposal.pk, "rows": rows, "totals": found.totals}


# --------------------------------------------------------------------------- trace


class TraceNeedOut(Schema):
    count: int = Field(description="The need of the unit × position cell")
    source: str = Field(description="abk, standard, wisn or entered")
    source_label: str
    basis: str
    exact: float = Field(description="The exact figure before rounding")


class TraceTaskOut(Schema):
    description: str = Field(description="The ABK task (uraian tugas)")
    output_unit: str
    volume: float = Field(description="Yearly volume")
    norm_minutes: float
    minutes: int = Field(description="Minutes a year: volume × norm time, whole minutes")


class TracePersonOut(Schema):
    id: int
    name: str
    nip: str
    status: str


class TraceYearOut(Schema):
    year: int
    retirements: list[TracePersonOut] = Field(description="PNS reaching BUP")
    contract_ends: list[TracePersonOut] = Field(description="PPPK contracts ending")


class TraceAssumptionOut(Schema):
    label: str
    value: str | int | float | None


class ItemTraceOut(Schema):
    proposal_id: int
    item_id: int
    count: int
    status: str
    drafted: dict[str, Any] = Field(description="The evidence stored at the draft")
    current: dict[str, Any] = Field(description="The same evidence recomputed now")
    changes: list[str] = Field(description="What changed since the draft, in words")
    need: TraceNeedOut | None = Field(description="null: no need recorded for the cell now")
    tasks: list[TraceTaskOut]
    total_minutes: int
    effective_minutes: int | None = Field(description="The agency's effective minutes a year")
    bezetting: list[TracePersonOut] = Field(description="The ASN counted in bezetting")
    leavers: list[TraceYearOut] = Field(description="Per plan year")
    scenario_id: int | None
    assumptions: list[TraceAssumptionOut] = Field(description="The scenario's assumptions")
    extra: list[str] = Field(description="Other evidence about the unit, in words")


def _person(e: Employee) -> dict[str, Any]:
    return {"id": e.pk, "name": e.name, "nip": e.nip or "", "status": e.status}


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def _need(need: Any) -> dict[str, Any] | None:
    if need is None:
        return None
    return {
        "count": need.count,
        "source": need.source,
        "source_label": wording.source_label(need.source),
        "basis": need.basis,
        "exact": float(need.exact),
    }


@router.get(
    "/proposals/{proposal_id}/items/{item_id}/trace",
    response=responses({200: ItemTraceOut}, 404, 422),
)
def get_item_trace(request: HttpRequest, proposal_id: Id, item_id: Id) -> dict[str, Any]:
    """Why an item's numbers: its need and the ABK tasks behind it, the evidence at the draft
    and now (and what changed), the people counted in bezetting and those leaving per plan
    year, and the scenario's assumptions (the trace page)."""
    proposal = _proposal(request, proposal_id)
    item = _item(request, proposal, item_id)
    require(request.user, Action.VIEW, RESOURCE)
    found = trace.trace(request.user, item)
    tasks = trace.task_minutes(found.tasks)
    retiring = dict(found.retirements)
    return {
        "proposal_id": proposal.pk,
        "item_id": item.pk,
        "count": item.count,
        "status": item.status,
        "drafted": found.drafted,
        "current": found.current,
        "changes": wording.changes(found.changes),
        "need": _need(found.need),
        "tasks": [
            {
                "description": t.description,
                "output_unit": t.output_unit,
                "volume": float(t.volume),
                "norm_minutes": float(t.norm_minutes),
                "minutes": minutes,
            }
            for t, minutes in tasks
        ],
        "total_minutes": sum(m for _t, m in tasks),
        "effective_minutes": found.effective_minutes,
        "bezetting": [_person(e) for e in found.bezetting],
        "leavers": [
            {
                "year": year,
                "retirements": [_person(e) for e in retiring.get(year, [])],
                "contract_ends": [_person(e) for e in ending],
            }
            for year, ending in found.contract_ends
        ],
        "scenario_id": found.scenario.pk if found.scenario is not None else None,
        "assumptions": [{"label": label, "value": _plain(v)} for label, v in found.assumptions],
        "extra": found.extra,
    }
