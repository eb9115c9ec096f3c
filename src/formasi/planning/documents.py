"""Which plan PDFs a user may reach, for the pages (``pdf_views``) and the API alike: resource
"plan", action EXPORT; out of scope (or not computed, or not made yet) is 404, a role that may
not is 403. The writer is ``services.request_plan_pdf``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from formasi.core.jobs import expire_if_dead
from formasi.core.permissions import Action
from formasi.core.views import require
from formasi.planning import export as plan_export
from formasi.planning.models import PlanDocument, Scenario

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser


def computed_scenario(user: AnyUser, pk: int) -> Scenario:
    """The scenario ``pk`` the user may export, once computed (403 for a role that may not
    export plans, 404 out of scope or not computed yet)."""
    require(user, Action.EXPORT, "plan")
    scenario = (
        Scenario.objects.visible_to(user, Action.EXPORT).select_related("agency").filter(pk=pk)
    ).first()
    if scenario is None:
        raise Http404(_("Not found."))
    done: Scenario = expire_if_dead(scenario)  # never "running" for ever
    if done.state != Scenario.State.DONE or not done.result:
        raise Http404(_("The scenario has not been computed yet."))
    return done


def todays_document(user: AnyUser, scenario: Scenario) -> PlanDocument | None:
    """The document of ``scenario`` as it would be made today, made or being made (not failed)."""
    key = plan_export.document_key(scenario, timezone.localdate())
    return (
        PlanDocument.objects.visible_to(user, Action.EXPORT)
        .filter(scenario=scenario, key=key)
        .exclude(state=PlanDocument.State.FAILED)
        .defer("content")
        .first()
    )


def document_or_404(user: AnyUser, scenario: Scenario, document_pk: int) -> PlanDocument:
    """One PDF job of ``scenario`` (without its content)."""
    document = (
        PlanDocument.objects.visible_to(user, Action.EXPORT)
        .filter(scenario=scenario, pk=document_pk)
        .defer("content")
        .first()
    )
    if document is None:
        raise Http404(_("Not found."))
    return expire_if_dead(document)  # type: ignore[no-any-return]  # never "running" for ever


def made_document_or_404(user: AnyUser, scenario: Scenario, document_pk: int) -> PlanDocument:
    """One PDF of ``scenario`` that is made (404 while it is not ready)."""
    document = document_or_404(user, scenario, document_pk)
    if document.state != PlanDocument.State.DONE:
        raise Http404(_("The PDF is not ready yet."))
    return document


def content_of(document: PlanDocument) -> bytes:
    """The PDF's bytes (read on their own: lists and jobs leave them out)."""
    content = PlanDocument.unscoped.filter(pk=document.pk).values_list("content", flat=True).first()
    return bytes(content or b"")
