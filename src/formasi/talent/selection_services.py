"""The only writers of open selections (seleksi terbuka JPT, PermenPAN-RB 15/2019): open one
for an empty JPT post, close its registration, add committee members and candidates, record
stage scores (the ranking is recomputed), send the three best to the PPK, record the PPK's
decision.

Each function is one atomic use case with keyword-only arguments and the acting user
explicit, used alike by the pages, the API, the admin and the demo. The actor must be allowed
to change selections (resource "selection") and see the row; after the write the row must
still be the actor's. Rules and numbers are in ``formasi.domain.selection``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from formasi.accounts.models import User
from formasi.core.audit import record_event
from formasi.core.permissions import Action, can
from formasi.core.scoping import ensure_visible
from formasi.domain import selection as rules
from formasi.organization.models import OrgUnit, Position
from formasi.talent.selection_models import Candidate, CommitteeMember, Selection
from formasi.workforce.models import Employee

__all__ = [
    "JPT_KINDS",
    "add_candidate",
    "add_member",
    "close_registration",
    "committee_rules",
    "decide",
    "default_weights",
    "open_selection",
    "ranking_of",
    "record_scores",
    "send_shortlist",
    "weights_of",
]

JPT_KINDS = (Position.Kind.JPT_UTAMA, Position.Kind.JPT_MADYA, Position.Kind.JPT_PRATAMA)


def _outside() -> str:
    return _("This selection is outside the agencies you may change.")


def default_weights() -> tuple[int, int, int]:
    """The settings' stage weights in percent (kompetensi, wawancara, rekam jejak)."""
    return (
        settings.FORMASI_SELECTION_WEIGHT_KOMPETENSI,
        settings.FORMASI_SELECTION_WEIGHT_WAWANCARA,
        settings.FORMASI_SELECTION_WEIGHT_REKAM_JEJAK,
    )


def committee_rules() -> rules.CommitteeRules:
    return rules.DEFAULT_COMMITTEE_RULES


def weights_of(selection: Selection) -> rules.StageWeights:
    return rules.StageWeights.percent(
        selection.weight_kompetensi, selection.weight_wawancara, selection.weight_rekam_jejak
    )


def _may(actor: User, action: Action) -> None:
    if not can(actor, action, "selection"):
        raise PermissionDenied(_("Your role may not do this."))


def _locked(selection: Selection, actor: User) -> Selection:
    """The selection re-read under a row lock, if the actor may change it."""
    _may(actor, Action.CHANGE)
    found = (
        Selection.unscoped.visible_to(actor, Action.CHANGE)
        .select_for_update()
        .filter(pk=selection.pk)
        .first()
    )
    if found is None:
        raise PermissionDenied(_outside())
    return found


def _history(row: Any, actor: User) -> None:
    row._history_user = actor if getattr(actor, "pk", None) else None


def _weights(raw: tuple[int, int, int]) -> None:
    try:
        rules.StageWeights.percent(*raw)
    except (ValueError, TypeError) as exc:
        raise ValidationError(
            {"weight_kompetensi": [_("The three weights must be 0 or more and sum to 100.")]}
        ) from exc


def _announcement(opens_on: date, closes_on: date) -> None:
    days = (closes_on - opens_on).days + 1
    found = rules.announcement_problems(
        days, min_days=settings.FORMASI_SELECTION_MIN_ANNOUNCEMENT_DAYS
    )
    if "closes_before_opens" in found:
        raise ValidationError({"closes_on": [_("Registration must close after it opens.")]})
    if "too_short" in found:
        raise ValidationError(
            {"closes_on": [_("The announcement must stay open at least %(days)s days.")
                           % {"days": settings.FORMASI_SELECTION_MIN_ANNOUNCEMENT_DAYS}]}
        )  # fmt: skip


