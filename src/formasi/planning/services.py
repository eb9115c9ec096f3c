"""Writers for the five-year plan (issue 5): creating a what-if scenario, choosing the
agency's baseline and asking for its PDF (issue 17). The page, the API and the CLI call
these alike; the computation is queued (``tasks``) and done by ``fiveyear``, the PDF by
``export``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from formasi.accounts.models import User
from formasi.core.permissions import Action, can
from formasi.organization.models import Agency
from formasi.planning import export, tasks
from formasi.planning.models import PlanDocument, Scenario


@transaction.atomic
def create_scenario(
    *,
    agency: Agency,
    actor: User,
    assumptions: Mapping[str, Any],
    family_weights: Mapping[str, float] | None = None,
    area_weights: Mapping[str, float] | None = None,
) -> Scenario:
    """Save a scenario of ``agency`` and queue its computation once the transaction commits.

    ``assumptions`` are the scenario's fields (name, base year, horizon, percentages, …).
    Without ``family_weights`` the model's defaults apply; without ``area_weights`` the
    scenario takes the baseline's. The agency's first scenario becomes its baseline. Raises
    ValidationError (nothing saved) for assumptions outside the model's limits and
    PermissionDenied unless the actor may add plans of the agency."""
    if not can(actor, Action.ADD, "plan") or not (
        Agency.objects.visible_to(actor, Action.VIEW).filter(pk=agency.pk).exists()
    ):
        raise PermissionDenied(_("Your role may not do this."))
    baseline = Scenario.unscoped.filter(agency=agency, is_baseline=True).first()
    scenario = Scenario(agency=agency, created_by=actor, **assumptions)
    if family_weights is not None:
        scenario.family_weights = dict(family_weights)
    if area_weights is not None:
        scenario.area_weights = dict(area_weights)
    elif baseline is not None:
        scenario.area_weights = baseline.area_weights
    scenario.is_baseline = baseline is None
    scenario.full_clean()
    scenario.save()
    tasks.enqueue(scenario)
    return scenario


@transaction.atomic
def set_baseline(*, scenario: Scenario, actor: User) -> Scenario:
    """Make ``scenario`` its agency's baseline (the one the plan page shows first) and no
    other. Raises PermissionDenied unless the actor may change it."""
    if not Scenario.objects.visible_to(actor, Action.CHANGE).filter(pk=scenario.pk).exists():
        raise PermissionDenied(_("Your role may not do this."))
    Scenario.unscoped.filter(agency_id=scenario.agency_id).exclude(pk=scenario.pk).update(
        is_baseline=False
    )
    Scenario.unscoped.filter(pk=scenario.pk).update(is_baseline=True)
    scenario.is_baseline = True
    return scenario


@transaction.atomic
def request_plan_pdf(*, scenario: Scenario, actor: User) -> PlanDocument:
    """The plan PDF of ``scenario`` as it would be made today: the document already made or
    being made from the same computation, signatory and date, or a new one queued for the
    worker (older documents of the scenario are dropped). Raises PermissionDenied unless
    the actor may export the scenario, ValidationError while it is not computed."""
    if not Scenario.objects.visible_to(actor, Action.EXPORT).filter(pk=scenario.pk).exists():
        raise PermissionDenied(_("Your role may not do this."))
    if scenario.state != Scenario.State.DONE or not scenario.result:
        raise ValidationError(_("The scenario has not been computed yet."))
    today = timezone.localdate()
    key = export.document_key(scenario, today)
    documents = PlanDocument.unscoped.filter(scenario=scenario)
    reusable = (
        documents.filter(key=key).exclude(state=PlanDocument.State.FAILED).defer("content").first()
    )
    if reusable is not None:
        return reusable
    documents.delete()
    document = PlanDocument.unscoped.create(
        scenario=scenario, key=key, dated=today, created_by=actor
    )
    tasks.enqueue_pdf(document)
    return document
