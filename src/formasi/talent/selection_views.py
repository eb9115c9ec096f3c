"""Pages of the open selection for JPT posts (seleksi terbuka, issue 19): the list, a new
selection, one selection with its stages (announcement, committee, candidates and scores, the
three best sent to the PPK, the decision, history), and the writes on it.

Resource "selection": the agency admin writes; evaluators and leaders read; OPD operators may
not (403). A selection of another agency is 404. The work is in ``selection_services``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core.permissions import Action, can
from formasi.core.views import get_visible_or_404, require
from formasi.domain import selection as rules
from formasi.organization.models import OrgUnit, Position
from formasi.organization.services import agency_choices, agency_for
from formasi.talent import selection_services as services
from formasi.talent import selection_text as text
from formasi.talent.selection_forms import (
    CandidateForm,
    DecideForm,
    MemberForm,
    ScoresForm,
    SelectionForm,
)
from formasi.talent.selection_models import Candidate, Selection
from formasi.workforce.models import Employee


@login_required
@require_GET
def selection_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, "selection")
    agency = agency_for(request.user, request.GET.get("agency"))
    rows: list[Selection] = []
    if agency is not None:
        rows = list(
            Selection.objects.visible_to(request.user)
            .filter(agency=agency)
            .select_related("unit", "position", "chosen")
            .annotate(n=Count("candidates"), ranked=Count("candidates", Q(candidates__place__gt=0)))
            .order_by("-opens_on", "-id")
        )
    context = {
        "agency": agency,
        "agencies": agency_choices(request.user),
        "rows": rows,
        "can_add": can(request.user, Action.ADD, "selection"),
    }
    return render(request, "talent/selection/list.html", context)


def _selection_form(request: AuthenticatedHttpRequest, data: Any = None) -> SelectionForm:
    units = (
        OrgUnit.objects.visible_to(request.user, Action.ADD, resource="selection")
        .filter(parent__isnull=True, active=True)
        .order_by("name", "id")
    )
    positions = Position.objects.visible_to(request.user).filter(kind__in=services.JPT_KINDS)
    k, w, r = services.default_weights()
    initial = {"weight_kompetensi": k, "weight_wawancara": w, "weight_rekam_jejak": r}
    return SelectionForm(
        data, initial=initial, units=units, positions=positions.order_by("name", "id")
    )


@login_required
@require_http_methods(["GET", "POST"])
def selection_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.ADD, "selection")
    form = _selection_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        weights = (
            data.pop("weight_kompetensi"),
            data.pop("weight_wawancara"),
            data.pop("weight_rekam_jejak"),
        )
        try:
            row = services.open_selection(actor=request.user, weights=weights, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The open selection was announced."))
            return redirect("talent:selection_detail", pk=row.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "talent/selection/form.html", {"form": form}, status=status)


def _employees(request: AuthenticatedHttpRequest, selection: Selection) -> Any:
    """Candidates from inside: active JPT and administrator holders of the agency."""
    kinds = (*services.JPT_KINDS, Position.Kind.ADMINISTRATOR)
    return (
        Employee.objects.visible_to(request.user)
        .filter(agency=selection.agency_id, active=True, position__kind__in=kinds)
        .select_related("position")
        .order_by("name", "id")
    )


def _detail(
    request: AuthenticatedHttpRequest,
    selection: Selection,
    *,
    bound: dict[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    candidates = list(
        Candidate.objects.visible_to(user).filter(selection=selection).select_related("employee")
    )
    ranking = services.ranking_of(selection, candidates)
    members = list(selection.committee.all())
    problems = rules.committee_problems(
        [(m.internal, m.role == m.Role.CHAIR) for m in members], services.committee_rules()
    )
    may = can(user, Action.CHANGE, "selection")
    state = selection.state
    forms: dict[str, Form | None] = {}
    if may and state in (Selection.State.ANNOUNCED, Selection.State.CLOSED):
        forms["member"] = MemberForm()
    if may and state == Selection.State.ANNOUNCED:
        forms["candidate"] = CandidateForm(employees=_employees(request, selection))
    if may and state == Selection.State.SENT:
        shortlist = Candidate.objects.visible_to(user).filter(selection=selection, shortlisted=True)
        forms["decide"] = DecideForm(shortlist=shortlist.order_by("place"))
    forms |= bound or {}
    context = {
        "selection": selection,
        "members": members,
        "internal": sum(1 for m in members if m.internal),
        "problems": [text.committee_problem(p) for p in problems],
        "candidates": sorted(candidates, key=lambda c: (c.place or 10_000, c.pk)),
        "reasons": {k: text.not_ranked(v) for k, v in ranking.not_ranked.items()},
        "weights": services.weights_of(selection),
        "may_change": may,
        "can_score": may and state in (Selection.State.ANNOUNCED, Selection.State.CLOSED),
        "can_send": may and state == Selection.State.CLOSED,
        "forms": forms,
        "steps": text.steps(selection),
        "history": list(
            selection.history.select_related("history_user").order_by("-history_id")[:30]
        ),
        "today": timezone.localdate(),
    }
    return render(request, "talent/selection/detail.html", context, status=status)


@login_required
@require_GET
def selection_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.VIEW, "selection")
    return _detail(request, get_visible_or_404(Selection, request.user, pk=pk))


def _write(
    request: AuthenticatedHttpRequest,
    pk: int,
    name: str,
    make: Callable[[Selection], Form],
    act: Callable[[Selection, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """A POST on a selection: parse ``make``'s form, call the service, back to the page."""
    require(request.user, Action.CHANGE, "selection")
    selection = get_visible_or_404(Selection, request.user, pk=pk)
    form = make(selection)
    if form.is_valid():
        try:
            act(selection, dict(form.cleaned_data))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, done)
            return redirect("talent:selection_detail", pk=selection.pk)
    return _detail(request, selection, bound={name: form}, status=400)


