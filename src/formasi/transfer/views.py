"""Import and export pages: upload → (map columns) → preview → commit, with progress.

The heavy work runs in the task worker (``formasi.transfer.tasks``); these views only hand
the upload, the mapping and the commit to ``formasi.transfer.services`` (which store the job
and queue its step) and show the job. A job is visible to the user who uploaded it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core.downloads import download
from formasi.core.permissions import Action, can
from formasi.core.uploads import zip_limits
from formasi.core.views import require
from formasi.core.xlsx import write_table
from formasi.domain.importing import Column
from formasi.domain.tabular import TableError, read_table
from formasi.organization.services import agency_choices, agency_for
from formasi.transfer import preview, services
from formasi.transfer.forms import (
    UploadForm,
    exportable_kinds,
    importable_kinds,
    mapping_form,
    require_importer,
)
from formasi.transfer.kinds import KINDS, Context, ImportKind
from formasi.transfer.models import ImportJob, ImportRow

if TYPE_CHECKING:
    from formasi.accounts.models import User

ERRORS_PER_PAGE = 200
PREVIEW_PER_PAGE = 50
LEAVE_OUT_LISTED = 50
RECENT_JOBS = 10


def _kind_or_404(name: str) -> ImportKind:
    kind = KINDS.get(name)
    if kind is None:
        raise Http404(_("Not found."))
    return kind


def _job_or_404(request: AuthenticatedHttpRequest, pk: int) -> ImportJob:
    """Only the uploader (or a superuser) sees a job; anyone else gets 404."""
    return services.job_or_404(request.user, pk)


def _recent_jobs(request: AuthenticatedHttpRequest) -> list[tuple[ImportJob, str]]:
    """The user's latest imports, each with the name of its kind of data."""
    jobs = ImportJob.objects.filter(created_by=request.user).select_related("agency")
    return [
        (job, str(KINDS[job.kind].label) if job.kind in KINDS else job.kind)
        for job in jobs[:RECENT_JOBS]
    ]


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    importable = importable_kinds(request.user)
    exportable = exportable_kinds(request.user)
    if not importable and not exportable:
        require(request.user, Action.EXPORT, "employee")  # 403 with the usual message
    return render(
        request,
        "transfer/index.html",
        {
            "form": UploadForm(user=request.user) if importable else None,
            "importable": importable,
            "exportable": exportable,
            "jobs": _recent_jobs(request),
            **_export_choice(request.user),
        },
    )


@login_required
@require_POST
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_importer(request.user)
    form = UploadForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return render(
            request,
            "transfer/index.html",
            {
                "form": form,
                "importable": importable_kinds(request.user),
                "exportable": exportable_kinds(request.user),
                "jobs": _recent_jobs(request),
                **_export_choice(request.user),
            },
            status=400,
        )
    job = form.create_job(actor=request.user)
    return redirect("transfer:job", pk=job.pk)


