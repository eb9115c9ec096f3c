"""Writers for user accounts: create, change, deactivate, invite, evaluators.

Every writer takes the acting user explicitly. ``actor=None`` is the system (the ``formasi
createuser`` command run by someone with shell access); any other actor is checked here, not
only in the views: an agency admin acts only on the admins, OPD operators and leaders of their
own agency, gives only those roles (admin only while the agency has fewer active admins than
FORMASI_MAX_ADMINS_PER_AGENCY) and only units of that agency; evaluators are assigned by a
superuser. A refused attempt raises ``ManagementRefused`` (a PermissionDenied) and leaves an
audit event ``formasi.user.refused`` outside the rolled-back write.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from formasi.accounts.models import AGENCY_ROLES, User
from formasi.core.audit import record_event
from formasi.core.permissions import Action, Role, ScopedUser, can
from formasi.core.versions import StaleEditError, edit_version
from formasi.core.views import get_visible_or_404, require
from formasi.organization.models import Agency, OrgUnit

INVITATION_SALT = "formasi.accounts.invitation"


class ManagementRefused(PermissionDenied):
    """The actor may not do this to this account (an escalation or another agency's user)."""


def audit_refusal(
    actor: ScopedUser | None, reason: str, *, target: User | None, attempted: str
) -> None:
    """Record a refused attempt (its own write, kept whatever the caller rolls back). The
    payload names codes only, never personal data. Pages call it for what their forms refuse
    before a service is reached (a forged role or unit, another agency's user)."""
    record_event(
        action="formasi.user.refused",
        actor=actor,
        obj=target,
        agency_id=getattr(actor, "agency_id", None),
        comment=reason,
        payload={"attempted": attempted},
    )


def _refuse(actor: ScopedUser | None, reason: str, *, target: User | None, attempted: str) -> None:
    """Audit the refused attempt, then raise."""
    audit_refusal(actor, reason, target=target, attempted=attempted)
    raise ManagementRefused(_("You may not manage this account."))


def _agency_of(actor: ScopedUser) -> Agency | None:
    return Agency.unscoped.filter(pk=actor.agency_id).first() if actor.agency_id else None


def _admin_room(agency: Agency, *, except_user: User | None = None) -> bool:
    """May the agency have one more active admin?"""
    admins = User.objects.filter(agency=agency, role=Role.ADMIN, is_active=True)
    if except_user is not None:
        admins = admins.exclude(pk=except_user.pk)
    return admins.count() < settings.FORMASI_MAX_ADMINS_PER_AGENCY


def check_may_manage(
    actor: ScopedUser | None,
    *,
    target: User | None,
    role: str | None,
    unit: OrgUnit | None,
    attempted: str,
) -> None:
    """Refuse (audited) anything the actor may not do: see the module docstring."""
    if actor is None or getattr(actor, "is_superuser", False):
        if actor is not None and not actor.is_active:
            _refuse(actor, "inactive", target=target, attempted=attempted)
        return
    action = Action.ADD if target is None else Action.CHANGE
    if not can(actor, action, "user"):
        _refuse(actor, "role", target=target, attempted=attempted)
    if target is not None and not (
        User.objects.visible_to(actor, action).filter(pk=target.pk).exists()
    ):
        _refuse(actor, "scope", target=target, attempted=attempted)
    if target is not None and target.pk == actor.pk and attempted != "change":
        _refuse(actor, "self", target=target, attempted=attempted)
    if role is not None:
        if role not in AGENCY_ROLES:
            _refuse(actor, f"role:{role}", target=target, attempted=attempted)
        becomes_admin = role == Role.ADMIN and getattr(target, "role", "") != Role.ADMIN
        agency = _agency_of(actor)
        if becomes_admin and (agency is None or not _admin_room(agency, except_user=target)):
            _refuse(actor, "admin-limit", target=target, attempted=attempted)
        if target is not None and target.pk == actor.pk and role != target.role:
            _refuse(actor, "self-role", target=target, attempted=attempted)
    if unit is not None and unit.agency_id != actor.agency_id:
        _refuse(actor, "unit", target=target, attempted=attempted)


def _place(user: User, *, role: str, agency: Agency | None, unit: OrgUnit | None) -> None:
    user.role = Role(role)
    user.agency = None if role == Role.EVALUATOR else agency
    user.org_unit = unit if role == Role.OPD_OPERATOR else None
    user.is_staff = role in (Role.ADMIN, Role.OPD_OPERATOR)


def _agency_and_unit(
    agency_code: str | None, unit_code: str | None
) -> tuple[Agency | None, OrgUnit | None]:
    agency = None
    if agency_code:
        agency = Agency.unscoped.filter(code=agency_code).first()
        if agency is None:
            raise ValidationError(
                {"agency": _("Agency {code} does not exist.").format(code=agency_code)}
            )
    unit = None
    if unit_code:
        if agency is None:
            raise ValidationError({"org_unit": _("A work unit needs an agency (--agency).")})
        unit = OrgUnit.unscoped.filter(agency=agency, code=unit_code).first()
        if unit is None:
            raise ValidationError(
                {"org_unit": _("Work unit {code} does not exist.").format(code=unit_code)}
            )
    return agency, unit


def create_user(
    *,
    username: str,
    password: str | None,
    role: str,
    agency_code: str | None = None,
    unit_code: str | None = None,
    unit: OrgUnit | None = None,
    full_name: str = "",
    email: str = "",
    temporary: bool = False,
    actor: ScopedUser | None = None,
) -> User:
    """Create a user with a role and scope; raises ValidationError with Indonesian messages.

    An agency admin creates users of their own agency only (``agency_code`` is theirs). Without
    a password the account has none until its invitation is accepted; ``temporary`` asks for a
    new password at the first login."""
    agency, code_unit = _agency_and_unit(agency_code, unit_code)
    unit = unit or code_unit
    if actor is not None and not getattr(actor, "is_superuser", False):
        check_may_manage(actor, target=None, role=role, unit=unit, attempted="create")
        agency = _agency_of(actor)
    elif unit is not None and agency is None:
        agency = unit.agency
    with transaction.atomic():
        user = User(username=username.strip(), first_name=full_name[:150], email=email)
        _place(user, role=role, agency=agency, unit=unit)
        if password:
            if actor is not None:  # the command line sets what its operator typed
                validate_password(password, user)
            user.set_password(password)
            user.must_change_password = temporary
        else:
            user.set_unusable_password()
        user._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
        user.full_clean()
        user.save()
        if role == Role.EVALUATOR and agency is not None:
            user.assigned_agencies.add(agency)
        record_event(
            action="formasi.user.created",
            actor=actor,
            agency_id=agency.pk if agency else None,
            obj=user,
            payload={"username": user.username, "role": role, "temporary": temporary},
        )
    return user


def change_user(
    *,
    actor: ScopedUser | None,
    user: User,
    role: str,
    unit: OrgUnit | None,
    full_name: str | None = None,
    email: str | None = None,
    expected_version: str | None = None,
) -> User:
    """Change a user's role, OPD, name or e-mail (within the actor's agency). With
    ``expected_version`` (the API's If-Match) a change saved since raises StaleEditError."""
    check_may_manage(actor, target=user, role=role, unit=unit, attempted="change")
    before = (user.role, user.org_unit_id)
    with transaction.atomic():
        if expected_version is not None:
            User.objects.select_for_update().filter(pk=user.pk).exists()  # lock the row
            if edit_version(user) != expected_version:
                raise StaleEditError(
                    _("Someone else changed this user after you read it; nothing was saved.")
                )
        _place(user, role=role, agency=user.agency, unit=unit)
        if full_name is not None:
            user.first_name = full_name[:150]
        if email is not None:
            user.email = email
        user._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
        user.full_clean()
        user.save()
        record_event(
            action="formasi.user.changed",
            actor=actor,
            obj=user,
            from_state=f"{before[0]}@{before[1] or ''}",
            to_state=f"{user.role}@{user.org_unit_id or ''}",
        )
    return user


def end_sessions(user: User) -> int:
    """Delete every stored session of ``user`` (database sessions); how many were ended."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


def manageable_user(
    actor: ScopedUser, pk: int, action: Action, *, attempted: str | None = None
) -> User:
    """A user the actor may see (Http404 otherwise, audited when the account exists);
    PermissionDenied when they may not take ``action`` on users. Pages and the API alike."""
    require(actor, action, "user")
    try:
        return get_visible_or_404(User, actor, pk=pk)  # type: ignore[no-any-return]
    except Http404:
        target = User.objects.filter(pk=pk).first()
        if target is not None:
            audit_refusal(actor, "scope", target=target, attempted=attempted or action.value)
        raise


def deactivate_user(*, actor: ScopedUser | None, user: User) -> User:
    """The account can no longer log in and its open sessions end (nothing is deleted)."""
    check_may_manage(actor, target=user, role=None, unit=None, attempted="deactivate")
    with transaction.atomic():
        user.is_active = False
        user.invitation_nonce = ""
        user._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
        user.save()
        ended = end_sessions(user)
        record_event(
            action="formasi.user.deactivated",
            actor=actor,
            obj=user,
            payload={"sessions_ended": ended},
        )
    return user


def reactivate_user(*, actor: ScopedUser | None, user: User) -> User:
    role = Role.ADMIN if user.role == Role.ADMIN else None  # an admin needs room again
    check_may_manage(actor, target=user, role=role, unit=None, attempted="reactivate")
    with transaction.atomic():
        user.is_active = True
        user._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
        user.save()
        record_event(action="formasi.user.reactivated", actor=actor, obj=user)
    return user


def invite_user(*, actor: ScopedUser | None, user: User) -> str:
    """Open a new invitation for ``user`` (any older link stops working); returns the signed
    token of the link. It expires after FORMASI_INVITATION_DAYS and works once."""
    check_may_manage(actor, target=user, role=None, unit=None, attempted="invite")
    nonce = secrets.token_urlsafe(24)
    with transaction.atomic():
        user.invitation_nonce = nonce
        user.invited_at = timezone.now()
        user.save(update_fields=["invitation_nonce", "invited_at"])
        record_event(action="formasi.user.invited", actor=actor, obj=user)
    return signing.dumps({"u": user.pk, "n": nonce}, salt=INVITATION_SALT)


def mail_invitation(*, user: User, link: str) -> bool:
    """Mail an invitation link (Django's mail settings) when the user has an address."""
    if not user.email:
        return False
    body = render_to_string(
        "accounts/invitation_email.txt",
        {"user": user, "link": link, "days": settings.FORMASI_INVITATION_DAYS},
    )
    send_mail(_("Your Formasi account"), body, None, [user.email], fail_silently=True)
    return True


def invited_user(token: str) -> User | None:
    """The active user an open, unexpired invitation token belongs to, or None."""
    max_age = timedelta(days=settings.FORMASI_INVITATION_DAYS)
    try:
        data: Any = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or not data.get("n"):
        return None
    return User.objects.filter(pk=data.get("u"), invitation_nonce=data["n"], is_active=True).first()


def accept_invitation(*, token: str, password: str) -> User:
    """Set the password of an invited user and close the invitation (single use)."""
    with transaction.atomic():
        user = invited_user(token)
        if user is None:
            raise ValidationError(_("This invitation link is invalid, used or expired."))
        validate_password(password, user)
        user.set_password(password)
        user.invitation_nonce = ""
        user.must_change_password = False
        user._history_user = user  # type: ignore[attr-defined]
        user.save()
        record_event(action="formasi.user.invitation_accepted", actor=user, obj=user)
    return user


def password_changed(*, actor: User) -> None:
    """The user chose their own password: the temporary one is no longer asked to change."""
    if actor.must_change_password:
        actor.must_change_password = False
        actor.save(update_fields=["must_change_password"])
    record_event(action="formasi.user.password_changed", actor=actor, obj=actor)


def check_may_assign_evaluators(
    actor: ScopedUser | None, *, attempted: str, evaluator: User | None = None
) -> None:
    """Only a superuser (or the system) assigns evaluators; anyone else is refused, audited."""
    if actor is not None and not (getattr(actor, "is_superuser", False) and actor.is_active):
        _refuse(actor, "evaluator", target=evaluator, attempted=attempted)


def _require_superuser(actor: ScopedUser | None, evaluator: User, attempted: str) -> None:
    check_may_assign_evaluators(actor, attempted=attempted, evaluator=evaluator)
    if evaluator.role != Role.EVALUATOR:
        raise ValidationError(_("Only evaluators are assigned to agencies."))


def assign_evaluator(*, actor: ScopedUser | None, evaluator: User, agency: Agency) -> None:
    """Let an evaluator read and evaluate an agency (superusers only)."""
    _require_superuser(actor, evaluator, "assign")
    with transaction.atomic():
        evaluator.assigned_agencies.add(agency)
        record_event(
            action="formasi.user.evaluator_assigned",
            actor=actor,
            obj=evaluator,
            agency_id=agency.pk,
        )


def unassign_evaluator(*, actor: ScopedUser | None, evaluator: User, agency: Agency) -> None:
    _require_superuser(actor, evaluator, "unassign")
    with transaction.atomic():
        evaluator.assigned_agencies.remove(agency)
        record_event(
            action="formasi.user.evaluator_unassigned",
            actor=actor,
            obj=evaluator,
            agency_id=agency.pk,
        )
