"""A proposal world on top of the personas and the five-year plan data: agency A's needs and
staff (``tests.planning.builders.add_plan_data``), a BKN and a KemenPAN-RB evaluator assigned
to agency A, and helpers that drive a proposal through its workflow with the services."""

from __future__ import annotations

from typing import Any

from formasi.accounts.models import User
from formasi.domain.proposal_workflow import Step
from formasi.proposals import services
from formasi.proposals.models import Proposal, ProposalItem, ProposalPart
from tests import builders as build
from tests.personas import World
from tests.planning.builders import BASE_YEAR, add_plan_data

#: The proposal's year: the bezetting is counted on 31 December of the plan data's base year.
YEAR = BASE_YEAR + 1


def evaluators(world: World) -> tuple[User, User]:
    """A BKN and a KemenPAN-RB evaluator assigned to agency A (created once)."""
    users = []
    for body in ("bkn", "kemenpanrb"):
        name = f"{body}_a"
        user = world.users.get(name)
        if user is None:
            user = build.user(name, "evaluator", assigned=[world.agency_a])
            user.evaluator_body = body
            user.save(update_fields=["evaluator_body"])
            world.users[name] = user
        users.append(user)
    return users[0], users[1]


def drafted(world: World) -> Proposal:
    """Agency A's proposal for YEAR, drafted by its admin from the plan data."""
    add_plan_data(world)
    return services.draft_proposal(actor=world.users["admin_a"], agency=world.agency_a, year=YEAR)


def part_of(proposal: Proposal, unit: Any) -> ProposalPart:
    return ProposalPart.unscoped.get(proposal=proposal, org_unit=unit)


def nurse_item(world: World, proposal: Proposal) -> ProposalItem:
    """The item of the puskesmas nurses (the Dinas Kesehatan's part) of ``proposal``."""
    return ProposalItem.unscoped.get(
        part__proposal=proposal, org_unit=world.puskesmas, position=world.nurse_position
    )


def step(user: User, target: Any, name: Step, comment: str = "") -> Any:
    target.refresh_from_db()
    return services.transition(
        actor=user, target=target, step=name, expected_version=target.version, comment=comment
    )


def sent_to_bkn(world: World) -> Proposal:
    """Drafted, every part submitted and accepted by the admin, sent to BKN."""
    proposal = drafted(world)
    admin = world.users["admin_a"]
    for part in ProposalPart.unscoped.filter(proposal=proposal):
        step(admin, part, Step.SUBMIT)
        step(admin, part, Step.ACCEPT)
    step(admin, proposal, Step.SEND_TO_BKN)
    proposal.refresh_from_db()
    return proposal


def reviewed(world: World) -> Proposal:
    """Sent to BKN, every item approved, pertimbangan given."""
    proposal = sent_to_bkn(world)
    bkn, _kemenpanrb = evaluators(world)
    for item in ProposalItem.unscoped.filter(part__proposal=proposal):
        services.review_item(
            actor=bkn, item=item, expected_version=item.version, verdict="approved"
        )
    step(bkn, proposal, Step.GIVE_PERTIMBANGAN)
    proposal.refresh_from_db()
    return proposal


def walk_proposal(world: World) -> tuple[Proposal, ProposalItem]:
    """A draft proposal of agency A made row by row (the page walk's data has needs of its
    own): the Dinas Kesehatan's part with one item, a comment and a reply on it, and an edit
    in the audit trail."""
    from formasi.proposals.models import ProposalComment, ProposalEvent

    proposal = Proposal.unscoped.create(agency=world.agency_a, year=YEAR)
    part = ProposalPart.unscoped.create(proposal=proposal, org_unit=world.dinkes)
    item = ProposalItem.unscoped.create(
        part=part,
        org_unit=world.puskesmas,
        position=world.nurse_position,
        location=world.puskesmas.region,
        count=3,
        drafted_need=4,
        priority=1,
        justification="Kebutuhan 6; bezetting 2.",
        evidence={
            "need": 6,
            "need_source": "abk",
            "bezetting": 2,
            "bezetting_on": f"{YEAR - 1}-12-31",
            "years": [YEAR, YEAR + 1],
            "retirements": [0, 0],
            "contract_ends": [0, 1],
            "counted_years": 2,
            "gap": 4,
        },
    )
    admin = world.users["admin_a"]
    first = ProposalComment.unscoped.create(proposal=proposal, item=item, author=admin, text="?")
    ProposalComment.unscoped.create(
        proposal=proposal,
        item=item,
        parent=first,
        author=world.users["operator_dinkes_a"],
        text="ABK",
    )
    ProposalEvent.unscoped.create(
        proposal=proposal,
        part=part,
        item=item,
        actor=admin,
        step="edit",
        before={"count": 4},
        after={"count": 3},
    )
    _notify(world, proposal, part)
    return proposal, item


