"""Writers of the usul kebutuhan (issue 18): drafting an agency's proposal from its needs
and staff, changing items, BKN's verdicts, KemenPAN-RB's decided counts, the workflow steps
and comments. Pages, API, CLI and tasks call these alike.

Every writer runs in one transaction, checks scope (``visible_to``) and the workflow table
(``formasi.domain.proposal_workflow``), and records a ``ProposalEvent`` with the values before
and after. Rows carry a ``version``: a writer given an older version than the row's raises
``ConflictError`` and changes nothing, so two people never silently overwrite each other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from formasi.accounts.models import EvaluatorBody, User
from formasi.core import jobs
from formasi.core.permissions import Action, Role, can, role_of
from formasi.domain import proposal_workflow as flow
from formasi.domain.proposal_workflow import Actor, Check, EditKind, State, Step
from formasi.organization.models import Agency, OrgUnit, Position
from formasi.planning import fiveyear
from formasi.planning.models import Scenario
from formasi.proposals import carryover, documents, extra_evidence, notifications, trace, wording
from formasi.proposals.models import (
    ItemStatusChoice,
    Notification,
    Proposal,
    ProposalComment,
    ProposalDocument,
    ProposalEvent,
    ProposalItem,
    ProposalPart,
    VerdictChoice,
)
from formasi.workload.models import PositionNeed

#: Plan years whose leavers a drafted item counts: year N (from the bezetting on 31 December
#: N−1) and N+1, the year of the penetapan (DOMAIN.md §7.5; our reading [P]).
COUNTED_YEARS = trace.COUNTED_YEARS
#: Plan years shown in an item's evidence when no scenario is chosen (the 5-year plan, §7.4).
DEFAULT_HORIZON = trace.DEFAULT_HORIZON
#: Positions filled by promotion of PNS (UU 20/2023 Pasal 19): never proposed as PPPK.
STRUCTURAL_KINDS = (
    Position.Kind.JPT_UTAMA,
    Position.Kind.JPT_MADYA,
    Position.Kind.JPT_PRATAMA,
    Position.Kind.ADMINISTRATOR,
    Position.Kind.PENGAWAS,
)
#: The fields of an item its drafters (OPD operator, BKPSDM) change.
CONTENT_FIELDS = ("count", "status", "education", "location", "priority", "justification")


class ConflictError(Exception):
    """The row changed since the user read it: their change was not saved. ``current`` is
    the row as it is now (the page shows it beside the user's input)."""

    def __init__(self, current: Any) -> None:
        super().__init__(
            _(
                "Someone else changed this in the meantime (now version %(version)s). Your "
                "changes were not saved: compare them with the current values and save again."
            )
            % {"version": current.version}
        )
        self.current = current


def actor_of(user: Any) -> Actor | None:
    """The workflow actor a user is: the agency admin is the BKPSDM; an evaluator is BKN or
    KemenPAN-RB by their ``evaluator_body`` (none without one)."""
    role = role_of(user)
    if role == Role.ADMIN:
        return Actor.BKPSDM
    if role == Role.OPD_OPERATOR:
        return Actor.OPD_OPERATOR
    if role == Role.LEADER:
        return Actor.LEADER
    if role == Role.EVALUATOR:
        body = getattr(user, "evaluator_body", "")
        if body == EvaluatorBody.BKN:
            return Actor.BKN
        if body == EvaluatorBody.KEMENPANRB:
            return Actor.KEMENPANRB
    return None


def _refuse() -> PermissionDenied:
    return PermissionDenied(_("Your role may not do this."))


def _snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        out[name] = getattr(obj, field.attname)
    return out


def _event(
    *,
    proposal: Proposal,
    actor: User | None,
    step: str,
    part: ProposalPart | None = None,
    item: ProposalItem | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    comment: str = "",
) -> ProposalEvent:
    return ProposalEvent.unscoped.create(
        proposal=proposal,
        part=part,
        item=item,
        actor=actor if getattr(actor, "pk", None) else None,
        step=step,
        before=before or {},
        after=after or {},
        comment=comment,
    )


def _bump_proposal(proposal: Proposal) -> None:
    Proposal.unscoped.filter(pk=proposal.pk).update(version=F("version") + 1)
    proposal.refresh_from_db(fields=["version", "updated_at"])


# --------------------------------------------------------------------------- drafting


def _status_for(position: Position, scenario: Scenario | None) -> str:
    """PNS for structural posts; otherwise PPPK when the scenario hires mostly PPPK."""
    if position.kind in STRUCTURAL_KINDS:
        return ItemStatusChoice.PNS
    if scenario is not None and scenario.pppk_percent >= 50:
        return ItemStatusChoice.PPPK
    return ItemStatusChoice.PNS


def _urgency(line: dict[str, Any]) -> tuple[float, int]:
    """Sort key of drafted lines: the largest share of the need unmet first, then the
    largest count."""
    count, need = int(line["count"]), int(line["evidence"]["need"])
    return (-count / max(need, 1), -count)


def _drafted_lines(agency: Agency, year: int, horizon: int) -> list[dict[str, Any]]:
    """One line per unit × position whose need is not met by the years counted: the
    evidence (``trace.evidence_dict``, the shape ``trace.current_evidence`` recomputes) and
    the count (``flow.drafted_count``)."""
    cells = fiveyear.collect([agency.pk], year - 1, horizon)
    needs = {
        (n.unit_id, n.position_id): n
        for n in PositionNeed.unscoped.filter(agency=agency).only(
            "unit_id", "position_id", "source", "basis", "count"
        )
    }
    ratio = trace.spending_ratio(agency.pk, year)
    lines: list[dict[str, Any]] = []
    for i in range(len(cells.units)):
        key = (int(cells.units[i]), int(cells.positions[i]))
        need = round(cells.need[i])
        bez = round(cells.bezetting[i])
        retirements = [round(v) for v in cells.retirements[i]]
        ends = [round(v) for v in cells.contract_ends[i]]
        count = flow.drafted_count(need, bez, retirements[:COUNTED_YEARS], ends[:COUNTED_YEARS])
        if count <= 0 or key not in needs:
            continue
        source = needs[key]
        evidence = trace.evidence_dict(
            year=year,
            need=need,
            source=source.source,
            basis=source.basis,
            bezetting=bez,
            retirements=retirements,
            contract_ends=ends,
            ratio=ratio,
        )
        lines.append({"unit": key[0], "position": key[1], "count": count, "evidence": evidence})
    extra = extra_evidence.collect(agency.pk, year, {line["unit"] for line in lines})
    for line in lines:
        if line["unit"] in extra:
            line["evidence"]["extra"] = extra[line["unit"]]
    # Priority 1 first: the largest share of the need unmet, then the largest count.
    lines.sort(key=_urgency)
    for rank, line in enumerate(lines, start=1):
        line["priority"] = rank
    return lines


def _delete_drafted_items(proposal: Proposal, actor: User) -> None:
    """Delete the items of the parts still in draft (drafting again replaces them), with
    their comments and events as a cascade would. simple-history writes the "-" record of
    each deleted row with an INSERT of its own (4.4 s for a Pemda's 500 items in
    bench/proposals.py); here the records go in one bulk INSERT and the rows in one DELETE."""
    items = list(ProposalItem.unscoped.filter(part__proposal=proposal, part__state=State.DRAFT))
    if not items:
        return
    history = ProposalItem.history.model
    tracked = [f.attname for f in ProposalItem._meta.concrete_fields]
    now = timezone.now()
    history.objects.bulk_create(
        history(
            **{name: getattr(item, name) for name in tracked},
            history_date=now,
            history_type="-",
            history_user_id=actor.pk,
        )
        for item in items
    )
    ids = [item.pk for item in items]
    ProposalComment.unscoped.filter(item_id__in=ids).delete()
    ProposalEvent.unscoped.filter(item_id__in=ids).delete()
    doomed = ProposalItem.unscoped.filter(pk__in=ids)
    doomed._raw_delete(doomed.db)  # no signal: the history is written above


@transaction.atomic
def draft_proposal(
    *, actor: User, agency: Agency, year: int, scenario: Scenario | None = None
) -> Proposal:
    """Draft (or draft again) ``agency``'s proposal for ``year``: one item per unit ×
    position with a shortage, with its evidence (need and its source, bezetting on 31
    December ``year``−1, retirements and PPPK contract ends per plan year, gap) and a
    justification in words. The items go into one part per OPD.

    Drafting again replaces the items of the parts still in draft (parts already submitted,
    returned or accepted keep theirs) and is refused once the proposal has left the draft
    state. Raises PermissionDenied unless the actor is the agency's BKPSDM (or a superuser)."""
    if not can(actor, Action.ADD, "proposal") or not (
        Agency.objects.visible_to(actor).filter(pk=agency.pk).exists()
    ):
        raise _refuse()
    if not actor.is_superuser and actor_of(actor) is not Actor.BKPSDM:
        raise _refuse()
    if scenario is not None and scenario.agency_id != agency.pk:
        raise ValidationError({"scenario": _("The scenario belongs to another agency.")})
    proposal, created = Proposal.unscoped.select_for_update().get_or_create(
        agency=agency, year=year, defaults={"scenario": scenario}
    )
    if proposal.state != State.DRAFT:
        raise ValidationError(_("This proposal has been sent on; it can no longer be drafted."))
    if not created and scenario is not None and proposal.scenario_id != scenario.pk:
        proposal.scenario = scenario
        proposal.save(update_fields=["scenario", "updated_at"])
    horizon = scenario.horizon if scenario is not None else DEFAULT_HORIZON
    lines = _drafted_lines(agency, year, horizon)
    # Unrealised penetapan of last year come back as extra items, after the drafted ones.
    for rank, line in enumerate(carryover.carried_lines(agency, year), start=len(lines) + 1):
        lines.append(line | {"priority": rank})
    units = OrgUnit.unscoped.in_bulk({ln["unit"] for ln in lines})
    positions = Position.unscoped.in_bulk({ln["position"] for ln in lines})
    parts = {p.org_unit_id: p for p in ProposalPart.unscoped.filter(proposal=proposal)}
    drafting = {opd for opd, p in parts.items() if p.state == State.DRAFT}
    _delete_drafted_items(proposal, actor)
    new_items: list[ProposalItem] = []
    per_part: dict[int, int] = defaultdict(int)
    with translation.override(settings.LANGUAGE_CODE):
        for line in lines:
            unit, position = units[line["unit"]], positions[line["position"]]
            opd_id = unit.opd_id or unit.pk
            if opd_id not in parts:
                parts[opd_id] = ProposalPart.unscoped.create(proposal=proposal, org_unit_id=opd_id)
                drafting.add(opd_id)
            if opd_id not in drafting:
                continue
            # A carried line brings its own words; a drafted one is worded from its evidence.
            evidence = trace.evidence_of(line["evidence"])
            new_items.append(
                ProposalItem(
                    part=parts[opd_id],
                    org_unit=unit,
                    position=position,
                    status=line.get("status") or _status_for(position, scenario),
                    education=line.get("education", position.education_requirement),
                    location_id=unit.region_id,
                    count=line["count"],
                    priority=line["priority"],
                    justification=line.get("justification")
                    or (
                        wording.drafted_justification(
                            evidence, line["count"], line["evidence"].get("extra")
                        )
                        if evidence
                        else ""
                    ),
                    evidence=line["evidence"],
                    drafted_need=line["count"],
                )
            )
            per_part[opd_id] += line["count"]
    ProposalItem.unscoped.bulk_create(new_items)
    _bump_proposal(proposal)
    _event(
        proposal=proposal,
        actor=actor,
        step=ProposalEvent.DRAFT,
        after={
            "items": len(new_items),
            "count": sum(per_part.values()),
            "scenario": scenario.pk if scenario is not None else None,
        },
    )
    return proposal


# --------------------------------------------------------------------------- items


def _locked_item(actor: User, item: ProposalItem) -> ProposalItem:
    """The item, locked for the rest of the transaction, if the actor may change it."""
    if not ProposalItem.objects.visible_to(actor, Action.CHANGE).filter(pk=item.pk).exists():
        raise _refuse()
    return (
        ProposalItem.unscoped.select_for_update().select_related("part__proposal").get(pk=item.pk)
    )


def _check_edit(actor: User, item: ProposalItem, kind: EditKind) -> None:
    who = actor_of(actor)
    part, proposal = item.part, item.part.proposal
    if who is None or flow.edit_kind(who, State(part.state), State(proposal.state)) is not kind:
        raise _refuse()


def _save_item(
    actor: User, item: ProposalItem, step: str, changes: dict[str, Any], comment: str = ""
) -> ProposalItem:
    before = _snapshot(item, changes)
    for name, value in changes.items():
        setattr(item, name, value)
    item.full_clean(exclude=["part", "org_unit", "position", "evidence"])
    item.version += 1
    item._history_user = actor  # type: ignore[attr-defined]
    item.save()
    after = _snapshot(item, changes)
    proposal = item.part.proposal
    _bump_proposal(proposal)
    _event(
        proposal=proposal,
        part=item.part,
        item=item,
        actor=actor,
        step=step,
        before=before,
        after=after,
        comment=comment,
    )
    return item


@transaction.atomic
def update_item(
    *, actor: User, item: ProposalItem, expected_version: int, **fields: Any
) -> ProposalItem:
    """Change what an item asks for (count, status, education, location, priority,
    justification). Raises ConflictError when the item changed since ``expected_version``,
    PermissionDenied when the workflow does not let the actor edit it now, ValidationError
    for values out of range (nothing saved)."""
    unknown = set(fields) - set(CONTENT_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    current = _locked_item(actor, item)
    _check_edit(actor, current, EditKind.CONTENT)
    if current.version != expected_version:
        raise ConflictError(current)
    if (
        "location" in fields
        and fields["location"] is not None
        and not hasattr(fields["location"], "pk")
    ):
        raise ValidationError({"location": _("Choose a region.")})
    changes = {k: v for k, v in fields.items() if getattr(current, k) != v}
    if not changes:
        return current
    return _save_item(actor, current, ProposalEvent.EDIT, changes)


@transaction.atomic
def review_item(
    *,
    actor: User,
    item: ProposalItem,
    expected_version: int,
    verdict: str,
    count: int | None = None,
    reason: str = "",
) -> ProposalItem:
    """BKN's pertimbangan teknis on one item: approved (the count asked), changed (another
    count, with a reason) or rejected (none, with a reason)."""
    current = _locked_item(actor, item)
    _check_edit(actor, current, EditKind.VERDICT)
    if current.version != expected_version:
        raise ConflictError(current)
    if verdict not in VerdictChoice.values:
        raise ValidationError({"bkn_verdict": _("Choose a verdict.")})
    reason = reason.strip()
    if verdict == VerdictChoice.APPROVED:
        count = current.count
    elif verdict == VerdictChoice.REJECTED:
        count = 0
    elif count is None or count < 0:
        raise ValidationError({"bkn_count": _("Give the number BKN approves.")})
    if verdict != VerdictChoice.APPROVED and not reason:
        raise ValidationError({"bkn_reason": _("Give the reason for a change or a rejection.")})
    changes = {"bkn_verdict": verdict, "bkn_count": count, "bkn_reason": reason}
    return _save_item(actor, current, "review", changes)


@transaction.atomic
def decide_item(
    *, actor: User, item: ProposalItem, expected_version: int, decided_count: int
) -> ProposalItem:
    """KemenPAN-RB's penetapan of one item: the number of posts set."""
    current = _locked_item(actor, item)
    _check_edit(actor, current, EditKind.DECISION)
    if current.version != expected_version:
        raise ConflictError(current)
    if decided_count is None or decided_count < 0:
        raise ValidationError({"decided_count": _("Give a number of people, 0 or more.")})
    return _save_item(actor, current, "decision", {"decided_count": decided_count})


# --------------------------------------------------------------------------- steps


def _check_precondition(check: Check, proposal: Proposal, comment: str) -> None:
    items = ProposalItem.unscoped.filter(part__proposal=proposal)
    if check is Check.COMMENT and not comment:
        raise ValidationError({"comment": _("Say why (the OPD reads it).")})
    if check is Check.PARTS_ACCEPTED:
        if not items.exists():
            raise ValidationError(_("The proposal has no items."))
        if items.exclude(part__state=State.ACCEPTED).exists():
            raise ValidationError(_("Every OPD's part must be accepted first."))
    if check is Check.VERDICTS and items.filter(bkn_verdict="").exists():
        raise ValidationError(_("Every item needs a verdict first."))
    if check is Check.DECIDED_COUNTS and items.filter(decided_count__isnull=True).exists():
        raise ValidationError(_("Every item needs its decided count first."))


@transaction.atomic
def transition(
    *,
    actor: User,
    target: Proposal | ProposalPart,
    step: Step | str,
    expected_version: int,
    comment: str = "",
) -> Proposal | ProposalPart:
    """Take a workflow step on a proposal or an OPD's part (``flow.TRANSITIONS`` says which
    steps act on which, from which states, by whom). Raises PermissionDenied when the table
    does not allow it, ConflictError when the row moved since ``expected_version``, and
    ValidationError when the step's check fails (a comment to return, every part accepted,
    every verdict, every decided count)."""
    step = Step(step)
    rule = flow.TRANSITIONS[step]
    model = ProposalPart if rule.on_part else Proposal
    if not isinstance(target, model):
        raise ValidationError(_("This step does not apply here."))
    if not model.objects.visible_to(actor, Action.CHANGE).filter(pk=target.pk).exists():
        raise _refuse()
    row = model.unscoped.select_for_update().get(pk=target.pk)
    proposal = row.proposal if isinstance(row, ProposalPart) else row
    who = actor_of(actor)
    if who is None or not flow.allowed(who, step, State(row.state)):
        raise _refuse()
    if rule.on_part and proposal.state != State.DRAFT:
        raise _refuse()
    if row.version != expected_version:
        raise ConflictError(row)
    comment = comment.strip()
    _check_precondition(rule.check, proposal, comment)
    before = {"state": row.state, "version": row.version}
    row.state = rule.target
    row.version += 1
    row._history_user = actor  # type: ignore[union-attr]
    row.save()
    if rule.on_part:
        _bump_proposal(proposal)
    _event(
        proposal=proposal,
        part=row if isinstance(row, ProposalPart) else None,
        actor=actor,
        step=step,
        before=before,
        after={"state": row.state, "version": row.version},
        comment=comment,
    )
    notifications.notify(actor=actor, target=row, step=step)
    return row


# --------------------------------------------------------------------------- comments


@transaction.atomic
def add_comment(
    *,
    actor: User,
    proposal: Proposal,
    text: str,
    item: ProposalItem | None = None,
    parent: ProposalComment | None = None,
) -> ProposalComment:
    """A comment on the proposal or on one of its items, or a reply (``parent``) in its
    thread. Whoever may comment and can see the proposal (and the item) may add one."""
    if not can(actor, Action.COMMENT, "proposal") or not (
        Proposal.objects.visible_to(actor).filter(pk=proposal.pk).exists()
    ):
        raise _refuse()
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    if item is not None and not (
        ProposalItem.objects.visible_to(actor).filter(pk=item.pk, part__proposal=proposal).exists()
    ):
        raise _refuse()
    if parent is not None:
        if (
            not ProposalComment.objects.visible_to(actor)
            .filter(pk=parent.pk, proposal=proposal)
            .exists()
        ):
            raise _refuse()
        item = parent.item
    comment = ProposalComment(proposal=proposal, item=item, parent=parent, author=actor, text=text)
    comment.full_clean()
    comment._history_user = actor  # type: ignore[attr-defined]
    comment.save()
    _event(
        proposal=proposal,
        part=item.part if item is not None else None,
        item=item,
        actor=actor,
        step="comment",
        after={"text": text, "reply_to": parent.pk if parent is not None else None},
    )
    return comment


# --------------------------------------------------------------------------- notifications


@transaction.atomic
def mark_notifications_read(*, actor: User, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's unread notifications read (only ``ids`` if given); returns how many.
    Only one's own: another user's ids change nothing."""
    qs = Notification.objects.visible_to(actor).filter(read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    notifications.forget_unread([actor.pk])
    return qs.update(read_at=timezone.now())


# --------------------------------------------------------------------------- all at once


def _settle_all(
    actor: User, proposal: Proposal, expected_version: int, kind: EditKind
) -> tuple[Proposal, list[ProposalItem]]:
    """The proposal, locked, once the actor may give ``kind`` on its items now."""
    if not Proposal.objects.visible_to(actor, Action.CHANGE).filter(pk=proposal.pk).exists():
        raise _refuse()
    row = Proposal.unscoped.select_for_update().get(pk=proposal.pk)
    who = actor_of(actor)
    # Verdicts and decisions do not depend on the part's state (flow.edit_kind).
    if who is None or flow.edit_kind(who, State.ACCEPTED, State(row.state)) is not kind:
        raise _refuse()
    if row.version != expected_version:
        raise ConflictError(row)
    return row, list(ProposalItem.unscoped.select_for_update().filter(part__proposal=row))


def _save_all(
    actor: User, proposal: Proposal, step: str, items: list[ProposalItem], changes: list[dict]
) -> int:
    events = []
    for item, change in zip(items, changes, strict=True):
        before = _snapshot(item, change)
        for name, value in change.items():
            setattr(item, name, value)
        item.version += 1
        events.append(
            ProposalEvent(
                proposal=proposal, part_id=item.part_id, item=item, actor=actor, step=step,
                before=before, after=_snapshot(item, change),
            )
        )  # fmt: skip
    if items:
        fields = [*changes[0], "version"]
        bulk_update_with_history(items, ProposalItem, fields, default_user=actor)
        ProposalEvent.unscoped.bulk_create(events)
        _bump_proposal(proposal)
    return len(items)


@transaction.atomic
def approve_remaining(*, actor: User, proposal: Proposal, expected_version: int) -> int:
    """BKN approves, at the count asked, every item it has not given a verdict yet (one
    event per item, as :func:`review_item` records). Returns how many items it approved."""
    row, items = _settle_all(actor, proposal, expected_version, EditKind.VERDICT)
    todo = [i for i in items if not i.bkn_verdict]
    changes = [
        {"bkn_verdict": VerdictChoice.APPROVED.value, "bkn_count": i.count, "bkn_reason": ""}
        for i in todo
    ]
    return _save_all(actor, row, "review", todo, changes)


@transaction.atomic
def decide_as_advised(*, actor: User, proposal: Proposal, expected_version: int) -> int:
    """KemenPAN-RB sets the decided count of every item not decided yet to BKN's count (one
    event per item, as :func:`decide_item` records). Returns how many items it decided."""
    row, items = _settle_all(actor, proposal, expected_version, EditKind.DECISION)
    todo = [i for i in items if i.decided_count is None]
    changes = [{"decided_count": i.bkn_count or 0} for i in todo]
    return _save_all(actor, row, "decision", todo, changes)


def settle_all(*, actor: User, proposal: Proposal, expected_version: int) -> int:
    """Settle every item the actor's body has not: BKN approves them at the count asked
    (:func:`approve_remaining`), KemenPAN-RB decides them at BKN's count
    (:func:`decide_as_advised`); anyone else may not (PermissionDenied)."""
    body = actor_of(actor)
    if body is Actor.BKN:
        return approve_remaining(actor=actor, proposal=proposal, expected_version=expected_version)
    if body is Actor.KEMENPANRB:
        return decide_as_advised(actor=actor, proposal=proposal, expected_version=expected_version)
    raise PermissionDenied(_("Your role may not do this."))


# --------------------------------------------------------------------------- documents


@transaction.atomic
def request_document(*, actor: User, proposal: Proposal, kind: str) -> ProposalDocument:
    """The document ``kind`` of ``proposal`` as it would be made today: the one already made
    or being made from the same version, signatory and date, or a new one queued for the
    worker (older documents of that kind are dropped). Raises PermissionDenied unless the
    actor may export the proposal, ValidationError when the kind cannot be made in its state
    (no pertimbangan before BKN gives it, no penetapan before it is decided)."""
    if not Proposal.objects.visible_to(actor, Action.EXPORT).filter(pk=proposal.pk).exists():
        raise _refuse()
    if kind not in documents.available(proposal):
        raise ValidationError(_("This document cannot be made in the proposal's state."))
    today = timezone.localdate()
    key = documents.document_key(proposal, kind, today)
    rows = ProposalDocument.unscoped.filter(proposal=proposal, kind=kind)
    reusable = rows.filter(key=key).exclude(state=ProposalDocument.State.FAILED)
    found = reusable.defer("content").first()
    if found is not None:
        return found
    rows.delete()
    document = ProposalDocument.unscoped.create(
        proposal=proposal, kind=kind, key=key, dated=today, created_by=actor
    )
    jobs.start(document)
    return document
