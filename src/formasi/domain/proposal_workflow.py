"""The workflow of the yearly usul kebutuhan ASN, as data (issue 18).

Legal frame (DOMAIN.md §7.1): the instansi drafts its needs (each OPD its part), the BKPSDM
checks the parts and sends the instansi's usulan, signed by the PPK, to BKN and KemenPAN-RB;
BKN gives its *pertimbangan teknis* (number, jabatan, qualification, placement) and
KemenPAN-RB the *penetapan kebutuhan* (PP 11/2017 Pasal 4–12; Perban BKN 9/2022). The
desk review inside the instansi (submit, return, accept a part) is how Pemda work in practice.

Two kinds of thing move through it:

* an OPD's **part**: draft → submitted → returned | accepted (returned goes back to submitted);
* the instansi's **proposal**: draft → submitted_bkn → pertimbangan → submitted_kemenpanrb →
  decided → closed.

One enum holds the nine states. ``TRANSITIONS`` is the one table of who may take which step
from which states; the pages, the services and the docs (docs/proposals.md) all read it.
A step's precondition on the items (a comment, every part accepted, every verdict given,
every decided count set) is named here as a :class:`Check` code; the services verify it.

Also here: how many people a drafted item asks for (:func:`drafted_count`, the Perban BKN
9/2022 gap rule of DOMAIN.md §7.5).

Pure Python; no Django. Counts are whole persons.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "PART_STATES",
    "PART_STEPS",
    "PROPOSAL_STATES",
    "TERMINAL",
    "TRANSITIONS",
    "Actor",
    "Check",
    "EditKind",
    "ItemStatus",
    "State",
    "Step",
    "Transition",
    "Verdict",
    "allowed",
    "can_edit_items",
    "drafted_count",
    "edit_kind",
    "sources",
    "steps_for",
    "target",
]


class State(StrEnum):
    # an OPD's part
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    # the instansi's proposal (starts in DRAFT too)
    SUBMITTED_BKN = "submitted_bkn"
    PERTIMBANGAN = "pertimbangan"
    SUBMITTED_KEMENPANRB = "submitted_kemenpanrb"
    DECIDED = "decided"
    CLOSED = "closed"


class Actor(StrEnum):
    OPD_OPERATOR = "opd_operator"
    BKPSDM = "bkpsdm"  # the instansi's admin
    BKN = "bkn"
    KEMENPANRB = "kemenpanrb"
    LEADER = "leader"


class Step(StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    ACCEPT = "accept"
    SEND_TO_BKN = "send_to_bkn"
    GIVE_PERTIMBANGAN = "give_pertimbangan"
    SEND_TO_KEMENPANRB = "send_to_kemenpanrb"
    DECIDE = "decide"
    CLOSE = "close"


class Check(StrEnum):
    """What a step needs besides the state and the actor (the services verify it)."""

    NONE = "none"
    COMMENT = "comment"  # a reason in words
    PARTS_ACCEPTED = "parts_accepted"  # every part that has items is accepted
    VERDICTS = "verdicts"  # every item has BKN's verdict
    DECIDED_COUNTS = "decided_counts"  # every item has its decided count


class ItemStatus(StrEnum):
    """The kind of ASN an item asks for (UU 20/2023 Pasal 6; PPPK paruh waktu: KepmenPAN-RB
    16/2025)."""

    PNS = "pns"
    PPPK = "pppk"
    PPPK_PARUH_WAKTU = "pppk_paruh_waktu"


class Verdict(StrEnum):
    """BKN's pertimbangan teknis on one item."""

    APPROVED = "approved"
    CHANGED = "changed"
    REJECTED = "rejected"


class EditKind(StrEnum):
    """What an actor may change on items in a state."""

    CONTENT = "content"  # count, status, education, location, priority, justification
    VERDICT = "verdict"  # BKN's verdict, count and reason
    DECISION = "decision"  # KemenPAN-RB's decided count


@dataclass(frozen=True)
class Transition:
    sources: frozenset[State]
    target: State
    actors: frozenset[Actor]
    check: Check = Check.NONE
    on_part: bool = False  # a step on an OPD's part, not on the whole proposal


