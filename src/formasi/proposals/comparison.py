"""What was asked, what BKN approved and what was decided, item by item (issue 18): the
comparison page (``views.proposal_compare``) and the API (``api_trace.compare_proposal``)
read the same rows and totals from here. Only the items the user sees count
(``visible_to``: an OPD operator their OPD's, an evaluator once the proposal is with BKN)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from formasi.proposals.models import Proposal, ProposalItem

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser


@dataclass(frozen=True)
class Comparison:
    """Per item: the item, BKN's count less the count asked and the decided count less it
    (None until given); the totals of the drafted need, the request, BKN's and the decision."""

    rows: list[dict[str, Any]]
    totals: dict[str, int]


def comparison(user: AnyUser, proposal: Proposal) -> Comparison:
    items = list(
        ProposalItem.objects.visible_to(user)
        .filter(part__proposal=proposal)
        .select_related("org_unit", "position", "part__org_unit")
    )
    totals = {
        "drafted": sum(i.drafted_need for i in items),
        "requested": sum(i.count for i in items),
        "bkn": sum(i.bkn_count or 0 for i in items),
        "decided": sum(i.decided_count or 0 for i in items),
    }
    rows = [
        {
            "item": i,
            "bkn_diff": (i.bkn_count - i.count) if i.bkn_count is not None else None,
            "decided_diff": (i.decided_count - i.count) if i.decided_count is not None else None,
        }
        for i in items
    ]
    return Comparison(rows=rows, totals=totals)
