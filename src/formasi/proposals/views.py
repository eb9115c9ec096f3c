"""Pages of the usul kebutuhan (issue 18): the list (for evaluators a queue across their
agencies), a proposal with its parts, items, actions and comments, an item's edit form, the
workflow steps, the audit trail and the comparison of what was asked, what BKN approved and
what was decided.

Resource "proposal": out of scope is 404, a role or a state that does not allow an action is
403, anonymous goes to the login page. The workflow lives in
``formasi.domain.proposal_workflow``; every write goes through ``services``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core.permissions import Action, can
from formasi.core.views import require
from formasi.domain import proposal_workflow as flow
from formasi.domain.proposal_workflow import EditKind, State, Step
from formasi.organization.models import Agency, Region
from formasi.planning.models import Scenario
from formasi.proposals import documents, services, text, trace, wording
from formasi.proposals.comparison import comparison
from formasi.proposals.deadlines import next_deadline_row, usulan_due
from formasi.proposals.forms import (
    CommentForm,
    DecisionForm,
    DraftForm,
    ItemForm,
    ReviewForm,
    StepForm,
    VersionedForm,
)
from formasi.proposals.models import (
    ItemStatusChoice,
    PartState,
    Proposal,
    ProposalComment,
    ProposalDocument,
    ProposalEvent,
    ProposalItem,
    ProposalPart,
    ProposalState,
    VerdictChoice,
)

RESOURCE = "proposal"


def deadline(year: int) -> date:
    """The end of March of year N: the usulan for the penetapan in N+1 is due (Perban BKN
    9/2022; DOMAIN.md §7.2), unless the year's letter moves it (``FORMASI_PROPOSAL_DEADLINES``)."""
    return usulan_due(year)


def _proposal_or_404(request: AuthenticatedHttpRequest, pk: int) -> Proposal:
    try:
        return Proposal.objects.visible_to(request.user).select_related("agency").get(pk=pk)  # type: ignore[no-any-return]
    except Proposal.DoesNotExist as exc:
        raise Http404(_("Not found.")) from exc


def _part_or_404(request: AuthenticatedHttpRequest, proposal: Proposal, pk: int) -> ProposalPart:
    try:
        return (
            ProposalPart.objects.visible_to(request.user)
            .select_related("org_unit")
            .get(  # type: ignore[no-any-return]
                pk=pk, proposal=proposal
            )
        )
    except ProposalPart.DoesNotExist as exc:
        raise Http404(_("Not found.")) from exc


def _item_or_404(request: AuthenticatedHttpRequest, proposal: Proposal, pk: int) -> ProposalItem:
    try:
        return (  # type: ignore[no-any-return]
            ProposalItem.objects.visible_to(request.user)
            .select_related("part__proposal", "org_unit", "position", "location")
            .get(pk=pk, part__proposal=proposal)
        )
    except ProposalItem.DoesNotExist as exc:
        raise Http404(_("Not found.")) from exc


# --------------------------------------------------------------------------- list


@login_required
@require_GET
def proposal_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, RESOURCE)
    proposals = list(
        Proposal.objects.visible_to(request.user)
        .select_related("agency")
        .order_by("-year", "agency__name")
    )
    totals: dict[tuple[int, int], Any] = {}
    if proposals:
        agencies = {p.agency_id for p in proposals}
        years = {p.year for p in proposals} | {p.year - 1 for p in proposals}
        rows = (
            ProposalItem.objects.visible_to(request.user)
            .filter(part__proposal__agency__in=agencies, part__proposal__year__in=years)
            .values("part__proposal__agency", "part__proposal__year")
            .annotate(requested=Sum("count"), decided=Sum("decided_count"))
        )
        totals = {(r["part__proposal__agency"], r["part__proposal__year"]): r for r in rows}
    today = timezone.localdate()
    lines = [
        {
            "proposal": p,
            "requested": (totals.get((p.agency_id, p.year)) or {}).get("requested") or 0,
            "last_decided": (totals.get((p.agency_id, p.year - 1)) or {}).get("decided"),
            "deadline": deadline(p.year),
            "next_deadline": next_deadline_row(p.year, today),
        }
        for p in proposals
    ]
    context: dict[str, Any] = {"lines": lines, "form": None}
    if can(request.user, Action.VIEW, "proposal_national"):
        context["national_url"] = reverse("proposals:national")
    if can(request.user, Action.ADD, RESOURCE) and request.user.agency_id is not None:
        context["form"] = _draft_form(request, None)
    return render(request, "proposals/proposal_list.html", context)


