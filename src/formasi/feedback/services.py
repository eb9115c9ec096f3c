"""Every write of the feedback app: a public submission and a complaint's follow-up.

Page, demo and bench go through these. A submission passes the guard (honeypot, signed token,
rate limits) before anything is written, and is written in one transaction: the response and
its complaint together, or nothing. A replayed form hits the unique token hash and is stored once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from formasi.core.permissions import Action, can
from formasi.core.scoping import ensure_visible
from formasi.domain.survey import SCORES, UNSUR
from formasi.feedback import guard
from formasi.feedback.guard import Refusal, Refused
from formasi.feedback.models import SCORE_FIELDS, Complaint, SurveyResponse
from formasi.organization.models import OrgUnit

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

__all__ = ["Profile", "answer_complaint", "public_units", "submit_response"]

#: The follow-up steps a complaint may take from each status.
NEXT_STATUS = {
    Complaint.Status.NEW: {Complaint.Status.IN_PROGRESS, Complaint.Status.ANSWERED},
    Complaint.Status.IN_PROGRESS: {Complaint.Status.ANSWERED},
    Complaint.Status.ANSWERED: {Complaint.Status.CLOSED, Complaint.Status.IN_PROGRESS},
    Complaint.Status.CLOSED: set(),
}


@dataclass(frozen=True)
class Profile:
    """The optional respondent profile of the regulation's questionnaire."""

    age: int | None = None
    sex: str = ""
    education: str = ""
    occupation: str = ""
    service: str = ""


def public_units() -> QuerySet[OrgUnit]:
    """Active units the public rates (anyone may open their survey)."""
    return OrgUnit.unscoped.filter(OrgUnit.public_service_q(), active=True)


def submit_response(
    *,
    unit: OrgUnit,
    scores: list[int | None],
    profile: Profile,
    text: str,
    token: str,
    honeypot: str,
    address: str,
    now: datetime | None = None,
) -> SurveyResponse:
    """Stores one public response (and its complaint when ``text`` is given); raises
    :class:`Refused` with the reason, or ValidationError for impossible values."""
    if honeypot:
        raise Refused(Refusal.HONEYPOT)
    guard.check_token(token, unit.pk)
    digest = guard.token_hash(token)
    if SurveyResponse.unscoped.filter(token_hash=digest).exists():
        raise Refused(Refusal.DUPLICATE)
    if len(scores) != len(UNSUR) or any(s is not None and s not in SCORES for s in scores):
        raise ValidationError(_("Each question is answered with 1 to 4."))
    if all(s is None for s in scores):
        raise ValidationError(_("Answer at least one of the nine questions."))
    guard.check_rate(address, unit.pk)
    when = now or timezone.now()
    row = SurveyResponse(
        agency_id=unit.agency_id,
        unit=unit,
        submitted_at=when,
        age=profile.age,
        sex=profile.sex,
        education=profile.education,
        occupation=profile.occupation,
        service=profile.service[:120],
        token_hash=digest,
        **dict(zip(SCORE_FIELDS, scores, strict=True)),
    )
    try:
        with transaction.atomic():
            row.save()
            if text.strip():
                Complaint.unscoped.create(
                    agency_id=unit.agency_id,
                    unit=unit,
                    response=row,
                    received_at=when,
                    text=text.strip()[:2000],
                )
    except IntegrityError:
        # the same form sent twice at once: the other request stored it
        raise Refused(Refusal.DUPLICATE) from None
    return row


def answer_complaint(
    complaint: Complaint, *, actor: AnyUser, status: str, answer: str
) -> Complaint:
    """Moves a complaint along (new → in progress → answered → closed) and records who handled
    it; answering needs the answer's text. The actor must be able to change it (its unit's OPD
    operator, or the admin)."""
    if not can(actor, Action.CHANGE, "survey"):
        raise PermissionDenied(_("You may not follow up complaints."))
    try:
        target = Complaint.Status(status)
    except ValueError:
        raise ValidationError(_("Unknown status.")) from None
    with transaction.atomic():
        locked = Complaint.unscoped.select_for_update().get(pk=complaint.pk)
        if target != locked.status and target not in NEXT_STATUS[Complaint.Status(locked.status)]:
            raise ValidationError(_("A complaint cannot go from this status to that one."))
        answer = answer.strip()
        if target == Complaint.Status.ANSWERED and not (answer or locked.answer):
            raise ValidationError({"answer": _("Write the answer to the complainant.")})
        if answer:
            locked.answer = answer[:4000]
        if target == Complaint.Status.ANSWERED and locked.answered_at is None:
            locked.answered_at = timezone.now()
        locked.status = target
        locked.handled_by = actor  # type: ignore[assignment]
        locked.save()
        ensure_visible(locked, actor, Action.CHANGE, _("This complaint is outside your scope."))
    return locked
