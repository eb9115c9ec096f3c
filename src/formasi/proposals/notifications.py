"""In-app notifications of the usul kebutuhan (issue 18, part 9): when a proposal or an OPD's
part reaches someone's desk, each person who must act next gets a ``Notification``, and an
e-mail when ``FORMASI_PROPOSAL_EMAIL`` is true (Django's mail settings; the console in the
demo). ``services.transition`` calls :func:`notify` inside its transaction.

Whose desk a state is (docs/proposals.md):

- ``submitted`` (an OPD submitted its part): the agency's BKPSDM admins;
- ``returned`` (the BKPSDM returned a part): the operators of that OPD (those who see it);
- ``submitted_bkn``: the BKN evaluators assigned to the agency;
- ``pertimbangan`` (BKN gave its pertimbangan teknis): the BKPSDM admins, who send it on;
- ``submitted_kemenpanrb``: the KemenPAN-RB evaluators assigned to the agency;
- ``decided`` (KemenPAN-RB's penetapan): the BKPSDM admins, who close it.

The one who took the step is never notified of it. The text is worded when shown, in the
reader's language, from the stored code (:func:`text_for`).

The bell's count (:func:`unread_count`, on every page) is cached per user for
``UNREAD_SECONDS``; :func:`notify` and ``services.mark_notifications_read`` forget the
counts they change (:func:`forget_unread`), at once and again when their transaction
commits, so a page never shows a count older than the last notification or reading.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from formasi.accounts.models import EvaluatorBody, User
from formasi.core.permissions import Role
from formasi.domain.proposal_workflow import State, Step
from formasi.proposals.models import Notification, Proposal, ProposalPart

logger = logging.getLogger(__name__)

#: The setting that sends each notification by e-mail too.
EMAIL_SETTING = "FORMASI_PROPOSAL_EMAIL"
#: Most notifications listed on the page (the newest first).
PAGE_SIZE = 50
#: How long a user's unread count is cached (a bound; writers forget it when it changes).
UNREAD_SECONDS = 300

_ADMINS = "bkpsdm"
_OPERATORS = "opd_operators"
#: State reached → whose desk it is.
DESKS: dict[str, str] = {
    State.SUBMITTED: _ADMINS,
    State.RETURNED: _OPERATORS,
    State.SUBMITTED_BKN: EvaluatorBody.BKN,
    State.PERTIMBANGAN: _ADMINS,
    State.SUBMITTED_KEMENPANRB: EvaluatorBody.KEMENPANRB,
    State.DECIDED: _ADMINS,
}


def recipients(target: Proposal | ProposalPart, state: str) -> list[User]:
    """The active users at whose desk ``target`` is once in ``state`` (module docstring)."""
    desk = DESKS.get(state)
    proposal = target.proposal if isinstance(target, ProposalPart) else target
    users = User.objects.filter(is_active=True)
    if desk == _ADMINS:
        found = users.filter(role=Role.ADMIN, agency_id=proposal.agency_id)
    elif desk == _OPERATORS and isinstance(target, ProposalPart):
        path = target.org_unit.path
        operators = users.filter(
            role=Role.OPD_OPERATOR, agency_id=proposal.agency_id, org_unit__isnull=False
        ).select_related("org_unit")
        # The operators who see the part: their unit is the OPD or above it (models.py).
        return [u for u in operators if path.startswith(u.org_unit.path)]
    elif desk in (EvaluatorBody.BKN, EvaluatorBody.KEMENPANRB):
        found = users.filter(
            role=Role.EVALUATOR, evaluator_body=desk, assigned_agencies=proposal.agency_id
        )
    else:
        return []
    return list(found.order_by("pk"))


def notify(*, actor: User | None, target: Proposal | ProposalPart, step: Step) -> int:
    """Notify whoever must act on ``target`` now that ``step`` has put it in its state;
    returns how many were notified. E-mails (if enabled) go after the transaction commits."""
    proposal = target.proposal if isinstance(target, ProposalPart) else target
    part = target if isinstance(target, ProposalPart) else None
    users = [u for u in recipients(target, target.state) if actor is None or u.pk != actor.pk]
    rows = Notification.unscoped.bulk_create(
        Notification(user=u, proposal=proposal, part=part, kind=target.state, code=step.value)
        for u in users
    )
    forget_unread(u.pk for u in users)
    if rows and getattr(settings, EMAIL_SETTING, False):
        ids = [n.pk for n in rows if n.pk is not None]
        transaction.on_commit(lambda: send_emails(ids))
    return len(rows)


def text_for(notification: Notification) -> str:
    """What happened, in the current language, from the stored code."""
    proposal = notification.proposal
    values: dict[str, Any] = {
        "agency": proposal.agency.name,
        "year": proposal.year,
        "opd": notification.part.org_unit.name if notification.part is not None else "",
    }
    texts = {
        Step.SUBMIT: _("%(opd)s submitted its part of the %(year)s proposal."),
        Step.RETURN: _("BKPSDM returned the %(opd)s part of the %(year)s proposal; see why."),
        Step.SEND_TO_BKN: _(
            "%(agency)s sent its %(year)s proposal to BKN for pertimbangan teknis."
        ),
        Step.GIVE_PERTIMBANGAN: _(
            "BKN gave its pertimbangan teknis on the %(year)s proposal of %(agency)s."
        ),
        Step.SEND_TO_KEMENPANRB: _(
            "%(agency)s sent its %(year)s proposal to KemenPAN-RB for the penetapan."
        ),
        Step.DECIDE: _("KemenPAN-RB decided the %(year)s proposal of %(agency)s."),
    }
    try:
        template = texts[Step(notification.code)]
    except (ValueError, KeyError):
        template = _("The %(year)s proposal of %(agency)s changed.")
    return template % values


def send_emails(ids: Iterable[int]) -> int:
    """One e-mail per notification whose recipient has an address (in the site's language,
    with a link to the proposal); returns how many were sent. A failing mail server is logged,
    never an error of the step that was taken."""
    sent = 0
    notifications = Notification.unscoped.filter(pk__in=list(ids)).select_related(
        "user", "proposal__agency", "part__org_unit"
    )
    with translation.override(settings.LANGUAGE_CODE):
        for n in notifications:
            if not n.user.email:
                continue
            link = settings.FORMASI_SITE_URL.rstrip("/") + reverse(
                "proposals:detail", args=[n.proposal_id]
            )
            body = f"{text_for(n)}\n\n{link}\n"
            try:
                sent += send_mail(_("Formasi: needs proposal"), body, None, [n.user.email])
            except Exception:  # the mail server's failure is not the workflow's
                logger.exception("notification mail %s failed", n.pk)
    return sent


def _unread_key(user_id: int) -> str:
    return f"formasi:unread:{user_id}"


def unread_count(user: Any) -> int:
    """How many of the user's notifications are unread (0 for anonymous), cached."""
    if not getattr(user, "is_authenticated", False):
        return 0
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.visible_to(user).filter(read_at__isnull=True).count()
        cache.set(key, count, UNREAD_SECONDS)
    return int(count)


def forget_unread(user_ids: Iterable[int]) -> None:
    """Drop the cached unread counts of these users, now and when the transaction commits
    (a page read in between might otherwise cache the count from before the change)."""
    keys = [_unread_key(pk) for pk in set(user_ids)]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))
