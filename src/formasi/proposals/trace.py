"""Why every number of a proposal item (issue 18 part 2): its evidence then and now, and the
rows behind it.

An item is drafted from its unit × position cell of the five-year plan data
(``formasi.planning.fiveyear.collect``: the need, the ASN in post on 31 December N−1, the PNS
reaching BUP and the PPPK contracts ending per plan year) and stores that evidence.
:func:`current_evidence` recomputes it from the same sources, for all the items of a page at
once (a handful of queries whatever the number of items), and :func:`staleness` compares it
with the drafted evidence through ``formasi.domain.proposal_rules.evidence_changed`` ("need
changed from 12 to 10 since the draft"). The comparison covers the years the count rests on
(``counted_years``: N and N+1, the year of the penetapan), so a change that cannot move the
count is not flagged.

:func:`trace` gathers what one item's trace page and the documents' annex show: the ABK tasks
(uraian tugas, volume, norm time; PermenPAN-RB 1/2020) or the standard or WISN figure behind
the need, the people counted in bezetting, those reaching BUP and whose contracts end per plan
year (the same rules as ``collect``), and the scenario's assumptions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from formasi.domain import budget
from formasi.domain.proposal_rules import NEED_SOURCES, Change, Evidence, NeedSource
from formasi.domain.proposal_rules import evidence_changed as _evidence_changed
from formasi.organization.models import AgencyBudget
from formasi.planning import fiveyear
from formasi.planning.models import Scenario
from formasi.proposals import extra_evidence
from formasi.proposals.models import Proposal, ProposalItem
from formasi.workforce.models import Employee
from formasi.workload.models import AbkTask, PositionNeed, WorkloadSettings

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

#: Plan years whose leavers a drafted item counts: N and N+1 (DOMAIN.md §7.5; our reading).
COUNTED_YEARS = 2
#: Plan years kept in an item's evidence when no scenario is chosen (the 5-year plan, §7.4).
DEFAULT_HORIZON = 5
#: The scenario's assumptions shown on the trace page, in this order.
ASSUMPTIONS = (
    "name",
    "base_year",
    "horizon",
    "attrition_percent",
    "renewal_percent",
    "need_growth_percent",
    "apbd_growth_percent",
    "cap_percent",
    "pppk_percent",
)


def need_source(code: str) -> NeedSource:
    """The domain's code for a PositionNeed source (anything not computed is "entered")."""
    return code if code in NEED_SOURCES else "manual"  # type: ignore[return-value]


def spending_ratio(agency_id: int, year: int) -> float | None:
    """The agency's belanja pegawai ratio (UU 1/2022 Pasal 146(1)) from its latest APBD up to
    year N; None without one."""
    row = (
        AgencyBudget.objects.filter(agency_id=agency_id, year__lte=year)
        .order_by("-year")
        .only("total_spending", "personnel_spending", "teacher_allowance_tkd")
        .first()
    )
    if row is None or not row.total_spending:
        return None
    return budget.spending_ratio(
        belanja_pegawai=float(row.personnel_spending),
        total_belanja=float(row.total_spending),
        tunjangan_guru_tkd=float(row.teacher_allowance_tkd),
    )


def evidence_dict(
    *,
    year: int,
    need: int,
    source: str,
    basis: str,
    bezetting: int,
    retirements: Sequence[int],
    contract_ends: Sequence[int],
    ratio: float | None,
) -> dict[str, Any]:
    """The evidence an item stores (JSON): what ``services.draft_proposal`` keeps and what
    :func:`current_evidence` recomputes, in the same shape."""
    return {
        "need": need,
        "need_source": source,
        "need_basis": basis,
        "bezetting": bezetting,
        "bezetting_on": date(year - 1, 12, 31).isoformat(),
        "years": [year + k for k in range(len(retirements))],
        "retirements": [int(v) for v in retirements],
        "contract_ends": [int(v) for v in contract_ends],
        "counted_years": COUNTED_YEARS,
        "gap": need - bezetting,
        "spending_ratio": ratio,
    }


def evidence_of(data: Mapping[str, Any]) -> Evidence | None:
    """The domain Evidence of a stored evidence dict over the years its count rests on, or
    None when the dict is empty or malformed (an item entered by hand)."""
    try:
        counted = int(data.get("counted_years") or COUNTED_YEARS)
        return Evidence(
            need=int(data["need"]),
            need_source=need_source(str(data.get("need_source", ""))),
            bezetting=int(data["bezetting"]),
            bezetting_on=date.fromisoformat(str(data["bezetting_on"])),
            retirements=tuple(int(v) for v in (data.get("retirements") or [])[:counted]),
            contract_ends=tuple(int(v) for v in (data.get("contract_ends") or [])[:counted]),
            spending_ratio=data.get("spending_ratio"),
        )
    except (KeyError, TypeError, ValueError):
        return None


