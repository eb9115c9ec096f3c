"""Pages for the organisation: the unit tree with headcounts, one unit, the position master.

The unit and position lists are paginated (a national scope has 53,989 units and 17,625
positions at 1,000,000 employees): a stable order with the primary key last, the total cached
on the agencies' data versions (``CachedCountPaginator``), and the active headcount counted
for the rows of the page only, in one grouped query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from formasi.core.pagination import CachedCountPaginator
from formasi.core.permissions import Action
from formasi.core.views import get_visible_or_404, require
from formasi.organization.models import Agency, OrgUnit, Position

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


class ListFilterForm(forms.Form):
    """The unit and position lists' filter: a name and, for a scope of several agencies, the
    agency."""

    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    agency = forms.ModelChoiceField(
        label=_("Agency"), required=False, queryset=Agency.objects.none()
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.visible_to(user).order_by("name")
        self.agency_ids = list(agencies.values_list("pk", flat=True))
        if len(self.agency_ids) > 1:
            choice = cast("forms.ModelChoiceField[Agency]", self.fields["agency"])
            choice.queryset = agencies
            choice.empty_label = _("All")
        else:
            del self.fields["agency"]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    @property
    def multi_agency(self) -> bool:
        return "agency" in self.fields

    def filter(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        """Apply the valid filters; an invalid one is ignored (the form shows its error)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if q := " ".join((data.get("q") or "").split()):
            qs = qs.filter(Q(name__icontains=q) | Q(code__iexact=q))
        if data.get("agency"):
            qs = qs.filter(agency=data["agency"])
        return qs


def _listing(request: HttpRequest, qs: QuerySet[Any], template: str) -> HttpResponse:
    """One page of ``qs`` (already ordered, pk last) with the active headcount of its rows."""
    form = ListFilterForm(request.GET or None, user=request.user)
    paginator = CachedCountPaginator(
        form.filter(qs), settings.PAGE_SIZE, agency_ids=form.agency_ids
    )
    page = paginator.get_page(request.GET.get("page"))
    rows: list[Model] = list(page.object_list)
    model = qs.model
    counts = dict(
        model._default_manager.filter(pk__in=[row.pk for row in rows])
        .order_by()
        .values_list("pk")
        .annotate(n=Count("employees", filter=Q(employees__active=True)))
    )
    for row in rows:
        row.headcount = counts.get(row.pk, 0)  # type: ignore[attr-defined]
    page.object_list = rows
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter_form": form,
        "page": page,
        "query": query.urlencode(),
        "multi_agency": form.multi_agency,
    }
    return render(request, template, context)


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, "orgunit")
    units = (
        OrgUnit.objects.visible_to(request.user)
        .select_related("region", "agency")
        .order_by("agency__name", "agency_id", "path", "pk")
    )
    return _listing(request, units, "organization/unit_list.html")


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
        .select_related("agency")
        .order_by("agency__name", "agency_id", "kind", "family", "name", "pk")
    )
    return _listing(request, positions, "organization/position_list.html")
