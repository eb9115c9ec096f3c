"""Carry over: unrealised penetapan offered again in next year's proposal (issue 18, part 10).

"Unrealised penetapan may be counted as additional proposal the next year" (Perban BKN
9/2022; DOMAIN.md §7.2). When BKPSDM drafts the proposal of year N, every item of the
agency's decided (or closed) proposal of year N−1 whose decided count was not filled —
decided − placed, :func:`formasi.domain.penetapan.unrealised` — comes back as an extra item
of the same unit, position, status and education, marked ``carried`` in its evidence with the
item it comes from.

Who was placed is known to ``placement``, which sits above ``proposals``: it registers a
counter (``proposal → {item id: people placed}``) from its ``apps.py`` with
:func:`register_realised`. Without one, nothing counts as placed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from formasi.domain import penetapan
from formasi.organization.models import Agency
from formasi.proposals.models import Proposal, ProposalItem, ProposalState

RealisedCounter = Callable[[Proposal], dict[int, int]]

_COUNTERS: list[RealisedCounter] = []

#: Proposal states whose decided counts were set (and may be unrealised).
DECIDED_STATES = (ProposalState.DECIDED, ProposalState.CLOSED)


def register_realised(counter: RealisedCounter) -> None:
    """Register a counter of the people placed per item of a decided proposal (once)."""
    if counter not in _COUNTERS:
        _COUNTERS.append(counter)


def realised(proposal: Proposal) -> dict[int, int]:
    """Item id → people placed into it, summed over the registered counters."""
    out: dict[int, int] = {}
    for counter in _COUNTERS:
        for item_id, n in counter(proposal).items():
            out[item_id] = out.get(item_id, 0) + n
    return out


def previous_decided(agency: Agency, year: int) -> Proposal | None:
    """The agency's decided (or closed) proposal of ``year`` − 1, if any."""
    return Proposal.unscoped.filter(agency=agency, year=year - 1, state__in=DECIDED_STATES).first()


def carried_lines(agency: Agency, year: int) -> list[dict[str, Any]]:
    """The unrealised items of last year's decided proposal, as drafted lines (unit,
    position, count, status, education, evidence and justification) for ``draft_proposal``."""
    previous = previous_decided(agency, year)
    if previous is None:
        return []
    placed = realised(previous)
    items = (
        ProposalItem.unscoped.filter(part__proposal=previous, decided_count__gt=0)
        .select_related("org_unit", "position")
        .order_by("org_unit__path", "position__name", "status", "id")
    )
    lines = []
    with translation.override(settings.LANGUAGE_CODE):
        for item in items:
            decided = item.decided_count or 0
            filled = placed.get(item.pk, 0)
            count = penetapan.unrealised(decided, filled)
            if count <= 0:
                continue
            lines.append(
                {
                    "unit": item.org_unit_id,
                    "position": item.position_id,
                    "count": count,
                    "status": item.status,
                    "education": item.education,
                    "evidence": {
                        "carried": True,
                        "from_proposal": previous.pk,
                        "from_year": previous.year,
                        "from_item": item.pk,
                        "decided": decided,
                        "placed": filled,
                    },
                    "justification": _(
                        "Carried over from the %(year)s proposal: %(open)s of the %(decided)s "
                        "posts set in its penetapan were not filled (Perban BKN 9/2022)."
                    )
                    % {"year": previous.year, "open": count, "decided": decided},
                }
            )
    return lines
