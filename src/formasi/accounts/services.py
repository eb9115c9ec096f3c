"""Writers for user accounts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from formasi.accounts.models import User
from formasi.core.audit import record_event
from formasi.core.permissions import Role
from formasi.organization.models import Agency, OrgUnit


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str,
    role: str,
    agency_code: str | None = None,
    unit_code: str | None = None,
    full_name: str = "",
    actor: User | None = None,
) -> User:
    """Create a user with a role and scope; raises ValidationError with Indonesian messages."""
    role = Role(role)
    user = User(username=username, role=role, first_name=full_name[:150])
    agency = None
    if agency_code:
        agency = Agency.unscoped.filter(code=agency_code).first()
        if agency is None:
            raise ValidationError(
                {"agency": _("Agency {code} does not exist.").format(code=agency_code)}
            )
    if role == Role.EVALUATOR:
        user.agency = None
    else:
        user.agency = agency
    if unit_code:
        if agency is None:
            raise ValidationError({"org_unit": _("A work unit needs an agency (--agency).")})
        user.org_unit = OrgUnit.unscoped.filter(agency=agency, code=unit_code).first()
        if user.org_unit is None:
            raise ValidationError(
                {"org_unit": _("Work unit {code} does not exist.").format(code=unit_code)}
            )
    user.is_staff = role in (Role.ADMIN, Role.OPD_OPERATOR)
    user.set_password(password)
    user.full_clean()
    user.save()
    if role == Role.EVALUATOR and agency is not None:
        user.assigned_agencies.add(agency)
    record_event(
        action="formasi.user.created",
        actor=actor,
        agency_id=agency.pk if agency else None,
        obj=user,
        payload={"username": username, "role": role},
    )
    return user
