"""Pages of the succession lists (issue 19): the structural posts empty now or by a date
(default the next 1 October) with their first candidates, one post's ranked list with the
reasons for each rank and each exclusion, and filling the post from the list (with a
confirmation step).

Resource "succession": out of scope is 404, a role that may not is 403. Reads in
``succession_lists``, the write in ``succession_services``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core.permissions import Action, can
from formasi.core.views import get_visible_or_404, require
from formasi.organization.models import Agency, OrgUnit, Position
from formasi.organization.services import agency_choices, agency_for
from formasi.planning.tables import next_october
from formasi.talent import succession_lists, succession_services, succession_text
from formasi.workforce.models import Employee

RESOURCE = "succession"


def _on(request: AuthenticatedHttpRequest, today: date) -> tuple[date, str]:
    """The forecast date of ``?tanggal=`` (default the next 1 October) and an error."""
    raw = request.GET.get("tanggal", "").strip()
    if not raw:
        return next_october(today), ""
    try:
        on = date.fromisoformat(raw)
    except ValueError:
        return next_october(today), _(
            "“%(value)s” is not a date; write it as YYYY-MM-DD, e.g. %(example)s."
        ) % {"value": raw, "example": next_october(today).isoformat()}
    if on < today:
        return next_october(today), _("The date must be today or later.")
    return on, ""


def _rows(sl: succession_lists.SuccessionList) -> list[dict[str, Any]]:
    family = sl.post.position.family
    return [
        {
            "rank": r.rank,
            "employee": sl.people[r.candidate.id],
            "box": r.candidate.box,
            "reasons": succession_text.rank_reasons(r, family),
        }
        for r in sl.ranking.ranked
    ]


def _excluded(sl: succession_lists.SuccessionList) -> list[dict[str, Any]]:
    return [
        {
            "employee": sl.people[x.candidate.id],
            "box": x.candidate.box,
            "reasons": [str(succession_text.EXCLUSIONS[c]) for c in x.reasons],
        }
        for x in sl.ranking.excluded
    ]


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The posts empty now or by the date, each with its first candidates."""
    require(request.user, Action.VIEW, RESOURCE)
    agency = agency_for(request.user, request.GET.get("agency"))
    today = timezone.localdate()
    on, error = _on(request, today)
    rows: list[dict[str, Any]] = []
    if agency is not None:
        posts = succession_lists.vacant_posts(request.user, agency, today=today, on=on)
        for sl in succession_lists.lists(request.user, agency, posts, today, 3):
            rows.append({"post": sl.post, "top": _rows(sl), "hidden": sl.hidden})
    context = {
        "agency": agency,
        "agencies": agency_choices(request.user),
        "on": on,
        "today": today,
        "error": error,
        "rows": rows,
    }
    return render(request, "talent/succession/index.html", context, status=400 if error else 200)


def _post(
    request: AuthenticatedHttpRequest, unit_pk: int, position_pk: int
) -> tuple[Agency, OrgUnit, Position]:
    unit = get_visible_or_404(OrgUnit, request.user, pk=unit_pk)
    position = Position.unscoped.filter(pk=position_pk, agency_id=unit.agency_id).first()
    if position is None:
        raise Http404
    return unit.agency, unit, position


@login_required
@require_GET
def post(request: AuthenticatedHttpRequest, unit_pk: int, position_pk: int) -> HttpResponse:
    """One post's ranked candidates with the reasons, and the excluded with theirs."""
    require(request.user, Action.VIEW, RESOURCE)
    agency, unit, position = _post(request, unit_pk, position_pk)
    today = timezone.localdate()
    on, error = _on(request, today)
    found = succession_lists.one(request.user, agency, unit, position, today=today, on=on)
    if found is None:
        raise Http404(_("This post has no seat empty by that date."))
    context = {
        "sl": found,
        "rows": _rows(found),
        "excluded": _excluded(found),
        "on": on,
        "error": error,
        "may_fill": found.post.empty_now > 0 and can(request.user, Action.CHANGE, RESOURCE),
        "shown": settings.FORMASI_SUCCESSION_SHOWN,
    }
    return render(request, "talent/succession/post.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def fill(request: AuthenticatedHttpRequest, unit_pk: int, position_pk: int) -> HttpResponse:
    """Choose a ranked candidate and a reason, confirm, then the post is filled."""
    require(request.user, Action.VIEW, RESOURCE)
    agency, unit, position = _post(request, unit_pk, position_pk)
    require(request.user, Action.CHANGE, RESOURCE)
    today = timezone.localdate()
    found = succession_lists.one(request.user, agency, unit, position, today=today, on=today)
    if found is None:
        raise Http404(_("This post has no empty seat today."))
    rows = _rows(found)
    data = request.POST if request.method == "POST" else request.GET
    context: dict[str, Any] = {
        "sl": found,
        "rows": rows,
        "version": data.get("version") or succession_lists.post_version(unit, position),
        "chosen": data.get("employee", ""),
        "reason": data.get("reason", ""),
        "errors": [],
        "confirm": False,
    }
    if request.method == "GET":
        return render(request, "talent/succession/fill.html", context)
    employee = next((r["employee"] for r in rows if str(r["employee"].pk) == context["chosen"]),
                    None)  # fmt: skip
    if employee is None:
        context["errors"] = [_("Choose a candidate from the list.")]
    elif not context["reason"].strip():
        context["errors"] = [_("Write the reason for the decision.")]
    elif request.POST.get("confirmed") != "1":
        context |= {"confirm": True, "employee": employee}
        return render(request, "talent/succession/fill.html", context)
    else:
        try:
            succession_services.fill_post(
                unit=unit,
                position=position,
                employee=Employee.unscoped.get(pk=employee.pk),
                reason=context["reason"],
                actor=request.user,
                expected_version=context["version"],
            )
        except ValidationError as exc:
            context["errors"] = exc.messages
        else:
            messages.success(
                request,
                _("%(name)s now holds %(post)s.") % {"name": employee.name, "post": position.name},
            )
            return redirect(f"{reverse('talent:succession')}?agency={agency.code}")
    return render(request, "talent/succession/fill.html", context, status=400)
