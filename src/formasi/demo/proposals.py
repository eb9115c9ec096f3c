"""The demo city's usul kebutuhan (issue 18): last year's proposal decided, this year's under way.

* **2025**, decided: drafted from the needs and staff, every OPD's part submitted and accepted,
  sent to BKN, BKN's pertimbangan teknis (every item approved but the largest, cut by one
  with a reason), sent to KemenPAN-RB and decided as BKN advised. A new-hire run of 2026 fills
  these formasi (``formasi.placement.approved``).
* **2026**, in draft: drafted again (with the 2025 posts not yet filled carried over); the
  Dinas Kesehatan's part is still being drafted by its operator, the Dinas Pendidikan's was
  returned by BKPSDM with a comment on an item and the operator's reply, and every other OPD's
  part is accepted.

One proposal per agency and year (and a part's steps only while its proposal is a draft)
means the 2026 proposal cannot also sit at BKN: the pertimbangan teknis is shown on 2025's.
Every change goes through ``formasi.proposals.services``, so the history pages are full.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from formasi.demo.careers import REF
from formasi.demo.organisation import DemoOrganisation
from formasi.domain.proposal_workflow import Step
from formasi.proposals import services
from formasi.proposals.models import Proposal, ProposalItem, ProposalPart

DRAFTING_OPD = "DINKES"
RETURNED_OPD = "DISDIK"
RETURN_COMMENT = (
    "Mohon lengkapi dasar perhitungan ABK untuk butir {position}; jumlahnya melebihi "
    "kekurangan pada peta jabatan."
)
REPLY = "Baik, perhitungan ABK sedang kami perbarui dan akan kami kirim kembali."
CHANGE_REASON = "Dikurangi satu: satu formasi dapat dipenuhi dari redistribusi pegawai."


def _step(actor, target, step: Step, comment: str = ""):  # type: ignore[no-untyped-def]
    target.refresh_from_db()
    return services.transition(
        actor=actor, target=target, step=step, expected_version=target.version, comment=comment
    )


def _items(proposal: Proposal) -> list[ProposalItem]:  # the largest first
    return list(
        ProposalItem.unscoped.filter(part__proposal=proposal).order_by("-count", "priority", "id")
    )


def _decided(agency, users) -> Proposal:  # type: ignore[no-untyped-def]
    admin, bkn, kemenpanrb = users["admin"], users["evaluator.bkn"], users["evaluator.kemenpanrb"]
    proposal = services.draft_proposal(actor=admin, agency=agency, year=REF.year - 1)
    for part in ProposalPart.unscoped.filter(proposal=proposal):
        _step(admin, part, Step.SUBMIT)
        _step(admin, part, Step.ACCEPT)
    _step(admin, proposal, Step.SEND_TO_BKN)
    largest = _items(proposal)[0]
    if largest.count > 1:
        services.review_item(
            actor=bkn,
            item=largest,
            expected_version=largest.version,
            verdict="changed",
            count=largest.count - 1,
            reason=CHANGE_REASON,
        )
    proposal.refresh_from_db()
    services.approve_remaining(actor=bkn, proposal=proposal, expected_version=proposal.version)
    _step(bkn, proposal, Step.GIVE_PERTIMBANGAN)
    _step(admin, proposal, Step.SEND_TO_KEMENPANRB)
    proposal.refresh_from_db()
    services.decide_as_advised(
        actor=kemenpanrb, proposal=proposal, expected_version=proposal.version
    )
    _step(kemenpanrb, proposal, Step.DECIDE)
    proposal.refresh_from_db()
    return proposal


def _in_draft(agency, organisation: DemoOrganisation, users) -> Proposal:  # type: ignore[no-untyped-def]
    admin = users["admin"]
    proposal = services.draft_proposal(actor=admin, agency=agency, year=REF.year)
    drafting, returned = organisation.opd(DRAFTING_OPD), organisation.opd(RETURNED_OPD)
    for part in ProposalPart.unscoped.filter(proposal=proposal).select_related("org_unit"):
        if part.org_unit_id == drafting.pk:
            continue
        if part.org_unit_id == returned.pk:
            operator = users["operator.disdik"]
            _step(operator, part, Step.SUBMIT)
            item = ProposalItem.unscoped.filter(part=part).order_by("priority", "id").first()
            if item is not None:
                text = RETURN_COMMENT.format(position=item.position.name)
                comment = services.add_comment(actor=admin, proposal=proposal, item=item, text=text)
                services.add_comment(actor=operator, proposal=proposal, parent=comment, text=REPLY)
            _step(admin, part, Step.RETURN, comment=RETURN_COMMENT.format(position="ini"))
            continue
        _step(admin, part, Step.SUBMIT)
        _step(admin, part, Step.ACCEPT)
    proposal.refresh_from_db()
    return proposal


def load_proposals(agency, organisation: DemoOrganisation) -> tuple[Proposal, Proposal]:  # type: ignore[no-untyped-def]
    """The 2025 proposal (decided) and the 2026 one (in draft); the demo users must exist."""
    names = ("admin", "operator.disdik", "evaluator.bkn", "evaluator.kemenpanrb")
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    return _decided(agency, users), _in_draft(agency, organisation, users)