@transaction.atomic
def open_selection(
    *,
    unit: OrgUnit,
    position: Position,
    title: str,
    opens_on: date,
    closes_on: date,
    requirements: str,
    actor: User,
    weights: tuple[int, int, int] | None = None,
) -> Selection:
    """Announce an open selection for the JPT ``position`` in ``unit`` (one running selection
    per post)."""
    _may(actor, Action.ADD)
    if (
        not OrgUnit.unscoped.visible_to(actor, Action.ADD, resource="selection")
        .filter(pk=unit.pk)
        .exists()
    ):
        raise PermissionDenied(_("This unit is outside the agencies you may change."))
    if position.agency_id != unit.agency_id or position.kind not in JPT_KINDS:
        raise ValidationError({"position": [_("Choose a JPT position of the unit's agency.")]})
    chosen = weights or default_weights()
    _weights(chosen)
    _announcement(opens_on, closes_on)
    running = Selection.unscoped.filter(unit=unit, position=position).exclude(
        state=Selection.State.DECIDED
    )
    if running.exists():
        raise ValidationError(_("This post already has a selection that is not decided."))
    row = Selection(
        agency_id=unit.agency_id,
        unit=unit,
        position=position,
        title=title.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        requirements=requirements.strip(),
        weight_kompetensi=chosen[0],
        weight_wawancara=chosen[1],
        weight_rekam_jejak=chosen[2],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _history(row, actor)
    row.full_clean()
    row.save()
    ensure_visible(row, actor, Action.CHANGE, _outside())
    record_event(
        action="formasi.selection.opened", actor=actor, obj=row, to_state=row.state,
        payload={"unit": unit.pk, "position": position.pk},
    )  # fmt: skip
    return row


@transaction.atomic
def close_registration(*, selection: Selection, actor: User) -> Selection:
    """Close the registration: no more candidates; scoring goes on."""
    row = _locked(selection, actor)
    if row.state != Selection.State.ANNOUNCED:
        raise ValidationError(_("Registration is already closed."))
    row.state = Selection.State.CLOSED
    _history(row, actor)
    row.save()
    record_event(
        action="formasi.selection.closed", actor=actor, obj=row,
        from_state=Selection.State.ANNOUNCED, to_state=row.state,
    )  # fmt: skip
    return row


def _before_sending(row: Selection) -> None:
    if row.state in (Selection.State.SENT, Selection.State.DECIDED):
        raise ValidationError(_("The three best were already sent to the PPK."))


@transaction.atomic
def add_member(
    *, selection: Selection, name: str, role: str, internal: bool, institution: str, actor: User
) -> CommitteeMember:
    """Add a member to the panitia seleksi (its composition is checked before sending)."""
    row = _locked(selection, actor)
    _before_sending(row)
    member = CommitteeMember(
        selection=row, name=name.strip(), role=role, internal=internal,
        institution=institution.strip(),
    )  # fmt: skip
    _history(member, actor)
    member.full_clean()
    member.save()
    record_event(
        action="formasi.selection.member_added", actor=actor, obj=row,
        payload={"member": member.pk, "internal": internal, "role": role},
    )  # fmt: skip
    return member


@transaction.atomic
def add_candidate(
    *,
    selection: Selection,
    actor: User,
    employee: Employee | None = None,
    name: str = "",
    origin: str = "",
) -> Candidate:
    """Register a candidate: an employee of the agency (name and origin from the record) or an
    external person (name and origin institution; nothing else personal is kept)."""
    row = _locked(selection, actor)
    if row.state != Selection.State.ANNOUNCED:
        raise ValidationError(_("Registration is closed."))
    if employee is not None:
        mine = Employee.unscoped.visible_to(actor, Action.VIEW).filter(
            pk=employee.pk, agency_id=row.agency_id, active=True
        )
        if not mine.exists():
            raise ValidationError({"employee": [_("Choose an active employee of the agency.")]})
        if row.candidates.filter(employee=employee).exists():
            raise ValidationError({"employee": [_("This employee is already a candidate.")]})
        unit = employee.unit.opd or employee.unit
        name, origin = employee.name, unit.name
    if not name.strip() or not origin.strip():
        raise ValidationError({"name": [_("Enter the candidate's name and origin institution.")]})
    candidate = Candidate(
        selection=row, employee=employee, name=name.strip(), origin=origin.strip()
    )
    _history(candidate, actor)
    candidate.full_clean()
    candidate.save()
    record_event(
        action="formasi.selection.candidate_added", actor=actor, obj=row,
        payload={"candidate": candidate.pk, "internal": employee is not None},
    )  # fmt: skip
    return candidate


def _fraction(value: Decimal | None) -> Fraction | None:
    return None if value is None else Fraction(value)


def ranking_of(selection: Selection, candidates: list[Candidate]) -> rules.Ranking:
    """The domain's ranking of these candidates with the selection's weights."""
    return rules.rank(
        [
            rules.CandidateScores(
                c.pk, c.passed_administration, _fraction(c.kompetensi),
                _fraction(c.wawancara), _fraction(c.rekam_jejak),
            )
            for c in candidates
        ],
        weights_of(selection),
    )  # fmt: skip


def _rerank(selection: Selection) -> None:
    candidates = list(Candidate.unscoped.filter(selection=selection).order_by("id"))
    found = ranking_of(selection, candidates)
    places = {r.key: r for r in found.ranked}
    changed = []
    for c in candidates:
        r = places.get(c.pk)
        final = None if r is None else (Decimal(r.final.numerator) / Decimal(r.final.denominator))
        new = (
            None if final is None else final.quantize(Decimal("0.01")),
            None if r is None else r.place,
            bool(r and r.shortlisted),
        )
        if (c.final_score, c.place, c.shortlisted) != new:
            c.final_score, c.place, c.shortlisted = new
            changed.append(c)
    Candidate.unscoped.bulk_update(changed, ["final_score", "place", "shortlisted"])


def _score(value: Decimal | None, field: str) -> Decimal | None:
    if value is None:
        return None
    if not Decimal(0) <= value <= Decimal(100):
        raise ValidationError({field: [_("Enter a score from 0 to 100.")]})
    return Decimal(value).quantize(Decimal("0.01"))


@transaction.atomic
def record_scores(
    *,
    candidate: Candidate,
    passed_administration: bool | None,
    kompetensi: Decimal | None,
    wawancara: Decimal | None,
    rekam_jejak: Decimal | None,
    actor: User,
) -> Candidate:
    """Record (or correct) a candidate's administration result and stage scores; the final
    scores, places and the three best of the selection are recomputed."""
    row = _locked(candidate.selection, actor)
    _before_sending(row)
    found = Candidate.unscoped.select_for_update().get(pk=candidate.pk, selection=row)
    found.passed_administration = passed_administration
    found.kompetensi = _score(kompetensi, "kompetensi")
    found.wawancara = _score(wawancara, "wawancara")
    found.rekam_jejak = _score(rekam_jejak, "rekam_jejak")
    _history(found, actor)
    found.full_clean()
    found.save()
    _rerank(row)
    found.refresh_from_db()
    record_event(
        action="formasi.selection.scored", actor=actor, obj=row,
        payload={"candidate": found.pk, "place": found.place},
    )  # fmt: skip
    return found


@transaction.atomic
def send_shortlist(*, selection: Selection, actor: User, on: date | None = None) -> Selection:
    """Send the three best to the PPK: registration must be closed, the committee valid, and
    three candidates ranked."""
    row = _locked(selection, actor)
    _before_sending(row)
    if row.state != Selection.State.CLOSED:
        raise ValidationError(_("Close the registration first."))
    members = [(m.internal, m.role == CommitteeMember.Role.CHAIR) for m in row.committee.all()]
    if rules.committee_problems(members, committee_rules()):
        raise ValidationError(_("The selection committee does not meet the rules yet."))
    _rerank(row)
    shortlisted = row.candidates.filter(shortlisted=True).count()
    if shortlisted < rules.SHORTLIST_SIZE:
        raise ValidationError(
            _("Three ranked candidates are needed; %(n)s are ranked.") % {"n": shortlisted}
        )
    row.state, row.sent_on = Selection.State.SENT, on or timezone.localdate()
    _history(row, actor)
    row.save()
    record_event(
        action="formasi.selection.sent", actor=actor, obj=row,
        from_state=Selection.State.CLOSED, to_state=row.state,
        payload={"shortlist": list(row.candidates.filter(shortlisted=True).values_list(
            "pk", flat=True))},
    )  # fmt: skip
    return row


@transaction.atomic
def decide(
    *,
    selection: Selection,
    chosen: Candidate,
    decided_by_name: str,
    actor: User,
    note: str = "",
    on: date | None = None,
) -> Selection:
    """Record the PPK's choice: one of the three names sent."""
    row = _locked(selection, actor)
    if row.state != Selection.State.SENT:
        raise ValidationError(_("The PPK decides after the three best are sent."))
    shortlist = list(row.candidates.filter(shortlisted=True).values_list("pk", flat=True))
    if rules.decision_problem(chosen.pk, shortlist):
        raise ValidationError({"chosen": [_("Choose one of the three names sent to the PPK.")]})
    if not decided_by_name.strip():
        raise ValidationError({"decided_by_name": [_("Enter the PPK's name.")]})
    row.state, row.chosen_id = Selection.State.DECIDED, chosen.pk
    row.decided_on = on or timezone.localdate()
    row.decided_by_name, row.decision_note = decided_by_name.strip(), note.strip()
    _history(row, actor)
    row.full_clean()
    row.save()
    record_event(
        action="formasi.selection.decided", actor=actor, obj=row,
        from_state=Selection.State.SENT, to_state=row.state, payload={"chosen": chosen.pk},
    )  # fmt: skip
    return row
