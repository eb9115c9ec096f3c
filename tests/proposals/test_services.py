"""The proposal services: drafting from the needs and staff, every step by every role,
the audit trail of a whole life, and no lost edit when two people save the same item."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from formasi.domain.proposal_workflow import Step
from formasi.proposals import services
from formasi.proposals.models import (
    Proposal,
    ProposalComment,
    ProposalEvent,
    ProposalItem,
    ProposalPart,
)
from tests.proposals.builders import (
    YEAR,
    drafted,
    evaluators,
    part_of,
    reviewed,
    sent_to_bkn,
    step,
)

pytestmark = pytest.mark.django_db


def _items(proposal: Proposal) -> dict[tuple[str, str], ProposalItem]:
    return {
        (i.org_unit.code, i.position.name): i
        for i in ProposalItem.unscoped.filter(part__proposal=proposal).select_related(
            "org_unit", "position"
        )
    }


# --------------------------------------------------------------------------- drafting


def test_draft_makes_one_item_per_shortage_with_its_evidence(world: Any) -> None:
    proposal = drafted(world)
    items = _items(proposal)
    # Puskesmas Rakumpit, perawat (tests/planning/builders): need 6 (ABK); in post on
    # 31 December N−1: Yohanes (PNS) and Rina (PPPK, contract ends 30 June N+1). Counting the
    # years N and N+1: 2 − 1 leaving = 1 available, so 6 − 1 = 5 proposed.
    nurse = items[("PKM-RKP", "Perawat Ahli Pertama")]
    assert nurse.count == nurse.drafted_need == 5
    ev = nurse.evidence
    assert (ev["need"], ev["need_source"], ev["bezetting"]) == (6, "abk", 2)
    assert ev["bezetting_on"] == f"{YEAR - 1}-12-31"
    assert ev["years"][0] == YEAR and sum(ev["contract_ends"][:2]) == 1
    assert nurse.location_id == world.puskesmas.region_id
    assert "5" in nurse.justification and "6" in nurse.justification
    # SDN 1 Rakumpit, guru: need 5, Dewi in post (retires after N+1): 4.
    assert items[("SDN1RKP", "Guru Kelas Ahli Pertama")].count == 4
    # The parts are the OPDs: the puskesmas' item sits in the Dinas Kesehatan's part.
    assert nurse.part.org_unit == world.dinkes
    assert set(
        ProposalPart.unscoped.filter(proposal=proposal).values_list("org_unit", flat=True)
    ) == {
        world.dinkes.pk,
        world.disdik.pk,
    }
    # Dinas Kesehatan, perawat: need 2, Siti in post: 1. Kepala dinas: need 1, the holder
    # reaches BUP in N+1: 1. Four cells are short; agency B's are not A's.
    assert items[("DINKES", "Perawat Ahli Pertama")].count == 1
    assert items[("DINKES", "Kepala Dinas Kesehatan")].count == 1
    assert len(items) == 4


def test_draft_from_a_scenario_takes_its_horizon_and_its_pppk_share(world: Any) -> None:
    from formasi.planning.models import Scenario
    from tests.planning.builders import add_plan_data

    add_plan_data(world)
    scenario = Scenario.unscoped.create(
        agency=world.agency_a, name="PPPK 70 %", base_year=YEAR - 1, horizon=3, pppk_percent=70
    )
    proposal = services.draft_proposal(
        actor=world.users["admin_a"], agency=world.agency_a, year=YEAR, scenario=scenario
    )
    assert proposal.scenario == scenario
    items = _items(proposal)
    nurse = items[("PKM-RKP", "Perawat Ahli Pertama")]
    assert nurse.evidence["years"] == [YEAR, YEAR + 1, YEAR + 2]
    assert nurse.status == "pppk"  # most new hires are PPPK in this scenario
    # the head of the Dinas Kesehatan (JPT pratama, retiring in N+1) is a PNS post
    head = items[("DINKES", "Kepala Dinas Kesehatan")]
    assert (head.count, head.status) == (1, "pns")


def test_a_scenario_of_another_agency_is_refused(world: Any) -> None:
    from formasi.planning.models import Scenario

    other = Scenario.unscoped.create(agency=world.agency_b, name="B", base_year=YEAR - 1)
    with pytest.raises(ValidationError):
        services.draft_proposal(
            actor=world.users["admin_a"], agency=world.agency_a, year=YEAR, scenario=other
        )


def test_drafting_again_is_idempotent_and_refused_once_sent(world: Any) -> None:
    proposal = drafted(world)
    first = sorted((k, i.count, i.priority) for k, i in _items(proposal).items())
    again = services.draft_proposal(actor=world.users["admin_a"], agency=world.agency_a, year=YEAR)
    assert again.pk == proposal.pk
    assert sorted((k, i.count, i.priority) for k, i in _items(again).items()) == first
    assert ProposalItem.unscoped.filter(part__proposal=proposal).count() == len(first)


def test_drafting_again_keeps_parts_already_submitted(world: Any) -> None:
    proposal = drafted(world)
    dinkes = part_of(proposal, world.dinkes)
    step(world.users["admin_a"], dinkes, Step.SUBMIT)
    kept = set(ProposalItem.unscoped.filter(part=dinkes).values_list("pk", flat=True))
    services.draft_proposal(actor=world.users["admin_a"], agency=world.agency_a, year=YEAR)
    assert set(ProposalItem.unscoped.filter(part=dinkes).values_list("pk", flat=True)) == kept


def test_drafting_is_refused_after_sending(world: Any) -> None:
    sent_to_bkn(world)
    with pytest.raises(ValidationError):
        services.draft_proposal(actor=world.users["admin_a"], agency=world.agency_a, year=YEAR)


@pytest.mark.parametrize(
    "persona", ["operator_dinkes_a", "evaluator_a", "leader_a", "admin_b", "bkn_a"]
)
def test_only_the_agency_admin_drafts(world: Any, persona: str) -> None:
    from tests.planning.builders import add_plan_data

    add_plan_data(world)
    evaluators(world)
    with pytest.raises(PermissionDenied):
        services.draft_proposal(actor=world.users[persona], agency=world.agency_a, year=YEAR)
    assert not Proposal.unscoped.exists()


# --------------------------------------------------------------------------- steps × roles

ACTORS = [
    "admin_a",
    "operator_dinkes_a",
    "operator_other_opd_a",
    "evaluator_a",
    "bkn_a",
    "kemenpanrb_a",
    "leader_a",
    "admin_b",
]


def _dinkes_draft(world: Any) -> ProposalPart:
    return part_of(drafted(world), world.dinkes)


def _dinkes_submitted(world: Any) -> ProposalPart:
    part = _dinkes_draft(world)
    step(world.users["admin_a"], part, Step.SUBMIT)
    return part


def _all_accepted(world: Any) -> Proposal:
    proposal = drafted(world)
    for part in ProposalPart.unscoped.filter(proposal=proposal):
        step(world.users["admin_a"], part, Step.SUBMIT)
        step(world.users["admin_a"], part, Step.ACCEPT)
    return proposal


def _verdicts_given(world: Any) -> Proposal:
    proposal = sent_to_bkn(world)
    bkn, _k = evaluators(world)
    for item in ProposalItem.unscoped.filter(part__proposal=proposal):
        services.review_item(
            actor=bkn, item=item, expected_version=item.version, verdict="approved"
        )
    return proposal


def _decided_counts(world: Any) -> Proposal:
    proposal = reviewed(world)
    step(world.users["admin_a"], proposal, Step.SEND_TO_KEMENPANRB)
    _b, kemenpanrb = evaluators(world)
    for item in ProposalItem.unscoped.filter(part__proposal=proposal):
        services.decide_item(
            actor=kemenpanrb, item=item, expected_version=item.version, decided_count=item.count
        )
    return proposal


def _decided(world: Any) -> Proposal:
    proposal = _decided_counts(world)
    step(evaluators(world)[1], proposal, Step.DECIDE)
    return proposal


def _pertimbangan(world: Any) -> Proposal:
    return reviewed(world)


# step -> (how to reach a row it may be taken on, who may take it, the state it reaches)
STEP_CASES: dict[Step, tuple[Callable[[Any], Any], set[str], str]] = {
    Step.SUBMIT: (_dinkes_draft, {"admin_a", "operator_dinkes_a"}, "submitted"),
    Step.RETURN: (_dinkes_submitted, {"admin_a"}, "returned"),
    Step.ACCEPT: (_dinkes_submitted, {"admin_a"}, "accepted"),
    Step.SEND_TO_BKN: (_all_accepted, {"admin_a"}, "submitted_bkn"),
    Step.GIVE_PERTIMBANGAN: (_verdicts_given, {"bkn_a"}, "pertimbangan"),
    Step.SEND_TO_KEMENPANRB: (_pertimbangan, {"admin_a"}, "submitted_kemenpanrb"),
    Step.DECIDE: (_decided_counts, {"kemenpanrb_a"}, "decided"),
    Step.CLOSE: (_decided, {"admin_a"}, "closed"),
}


@pytest.mark.parametrize("persona", ACTORS)
@pytest.mark.parametrize("name", list(STEP_CASES))
def test_every_step_by_every_role(world: Any, name: Step, persona: str) -> None:
    reach, allowed, reached = STEP_CASES[name]
    evaluators(world)
    target = reach(world)
    target.refresh_from_db()
    before = target.state
    user = world.users[persona]
    if persona in allowed:
        done = services.transition(
            actor=user,
            target=target,
            step=name,
            expected_version=target.version,
            comment="Periksa kembali jumlahnya.",
        )
        assert done.state == reached
    else:
        with pytest.raises(PermissionDenied):
            services.transition(
                actor=user,
                target=target,
                step=name,
                expected_version=target.version,
                comment="Periksa kembali jumlahnya.",
            )
        target.refresh_from_db()
        assert target.state == before


def test_return_needs_a_comment(world: Any) -> None:
    part = _dinkes_submitted(world)
    with pytest.raises(ValidationError):
        step(world.users["admin_a"], part, Step.RETURN, comment="  ")
    part.refresh_from_db()
    assert part.state == "submitted"


def test_sending_to_bkn_needs_every_part_accepted(world: Any) -> None:
    proposal = drafted(world)
    step(world.users["admin_a"], part_of(proposal, world.dinkes), Step.SUBMIT)
    step(world.users["admin_a"], part_of(proposal, world.dinkes), Step.ACCEPT)
    with pytest.raises(ValidationError):
        step(world.users["admin_a"], proposal, Step.SEND_TO_BKN)


def test_pertimbangan_needs_every_verdict(world: Any) -> None:
    proposal = sent_to_bkn(world)
    with pytest.raises(ValidationError):
        step(evaluators(world)[0], proposal, Step.GIVE_PERTIMBANGAN)


def test_a_stale_step_is_a_conflict(world: Any) -> None:
    part = _dinkes_draft(world)
    stale = part.version
    step(world.users["operator_dinkes_a"], part, Step.SUBMIT)
    with pytest.raises(services.ConflictError):
        services.transition(
            actor=world.users["admin_a"], target=part, step=Step.ACCEPT, expected_version=stale
        )


# --------------------------------------------------------------------------- items


def test_operator_edits_own_items_only_while_draft_or_returned(world: Any) -> None:
    proposal = drafted(world)
    op = world.users["operator_dinkes_a"]
    item = _items(proposal)[("PKM-RKP", "Perawat Ahli Pertama")]
    item = services.update_item(actor=op, item=item, expected_version=item.version, count=3)
    assert item.count == 3
    teacher = _items(proposal)[("SDN1RKP", "Guru Kelas Ahli Pertama")]
    with pytest.raises(PermissionDenied):
        services.update_item(actor=op, item=teacher, expected_version=teacher.version, count=1)
    step(op, item.part, Step.SUBMIT)
    item.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.update_item(actor=op, item=item, expected_version=item.version, count=2)
    # the admin may still change it while the proposal is a draft
    services.update_item(
        actor=world.users["admin_a"], item=item, expected_version=item.version, count=2
    )


def test_review_changed_needs_a_count_and_a_reason(world: Any) -> None:
    proposal = sent_to_bkn(world)
    bkn, _k = evaluators(world)
    item = _items(proposal)[("PKM-RKP", "Perawat Ahli Pertama")]
    with pytest.raises(ValidationError):
        services.review_item(
            actor=bkn, item=item, expected_version=item.version, verdict="changed", count=3
        )
    item = services.review_item(
        actor=bkn,
        item=item,
        expected_version=item.version,
        verdict="changed",
        count=3,
        reason="Dua perawat dimutasi dari puskesmas lain.",
    )
    assert (item.bkn_verdict, item.bkn_count, item.count) == ("changed", 3, 5)
    with pytest.raises(PermissionDenied):  # KemenPAN-RB does not give verdicts
        services.review_item(
            actor=evaluators(world)[1], item=item, expected_version=item.version, verdict="approved"
        )


def test_two_users_save_the_same_item_and_nothing_is_lost(world: Any) -> None:
    proposal = drafted(world)
    pk = _items(proposal)[("PKM-RKP", "Perawat Ahli Pertama")].pk
    # both load the item (the same version)
    seen_by_operator = ProposalItem.unscoped.get(pk=pk)
    seen_by_admin = ProposalItem.unscoped.get(pk=pk)
    services.update_item(
        actor=world.users["operator_dinkes_a"],
        item=seen_by_operator,
        expected_version=seen_by_operator.version,
        count=4,
        justification="Puskesmas rawat inap: 4 perawat.",
    )
    with pytest.raises(services.ConflictError) as caught:
        services.update_item(
            actor=world.users["admin_a"],
            item=seen_by_admin,
            expected_version=seen_by_admin.version,
            count=7,
        )
    assert caught.value.current.count == 4  # the page shows the current values
    assert str(caught.value)
    now = ProposalItem.unscoped.get(pk=pk)
    assert (now.count, now.justification) == (4, "Puskesmas rawat inap: 4 perawat.")
    edits = ProposalEvent.unscoped.filter(item_id=pk, step="edit")
    assert edits.count() == 1 and edits.get().actor == world.users["operator_dinkes_a"]


# --------------------------------------------------------------------------- comments, trail


def test_comments_thread_per_item(world: Any) -> None:
    proposal = drafted(world)
    item = _items(proposal)[("PKM-RKP", "Perawat Ahli Pertama")]
    first = services.add_comment(
        actor=world.users["admin_a"], proposal=proposal, item=item, text="Dasar ABK-nya?"
    )
    reply = services.add_comment(
        actor=world.users["operator_dinkes_a"],
        proposal=proposal,
        parent=first,
        text="Terlampir di peta jabatan.",
    )
    assert reply.item == item and reply.parent == first
    with pytest.raises(PermissionDenied):  # another OPD's operator does not see the item
        services.add_comment(
            actor=world.users["operator_other_opd_a"], proposal=proposal, item=item, text="?"
        )
    with pytest.raises(PermissionDenied):  # leaders read
        services.add_comment(actor=world.users["leader_a"], proposal=proposal, text="?")
    assert ProposalComment.unscoped.filter(proposal=proposal).count() == 2


def test_the_audit_trail_shows_the_whole_life(world: Any) -> None:
    admin, op = world.users["admin_a"], world.users["operator_dinkes_a"]
    bkn, kemenpanrb = evaluators(world)
    proposal = drafted(world)
    dinkes, disdik = part_of(proposal, world.dinkes), part_of(proposal, world.disdik)
    item = _items(proposal)[("PKM-RKP", "Perawat Ahli Pertama")]
    services.update_item(actor=op, item=item, expected_version=item.version, count=4)
    step(op, dinkes, Step.SUBMIT)
    step(admin, dinkes, Step.RETURN, comment="Kurangi perawat puskesmas.")
    item.refresh_from_db()
    services.update_item(actor=op, item=item, expected_version=item.version, count=3)
    step(op, dinkes, Step.SUBMIT)
    step(admin, dinkes, Step.ACCEPT)
    step(admin, disdik, Step.SUBMIT)
    step(admin, disdik, Step.ACCEPT)
    step(admin, proposal, Step.SEND_TO_BKN)
    for it in ProposalItem.unscoped.filter(part__proposal=proposal):
        services.review_item(actor=bkn, item=it, expected_version=it.version, verdict="approved")
    step(bkn, proposal, Step.GIVE_PERTIMBANGAN)
    step(admin, proposal, Step.SEND_TO_KEMENPANRB)
    for it in ProposalItem.unscoped.filter(part__proposal=proposal):
        services.decide_item(
            actor=kemenpanrb, item=it, expected_version=it.version, decided_count=it.bkn_count
        )
    step(kemenpanrb, proposal, Step.DECIDE)
    step(admin, proposal, Step.CLOSE)

    events = list(ProposalEvent.unscoped.filter(proposal=proposal))
    n_items = ProposalItem.unscoped.filter(part__proposal=proposal).count()
    steps = [e.step for e in events]
    assert steps[:7] == ["draft", "edit", "submit", "return", "edit", "submit", "accept"]
    assert steps.count("review") == steps.count("decision") == n_items
    assert steps[-1] == "close"
    assert [s for s in steps if s not in ("review", "decision")][-6:] == [
        "accept",
        "send_to_bkn",
        "give_pertimbangan",
        "send_to_kemenpanrb",
        "decide",
        "close",
    ]
    returned = events[3]
    assert (returned.actor, returned.comment) == (admin, "Kurangi perawat puskesmas.")
    assert (returned.before["state"], returned.after["state"]) == ("submitted", "returned")
    second_edit = events[4]
    assert (second_edit.before, second_edit.after) == ({"count": 4}, {"count": 3})
    proposal.refresh_from_db()
    assert proposal.state == "closed"


def test_drafting_again_records_the_replaced_items_in_their_history(world: Any) -> None:
    from formasi.proposals.models import ProposalComment, ProposalEvent

    proposal = drafted(world)
    admin = world.users["admin_a"]
    old = {i.pk: i.count for i in ProposalItem.unscoped.filter(part__proposal=proposal)}
    some = next(iter(old))
    first = ProposalComment.unscoped.create(proposal=proposal, item_id=some, author=admin, text="?")
    ProposalComment.unscoped.create(proposal=proposal, item_id=some, parent=first, text="!")
    ProposalEvent.unscoped.create(proposal=proposal, item_id=some, actor=admin, step="edit")
    services.draft_proposal(actor=admin, agency=world.agency_a, year=YEAR)
    gone = ProposalItem.history.filter(history_type="-")
    assert {h.id: h.count for h in gone} == old
    assert {h.history_user_id for h in gone} == {admin.pk}
    assert not ProposalItem.unscoped.filter(pk__in=old).exists()
    assert not ProposalComment.unscoped.filter(item_id=some).exists()
    assert not ProposalEvent.unscoped.filter(item_id=some).exists()
    assert ProposalEvent.unscoped.filter(proposal=proposal, step="draft").count() == 2


def test_bkn_approves_the_remaining_items_at_once(world: Any) -> None:
    proposal = sent_to_bkn(world)
    bkn, kemenpanrb = evaluators(world)
    items = list(ProposalItem.unscoped.filter(part__proposal=proposal).order_by("pk"))
    first = items[0]
    services.review_item(actor=bkn, item=first, expected_version=first.version,
                         verdict="changed", count=0, reason="Redistribusi.")  # fmt: skip
    proposal.refresh_from_db()
    with pytest.raises(PermissionDenied):  # not KemenPAN-RB's turn, nor the admin's
        services.approve_remaining(
            actor=kemenpanrb, proposal=proposal, expected_version=proposal.version
        )
    with pytest.raises(services.ConflictError):
        services.approve_remaining(actor=bkn, proposal=proposal, expected_version=1)
    done = services.approve_remaining(
        actor=bkn, proposal=proposal, expected_version=proposal.version
    )
    assert done == len(items) - 1
    after = {i.pk: i for i in ProposalItem.unscoped.filter(part__proposal=proposal)}
    assert (after[first.pk].bkn_verdict, after[first.pk].bkn_count) == ("changed", 0)
    for item in items[1:]:
        got = after[item.pk]
        assert (got.bkn_verdict, got.bkn_count, got.version) == (
            "approved",
            item.count,
            item.version + 1,
        )
        assert got.history.first().history_user == bkn
    events = ProposalEvent.unscoped.filter(proposal=proposal, step="review", actor=bkn)
    assert events.count() == len(items)  # the change and every approval
    # Nothing left: a second call changes nothing.
    proposal.refresh_from_db()
    assert (
        services.approve_remaining(actor=bkn, proposal=proposal, expected_version=proposal.version)
        == 0
    )


def test_kemenpanrb_decides_as_bkn_advised(world: Any) -> None:
    proposal = reviewed(world)
    admin = world.users["admin_a"]
    _bkn, kemenpanrb = evaluators(world)
    step(admin, proposal, Step.SEND_TO_KEMENPANRB)
    proposal.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.decide_as_advised(
            actor=admin, proposal=proposal, expected_version=proposal.version
        )
    items = list(ProposalItem.unscoped.filter(part__proposal=proposal))
    services.decide_item(actor=kemenpanrb, item=items[0], expected_version=items[0].version,
                         decided_count=0)  # fmt: skip
    proposal.refresh_from_db()
    assert (
        services.decide_as_advised(
            actor=kemenpanrb, proposal=proposal, expected_version=proposal.version
        )
        == len(items) - 1
    )
    decided = dict(
        ProposalItem.unscoped.filter(part__proposal=proposal).values_list("pk", "decided_count")
    )
    assert decided[items[0].pk] == 0
    assert all(decided[i.pk] == i.bkn_count for i in items[1:])
    step(kemenpanrb, proposal, Step.DECIDE)  # every item has its count now