def current_evidence(
    proposal: Proposal, items: Sequence[ProposalItem]
) -> dict[int, dict[str, Any]]:
    """Today's evidence of each item (keyed by item id), from the same sources as the draft:
    one ``collect`` of the agency, one query for the needs, one for the APBD."""
    if not items:
        return {}
    horizon = max((len(i.evidence.get("years") or []) for i in items), default=0)
    horizon = horizon or DEFAULT_HORIZON
    cells = fiveyear.collect([proposal.agency_id], proposal.year - 1, horizon)
    at = {
        (int(u), int(p)): k
        for k, (u, p) in enumerate(zip(cells.units.tolist(), cells.positions.tolist(), strict=True))
    }
    needs = {
        (n.unit_id, n.position_id): n
        for n in PositionNeed.unscoped.filter(
            agency_id=proposal.agency_id,
            unit_id__in={i.org_unit_id for i in items},
            position_id__in={i.position_id for i in items},
        ).only("unit_id", "position_id", "source", "basis", "count")
    }
    ratio = spending_ratio(proposal.agency_id, proposal.year)
    out = {}
    for item in items:
        key = (item.org_unit_id, item.position_id)
        k = at.get(key)
        need = needs.get(key)
        out[item.pk] = evidence_dict(
            year=proposal.year,
            need=round(cells.need[k]) if k is not None else 0,
            source=need.source if need else PositionNeed.Source.ENTERED,
            basis=need.basis if need else "",
            bezetting=round(cells.bezetting[k]) if k is not None else 0,
            retirements=[round(v) for v in cells.retirements[k]]
            if k is not None
            else [0] * horizon,
            contract_ends=(
                [round(v) for v in cells.contract_ends[k]] if k is not None else [0] * horizon
            ),
            ratio=ratio,
        )
    return out


def changes_of(drafted: Mapping[str, Any], current: Mapping[str, Any]) -> tuple[Change, ...]:
    """What changed between an item's drafted and current evidence (nothing for an item
    without drafted evidence). A ratio the draft did not record is not a change."""
    before = evidence_of(drafted)
    if before is None:
        return ()
    now = dict(current)
    if drafted.get("spending_ratio") is None:
        now["spending_ratio"] = None
    after = evidence_of(now)
    return _evidence_changed(before, after) if after is not None else ()


def staleness(proposal: Proposal, items: Sequence[ProposalItem]) -> dict[int, tuple[Change, ...]]:
    """The items whose evidence changed since the draft, with their changes."""
    current = current_evidence(proposal, [i for i in items if i.evidence])
    out = {}
    for item in items:
        if item.pk in current:
            found = changes_of(item.evidence, current[item.pk])
            if found:
                out[item.pk] = found
    return out


# --------------------------------------------------------------------------- one item's trace


@dataclass
class Trace:
    """Everything behind one item's numbers (see the module docstring)."""

    item: ProposalItem
    drafted: dict[str, Any]
    current: dict[str, Any]
    changes: tuple[Change, ...]
    need: PositionNeed | None
    tasks: list[AbkTask]
    effective_minutes: int | None
    bezetting: list[Employee]
    retirements: list[tuple[int, list[Employee]]]
    contract_ends: list[tuple[int, list[Employee]]]
    scenario: Scenario | None
    assumptions: list[tuple[str, Any]] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # sentences of ``extra_evidence``


def retire_year(employee: Employee, bup: int) -> int:
    """The year a PNS leaves: the first of the month after the BUP birthday (so a December
    birthday leaves in January of the next year), as ``fiveyear.collect`` counts it."""
    return employee.birth_date.year + bup + (employee.birth_date.month == 12)


def end_year(employee: Employee) -> int | None:
    """The year a contract's post is free: a contract ending on 31 December frees it on 1
    January (as ``fiveyear.collect`` counts it)."""
    end = employee.contract_end
    if end is None:
        return None
    return end.year + (end.month == 12 and end.day == 31)


People = tuple[list[Employee], dict[int, list[Employee]], dict[int, list[Employee]]]


def classify(staff: Iterable[Employee], bup: int, years: list[int], base_year: int) -> People:
    """The ASN of one cell counted in bezetting on 31 December ``base_year``, and those
    leaving per plan year (PNS reaching BUP, PPPK contracts ending), as ``collect`` counts."""
    counted: list[Employee] = []
    retiring: dict[int, list[Employee]] = {y: [] for y in years}
    ending: dict[int, list[Employee]] = {y: [] for y in years}
    for e in staff:
        pns = e.status in fiveyear.PNS_LIKE
        if pns and retire_year(e, bup) <= base_year:
            continue  # already retired on the bezetting date
        counted.append(e)
        if pns and retire_year(e, bup) in retiring:
            retiring[retire_year(e, bup)].append(e)
        ends = end_year(e) if e.status in fiveyear.CONTRACT else None
        if ends is not None and years:
            ending.setdefault(max(ends, years[0]), []).append(e)
    return counted, retiring, ending