@login_required
@require_POST
def member_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _write(
        request, pk, "member", lambda s: MemberForm(request.POST),
        lambda s, d: services.add_member(selection=s, actor=request.user, **d),
        _("The committee member was added."),
    )  # fmt: skip


@login_required
@require_POST
def candidate_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _write(
        request, pk, "candidate",
        lambda s: CandidateForm(request.POST, employees=_employees(request, s)),
        lambda s, d: services.add_candidate(selection=s, actor=request.user, **d),
        _("The candidate was registered."),
    )  # fmt: skip


def _close(selection: Selection, actor: Any) -> None:
    services.close_registration(selection=selection, actor=actor)


def _send(selection: Selection, actor: Any) -> None:
    services.send_shortlist(selection=selection, actor=actor)


class _Empty(Form):
    """A POST that carries no fields."""


def _step(
    request: AuthenticatedHttpRequest, pk: int, act: Callable[[Selection, Any], None], done: str
) -> HttpResponse:
    require(request.user, Action.CHANGE, "selection")
    selection = get_visible_or_404(Selection, request.user, pk=pk)
    try:
        act(selection, request.user)
    except ValidationError as exc:
        form = _Empty({})
        form.is_valid()
        form.add_error(None, exc)
        return _detail(request, selection, bound={"step": form}, status=400)
    messages.success(request, done)
    return redirect("talent:selection_detail", pk=selection.pk)


@login_required
@require_POST
def selection_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, _close, _("Registration is closed."))


@login_required
@require_POST
def selection_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, _send, _("The three best were sent to the PPK."))


@login_required
@require_POST
def selection_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def shortlist(s: Selection) -> Any:
        found = Candidate.objects.visible_to(request.user).filter(selection=s, shortlisted=True)
        return DecideForm(request.POST, shortlist=found)

    return _write(
        request, pk, "decide", shortlist,
        lambda s, d: services.decide(selection=s, actor=request.user, **d),
        _("The PPK's decision was recorded."),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def candidate_scores(request: AuthenticatedHttpRequest, pk: int, candidate: int) -> HttpResponse:
    """Enter or correct one candidate's administration result and stage scores."""
    action = Action.CHANGE if request.method == "POST" else Action.VIEW
    require(request.user, action, "selection")
    selection = get_visible_or_404(Selection, request.user, pk=pk)
    row = get_visible_or_404(Candidate, request.user, pk=candidate, selection=selection)
    if request.method == "GET":
        form = ScoresForm(initial=ScoresForm.initial_of(row))
    else:
        form = ScoresForm(request.POST)
        if form.is_valid():
            try:
                services.record_scores(candidate=row, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The scores were saved."))
                return redirect("talent:selection_detail", pk=selection.pk)
    context = {
        "selection": selection,
        "candidate": row,
        "form": form if can(request.user, Action.CHANGE, "selection") else None,
        "weights": services.weights_of(selection),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "talent/selection/scores.html", context, status=status)
