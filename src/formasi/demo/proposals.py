"""The demo city's usul kebutuhan (issue 18): three rounds at once, each in a state of its own.

* **2025**, decided and closed: drafted from the needs and staff, every OPD's part submitted
  and accepted, sent to BKN, BKN's pertimbangan teknis (every item approved but the largest,
  cut by one with a reason), sent to KemenPAN-RB, decided as BKN advised, and closed by the
  BKPSDM. A new-hire run of 2026 fills these formasi (``formasi.placement.approved``); this is
  last year's decision the evaluator queue shows beside this year's request.
* **2026**, the merged proposal with BKN's pertimbangan on it: drafted (the 2025 posts not yet
  filled carried over), the Dinas Pendidikan's part returned once by BKPSDM with a comment on
  an item and the operator's reply, the item fixed and the part submitted again and accepted,
  every part accepted, sent to BKN; BKN changed the largest item (minus one), rejected one
  item, each with its reason and a comment, and approved the rest; the pertimbangan is given,
  so the proposal waits for the BKPSDM to send it to KemenPAN-RB.
* **2027**, the next round in draft: the Dinas Kesehatan's part is still being drafted by its
  operator, the Dinas Pendidikan's was returned by BKPSDM with a comment on an item and the
  operator's reply in its thread, and every other OPD's part is accepted.

The model keeps one proposal per agency and year, and a part's steps only while its proposal
is a draft: the OPD parts drafting and returned and the merged proposal at BKN cannot be the
same year's (docs/proposals.md, "Demo"). Every change goes through
``formasi.proposals.services``, so the history pages hold each transition.
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
FIXED = "Perhitungan ABK sudah diperbarui sesuai peta jabatan; justifikasi butir ini kami lengkapi."
CHANGE_REASON = "Dikurangi satu: satu formasi dapat dipenuhi dari redistribusi pegawai."
REJECT_REASON = (
    "Ditolak: kebutuhan jabatan ini dapat dipenuhi dari pegawai yang ada di unit lain "
    "dalam instansi."
)
BKN_COMMENT = "Mohon pertimbangkan redistribusi dari unit lain sebelum usulan tahun depan."
#: The years of the three rounds: last year's (decided, closed), this year's (pertimbangan)
#: and the next (in draft).
DECIDED_YEAR, PERTIMBANGAN_YEAR, DRAFT_YEAR = REF.year - 1, REF.year, REF.year + 1


def _step(actor, target, step: Step, comment: str = ""):  # type: ignore[no-untyped-def]
    target.refresh_from_db()
    return services.transition(
        actor=actor, target=target, step=step, expected_version=target.version, comment=comment
    )


def _items(proposal: Proposal) -> list[ProposalItem]:  # the largest first
    return list(
        ProposalItem.unscoped.filter(part__proposal=proposal).order_by("-count", "priority", "id")
    )


def _review(bkn, item: ProposalItem, verdict: str, count: int, reason: str) -> None:  # type: ignore[no-untyped-def]
    item.refresh_from_db()
    services.review_item(
        actor=bkn,
        item=item,
        expected_version=item.version,
        verdict=verdict,
        count=count,
        reason=reason,
    )


def _to_bkn(admin, proposal: Proposal, *, except_opd: int | None = None) -> None:  # type: ignore[no-untyped-def]
    for part in ProposalPart.unscoped.filter(proposal=proposal):
        if part.org_unit_id != except_opd:
            _step(admin, part, Step.SUBMIT)
            _step(admin, part, Step.ACCEPT)
    _step(admin, proposal, Step.SEND_TO_BKN)


def _decided(agency, users) -> Proposal:  # type: ignore[no-untyped-def]
    admin, bkn, kemenpanrb = users["admin"], users["evaluator.bkn"], users["evaluator.kemenpanrb"]
    proposal = services.draft_proposal(actor=admin, agency=agency, year=DECIDED_YEAR)
    _to_bkn(admin, proposal)
    largest = _items(proposal)[0]
    if largest.count > 1:
        _review(bkn, largest, "changed", largest.count - 1, CHANGE_REASON)
    proposal.refresh_from_db()
    services.approve_remaining(actor=bkn, proposal=proposal, expected_version=proposal.version)
    _step(bkn, proposal, Step.GIVE_PERTIMBANGAN)
    _step(admin, proposal, Step.SEND_TO_KEMENPANRB)
    proposal.refresh_from_db()
    services.decide_as_advised(
        actor=kemenpanrb, proposal=proposal, expected_version=proposal.version
    )
    _step(kemenpanrb, proposal, Step.DECIDE)
    _step(admin, proposal, Step.CLOSE)
    proposal.refresh_from_db()
    return proposal


def _return_part(admin, operator, part: ProposalPart) -> ProposalItem | None:  # type: ignore[no-untyped-def]
    """The operator submits the part; BKPSDM comments on its first item, the operator
    replies in the thread, and BKPSDM returns the part with a comment. Returns that item."""
    proposal = part.proposal
    _step(operator, part, Step.SUBMIT)
    item = ProposalItem.unscoped.filter(part=part).order_by("priority", "id").first()
    if item is not None:
        text = RETURN_COMMENT.format(position=item.position.name)
        comment = services.add_comment(actor=admin, proposal=proposal, item=item, text=text)
        services.add_comment(actor=operator, proposal=proposal, parent=comment, text=REPLY)
    _step(admin, part, Step.RETURN, comment=RETURN_COMMENT.format(position="ini"))
    return item


def _at_pertimbangan(agency, organisation: DemoOrganisation, users) -> Proposal:  # type: ignore[no-untyped-def]
    admin, operator, bkn = users["admin"], users["operator.disdik"], users["evaluator.bkn"]
    proposal = services.draft_proposal(actor=admin, agency=agency, year=PERTIMBANGAN_YEAR)
    returned = organisation.opd(RETURNED_OPD)
    part = ProposalPart.unscoped.filter(proposal=proposal, org_unit=returned).first()
    if part is not None:  # returned once, fixed, submitted again and accepted
        item = _return_part(admin, operator, part)
        if item is not None:
            item.refresh_from_db()
            services.update_item(
                actor=operator, item=item, expected_version=item.version, justification=FIXED
            )
        _step(operator, part, Step.SUBMIT)
        _step(admin, part, Step.ACCEPT)
    _to_bkn(admin, proposal, except_opd=returned.pk)
    items = _items(proposal)
    if items and items[0].count > 1:
        _review(bkn, items[0], "changed", items[0].count - 1, CHANGE_REASON)
    if len(items) > 1:
        rejected = items[-1]
        _review(bkn, rejected, "rejected", 0, REJECT_REASON)
        services.add_comment(actor=bkn, proposal=proposal, item=rejected, text=BKN_COMMENT)
    proposal.refresh_from_db()
    services.approve_remaining(actor=bkn, proposal=proposal, expected_version=proposal.version)
    _step(bkn, proposal, Step.GIVE_PERTIMBANGAN)
    proposal.refresh_from_db()
    return proposal


def _in_draft(agency, organisation: DemoOrganisation, users) -> Proposal:  # type: ignore[no-untyped-def]
    admin = users["admin"]
    proposal = services.draft_proposal(actor=admin, agency=agency, year=DRAFT_YEAR)
    drafting, returned = organisation.opd(DRAFTING_OPD), organisation.opd(RETURNED_OPD)
    for part in ProposalPart.unscoped.filter(proposal=proposal).select_related("proposal"):
        if part.org_unit_id == drafting.pk:
            continue
        if part.org_unit_id == returned.pk:
            _return_part(admin, users["operator.disdik"], part)
            continue
        _step(admin, part, Step.SUBMIT)
        _step(admin, part, Step.ACCEPT)
    proposal.refresh_from_db()
    return proposal


def load_proposals(agency, organisation: DemoOrganisation) -> tuple[Proposal, Proposal, Proposal]:  # type: ignore[no-untyped-def]
    """The 2025 proposal (decided, closed), the 2026 one (BKN's pertimbangan given) and the
    2027 one (in draft, its parts drafting, returned and accepted); the demo users must
    exist."""
    names = ("admin", "operator.disdik", "evaluator.bkn", "evaluator.kemenpanrb")
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    return (
        _decided(agency, users),
        _at_pertimbangan(agency, organisation, users),
        _in_draft(agency, organisation, users),
    )
