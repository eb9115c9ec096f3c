"""Pages for needs (issue 4): the peta jabatan of an OPD, the ABK task list of a position in a
unit with a live result, and the ABK workbook.

Out of scope is 404 (``get_visible_or_404``), a role that may not is 403 (``require``). The
arithmetic lives in ``services`` and ``formasi.domain.abk``; nothing here counts per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core.downloads import download
from formasi.core.permissions import Action, can
from formasi.core.views import get_visible_or_404, require
from formasi.organization.models import Agency, OrgUnit, Position
from formasi.organization.services import agency_choices, agency_for
from formasi.workload import import_views, services, workbook
from formasi.workload.forms import AbkTaskFormSet, AbkUploadForm, SettingsForm, initial_rows
from formasi.workload.models import PositionNeed

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
def peta(request: AuthenticatedHttpRequest) -> HttpResponse:
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
        "workload/peta_list.html",
        {
            "opds": opds,
            "can_configure": can(request.user, Action.CHANGE, "agency")
            and getattr(request.user, "agency_id", None) is not None,
        },
    )


@login_required
@require_GET
def peta_opd(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.VIEW, "need")
    opd = get_visible_or_404(OrgUnit, request.user, pk=pk)
    units = services.peta_jabatan(request.user, opd)
    for peta_unit in units:
        for row in peta_unit.rows:
            row.grade_label = GRADE_LABELS.get(row.grade or "", "")  # type: ignore[attr-defined]
        # tasks are prefetched by peta_jabatan: no query per row
        peta_unit.has_abk = any(  # type: ignore[attr-defined]
            row.need is not None and row.need.tasks.all() for row in peta_unit.rows
        )
    return render(
        request,
        "workload/peta_opd.html",
        {
            "opd": opd,
            "units": units,
            "can_change": can(request.user, Action.CHANGE, "need"),
            "employees_url": reverse("workforce:employee_list"),
        },
    )


def _unit_and_position(
    request: AuthenticatedHttpRequest, unit_pk: int, position_pk: int
) -> tuple[Any, Any]:
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


def _opd_of(request: AuthenticatedHttpRequest, unit: OrgUnit) -> OrgUnit:
    """The nearest OPD at or above the unit that the user can see (else the unit itself)."""
    prefixes = [unit.path[: i + 1] for i, ch in enumerate(unit.path) if ch == "/" and i > 0]
    found = (
        OrgUnit.objects.visible_to(request.user)
        .filter(kind=OrgUnit.Kind.OPD, path__in=prefixes)
        .order_by("path")
        .first()
    )
    return found or unit


def _abk_page(
    request: AuthenticatedHttpRequest,
    unit: OrgUnit,
    position: Position,
    *,
    formset: Any = None,
    tasks: list[Any] | None = None,
    status: int = 200,
    upload_errors: Sequence[str] = (),
) -> HttpResponse:
    """The ABK page: the stored task list (or a copy, or the posted formset) and the result."""
    needs = PositionNeed.objects.visible_to(request.user)
    need = needs.filter(unit=unit, position=position).prefetch_related("tasks").first()
    copy_choices = (
        needs.filter(position=position, tasks__isnull=False)
        .exclude(unit=unit)
        .select_related("unit")
        .distinct()
        .order_by("unit__path")
    )
    copied = None
    if formset is None:
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
        "workload/abk.html",
        {
            "unit": unit,
            "position": position,
            "need": need,
            "formset": formset,
            "copy_choices": copy_choices,
            "copied": copied,
            "opd": _opd_of(request, unit),
            "upload_form": AbkUploadForm(),
            "upload_errors": upload_errors,
            **_result_context(unit, position, tasks or []),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def abk(request: AuthenticatedHttpRequest, unit_pk: int, position_pk: int) -> HttpResponse:
    unit, position = _unit_and_position(request, unit_pk, position_pk)
    require(request.user, Action.CHANGE, "need")
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
            return redirect(reverse("workload:peta_opd", args=[opd.pk]) + f"#unit-{unit.pk}")
        return _abk_page(
            request, unit, position, formset=formset, tasks=formset.valid_tasks(), status=400
        )
    return _abk_page(request, unit, position)


@login_required
@require_POST
def abk_upload(request: AuthenticatedHttpRequest, unit_pk: int, position_pk: int) -> HttpResponse:
    """Read an uploaded ABK workbook into a preview of the position's new task list (any
    common layout, see docs/abk-import.md); nothing is saved before the confirm."""
    unit, position = _unit_and_position(request, unit_pk, position_pk)
    require(request.user, Action.CHANGE, "need")
    found = import_views.upload_response(request, unit, position)
    if isinstance(found, HttpResponse):
        return found
    errors, status = found
    return _abk_page(request, unit, position, status=status, upload_errors=errors)


@login_required
@require_POST
def abk_preview(request: AuthenticatedHttpRequest, unit_pk: int, position_pk: int) -> HttpResponse:
    """The result box for the tasks as typed so far (htmx); nothing is saved."""
    unit, position = _unit_and_position(request, unit_pk, position_pk)
    require(request.user, Action.CHANGE, "need")
    formset = AbkTaskFormSet(request.POST, prefix="tasks")
    tasks = formset.valid_tasks() if formset.management_form.is_valid() else []
    return render(
        request,
        "workload/partials/_abk_result.html",
        {"unit": unit, "position": position, **_result_context(unit, position, tasks)},
    )


@login_required
@require_GET
def abk_workbook(request: AuthenticatedHttpRequest, unit_pk: int, position_pk: int) -> HttpResponse:
    """Forms A to D of one position in one unit (an empty Form A when it has no tasks)."""
    unit, position = _unit_and_position(request, unit_pk, position_pk)
    require(request.user, Action.EXPORT, "need")
    [entry] = services.abk_workbook_rows(request.user, unit, position)
    data = workbook.position_workbook(
        unit=unit, position=position, entry=entry, settings=services.settings_for(unit.agency)
    )
    return download(data, f"abk-{unit.code or unit.pk}-{position.code or position.pk}.xlsx")


@login_required
@require_GET
def abk_unit_workbook(request: AuthenticatedHttpRequest, unit_pk: int) -> HttpResponse:
    """Forms A (one per position with ABK tasks), B, C and D of a unit."""
    unit = get_visible_or_404(OrgUnit, request.user, pk=unit_pk)
    require(request.user, Action.EXPORT, "need")
    entries = services.abk_workbook_rows(request.user, unit)
    data = workbook.abk_workbook(
        unit=unit, entries=entries, settings=services.settings_for(unit.agency)
    )
    return download(data, f"abk-{unit.code or unit.pk}.xlsx")


@login_required
@require_GET
def areas(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Needs against bezetting per kecamatan and kelurahan, by position family."""
    require(request.user, Action.VIEW, "need")
    agency = agency_for(request.user, request.GET.get("agency"))
    agencies = agency_choices(request.user)
    rows = services.needs_by_area(request.user, agency) if agency is not None else []
    families = [
        (value, label) for value, label in Position.Family.choices
        if any(value in row.by_family for row in rows)
    ]  # fmt: skip
    return render(
        request,
        "workload/areas.html",
        {
            "agency": agency,
            "agencies": agencies if len(agencies) > 1 else [],
            "rows": rows,
            "families": families,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The agency's ABK settings; saving recomputes every ABK need with them."""
    require(request.user, Action.CHANGE, "agency")
    agency = get_visible_or_404(Agency, request.user, pk=getattr(request.user, "agency_id", None))
    settings = services.settings_for(agency)
    form = SettingsForm(request.POST or None, instance=settings)
    if request.method == "POST":
        if form.is_valid():
            changed = services.save_settings(settings=form.instance, actor=request.user)
            messages.success(
                request,
                _("Settings saved; {count} ABK needs recomputed.").format(count=changed),
            )
            return redirect("workload:settings")
        return render(
            request, "workload/settings.html", {"form": form, "agency": agency}, status=400
        )
    return render(request, "workload/settings.html", {"form": form, "agency": agency})