S, A = State, Actor
TRANSITIONS: dict[Step, Transition] = {
    Step.SUBMIT: Transition(
        frozenset({S.DRAFT, S.RETURNED}),
        S.SUBMITTED,
        frozenset({A.OPD_OPERATOR, A.BKPSDM}),
        on_part=True,
    ),
    Step.RETURN: Transition(
        frozenset({S.SUBMITTED}), S.RETURNED, frozenset({A.BKPSDM}), Check.COMMENT, on_part=True
    ),
    Step.ACCEPT: Transition(
        frozenset({S.SUBMITTED}), S.ACCEPTED, frozenset({A.BKPSDM}), on_part=True
    ),
    Step.SEND_TO_BKN: Transition(
        frozenset({S.DRAFT}), S.SUBMITTED_BKN, frozenset({A.BKPSDM}), Check.PARTS_ACCEPTED
    ),
    Step.GIVE_PERTIMBANGAN: Transition(
        frozenset({S.SUBMITTED_BKN}), S.PERTIMBANGAN, frozenset({A.BKN}), Check.VERDICTS
    ),
    Step.SEND_TO_KEMENPANRB: Transition(
        frozenset({S.PERTIMBANGAN}), S.SUBMITTED_KEMENPANRB, frozenset({A.BKPSDM})
    ),
    Step.DECIDE: Transition(
        frozenset({S.SUBMITTED_KEMENPANRB}),
        S.DECIDED,
        frozenset({A.KEMENPANRB}),
        Check.DECIDED_COUNTS,
    ),
    Step.CLOSE: Transition(frozenset({S.DECIDED}), S.CLOSED, frozenset({A.BKPSDM})),
}
del S, A

PART_STATES = (State.DRAFT, State.SUBMITTED, State.RETURNED, State.ACCEPTED)
PROPOSAL_STATES = (
    State.DRAFT,
    State.SUBMITTED_BKN,
    State.PERTIMBANGAN,
    State.SUBMITTED_KEMENPANRB,
    State.DECIDED,
    State.CLOSED,
)
PART_STEPS = tuple(step for step, t in TRANSITIONS.items() if t.on_part)
#: States no step leaves (an accepted part, a closed proposal).
TERMINAL = frozenset(s for s in State if not any(s in t.sources for t in TRANSITIONS.values()))


def allowed(actor: Actor, step: Step, state: State) -> bool:
    """May ``actor`` take ``step`` from ``state`` (of the part or the proposal it acts on)?"""
    t = TRANSITIONS[step]
    return actor in t.actors and state in t.sources


def target(step: Step) -> State:
    return TRANSITIONS[step].target


def sources(step: Step) -> frozenset[State]:
    return TRANSITIONS[step].sources


def steps_for(actor: Actor, state: State, *, on_part: bool | None = None) -> list[Step]:
    """The steps ``actor`` may take from ``state``, in the table's order; ``on_part`` keeps
    only the steps on a part (True) or on the proposal (False)."""
    return [
        step
        for step, t in TRANSITIONS.items()
        if allowed(actor, step, state) and (on_part is None or t.on_part == on_part)
    ]


def edit_kind(actor: Actor, part_state: State, proposal_state: State) -> EditKind | None:
    """What ``actor`` may change on the items of a part in ``part_state`` of a proposal in
    ``proposal_state``: the OPD operator the content while the part is a draft or returned;
    the BKPSDM the content of any part while the proposal is a draft; BKN its verdicts while
    the proposal is with BKN; KemenPAN-RB the decided counts while it is with KemenPAN-RB."""
    if actor is Actor.OPD_OPERATOR:
        ok = proposal_state is State.DRAFT and part_state in (State.DRAFT, State.RETURNED)
        return EditKind.CONTENT if ok else None
    if actor is Actor.BKPSDM:
        ok = proposal_state is State.DRAFT and part_state in PART_STATES
        return EditKind.CONTENT if ok else None
    if actor is Actor.BKN:
        return EditKind.VERDICT if proposal_state is State.SUBMITTED_BKN else None
    if actor is Actor.KEMENPANRB:
        return EditKind.DECISION if proposal_state is State.SUBMITTED_KEMENPANRB else None
    return None


def can_edit_items(actor: Actor, part_state: State, proposal_state: State = State.DRAFT) -> bool:
    return edit_kind(actor, part_state, proposal_state) is not None


def drafted_count(
    need: int, bezetting: int, retirements: Sequence[int], contract_ends: Sequence[int]
) -> int:
    """How many people an item asks for: the shortage at the end of the years given.

    Perban BKN 9/2022 (DOMAIN.md §7.5): "if shortage, add the PNS reaching BUP and the PPPK
    whose contract ends to the shortage; if excess, reduce the excess by them", i.e.
    ``max(0, need − max(0, bezetting − Σ BUP − Σ PPPK ends))``. The caller passes the years from
    the bezetting date (31 December N−1) to the year of the penetapan (N+1)."""
    if need < 0 or bezetting < 0 or any(v < 0 for v in (*retirements, *contract_ends)):
        raise ValueError("counts cannot be negative")
    # nobody leaves who is not there (leavers counted from other data can exceed bezetting)
    available = max(0, bezetting - sum(retirements) - sum(contract_ends))
    return max(0, need - available)
