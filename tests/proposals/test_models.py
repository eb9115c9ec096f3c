"""Who sees which proposal rows (``visible_to``): the agency's admin and leaders all of their
agency's; an OPD operator their OPD's part and its rows (and the rows of the whole proposal);
an evaluator their assigned agencies' proposals once sent to BKN; nobody another agency's."""

from __future__ import annotations

from typing import Any

import pytest

from formasi.core.permissions import Action
from formasi.proposals.models import (
    Proposal,
    ProposalComment,
    ProposalEvent,
    ProposalItem,
    ProposalPart,
)
from tests.proposals.builders import YEAR, walk_proposal

pytestmark = pytest.mark.django_db


def _seen(model: Any, user: Any, action: Action = Action.VIEW) -> set[int]:
    return set(model.objects.visible_to(user, action).values_list("pk", flat=True))


def _rows(world: Any) -> dict[str, Any]:
    proposal, item = walk_proposal(world)
    disdik = ProposalPart.unscoped.create(proposal=proposal, org_unit=world.disdik)
    teacher = ProposalItem.unscoped.create(
        part=disdik, org_unit=world.school, position=world.teacher_position, count=2
    )
    general = ProposalComment.unscoped.create(
        proposal=proposal, author=world.users["admin_a"], text="Untuk semua OPD"
    )
    whole = ProposalEvent.unscoped.create(proposal=proposal, step="draft")
    return {
        "proposal": proposal,
        "dinkes_part": item.part,
        "disdik_part": disdik,
        "nurse": item,
        "teacher": teacher,
        "general": general,
        "whole": whole,
    }


def test_admin_and_leader_see_the_whole_proposal(world: Any) -> None:
    r = _rows(world)
    for persona in ("admin_a", "leader_a"):
        user = world.users[persona]
        assert _seen(Proposal, user) == {r["proposal"].pk}
        assert _seen(ProposalPart, user) == {r["dinkes_part"].pk, r["disdik_part"].pk}
        assert _seen(ProposalItem, user) == {r["nurse"].pk, r["teacher"].pk}
    assert _seen(ProposalItem, world.users["leader_a"], Action.CHANGE) == set()


def test_an_operator_sees_their_opds_part_and_the_whole_proposals_rows(world: Any) -> None:
    r = _rows(world)
    op = world.users["operator_dinkes_a"]
    assert _seen(Proposal, op) == {r["proposal"].pk}
    assert _seen(ProposalPart, op) == {r["dinkes_part"].pk}
    assert _seen(ProposalItem, op) == {r["nurse"].pk}
    comments = _seen(ProposalComment, op)
    assert r["general"].pk in comments
    assert comments == set(
        ProposalComment.unscoped.exclude(item=r["teacher"]).values_list("pk", flat=True)
    )
    events = _seen(ProposalEvent, op)
    assert r["whole"].pk in events
    other = world.users["operator_other_opd_a"]
    assert _seen(ProposalItem, other) == {r["teacher"].pk}
    assert r["whole"].pk in _seen(ProposalEvent, other)
    assert not _seen(ProposalEvent, other) & set(
        ProposalEvent.unscoped.filter(part=r["dinkes_part"]).values_list("pk", flat=True)
    )


@pytest.mark.parametrize(
    ("state", "seen"),
    [
        ("draft", False),
        ("submitted_bkn", True),
        ("pertimbangan", True),
        ("submitted_kemenpanrb", True),
        ("decided", True),
        ("closed", True),
    ],
)
def test_an_evaluator_sees_a_proposal_once_sent_to_bkn(world: Any, state: str, seen: bool) -> None:
    r = _rows(world)
    Proposal.unscoped.filter(pk=r["proposal"].pk).update(state=state)
    evaluator = world.users["evaluator_a"]
    assert bool(_seen(Proposal, evaluator)) is seen
    assert bool(_seen(ProposalItem, evaluator)) is seen
    assert bool(_seen(ProposalEvent, evaluator)) is seen
    assert bool(_seen(ProposalComment, evaluator)) is seen


def test_nobody_sees_another_agencys_proposal(world: Any) -> None:
    _rows(world)
    other = Proposal.unscoped.create(agency=world.agency_b, year=YEAR, state="submitted_bkn")
    assert _seen(Proposal, world.users["admin_b"]) == {other.pk}
    for persona in ("admin_a", "operator_dinkes_a", "evaluator_a", "leader_a"):
        assert other.pk not in _seen(Proposal, world.users[persona])
