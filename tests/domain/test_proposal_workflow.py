"""The proposal workflow tested as a table: every actor × every step × every state.

The expectations are written here by hand from issue 18 and DOMAIN.md §7 (who does what in
the usul kebutuhan), not read from ``TRANSITIONS``: a change to the table in the code must be
made here too.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formasi.domain.proposal_workflow import (
    PART_STATES,
    PROPOSAL_STATES,
    TERMINAL,
    Actor,
    EditKind,
    State,
    Step,
    allowed,
    can_edit_items,
    drafted_count,
    edit_kind,
    steps_for,
    target,
)

OPD, BKPSDM, BKN, KPAN, LEADER = (
    Actor.OPD_OPERATOR,
    Actor.BKPSDM,
    Actor.BKN,
    Actor.KEMENPANRB,
    Actor.LEADER,
)

# step -> (the states it leaves, the state it reaches, the actors who may take it)
EXPECTED: dict[Step, tuple[set[str], str, set[Actor]]] = {
    Step.SUBMIT: ({"draft", "returned"}, "submitted", {OPD, BKPSDM}),
    Step.RETURN: ({"submitted"}, "returned", {BKPSDM}),
    Step.ACCEPT: ({"submitted"}, "accepted", {BKPSDM}),
    Step.SEND_TO_BKN: ({"draft"}, "submitted_bkn", {BKPSDM}),
    Step.GIVE_PERTIMBANGAN: ({"submitted_bkn"}, "pertimbangan", {BKN}),
    Step.SEND_TO_KEMENPANRB: ({"pertimbangan"}, "submitted_kemenpanrb", {BKPSDM}),
    Step.DECIDE: ({"submitted_kemenpanrb"}, "decided", {KPAN}),
    Step.CLOSE: ({"decided"}, "closed", {BKPSDM}),
}


def test_the_enums_hold_what_the_issue_names() -> None:
    assert {s.value for s in State} == {
        "draft",
        "submitted",
        "returned",
        "accepted",
        "submitted_bkn",
        "pertimbangan",
        "submitted_kemenpanrb",
        "decided",
        "closed",
    }
    assert set(Step) == set(EXPECTED)
    assert {a.value for a in Actor} == {"opd_operator", "bkpsdm", "bkn", "kemenpanrb", "leader"}


CASES = list(itertools.product(Actor, Step, State))


@pytest.mark.parametrize(("actor", "step", "state"), CASES)
def test_every_actor_step_and_state(actor: Actor, step: Step, state: State) -> None:
    froms, _to, actors = EXPECTED[step]
    assert allowed(actor, step, state) == (actor in actors and state.value in froms)


@pytest.mark.parametrize("step", list(Step))
def test_every_step_reaches_its_state(step: Step) -> None:
    assert target(step).value == EXPECTED[step][1]


def test_the_leader_only_reads() -> None:
    assert all(steps_for(LEADER, s) == [] for s in State)
    assert not any(can_edit_items(LEADER, p, q) for p in State for q in State)


def test_steps_for_an_actor_in_a_state() -> None:
    assert steps_for(BKPSDM, State.SUBMITTED) == [Step.RETURN, Step.ACCEPT]
    assert steps_for(OPD, State.RETURNED) == [Step.SUBMIT]
    assert steps_for(BKPSDM, State.DRAFT) == [Step.SUBMIT, Step.SEND_TO_BKN]
    assert steps_for(BKPSDM, State.DRAFT, on_part=False) == [Step.SEND_TO_BKN]
    assert steps_for(BKN, State.SUBMITTED_BKN) == [Step.GIVE_PERTIMBANGAN]
    assert steps_for(KPAN, State.SUBMITTED_BKN) == []


# (actor, part state, proposal state) -> what they may change; every other combination: none
EDITS: dict[tuple[Actor, str, str], EditKind] = {
    (OPD, "draft", "draft"): EditKind.CONTENT,
    (OPD, "returned", "draft"): EditKind.CONTENT,
    **{
        (BKPSDM, p, "draft"): EditKind.CONTENT
        for p in ("draft", "submitted", "returned", "accepted")
    },
    **{
        (BKN, p, "submitted_bkn"): EditKind.VERDICT
        for p in ("draft", "submitted", "returned", "accepted")
    },
    **{
        (KPAN, p, "submitted_kemenpanrb"): EditKind.DECISION
        for p in ("draft", "submitted", "returned", "accepted")
    },
}


@pytest.mark.parametrize(
    ("actor", "part", "proposal"), list(itertools.product(Actor, PART_STATES, PROPOSAL_STATES))
)
def test_who_edits_items_when(actor: Actor, part: State, proposal: State) -> None:
    expected = EDITS.get((actor, part.value, proposal.value))
    assert edit_kind(actor, part, proposal) == expected
    assert can_edit_items(actor, part, proposal) == (expected is not None)


def test_terminal_states() -> None:
    assert {s.value for s in TERMINAL} == {"accepted", "closed"}


@given(st.lists(st.tuples(st.sampled_from(Actor), st.sampled_from(Step)), max_size=40))
def test_any_run_of_allowed_steps_stays_in_the_enum_and_closed_is_final(
    moves: list[tuple[Actor, Step]],
) -> None:
    proposal, part = State.DRAFT, State.DRAFT
    for actor, step in moves:
        on_part = step in (Step.SUBMIT, Step.RETURN, Step.ACCEPT)
        current = part if on_part else proposal
        if not allowed(actor, step, current):
            continue
        assert current not in TERMINAL
        reached = target(step)
        assert reached in State
        if on_part:
            assert reached in PART_STATES
            part = reached
        else:
            assert reached in PROPOSAL_STATES
            proposal = reached
    if proposal is State.CLOSED:
        assert all(steps_for(a, State.CLOSED) == [] for a in Actor)


# Worked examples of the Perban BKN 9/2022 rule (DOMAIN.md §7.5), computed by hand.
def test_drafted_count_adds_leavers_to_a_shortage() -> None:
    # need 12 perawat, 9 in post, 1 retiring in N and 1 in N+1, 1 PPPK contract ending:
    # available 9 − 2 − 1 = 6, so 12 − 6 = 6.
    assert drafted_count(12, 9, [1, 1], [1, 0]) == 6


def test_drafted_count_lets_leavers_absorb_an_excess() -> None:
    # need 4, 7 in post, 2 retiring: still 1 too many, nothing asked.
    assert drafted_count(4, 7, [2, 0], [0, 0]) == 0
    # need 4, 5 in post, 3 leaving: 2 short.
    assert drafted_count(4, 5, [2], [1]) == 2


def test_drafted_count_refuses_negative_counts() -> None:
    with pytest.raises(ValueError):
        drafted_count(-1, 0, [], [])


@given(
    st.integers(0, 500),
    st.integers(0, 500),
    st.lists(st.integers(0, 50), max_size=6),
    st.lists(st.integers(0, 50), max_size=6),
)
def test_drafted_count_properties(need: int, bez: int, ret: list[int], ends: list[int]) -> None:
    count = drafted_count(need, bez, ret, ends)
    assert 0 <= count <= need
    # more leavers never ask for fewer people
    assert drafted_count(need, bez, [*ret, 1], ends) >= count
    # nobody in post and nobody leaving: the whole need
    assert drafted_count(need, 0, [], []) == need
