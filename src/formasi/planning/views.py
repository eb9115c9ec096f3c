"""Pages for needs (issue 4): the peta jabatan of an OPD, the ABK task list of a position in a
unit with a live result, and the ABK workbook.

Out of scope is 404 (``get_visible_or_404``), a role that may not is 403 (``require``). The
arithmetic lives in ``services`` and ``formasi.domain.abk``; nothing here counts per row.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from formasi.core.permissions import Action, can
from formasi.core.views import get_visible_or_404, require
from formasi.organization.models import Agency, OrgUnit, Position
from formasi.planning import services
from formasi.planning.forms import AbkTaskFormSet, SettingsForm, initial_rows
from formasi.planning.models import PositionNeed
from formasi.planning.workbook import abk_workbook as build_workbook
from formasi.transfer.writers import CONTENT_TYPES

#: Prestasi kerja jabatan (Permendagri 12/2008 Form D).
GRADE_LABELS = {
    "A": gettext_lazy("Very good"),
    "B": gettext_lazy("Good"),
    "C": gettext_lazy("Fair"),
    "D": gettext_lazy("Moderate"),
    "E": gettext_lazy("Poor"),
}


@login_required
@require_GET
def peta(request: HttpRequest) -> HttpResponse:
    """Choose an OPD (an OPD operator sees just theirs)."""
    require(request.user, Action.VIEW, "need")
    opds = (
        OrgUnit.objects.visible_to(request.user)
        .filter(kind=OrgUnit.Kind.OPD)
        .select_related("agency")
        .order_by("agency__name", "name")
    )
    return render(
        request,
        "planning/peta_list.html",
        {
            "opds": opds,
            "can_configure": can(request.user, Action.CHANGE, "agency")
            and getattr(request.user, "agency_id", None) is not None,
        },
    )


@login_required
@require_GET
def peta_opd(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.VIEW, "need")
    opd = get_visible_or_404(OrgUnit, request.user, pk=pk)
    units = services.peta_jabatan(request.user, opd)
    for peta_unit in units:
        for row in peta_unit.rows:
            row.grade_label = GRADE_LABELS.get(row.grade or "", "")  # type: ignore[attr-defined]
    return render(
        request,
        "planning/peta_opd.html",
        {
            "opd": opd,
            "units": units,
            "can_change": can(request.user, Action.CHANGE, "need"),
            "employees_url": reverse("workforce:employee_list"),
        },
    )


def _unit_and_position(request: HttpRequest, unit_pk: int, position_pk: int) -> tuple[Any, Any]:
    unit = get_visible_or_404(OrgUnit, request.user, pk=unit_pk)
    position = get_visible_or_404(Position, request.user, pk=position_pk, agency_id=unit.agency_id)
    return unit, position


def _result_context(unit: OrgUnit, position: Position, tasks: list[Any]) -> dict[str, Any]:
    settings = services.settings_for(unit.agency)
    bezetting = services.bezetting_of([unit.pk]).get((unit.pk, position.pk), 0)
    result = services.abk_result(tasks, bezetting, settings)
    return {
        "result": result,
        "bezetting": bezetting,
        "settings": settings,
        "grade_label": GRADE_LABELS.get(result.grade or ""),
    }


def _opd_of(request: HttpRequest, unit: OrgUnit) -> OrgUnit:
    """The nearest OPD at or above the unit that the user can see (else the unit itself)."""
    prefixes = [unit.path[: i + 1] for i, ch in enumerate(unit.path) if ch == "/" and i > 0]
    found = (
        OrgUnit.objects.visible_to(request.user)
        .filter(kind=OrgUnit.Kind.OPD, path__in=prefixes)
        .order_by("path")
        .first()
    )
    return found or unit


@login_required
@require_http_methods(["GET", "POST"])
def abk(request: HttpRequest, unit_pk: int, position_pk: int) -> HttpResponse:
    unit, position = _unit_and_position(request, unit_pk, position_pk)
    require(request.user, Action.CHANGE, "need")
    needs = PositionNeed.objects.visible_to(request.user)
    need = needs.filter(unit=unit, position=position).prefetch_related("tasks").first()
    copy_choices = (
        needs.filter(position=position, tasks__isnull=False)
        .exclude(unit=unit)
        .select_related("unit")
        .distinct()
        .order_by("unit__path")
    )
    status = 200
    copied = None
    if request.method == "POST":
        formset = AbkTaskFormSet(request.POST, prefix="tasks")
        if formset.is_valid():
            services.save_abk_tasks(
                unit=unit, position=position, tasks=formset.tasks(), actor=request.user
            )
            messages.success(
                request,
                _("The ABK of {position} in {unit} is saved.").format(
                    position=position.name, unit=unit.name
                ),
            )
            opd = _opd_of(request, unit)
            return redirect(reverse("planning:peta_opd", args=[opd.pk]) + f"#unit-{unit.pk}")
        status = 400
        tasks = formset.valid_tasks()
    else:
        source = need
        copy_from = request.GET.get("from", "")
        if copy_from.isdigit():
            copied = copy_choices.filter(pk=int(copy_from)).prefetch_related("tasks").first()
            if copied is not None:
                source = copied
        rows = initial_rows(source.tasks.all()) if source is not None else []
        formset = AbkTaskFormSet(initial=rows, prefix="tasks")
        tasks = [t.as_task() for t in source.tasks.all()] if source is not None else []
    return render(
        request,
        "planning/abk.html",
        {
            "unit": unit,
            "position": position,
            "need": need,
            "formset": formset,
            "copy_choices": copy_choices,
            "copied": copied,
            "opd": _opd_of(request, unit),
            **_result_context(unit, position, tasks),
        },
        status=status,
    )


@login_required
@require_POST
def abk_preview(request: HttpRequest, unit_pk: int, position_pk: int) -> HttpResponse:
    """The result box for the tasks as typed so far (htmx); nothing is saved."""
    unit, position = _unit_and_position(request, unit_pk, position_pk)
    require(request.user, Action.CHANGE, "need")
    formset = AbkTaskFormSet(request.POST, prefix="tasks")
    tasks = formset.valid_tasks() if formset.management_form.is_valid() else []
    return render(
        request,
        "planning/partials/_abk_result.html",
        {"unit": unit, "position": position, **_result_context(unit, position, tasks)},
    )


@login_required
@require_GET
def abk_workbook(request: HttpRequest, unit_pk: int, position_pk: int) -> HttpResponse:
    unit, position = _unit_and_position(request, unit_pk, position_pk)
    require(request.user, Action.EXPORT, "need")
    need = (
        PositionNeed.objects.visible_to(request.user)
        .filter(unit=unit, position=position)
        .prefetch_related("tasks")
        .first()
    )
    rows = list(need.tasks.all()) if need is not None else []
    context = _result_context(unit, position, [t.as_task() for t in rows])
    data = build_workbook(
        unit=unit,
        position=position,
        tasks=rows,
        result=context["result"],
        bezetting=context["bezetting"],
        settings=context["settings"],
    )
    response = HttpResponse(data, content_type=CONTENT_TYPES["xlsx"])
    filename = f"abk-{unit.code or unit.pk}-{position.code or position.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def areas(request: HttpRequest) -> HttpResponse:
    """Needs against bezetting per kecamatan and kelurahan, by position family."""
    require(request.user, Action.VIEW, "need")
    agencies = list(Agency.objects.visible_to(request.user).order_by("name"))
    code = request.GET.get("agency")
    agency = next((a for a in agencies if a.code == code), None) if code else None
    if agency is None:
        own = getattr(request.user, "agency_id", None)
        agency = next((a for a in agencies if a.pk == own), agencies[0] if agencies else None)
    rows = services.needs_by_area(request.user, agency) if agency is not None else []
    families = [
        (value, label) for value, label in Position.Family.choices
        if any(value in row.by_family for row in rows)
    ]  # fmt: skip
    return render(
        request,
        "planning/areas.html",
        {
            "agency": agency,
            "agencies": agencies if len(agencies) > 1 else [],
            "rows": rows,
            "families": families,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    """The agency's ABK settings; saving recomputes every ABK need with them."""
    require(request.user, Action.CHANGE, "agency")
    agency = get_visible_or_404(Agency, request.user, pk=getattr(request.user, "agency_id", None))
    settings = services.settings_for(agency)
    form = SettingsForm(request.POST or None, instance=settings)
    if request.method == "POST":
        if form.is_valid():
            changed = services.save_settings(form.instance, request.user)
            messages.success(
                request,
                _("Settings saved; {count} ABK needs recomputed.").format(count=changed),
            )
            return redirect("planning:settings")
        return render(
            request, "planning/settings.html", {"form": form, "agency": agency}, status=400
        )
    return render(request, "planning/settings.html", {"form": form, "agency": agency})
