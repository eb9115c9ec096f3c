"""ABK workbook upload pages: upload (a position's or a whole unit's) → unit of the norm when the
header does not say → preview with the computed need → confirm. Nothing is written before the
confirm, which saves through ``services.save_abk_workbook``. The parsed upload travels as a
signed token bound to the user, agency and unit (``abk_import.sign``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core.permissions import Action
from formasi.core.views import get_visible_or_404, require
from formasi.domain import abk, abk_layout
from formasi.domain.abk_layout import NormUnit
from formasi.organization.models import OrgUnit, Position
from formasi.workforce.models import Employee
from formasi.workload import abk_import, services
from formasi.workload.abk_import import AbkWorkbookError, ParsedSheet
from formasi.workload.forms import AbkUploadForm
from formasi.workload.models import PositionNeed

#: Rows of each sheet shown in the preview (the totals cover every row).
PREVIEW_ROWS = 10
UNITS = ("minutes", "hours")


def _opd_url(request: AuthenticatedHttpRequest, unit: OrgUnit) -> str:
    prefixes = [unit.path[: i + 1] for i, ch in enumerate(unit.path) if ch == "/" and i > 0]
    opd = (
        OrgUnit.objects.visible_to(request.user)
        .filter(kind=OrgUnit.Kind.OPD, path__in=prefixes)
        .order_by("path")
        .first()
    ) or unit
    return reverse("workload:peta_opd", args=[opd.pk]) + f"?open={unit.pk}#unit-{unit.pk}"


def _page(
    request: AuthenticatedHttpRequest,
    unit: OrgUnit,
    *,
    stage: str,
    errors: Sequence[str] = (),
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = {
        "unit": unit,
        "stage": stage,
        "errors": errors,
        "upload_form": AbkUploadForm(),
        "back_url": _opd_url(request, unit),
        **extra,
    }
    return render(request, "workload/abk_import.html", context, status=status)


def _unit_positions(unit: OrgUnit) -> set[int]:
    """Positions of the unit: those with a need or an active employee there."""
    ids = set(PositionNeed.unscoped.filter(unit=unit).values_list("position_id", flat=True))
    ids |= set(
        Employee.unscoped.filter(unit=unit, active=True).values_list("position_id", flat=True)
    )
    return ids


def _resolve(
    request: AuthenticatedHttpRequest, unit: OrgUnit, sheets: list[ParsedSheet]
) -> list[str]:
    """Set each sheet's position from its label (name or code); the errors for those that do
    not name exactly one position of the agency (preferring the unit's own)."""
    positions = list(
        Position.objects.visible_to(request.user)
        .filter(agency_id=unit.agency_id, active=True)
        .only("pk", "code", "name")
    )
    own = _unit_positions(unit)
    errors: list[str] = []
    for sheet in sheets:
        wanted = {abk_layout.normalise(sheet.label), abk_layout.normalise(sheet.sheet)}
        found = [
            p for p in positions
            if abk_layout.normalise(p.name) in wanted or abk_layout.normalise(p.code) in wanted
        ]  # fmt: skip
        if len(found) > 1:
            found = [p for p in found if p.pk in own] or found
        if len(found) == 1:
            sheet.position_id = found[0].pk
            continue
        names = sorted(p.name for p in positions if p.pk in own)[:12]
        errors.append(
            _(
                "Sheet “{sheet}”: “{label}” is not a position of {unit} (or names more than "
                "one). Name the sheet, or the cell beside “Nama jabatan”, after one of: {names}."
            ).format(
                sheet=sheet.sheet, label=sheet.label, unit=unit.name, names=", ".join(names) or "-"
            )
        )
    return errors


def _unit(chosen: str | None) -> NormUnit | None:
    """The user's answer to "minutes or hours?" (None when there is none)."""
    if chosen == "minutes":
        return "minutes"
    if chosen == "hours":
        return "hours"
    return None


def _preview(
    unit: OrgUnit, sheets: Sequence[ParsedSheet], chosen: str | None
) -> list[dict[str, Any]]:
    """Per sheet: its position, the first rows with their need, and the position's total."""
    settings = services.settings_for(unit.agency)
    positions = {p.pk: p for p in Position.unscoped.filter(pk__in=[s.position_id for s in sheets])}
    bezetting = services.bezetting_of([unit.pk])
    effective = float(settings.effective_minutes)
    shown = []
    for sheet in sheets:
        tasks = abk_import.stored_tasks(sheet, _unit(chosen))
        rows = [
            {
                **task,
                "minutes": task["volume"] * task["norm_minutes"],
                "need": float(task["volume"] * task["norm_minutes"]) / effective,
            }
            for task in tasks[:PREVIEW_ROWS]
        ]
        position = positions[sheet.position_id or 0]
        result = services.abk_result(
            [abk.Task(float(t["volume"]), float(t["norm_minutes"])) for t in tasks],
            bezetting.get((unit.pk, position.pk), 0),
            settings,
        )
        shown.append(
            {
                "sheet": sheet,
                "position": position,
                "rows": rows,
                "more": max(0, len(tasks) - PREVIEW_ROWS),
                "count": len(tasks),
                "result": result,
                "unit_said": sheet.unit is not None,
                "norm_unit": sheet.unit or chosen,
                "warning": abk_import.effective_warning(sheet, settings.effective_minutes),
            }
        )
    return shown


def _show(
    request: AuthenticatedHttpRequest,
    unit: OrgUnit,
    sheets: list[ParsedSheet],
    filename: str,
    chosen: str | None,
) -> HttpResponse:
    """The mapping step when a norm's unit is not said and not chosen, else the preview."""
    token = abk_import.sign(
        user_id=request.user.pk,
        agency_id=unit.agency_id,
        unit_id=unit.pk,
        filename=filename,
        sheets=sheets,
    )
    pending = abk_import.undecided(sheets)
    if pending and chosen not in UNITS:
        return _page(
            request,
            unit,
            stage="mapping",
            token=token,
            filename=filename,
            mapping_message=abk_import.undecided_message(pending),
            pending=pending,
        )
    try:
        shown = _preview(unit, sheets, chosen)
    except AbkWorkbookError as exc:
        return _page(request, unit, stage="upload", errors=exc.errors, status=400)
    return _page(
        request, unit, stage="preview", token=token, filename=filename, chosen=chosen or "",
        shown=shown, settings=services.settings_for(unit.agency),
    )  # fmt: skip


def upload_response(
    request: AuthenticatedHttpRequest, unit: OrgUnit, position: Position | None
) -> HttpResponse | tuple[list[str], int]:
    """Read the posted workbook: a preview (or the mapping step), else (errors, status)."""
    form = AbkUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return [str(e) for errors in form.errors.values() for e in errors], 400
    upload = form.cleaned_data["file"]
    data, name = upload.read(), str(upload.name)
    basis = services.settings_for(unit.agency).period_basis
    limit = django_settings.FORMASI_IMPORT_MAX_BYTES
    try:
        if position is not None:
            sheet = abk_import.read_position_sheet(data, name, max_bytes=limit, basis=basis)
            sheet.position_id, sheet.label = position.pk, position.name
            sheets = [sheet]
        else:
            sheets = abk_import.read_unit_sheets(data, name, max_bytes=limit, basis=basis)
            problems = _resolve(request, unit, sheets)
            if problems:
                raise AbkWorkbookError(problems)
    except AbkWorkbookError as exc:
        return exc.errors, 400
    return _show(request, unit, sheets, name, None)


@login_required
@require_http_methods(["GET", "POST"])
def abk_unit_upload(request: AuthenticatedHttpRequest, unit_pk: int) -> HttpResponse:
    """Upload a whole-unit ABK workbook: one sheet per position of the unit."""
    unit = get_visible_or_404(OrgUnit, request.user, pk=unit_pk)
    require(request.user, Action.CHANGE, "need")
    if request.method == "POST":
        found = upload_response(request, unit, None)
        if isinstance(found, HttpResponse):
            return found
        errors, status = found
        return _page(request, unit, stage="upload", errors=errors, status=status)
    return _page(request, unit, stage="upload")


@login_required
@require_POST
def abk_import_confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The mapping answer (then the preview) or the confirm (then the save) of an upload."""
    require(request.user, Action.CHANGE, "need")
    try:
        carried = abk_import.unsign(
            request.POST.get("token", ""),
            user_id=request.user.pk,
            agency_id=getattr(request.user, "agency_id", None),
        )
    except AbkWorkbookError as exc:
        return HttpResponse(" ".join(exc.errors), status=400)
    unit = get_visible_or_404(OrgUnit, request.user, pk=carried.unit_id)
    chosen = request.POST.get("time_unit") or None
    chosen = chosen if chosen in UNITS else None
    if request.POST.get("action") != "save":
        return _show(request, unit, carried.sheets, carried.filename, chosen)
    positions = {
        p.pk: p
        for p in Position.objects.visible_to(request.user).filter(
            Q(pk__in=[s.position_id for s in carried.sheets]), agency_id=unit.agency_id
        )
    }
    try:
        sheets = [
            (positions[s.position_id or 0], abk_import.stored_tasks(s, _unit(chosen)))
            for s in carried.sheets
        ]
        saved = services.save_abk_workbook(
            unit=unit, sheets=sheets, actor=request.user, filename=carried.filename
        )
    except KeyError:
        return HttpResponse(_("Not found."), status=404)
    except (AbkWorkbookError, ValidationError) as exc:
        errors = exc.errors if isinstance(exc, AbkWorkbookError) else exc.messages
        return _page(request, unit, stage="upload", errors=errors, status=400)
    if saved:
        messages.success(
            request,
            _("{count} positions saved from {name}; the need is recomputed.").format(
                count=saved, name=carried.filename
            ),
        )
    else:
        messages.info(request, _("The workbook holds the same tasks; nothing was changed."))
    return redirect(_opd_url(request, unit))