def _notify(world: World, proposal: Proposal, part: ProposalPart) -> None:
    """An unread notification for agency A's admin: the part was submitted."""
    from formasi.proposals.models import Notification

    Notification.unscoped.create(
        user=world.users["admin_a"], proposal=proposal, part=part, kind="submitted", code="submit"
    )


def grow_proposal(world: World, proposal: Proposal, unit: Any, position: Any, i: int) -> None:
    """One more of every proposal row (the query-count guard): a part, an item with a comment
    and an event, and the agency's proposal of an earlier year."""
    from formasi.proposals.models import ProposalComment, ProposalEvent

    opd = unit.opd or unit
    part, _ = ProposalPart.unscoped.get_or_create(proposal=proposal, org_unit=opd)
    item = ProposalItem.unscoped.create(
        part=part, org_unit=unit, position=position, location=unit.region, count=i + 1
    )
    author = world.users["operator_dinkes_a"]
    ProposalComment.unscoped.create(proposal=proposal, item=item, author=author, text=f"#{i}")
    ProposalEvent.unscoped.create(
        proposal=proposal, part=part, item=item, actor=author, step="edit", after={"count": i}
    )
    other = build.unit(world.agency_a, f"Dinas {i}", region_obj=world.district_a)
    ProposalPart.unscoped.create(proposal=proposal, org_unit=other)
    earlier = Proposal.unscoped.create(agency=world.agency_a, year=YEAR - 2 - i, state="closed")
    ProposalPart.unscoped.create(proposal=earlier, org_unit=world.dinkes)
    _notify(world, proposal, part)


def decided(world: World) -> Proposal:
    """Reviewed (the nurse item changed by BKN to one fewer, with a reason), sent to
    KemenPAN-RB, every item decided at BKN's count less one where possible, and decided."""
    proposal = sent_to_bkn(world)
    bkn, kemenpanrb = evaluators(world)
    for item in ProposalItem.unscoped.filter(part__proposal=proposal).order_by("pk"):
        if item.org_unit_id == world.puskesmas.pk:
            services.review_item(
                actor=bkn,
                item=item,
                expected_version=item.version,
                verdict="changed",
                count=item.count - 1,
                reason="Satu formasi dipenuhi dari mutasi.",
            )
        else:
            services.review_item(
                actor=bkn, item=item, expected_version=item.version, verdict="approved"
            )
    step(bkn, proposal, Step.GIVE_PERTIMBANGAN)
    step(world.users["admin_a"], proposal, Step.SEND_TO_KEMENPANRB)
    for item in ProposalItem.unscoped.filter(part__proposal=proposal):
        services.decide_item(
            actor=kemenpanrb,
            item=item,
            expected_version=item.version,
            decided_count=max(0, (item.bkn_count or 0) - 1),
        )
    step(kemenpanrb, proposal, Step.DECIDE)
    proposal.refresh_from_db()
    return proposal


def proposal_document(proposal: Proposal, *, kind: str = "usulan_pdf") -> Any:
    """A made document of ``proposal`` dated today, with a tiny PDF body (the registries)."""
    from django.utils import timezone

    from formasi.proposals import documents
    from formasi.proposals.models import ProposalDocument

    today = timezone.localdate()
    return ProposalDocument.unscoped.create(
        proposal=proposal,
        kind=kind,
        key=documents.document_key(proposal, kind, today),
        dated=today,
        state=ProposalDocument.State.DONE,
        progress=100,
        content=b"%PDF-1.7\n%%EOF\n",
    )


def national_run(world: Any) -> int:
    """A background run of the national view started by evaluator_a (nothing computed yet):
    its id."""
    from formasi.core.models import FanOutRun

    run = FanOutRun.objects.create(
        kind="proposals_national", total=2, created_by=world.users["evaluator_a"]
    )
    return run.pk
