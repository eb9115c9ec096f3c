"""Approved formasi as the posts new hires may fill (issue 18, part 7).

The usulan of year N is for the penetapan in N+1 (Perban BKN 9/2022; DOMAIN.md §7.2), so a
new-hire run of year Y reads the agency's proposal of year Y−1 once KemenPAN-RB has decided it
(state ``decided`` or ``closed``). Each item's decided count is a post of its unit × jabatan ×
status × education. The solver fills them as *variants* of the jabatan
(:func:`formasi.domain.penetapan.variant`: jabatan, status group and the education levels
required), and an applicant qualifies only for the variants they fit (a CPNS a PNS item, a
PPPK a PPPK item, an education the item names), so nobody is placed on an item of the other
status or another education. The open posts of a variant are the decided counts of its items
less the applicants already accepted into the unit × jabatan by the agency's other runs of the
same year (shared among its items as below). Without a decided proposal the run keeps the
needs (peta jabatan) less the bezetting, as before. The run page shows, per item, the
approved count and the people placed into it (:func:`formasi.domain.penetapan.allocate`
shares a cell's people among its items, each to an item they fit first).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from formasi.domain import penetapan
from formasi.placement.models import PlacementLine, PlacementRun
from formasi.proposals.models import Proposal, ProposalItem, ProposalState

#: A run of year Y fills the formasi of the usulan of year Y − FORMASI_YEAR_OFFSET.
FORMASI_YEAR_OFFSET = 1
#: Proposal states whose decided counts are the approved formasi.
APPROVED_STATES = (ProposalState.DECIDED, ProposalState.CLOSED)

Cells = dict[tuple[int, int], int]


def approved_proposal(agency_id: int, run_year: int) -> Proposal | None:
    """The decided (or closed) proposal whose formasi a new-hire run of ``run_year`` fills."""
    return (
        Proposal.unscoped.filter(
            agency_id=agency_id,
            year=run_year - FORMASI_YEAR_OFFSET,
            state__in=APPROVED_STATES,
        )
        .only("pk", "year", "state", "agency_id")
        .first()
    )


def approved_items(proposal: Proposal) -> list[ProposalItem]:
    """The proposal's items with a decided count above 0, in a stable order."""
    return list(
        ProposalItem.unscoped.filter(part__proposal=proposal, decided_count__gt=0)
        .select_related("org_unit", "position")
        .order_by("org_unit__path", "position__name", "status", "id")
    )


Placed = dict[tuple[int, int], list[tuple[str, str | None]]]


def _placed(agency_id: int, year: int, run: PlacementRun | None, *, others: bool = False) -> Placed:
    """(status, education level) of the applicants placed per (unit, position): lines
    accepted in any new-hire run of ``year``, and, when ``run`` is given, that run's lines
    not rejected (``others``: the other runs' accepted lines only)."""
    lines = PlacementLine.unscoped.filter(
        agency_id=agency_id,
        applicant__isnull=False,
        run__kind=PlacementRun.Kind.NEW_HIRES,
        run__year=year,
        decision=PlacementLine.Decision.ACCEPTED,
    )
    if run is not None:
        lines = lines.exclude(run_id=run.pk)
        if not others:
            lines |= PlacementLine.unscoped.filter(run_id=run.pk).exclude(
                decision=PlacementLine.Decision.REJECTED
            )
    out: Placed = defaultdict(list)
    for unit, position, status, education in lines.values_list(
        "to_unit_id", "position_id", "applicant__status", "applicant__education"
    ).order_by("id"):
        out[unit, position].append((status or "", penetapan.person_level(education or "")))
    return out


def _approved(item: ProposalItem) -> penetapan.ApprovedItem:
    return penetapan.ApprovedItem(
        item.pk, item.status, item.decided_count or 0, penetapan.education_levels(item.education)
    )


def variant_of(item: ProposalItem) -> str:
    """The solver's position key of the posts of an item (see the module docstring)."""
    return penetapan.variant(
        str(item.position_id), item.status, penetapan.education_levels(item.education)
    )


def approved_variants(
    run: PlacementRun,
) -> tuple[Proposal | None, dict[tuple[int, int], dict[str, int]]]:
    """The proposal a new-hire run fills, and its open approved posts per (unit id,
    position id) and variant: decided counts less the applicants accepted by the agency's
    other runs of the year. ``(None, {})`` for a transfer run or when no decided proposal
    exists."""
    if run.kind != PlacementRun.Kind.NEW_HIRES:
        return None, {}
    proposal = approved_proposal(run.agency_id, run.year)
    if proposal is None:
        return None, {}
    items = approved_items(proposal)
    taken = _shares(items, _placed(run.agency_id, run.year, run, others=True))
    out: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for item in items:
        left = penetapan.unrealised(item.decided_count or 0, taken.get(item.pk, 0))
        out[item.org_unit_id, item.position_id][variant_of(item)] += left
    return proposal, {key: dict(per) for key, per in out.items()}


def approved_open(run: PlacementRun) -> tuple[Proposal | None, Cells]:
    """As :func:`approved_variants`, summed per (unit id, position id)."""
    proposal, variants = approved_variants(run)
    return proposal, {key: sum(per.values()) for key, per in variants.items()}


def _shares(items: list[ProposalItem], placed: Placed) -> dict[int, int]:
    """Item id → people placed into it (a cell's people shared among its items)."""
    by_cell: dict[tuple[int, int], list[ProposalItem]] = defaultdict(list)
    for item in items:
        by_cell[item.org_unit_id, item.position_id].append(item)
    out: dict[int, int] = {}
    for key, cell_items in by_cell.items():
        out |= penetapan.allocate([_approved(i) for i in cell_items], placed.get(key, []))
    return out


def approved_rows(run: PlacementRun) -> tuple[Proposal | None, list[dict[str, Any]]]:
    """The proposal a new-hire run fills and, per approved item, unit, position, status,
    education, the approved count and the people placed (this run's lines not rejected
    and the lines accepted by the year's other runs)."""
    if run.kind != PlacementRun.Kind.NEW_HIRES:
        return None, []
    proposal = approved_proposal(run.agency_id, run.year)
    if proposal is None:
        return None, []
    items = approved_items(proposal)
    shares = _shares(items, _placed(run.agency_id, run.year, run))
    rows = [
        {
            "item": item,
            "unit": item.org_unit.name,
            "position": item.position.name,
            "status": item.get_status_display(),
            "education": item.education,
            "approved": item.decided_count or 0,
            "placed": shares.get(item.pk, 0),
        }
        for item in items
    ]
    return proposal, rows


def realised_by_item(proposal: Proposal) -> dict[int, int]:
    """Item id → applicants accepted into it by the new-hire runs of the year the proposal's
    formasi is filled (registered with ``formasi.proposals.carryover``)."""
    items = approved_items(proposal)
    year = proposal.year + FORMASI_YEAR_OFFSET
    return _shares(items, _placed(proposal.agency_id, year, None))