def _scenarios(request: AuthenticatedHttpRequest) -> list[Scenario]:
    return list(
        Scenario.objects.visible_to(request.user)
        .filter(agency_id=request.user.agency_id or 0, state=Scenario.State.DONE)
        .only("pk", "name")
    )


def _draft_form(request: AuthenticatedHttpRequest, data: Any) -> DraftForm:
    return DraftForm(
        data,
        scenarios=_scenarios(request),
        initial={"year": timezone.localdate().year},
    )


@login_required
@require_POST
def proposal_draft(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.ADD, RESOURCE)
    agency = Agency.objects.visible_to(request.user).filter(pk=request.user.agency_id or 0).first()
    if agency is None:
        raise PermissionDenied(_("Your role may not do this."))
    form = _draft_form(request, request.POST)
    if form.is_valid():
        scenario = None
        if form.cleaned_data["scenario"]:  # one of the form's choices: the agency's, computed
            scenario = Scenario.objects.visible_to(request.user).get(
                pk=form.cleaned_data["scenario"]
            )
        try:
            proposal = services.draft_proposal(
                actor=request.user, agency=agency, year=form.cleaned_data["year"], scenario=scenario
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The proposal has been drafted."))
            return redirect("proposals:detail", proposal.pk)
    context = {"lines": [], "form": form}
    return render(request, "proposals/proposal_list.html", context, status=400)


# --------------------------------------------------------------------------- detail


def _threads(
    comments: list[ProposalComment],
) -> dict[int | None, list[tuple[ProposalComment, int]]]:
    """Comments per item (None: on the whole proposal), each thread depth-first with depth."""
    children: dict[int | None, list[ProposalComment]] = defaultdict(list)
    for c in comments:
        children[c.parent_id].append(c)
    out: dict[int | None, list[tuple[ProposalComment, int]]] = defaultdict(list)

    def walk(comment: ProposalComment, depth: int) -> None:
        out[comment.item_id].append((comment, depth))
        for child in children.get(comment.pk, []):
            walk(child, depth + 1)

    for root in children.get(None, []):
        walk(root, 0)
    return out


def _steps(steps: list[Step]) -> list[tuple[str, str, bool]]:
    return [
        (s.value, text.step_label(s), flow.TRANSITIONS[s].check is flow.Check.COMMENT)
        for s in steps
    ]


@login_required
@require_GET
def proposal_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal_or_404(request, pk)
    actor = services.actor_of(request.user)
    state = State(proposal.state)
    parts = list(
        ProposalPart.objects.visible_to(request.user)
        .filter(proposal=proposal)
        .select_related("org_unit")
    )
    items = list(
        ProposalItem.objects.visible_to(request.user)
        .filter(part__proposal=proposal)
        .select_related("org_unit", "position", "location")
    )
    comments = list(
        ProposalComment.objects.visible_to(request.user)
        .filter(proposal=proposal)
        .select_related("author")
    )
    threads = _threads(comments)
    may_change = can(request.user, Action.CHANGE, RESOURCE)
    by_part: dict[int, list[dict[str, Any]]] = defaultdict(list)
    stale = trace.staleness(proposal, items)  # evidence changed since the draft (bulk)
    for item in items:
        by_part[item.part_id].append(
            {
                "item": item,
                "comments": threads.get(item.pk, []),
                "changes": wording.changes(stale.get(item.pk, ())),
            }
        )
    part_rows = []
    for part in parts:
        kind = flow.edit_kind(actor, State(part.state), state) if actor and may_change else None
        steps = flow.steps_for(actor, State(part.state), on_part=True) if actor else []
        part_rows.append(
            {
                "part": part,
                "items": by_part.get(part.pk, []),
                "edit": kind,
                "steps": _steps(steps) if state is State.DRAFT and may_change else [],
                "total": sum(row["item"].count for row in by_part.get(part.pk, [])),
            }
        )
    proposal_steps = flow.steps_for(actor, state, on_part=False) if actor and may_change else []
    context = {
        "proposal": proposal,
        "parts": part_rows,
        "steps": _steps(proposal_steps),
        "general_comments": threads.get(None, []),
        "can_comment": can(request.user, Action.COMMENT, RESOURCE),
        "comment_form": CommentForm(),
        "deadline": deadline(proposal.year),
        "next_deadline": next_deadline_row(proposal.year, timezone.localdate()),
        "total": sum(i.count for i in items),
        "settle_all": _settle_label(actor, state) if may_change else "",
        "documents": [
            (kind, ProposalDocument.Kind(kind).label) for kind in documents.available(proposal)
        ]
        if can(request.user, Action.EXPORT, RESOURCE)
        else [],
    }
    return render(request, "proposals/proposal_detail.html", context)


# --------------------------------------------------------------------------- items


def _item_form(
    kind: EditKind, item: ProposalItem, data: Any = None
) -> ItemForm | ReviewForm | DecisionForm:
    if kind is EditKind.VERDICT:
        return ReviewForm(
            data,
            initial={
                "version": item.version,
                "verdict": item.bkn_verdict or "approved",
                "count": item.bkn_count if item.bkn_count is not None else item.count,
                "reason": item.bkn_reason,
            },
        )
    if kind is EditKind.DECISION:
        initial = item.decided_count if item.decided_count is not None else item.bkn_count
        return DecisionForm(data, initial={"version": item.version, "decided_count": initial})
    unit = item.org_unit
    regions = Region.objects.filter(
        pk__in=[pk for pk in (unit.region_id, unit.district_id) if pk is not None]
    )
    if item.location_id:
        regions = regions | Region.objects.filter(pk=item.location_id)
    return ItemForm(
        data,
        regions=regions.distinct(),
        initial={
            "version": item.version,
            "count": item.count,
            "status": item.status,
            "education": item.education,
            "location": item.location_id,
            "priority": item.priority,
            "justification": item.justification,
        },
    )


def _save_item(
    request: AuthenticatedHttpRequest, kind: EditKind, item: ProposalItem, data: dict[str, Any]
) -> None:
    version = data.pop("version")
    if kind is EditKind.VERDICT:
        services.review_item(
            actor=request.user,
            item=item,
            expected_version=version,
            verdict=data["verdict"],
            count=data["count"],
            reason=data["reason"],
        )
    elif kind is EditKind.DECISION:
        services.decide_item(
            actor=request.user,
            item=item,
            expected_version=version,
            decided_count=data["decided_count"],
        )
    else:
        services.update_item(actor=request.user, item=item, expected_version=version, **data)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    proposal = _proposal_or_404(request, pk)
    item = _item_or_404(request, proposal, item_pk)
    require(request.user, Action.CHANGE, RESOURCE)
    actor = services.actor_of(request.user)
    kind = flow.edit_kind(actor, State(item.part.state), State(proposal.state)) if actor else None
    if kind is None:
        raise PermissionDenied(_("This item cannot be changed now."))
    form = _item_form(kind, item, request.POST if request.method == "POST" else None)
    status, current = 200, None
    if request.method == "POST" and form.is_valid():
        try:
            _save_item(request, kind, item, dict(form.cleaned_data))
        except services.ConflictError as exc:
            # Keep the user's input; its version becomes the one just read, so that saving
            # again (after comparing with the current values) overwrites knowingly.
            data = request.POST.copy()
            data["version"] = str(exc.current.version)
            form = _item_form(kind, item, data)
            form.is_valid()
            form.add_error(None, str(exc))
            current, status = exc.current, 409
        except ValidationError as exc:
            form.add_error(None, exc)
            status = 400
        else:
            messages.success(request, _("Saved."))
            return redirect("proposals:detail", proposal.pk)
    elif request.method == "POST":
        status = 400
    context = {"proposal": proposal, "item": item, "form": form, "kind": kind, "current": current}
    return render(request, "proposals/item_edit.html", context, status=status)


# --------------------------------------------------------------------------- steps


def _step_or_404(name: str, on_part: bool) -> Step:
    try:
        step = Step(name)
    except ValueError as exc:
        raise Http404(_("Not found.")) from exc
    if flow.TRANSITIONS[step].on_part != on_part:
        raise Http404(_("Not found."))
    return step


def _step_page(
    request: AuthenticatedHttpRequest,
    proposal: Proposal,
    target: Proposal | ProposalPart,
    step: Step,
) -> HttpResponse:
    require(request.user, Action.CHANGE, RESOURCE)
    actor = services.actor_of(request.user)
    if actor is None or not flow.allowed(actor, step, State(target.state)):
        raise PermissionDenied(_("Your role may not do this."))
    form = StepForm(request.POST or None, initial={"version": target.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.transition(
                    actor=request.user,
                    target=target,
                    step=step,
                    expected_version=form.cleaned_data["version"],
                    comment=form.cleaned_data["comment"],
                )
            except services.ConflictError as exc:
                form.add_error(None, str(exc))
                status = 409
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Done: %(step)s.") % {"step": text.step_label(step)})
                return redirect("proposals:detail", proposal.pk)
    context = {
        "proposal": proposal,
        "target": target,
        "part": target if isinstance(target, ProposalPart) else None,
        "step_label": text.step_label(step),
        "needs_comment": flow.TRANSITIONS[step].check is flow.Check.COMMENT,
        "form": form,
    }
    return render(request, "proposals/step.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_step(request: AuthenticatedHttpRequest, pk: int, step: str) -> HttpResponse:
    proposal = _proposal_or_404(request, pk)
    return _step_page(request, proposal, proposal, _step_or_404(step, on_part=False))


@login_required
@require_http_methods(["GET", "POST"])
def part_step(request: AuthenticatedHttpRequest, pk: int, part_pk: int, step: str) -> HttpResponse:
    proposal = _proposal_or_404(request, pk)
    part = _part_or_404(request, proposal, part_pk)
    return _step_page(request, proposal, part, _step_or_404(step, on_part=True))


# --------------------------------------------------------------------------- comments


@login_required
@require_POST
def comment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal_or_404(request, pk)
    require(request.user, Action.COMMENT, RESOURCE)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a comment."))
        return redirect("proposals:detail", proposal.pk)
    item = parent = None
    if form.cleaned_data["item"]:
        item = _item_or_404(request, proposal, form.cleaned_data["item"])
    if form.cleaned_data["parent"]:
        parent = (
            ProposalComment.objects.visible_to(request.user)
            .filter(pk=form.cleaned_data["parent"], proposal=proposal)
            .first()
        )
        if parent is None:
            raise Http404(_("Not found."))
    services.add_comment(
        actor=request.user,
        proposal=proposal,
        item=item,
        parent=parent,
        text=form.cleaned_data["text"],
    )
    target = (parent.item_id if parent else None) or (item.pk if item else None)
    url = reverse("proposals:detail", args=[proposal.pk])
    return redirect(f"{url}#item-{target}" if target else url)


# --------------------------------------------------------------------------- trail, compare


def _change_label(name: str) -> str:
    """The words for a key of an event's before/after."""
    extra = {"items": _("items"), "reply_to": _("reply to"), "state": _("state")}
    if name in extra:
        return str(extra[name])
    for model in (ProposalItem, Proposal):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        return str(getattr(field, "verbose_name", name))
    return name


def _change_value(name: str, value: Any) -> Any:
    """A stored code in words (a state, a status, a verdict)."""
    labels = {
        "state": {**dict(ProposalState.choices), **dict(PartState.choices)},
        "status": dict(ItemStatusChoice.choices),
        "bkn_verdict": dict(VerdictChoice.choices),
    }
    return labels.get(name, {}).get(value, value)


@login_required
@require_GET
def proposal_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal_or_404(request, pk)
    events = list(
        ProposalEvent.objects.visible_to(request.user)
        .filter(proposal=proposal)
        .select_related("actor", "part__org_unit", "item__position", "item__org_unit")
    )
    rows = [
        {
            "event": e,
            "label": text.step_label(e.step),
            "as": text.actor_label(services.actor_of(e.actor)) if e.actor else "",
            "changes": [
                (
                    _change_label(name),
                    _change_value(name, e.before.get(name, "")),
                    _change_value(name, e.after.get(name, "")),
                )
                for name in sorted({*e.before, *e.after})
            ],
        }
        for e in events
    ]
    return render(request, "proposals/history.html", {"proposal": proposal, "rows": rows})


@login_required
@require_GET
def proposal_compare(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Side by side per item: what was asked, what BKN approved, what was decided."""
    proposal = _proposal_or_404(request, pk)
    found = comparison(request.user, proposal)
    context = {"proposal": proposal, "rows": found.rows, "totals": found.totals}
    return render(request, "proposals/compare.html", context)


# --------------------------------------------------------------------------- all at once


def _settle_label(actor: flow.Actor | None, state: State) -> str:
    """The button that settles every remaining item at once, if the actor may now: BKN
    approves the rest, KemenPAN-RB sets the rest as BKN advised."""
    if actor is flow.Actor.BKN and state is State.SUBMITTED_BKN:
        return _("Approve every item without a verdict")
    if actor is flow.Actor.KEMENPANRB and state is State.SUBMITTED_KEMENPANRB:
        return _("Decide every remaining item as BKN advised")
    return ""


@login_required
@require_POST
def settle_all(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """BKN approves every item it has not judged; KemenPAN-RB decides every remaining item
    at BKN's count (``services.approve_remaining`` / ``services.decide_as_advised``)."""
    proposal = _proposal_or_404(request, pk)
    require(request.user, Action.CHANGE, RESOURCE)
    if services.actor_of(request.user) not in (flow.Actor.BKN, flow.Actor.KEMENPANRB):
        raise PermissionDenied(_("Your role may not do this."))
    form = VersionedForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    try:
        done = services.settle_all(
            actor=request.user, proposal=proposal, expected_version=form.cleaned_data["version"]
        )
    except services.ConflictError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(n)s items settled.") % {"n": done})
    return redirect("proposals:detail", proposal.pk)
