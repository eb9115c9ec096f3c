"""Pages for the organisation: the unit tree with headcounts, one unit, the position master."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from formasi.core.permissions import Action
from formasi.core.views import get_visible_or_404, require
from formasi.organization.models import OrgUnit, Position

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser


@dataclass(frozen=True)
class UnitStaff:
    """The staff panel of the unit page: rows of position__name, position__kind and n, and
    the total."""

    by_position: Iterable[Mapping[str, Any]]
    headcount: int


# The workforce app registers who works in a unit (organisation sits below workforce, so it
# cannot ask for employees itself); without it the page shows no staff.
_unit_staff: list[Callable[[AnyUser, OrgUnit], UnitStaff]] = []


def register_unit_staff(panel: Callable[[AnyUser, OrgUnit], UnitStaff]) -> None:
    """Use ``panel(user, unit)`` for the staff of a unit on its page (once per process)."""
    _unit_staff[:] = [panel]


def _staff(user: AnyUser, unit: OrgUnit) -> UnitStaff:
    if not _unit_staff:
        return UnitStaff(by_position=[], headcount=0)
    return _unit_staff[0](user, unit)


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
    staff = _staff(request.user, unit)
    return render(
        request,
        "organization/unit_detail.html",
        {
            "unit": unit,
            "children": children,
            "by_position": staff.by_position,
            "headcount": staff.headcount,
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
