"""The only writer of succession decisions: fill a post from its list (issue 19).

``fill_post`` checks the actor may decide (resource "succession", CHANGE, and the post's unit in
scope), that the post still has a seat empty today and that the list it was read from is
current (``expected_version``, as the proposals' If-Match), that the chosen employee is ranked
on the list today (not excluded), records the decision with history, and moves the employee into
the post with the workforce's own writer (``save_employee``: history, scope check), all in one
transaction: nothing is half saved.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from formasi.accounts.models import User
from formasi.core.audit import record_event
from formasi.core.permissions import Action, can
from formasi.organization.models import OrgUnit, Position
from formasi.talent import succession_lists, succession_text
from formasi.talent.succession_models import SuccessionDecision
from formasi.workforce.models import Employee
from formasi.workforce.services import save_employee

__all__ = ["StaleListError", "fill_post"]


class StaleListError(ValidationError):
    """The post changed (someone filled it or left it) after the list was read."""


def _check_actor(actor: User, unit: OrgUnit) -> None:
    if not can(actor, Action.CHANGE, "succession"):
        raise PermissionDenied(_("Your role may not do this."))
    mine = OrgUnit.unscoped.visible_to(actor, Action.CHANGE, resource="succession")
    if not mine.filter(pk=unit.pk).exists():
        raise PermissionDenied(_("This post is outside the units you may change."))


@transaction.atomic
def fill_post(
    *,
    unit: OrgUnit,
    position: Position,
    employee: Employee,
    reason: str,
    actor: User,
    expected_version: str | None = None,
    today: date | None = None,
) -> SuccessionDecision:
    """Fill a seat of the post (empty today) with ``employee`` from its succession list."""
    _check_actor(actor, unit)
    day = today or timezone.localdate()
    Employee.unscoped.select_for_update().filter(pk=employee.pk).exists()  # lock the mover
    if expected_version is not None and (
        succession_lists.post_version(unit, position) != expected_version
    ):
        raise StaleListError(
            _(
                "Someone else filled or changed this post after you opened its list. Nothing "
                "was saved: open the list again."
            )
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Write the reason for the decision.")]})
    found = succession_lists.one(actor, unit.agency, unit, position, today=day, on=day)
    if found is None or found.post.empty_now < 1:
        raise ValidationError(_("This post has no empty seat today; it cannot be filled now."))
    whole = succession_lists.lists(actor, unit.agency, [found.post], day, limit=None,
                                   with_people=False)[0]  # fmt: skip
    ranked = {r.candidate.id: r.rank for r in whole.ranking.ranked}
    if employee.pk not in ranked:
        excluded = {x.candidate.id: x.reasons for x in whole.ranking.excluded}
        why = succession_text.exclusion_list(excluded.get(employee.pk, ()))
        raise ValidationError(
            _("%(name)s is not on this post's list%(why)s.")
            % {"name": employee.name, "why": f": {why}" if why else ""}
        )
    decision = SuccessionDecision(
        agency_id=unit.agency_id,
        unit=unit,
        position=position,
        employee=employee,
        from_unit_id=employee.unit_id,
        from_position_id=employee.position_id,
        rank=ranked[employee.pk],
        ranked=len(ranked),
        starts_on=day,
        reason=reason,
        decided_by=actor,
    )
    decision._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
    decision.full_clean()
    decision.save()
    employee.unit, employee.position, employee.tmt_position = unit, position, day
    save_employee(
        employee=employee,
        actor=actor,
        reason=_("Filled %(post)s from the succession list") % {"post": position.name},
    )
    record_event(
        action="formasi.succession.filled",
        actor=actor,
        obj=decision,
        to_state=str(decision.rank),
        payload={"unit": unit.pk, "position": position.pk, "employee": employee.pk},
    )
    return decision
