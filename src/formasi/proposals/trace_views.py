"""The trace of a proposal item (issue 18 part 2): one click from each item of the proposal
page, the numbers behind it (``trace``) with the rows they come from.

Resource "proposal", VIEW: whoever sees the item (``visible_to``: an OPD operator only their
OPD's items, an evaluator once the proposal is sent to BKN) sees its trace; the people listed
are scoped by the "employee" resource too. Out of scope is 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core.permissions import Action
from formasi.core.views import require
from formasi.proposals import trace, wording
from formasi.proposals.views import RESOURCE, _item_or_404, _proposal_or_404


@login_required
@require_GET
def item_trace(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    proposal = _proposal_or_404(request, pk)
    item = _item_or_404(request, proposal, item_pk)
    require(request.user, Action.VIEW, RESOURCE)
    found = trace.trace(request.user, item)
    evidence = found.current or found.drafted
    context = {
        "proposal": proposal,
        "item": item,
        "trace": found,
        "changes": wording.changes(found.changes),
        "source": wording.source_label(str(evidence.get("need_source", ""))),
        "tasks": trace.task_minutes(found.tasks),
        "total_minutes": sum(m for _t, m in trace.task_minutes(found.tasks)),
        "rows": _evidence_rows(found.drafted, found.current),
        "leavers": [
            (year, retiring, ending)
            for (year, retiring), (_y, ending) in zip(
                found.retirements, found.contract_ends, strict=True
            )
        ],
    }
    return render(request, "proposals/item_trace.html", context)


def _at(data: dict[str, Any], name: str, k: int) -> int | None:
    values = data.get(name) or []
    return int(values[k]) if k < len(values) else None


def _evidence_rows(drafted: dict[str, Any], current: dict[str, Any]) -> list[dict[str, Any]]:
    """Per plan year: retirements and contract ends, at the draft and now."""
    years = current.get("years") or drafted.get("years") or []
    return [
        {
            "year": year,
            "retirements": _at(current, "retirements", k),
            "contract_ends": _at(current, "contract_ends", k),
            "drafted_retirements": _at(drafted, "retirements", k),
            "drafted_contract_ends": _at(drafted, "contract_ends", k),
        }
        for k, year in enumerate(years)
    ]
