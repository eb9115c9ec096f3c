"""Pages for needs (issue 4): the peta jabatan of an OPD, the ABK task list of a position in a
unit with a live result, and the ABK workbook.

Out of scope is 404 (``get_visible_or_404``), a role that may not is 403 (``require``). The
arithmetic lives in ``services`` and ``formasi.domain.abk``; nothing here counts per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core.downloads import download
from formasi.core.permissions import Action, can
from formasi.core.views import get_visible_or_404, require
from formasi.domain.abk import NO_STAFF, NO_TASKS
from formasi.organization.models import OrgUnit, Position
from formasi.organization.services import agency_choices, agency_for
from formasi.workload import import_views, peta_map, services, workbook
from formasi.workload.forms import (
    AbkTaskFormSet,
    AbkUploadForm,
    PetaFilterForm,
    SettingsForm,
    initial_rows,
)
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


#: Why a row has no EJ/PJ, in words (codes from services and formasi.domain.abk).
NO_GRADE_LABELS = {
    services.NOT_ABK: gettext_lazy("need from a standard, not from an ABK"),
    services.NO_NEED: gettext_lazy("no need recorded"),
    NO_TASKS: gettext_lazy("no task description yet"),
    NO_STAFF: gettext_lazy("no one in post"),
}
PETA_PAGE_SIZE = 100


def _label(rows: Iterable[services.PetaRow]) -> None:
    for row in rows:
        row.grade_label = GRADE_LABELS.get(row.grade or "", "")  # type: ignore[attr-defined]
        row.no_grade_label = NO_GRADE_LABELS.get(row.no_grade or "", "")  # type: ignore[attr-defined]


def _mark(units: Iterable[services.PetaUnit], opened: set[int] | str) -> None:
    """Which units show their rows, which have an ABK workbook (tasks are prefetched), and
    how many positions each has in words (worded here once: a page has hundreds of units)."""
    for unit in units:
        unit.is_open = opened == "all" or unit.unit.pk in opened  # type: ignore[attr-defined]
        unit.has_abk = any(row.has_tasks for row in unit.rows)  # type: ignore[attr-defined]
        n = len(unit.rows)
        unit.count_label = ngettext("%(n)s position", "%(n)s positions", n) % {"n": n}  # type: ignore[attr-defined]
        if unit.is_open:  # type: ignore[attr-defined]
            _label(unit.rows)


def _peta_labels() -> dict[str, str]:
    """Words every unit of the tree repeats, translated once per page."""
    return {
        "show": _("Show the positions"),
        "hide": _("Hide the positions"),
        "below": _("Including the units below"),
        "short": _("short"),
        "over": _("over"),
        "workbook": _("ABK workbook (forms A–D)"),
        "upload": _("Upload ABK workbook"),
    }


def _opened(value: str) -> set[int] | str:
    """The units shown open: ``?open=all`` or a comma-separated list of ids."""
    if value == "all":
        return value
    return {int(part) for part in value.split(",") if part.isdigit()}


def _peta_context(
    request: AuthenticatedHttpRequest, opd: OrgUnit, chosen: peta_map.PetaFilter
) -> dict[str, Any]:
    return {
        "opd": opd,
        "chosen": chosen,
        "filter_query": chosen.query(),
        "can_change": can(request.user, Action.CHANGE, "need"),
        "can_export": can(request.user, Action.EXPORT, "need"),
        "employees_url": reverse("workforce:employee_list"),
        "labels": _peta_labels(),
    }


@login_required
@require_GET
def peta_opd(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The peta jabatan of an OPD: the largest shortages and excesses on top, then the unit
    tree with its totals, folded (a unit opens in place, htmx), or every row as one sorted,
    paginated list. Filters and sort live in the query string, shared by the xlsx."""
    require(request.user, Action.VIEW, "need")
    opd = get_visible_or_404(OrgUnit, request.user, pk=pk)
    chosen = peta_map.PetaFilter.from_query(request.GET)
    view = peta_map.build(request.user, opd, chosen)
    rows_page = None
    if chosen.sort:
        rows_page = Paginator(peta_map.sorted_cells(view, chosen.sort), PETA_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        _label(cell.row for cell in rows_page)
    _mark(view.units, _opened(request.GET.get("open", "")))
    return render(
        request,
        "workload/peta_opd.html",
        {
            **_peta_context(request, opd, chosen),
            "view": view,
            "summary": [
                (_("The {n} largest shortages").format(n=peta_map.TOP), view.shortages, "shortage"),
                (_("The {n} largest excesses").format(n=peta_map.TOP), view.excesses, "excess"),
            ],
            "rows_page": rows_page,
            "tree_query": chosen.query(sort=""),
            "filter_form": PetaFilterForm(request.GET, opd=opd, user=request.user),
            "families": Position.Family.choices,
        },
    )


@login_required
@require_GET
def peta_unit(request: AuthenticatedHttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    """One unit of the peta (htmx): its header with the totals, and its rows when ``open=1``."""
    require(request.user, Action.VIEW, "need")
    opd = get_visible_or_404(OrgUnit, request.user, pk=pk)
    unit = get_visible_or_404(OrgUnit, request.user, pk=unit_pk, path__startswith=opd.path)
    chosen = peta_map.PetaFilter.from_query(request.GET)
    found = services.peta_jabatan(request.user, unit, keep=chosen.keeps)[0]
    found.depth = unit.depth - opd.depth
    is_open = request.GET.get("open") == "1"
    _mark([found], {unit.pk} if is_open else set())
    return render(
        request,
        "workload/partials/_peta_unit.html",
        {**_peta_context(request, opd, chosen), "peta": found, "is_open": is_open},
    )


@login_required
@require_GET
def peta_xlsx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The peta as on screen (same filters, same order) as an xlsx."""
    require(request.user, Action.EXPORT, "need")
    opd = get_visible_or_404(OrgUnit, request.user, pk=pk)
    chosen = peta_map.PetaFilter.from_query(request.GET)
    view = peta_map.build(request.user, opd, chosen)
    cells = peta_map.sorted_cells(view, chosen.sort)
    return download(peta_map.workbook(opd, cells, chosen), peta_map.filename(opd))


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
        "no_grade_label": NO_GRADE_LABELS.get(result.no_grade or "", ""),
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
    can_change = can(request.user, Action.CHANGE, "need")
    if not can_change:
        copy_choices = copy_choices.none()
    stored = list(need.tasks.all()) if need is not None else []
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
            "stored_tasks": stored,
            "can_change": can_change,
            "can_export": can(request.user, Action.EXPORT, "need"),
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
    """The ABK of a position in a unit: an editable task list for those who may change needs,
    the same list read-only for those who may only read them (evaluators, leaders)."""
    unit, position = _unit_and_position(request, unit_pk, position_pk)
    if request.method == "POST":
        require(request.user, Action.CHANGE, "need")
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
            peta_url = reverse("workload:peta_opd", args=[opd.pk])
            return redirect(f"{peta_url}?open={unit.pk}#unit-{unit.pk}")
        return _abk_page(
            request, unit, position, formset=formset, tasks=formset.valid_tasks(), status=400
        )
    require(request.user, Action.VIEW, "need")
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
    settings = services.own_settings(request.user)
    agency = settings.agency
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
