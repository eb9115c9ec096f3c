"""Writers for employees: validate, save, check the actor still sees the row, record history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from formasi.core.audit import record_event
from formasi.core.permissions import Action, can
from formasi.core.versions import StaleEditError as StaleEditError  # re-exported
from formasi.core.versions import edit_version as edit_version  # re-exported
from formasi.domain.identifiers import parse_nip
from formasi.workforce.models import Employee
from formasi.workforce.validation import EmployeeInput, clean_identifier, validate_employee

if TYPE_CHECKING:
    from formasi.accounts.models import User


def employee_input(employee: Employee) -> EmployeeInput:
    return EmployeeInput(
        status=employee.status,
        nip=employee.nip,
        nik=employee.nik,
        birth_date=employee.birth_date,
        sex=employee.sex,
        contract_end=employee.contract_end,
    )


@transaction.atomic
def save_employee(
    *, employee: Employee, actor: User, reason: str = "", expected_version: str | None = None
) -> Employee:
    """Create or update an employee. Raises ValidationError (nothing saved) on bad data,
    StaleEditError when `expected_version` is given and someone saved the row since, and
    PermissionDenied when the result would fall outside what the actor may change."""
    if employee.pk is not None and expected_version is not None:
        Employee.unscoped.select_for_update().filter(pk=employee.pk).exists()  # lock the row
        if edit_version(employee) != expected_version:
            raise StaleEditError(
                _(
                    "Someone else changed this employee after you opened the form. Nothing was "
                    "saved: reload the page and make your change again."
                )
            )
    # The row where it is now must be the actor's to change (a move needs both places).
    if employee.pk is not None and not (
        Employee.unscoped.visible_to(actor, Action.CHANGE).filter(pk=employee.pk).exists()
    ):
        raise PermissionDenied(_("This employee is outside the units you may change."))
    if employee.pk is None and not can(actor, Action.ADD, "employee"):
        raise PermissionDenied(_("Your role may not do this."))
    employee.nip = clean_identifier(employee.nip) or None
    employee.nik = clean_identifier(employee.nik)
    errors = validate_employee(employee_input(employee))
    if employee.unit_id and employee.unit.agency_id != employee.agency_id:
        errors.setdefault("unit", []).append(_("The work unit belongs to another agency."))
    if employee.position_id and employee.position.agency_id != employee.agency_id:
        errors.setdefault("position", []).append(_("The position belongs to another agency."))
    if errors:
        raise ValidationError(errors)
    if employee.tmt_cpns is None and employee.status in Employee.NIP_STATUSES and employee.nip:
        employee.tmt_cpns = parse_nip(employee.nip).cpns_start
    created = employee.pk is None
    employee._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
    if reason:
        employee._change_reason = reason  # type: ignore[attr-defined]
    employee.full_clean(validate_unique=True)
    employee.save()
    # NetBox's PermissionsViolation check: the saved row must still be the actor's to change.
    if not Employee.unscoped.visible_to(actor, Action.CHANGE).filter(pk=employee.pk).exists():
        raise PermissionDenied(_("The employee would fall outside the units you may change."))
    if created:
        record_event(
            action="formasi.employee.created",
            actor=actor,
            obj=employee,
            payload={"status": employee.status, "unit": employee.unit_id},
        )
    return employee