@login_required
@require_GET
def job_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    kind = KINDS[job.kind]
    if request.htmx:
        response = render(request, "transfer/partials/_progress.html", {"job": job})
        if not job.is_running:
            response["HX-Refresh"] = "true"  # show the preview or the result
        return response
    errors = job.errors or []
    row_errors = [e for e in errors if e.get("row")]
    page = Paginator(row_errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    file_errors = [e for e in errors if not e.get("row")]
    return render(
        request,
        "transfer/job.html",
        {
            "job": job,
            "kind": kind,
            "file_errors": file_errors,
            "row_errors": page,
            "row_error_count": len(row_errors),
            "summary": job.summary or {},
            **_preview_context(request, job, can_leave_out=bool(row_errors) and not file_errors),
        },
    )


def _preview_context(
    request: AuthenticatedHttpRequest, job: ImportJob, *, can_leave_out: bool
) -> dict[str, Any]:
    """The preview's rows (a page, filtered by kind and searched), the filter tabs, and the
    invalid rows the user may leave out (never of a complete list)."""
    if job.is_running or job.state in (ImportJob.State.NEEDS_MAPPING, ImportJob.State.FAILED):
        return {}
    chosen = request.GET.get("kind", "")
    query = request.GET.get("q", "")
    rows = preview.rows_for(job, kind=chosen, query=query)
    summary = job.summary or {}
    tabs = [("", _("All"), None)] + [
        (value, label, summary.get(value, 0))
        for value, label in ImportRow.Kind.choices
        if value != ImportRow.Kind.UNCHANGED and (summary.get(value) or value == chosen)
    ]
    leave_out: list[ImportRow] = []
    if can_leave_out and job.state == ImportJob.State.CHECKED and not job.full_snapshot:
        leave_out = list(preview.rows_for(job, kind=ImportRow.Kind.INVALID)[:LEAVE_OUT_LISTED])
    writable = any(summary.get(n) for n in ("new", "changed", "deactivated"))
    return {
        "preview_rows": Paginator(rows, PREVIEW_PER_PAGE).get_page(request.GET.get("p")),
        "preview_kind": chosen,
        "preview_query": query,
        "preview_tabs": tabs,
        "leave_out": leave_out if writable else [],
        "leave_out_more": max(0, summary.get("invalid", 0) - len(leave_out)),
    }


@login_required
@require_http_methods(["GET", "POST"])
def job_mapping(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    form = mapping_form(job, request.POST or None)
    if form is None:
        return redirect("transfer:job", pk=job.pk)
    kind = KINDS[job.kind]
    if request.method == "POST" and form.is_valid():
        form.apply(job=job, actor=request.user)
        return redirect("transfer:job", pk=job.pk)
    return render(request, "transfer/mapping.html", {"job": job, "kind": kind, "form": form})


@login_required
@require_POST
def job_commit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Write the checked file; with ``leave_out`` (the number of invalid rows the user saw
    listed and chose to leave out) the other rows are written without them."""
    job = _job_or_404(request, pk)
    require(request.user, Action.IMPORT, KINDS[job.kind].resource)
    exclude: list[int] | None = None
    seen = request.POST.get("leave_out", "")
    if seen:
        # A stale page (the job was checked again since) leaves nothing out.
        exclude = services.rows_to_leave_out(job, int(seen) if seen.isdigit() else -1)
    services.queue_commit(job=job, actor=request.user, exclude=exclude)
    return redirect("transfer:job", pk=job.pk)


@login_required
@require_GET
def job_rejected(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The rows that failed, as uploaded, with an error column to fix them in place."""
    job = _job_or_404(request, pk)
    by_row: dict[int, list[str]] = {}
    for error in job.errors or []:
        row = int(error.get("row") or 0)
        if row:
            column = error.get("column") or ""
            by_row.setdefault(row, []).append(
                f"{column}: {error['message']}" if column else str(error["message"])
            )
    if not job.content:
        raise Http404(_("The uploaded file is no longer kept; upload it again."))
    try:
        table = read_table(
            bytes(job.content),
            job.filename,
            max_bytes=settings.FORMASI_IMPORT_MAX_BYTES,
            zip_limits=zip_limits(),
        )
    except TableError as exc:
        raise Http404(_("The file cannot be read.")) from exc
    columns = [Column(field=f"c{i}", header=h or f"#{i + 1}") for i, h in enumerate(table.headers)]
    rows = []
    messages = []
    numbers = []
    for offset, cells in enumerate(table.rows):
        number = table.first_row_number + offset
        if number in by_row:
            rows.append({f"c{i}": cell for i, cell in enumerate(cells)})
            messages.append("; ".join(by_row[number]))
            numbers.append(number)
    fmt = "csv" if job.filename.lower().endswith(".csv") else "xlsx"
    data = write_table(
        columns,
        rows,
        fmt,
        extra=[(_("Row in the uploaded file"), numbers), (_("Errors"), messages)],
        sheet_title=_("Rejected rows"),
    )
    stem = job.filename.rsplit(".", 1)[0]
    return download(data, f"{stem}-ditolak.{fmt}")


def _export_choice(user: User) -> dict[str, Any]:
    """Users without an agency of their own (evaluators, superusers) choose one to export."""
    agencies = agency_choices(user)
    return {"agencies": agencies, "choose_agency": len(agencies) > 1}


@login_required
@require_GET
def export(request: AuthenticatedHttpRequest, kind: str, fmt: str) -> HttpResponse:
    import_kind = _kind_or_404(kind)
    require(request.user, Action.EXPORT, import_kind.resource)
    if fmt not in import_kind.formats:
        raise Http404(_("Not found."))
    agency = None
    if import_kind.needs_agency:
        agency = agency_for(request.user, request.GET.get("agency"))
        if agency is None:
            raise Http404(_("Choose an agency."))
    ctx = Context(
        user=request.user,
        agency=agency,
        filename="",
        today=timezone.localdate(),
    )
    exporter = getattr(import_kind, "export_bytes", None)
    if exporter is not None:
        data = exporter(ctx)
    else:
        data = write_table(import_kind.columns, import_kind.export_rows(ctx), fmt)
    suffix = f"-{ctx.agency.code}" if ctx.agency is not None else ""
    return download(data, f"{import_kind.name}{suffix}.{fmt}")


@login_required
@require_GET
def template(request: AuthenticatedHttpRequest, kind: str, fmt: str) -> HttpResponse:
    """An empty file with the columns the importer reads (no data, so no scope needed)."""
    import_kind = _kind_or_404(kind)
    if not (can(request.user, Action.IMPORT, import_kind.resource)
            or can(request.user, Action.EXPORT, import_kind.resource)):  # fmt: skip
        require(request.user, Action.IMPORT, import_kind.resource)
    if fmt not in ("xlsx", "csv") or fmt not in import_kind.formats:
        raise Http404(_("Not found."))
    data = write_table(import_kind.columns, [], fmt)
    return download(data, f"templat-{import_kind.name}.{fmt}")


__all__ = [
    "export",
    "index",
    "job_commit",
    "job_detail",
    "job_mapping",
    "job_rejected",
    "template",
    "upload",
]
