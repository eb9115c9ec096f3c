"""Pages for the organisation: the unit tree with headcounts, one unit, the position master."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from formasi.core.permissions import Action
from formasi.core.views import get_visible_or_404, require
from formasi.organization.models import OrgUnit, Position
from formasi.workforce.models import Employee


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, "orgunit")
    units = (
        OrgUnit.objects.visible_to(request.user)
        .select_related("region", "agency")
        .annotate(headcount=Count("employees", filter=Q(employees__active=True)))
        .order_by("agency__name", "path")
    )
    return render(request, "organization/unit_list.html", {"units": units})


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_visible_or_404(OrgUnit, request.user, pk=pk)
    children = (
        OrgUnit.objects.visible_to(request.user)
        .filter(parent=unit)
        .select_related("region")
        .annotate(headcount=Count("employees", filter=Q(employees__active=True)))
    )
    subtree = Employee.objects.visible_to(request.user).filter(
        unit__path__startswith=unit.path, active=True
    )
    by_position = (
        subtree.values("position__name", "position__kind")
        .annotate(n=Count("id"))
        .order_by("-n", "position__name")
    )
    return render(
        request,
        "organization/unit_detail.html",
        {
            "unit": unit,
            "children": children,
            "by_position": by_position,
            "headcount": subtree.count(),
        },
    )


@login_required
def position_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, "position")
    positions = (
        Position.objects.visible_to(request.user)
        .annotate(headcount=Count("employees", filter=Q(employees__active=True)))
        .order_by("kind", "family", "name")
    )
    return render(request, "organization/position_list.html", {"positions": positions})