_PERSON_FIELDS = ("name", "nip", "status", "birth_date", "contract_end", "unit_id", "position_id")


def _people(user: AnyUser | None, item: ProposalItem, years: list[int]) -> People:
    """The ASN in the item's cell counted in bezetting, and those leaving per plan year."""
    staff = (
        Employee.objects.visible_to(user)
        .filter(unit_id=item.org_unit_id, position_id=item.position_id, active=True)
        .exclude(status=Employee.Status.NON_ASN)
        .only(*_PERSON_FIELDS)
        .order_by("name", "id")
    )
    base_year = item.part.proposal.year - 1
    return classify(staff, fiveyear.position_bup(item.position), years, base_year)


def _assumptions(scenario: Scenario | None) -> list[tuple[str, Any]]:
    if scenario is None:
        return []
    meta = Scenario._meta
    return [
        (str(getattr(meta.get_field(name), "verbose_name", name)), getattr(scenario, name))
        for name in ASSUMPTIONS
    ]


def trace(user: AnyUser | None, item: ProposalItem) -> Trace:
    """One item's trace, its people scoped to ``user`` (``visible_to``)."""
    proposal = item.part.proposal
    current = current_evidence(proposal, [item]).get(item.pk, {})
    years = list(current.get("years") or [])
    need = (
        PositionNeed.unscoped.filter(unit_id=item.org_unit_id, position_id=item.position_id)
        .only("source", "basis", "count", "exact")
        .first()
    )
    tasks = list(AbkTask.objects.filter(need=need)) if need is not None else []
    settings_row = WorkloadSettings.objects.filter(agency_id=proposal.agency_id).first()
    counted, retiring, ending = _people(user, item, years)
    scenario = (
        Scenario.unscoped.filter(pk=proposal.scenario_id).first() if proposal.scenario_id else None
    )
    return Trace(
        item=item,
        drafted=dict(item.evidence),
        current=current,
        changes=changes_of(item.evidence, current) if item.evidence else (),
        need=need,
        tasks=tasks,
        effective_minutes=settings_row.effective_minutes if settings_row else None,
        bezetting=counted,
        retirements=[(y, retiring.get(y, [])) for y in years],
        contract_ends=[(y, ending.get(y, [])) for y in years],
        scenario=scenario,
        assumptions=_assumptions(scenario),
        extra=extra_evidence.sentences((item.evidence or {}).get("extra")),
    )


def task_minutes(tasks: Iterable[AbkTask]) -> list[tuple[AbkTask, int]]:
    """Each ABK task with its yearly minutes (volume × norm time), whole minutes."""
    return [(t, round(float(t.volume) * float(t.norm_minutes))) for t in tasks]


@dataclass
class AnnexEntry:
    """One item's rows in the documents' trace annex."""

    item: ProposalItem
    need: PositionNeed | None
    tasks: list[AbkTask]
    bezetting: list[Employee]
    retirements: list[tuple[int, list[Employee]]]
    contract_ends: list[tuple[int, list[Employee]]]


def annex(proposal: Proposal, items: Sequence[ProposalItem]) -> list[AnnexEntry]:
    """The trace of every item at once (the documents' annex): three queries whatever the
    number of items. ``items`` come with their position (``select_related``)."""
    units = {i.org_unit_id for i in items}
    positions = {i.position_id for i in items}
    needs = {
        (n.unit_id, n.position_id): n
        for n in PositionNeed.unscoped.filter(
            agency_id=proposal.agency_id, unit_id__in=units, position_id__in=positions
        ).only("unit_id", "position_id", "source", "basis", "count", "exact")
    }
    tasks: dict[int, list[AbkTask]] = {}
    for task in AbkTask.objects.filter(need_id__in=[n.pk for n in needs.values()]):
        tasks.setdefault(task.need_id, []).append(task)
    staff: dict[tuple[int, int], list[Employee]] = {}
    rows = (
        Employee.unscoped.filter(
            agency_id=proposal.agency_id, active=True, unit_id__in=units, position_id__in=positions
        )
        .exclude(status=Employee.Status.NON_ASN)
        .only(*_PERSON_FIELDS)
        .order_by("name", "id")
    )
    for e in rows:
        staff.setdefault((e.unit_id, e.position_id), []).append(e)
    out = []
    for item in items:
        key = (item.org_unit_id, item.position_id)
        years = list(item.evidence.get("years") or [])
        counted, retiring, ending = classify(
            staff.get(key, []), fiveyear.position_bup(item.position), years, proposal.year - 1
        )
        need = needs.get(key)
        out.append(
            AnnexEntry(
                item=item,
                need=need,
                tasks=tasks.get(need.pk, []) if need is not None else [],
                bezetting=counted,
                retirements=[(y, retiring.get(y, [])) for y in years],
                contract_ends=[(y, ending.get(y, [])) for y in years],
            )
        )
    return out
