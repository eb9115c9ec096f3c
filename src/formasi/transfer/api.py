"""API of the imports (issue 21): units, positions, employees and every other kind the import
page takes, through the same form, services and background job as the page.

An upload answers 202 with the job; poll ``GET /imports/{id}`` until its state is ``checked``
(the preview: how many rows are new, changed, unchanged, and the errors), ``needs_mapping``
(the columns could not be matched: choose them with ``POST /imports/{id}/mapping``, as on the
page; the choice is remembered for the agency's next files) or ``failed``.
``POST /imports/{id}/commit`` then writes it, again in the background (202), until ``done``.
A job is its uploader's alone (404 for anyone else), as on the page.

No ``from __future__ import annotations`` here: django-ninja resolves the schema types at
import time.
"""

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from formasi.accounts.api_auth import checked_auth
from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core.api import Id, Pagination, responses, status_message
from formasi.transfer import services
from formasi.transfer.forms import IGNORE, UploadForm, mapping_form, require_importer
from formasi.transfer.kinds import KINDS
from formasi.transfer.models import ImportJob

router = Router(tags=["imports"])

KindCode = Literal[
    "employees",
    "units",
    "positions",
    "regions",
    "population",
    "boundaries",
    "agencies",
    "applicants",
    "skp",
    "users",
    "competency_catalog",
    "competencies",
]
assert set(KindCode.__args__) == set(KINDS), "KindCode must list every import kind"  # type: ignore[attr-defined]


class ImportErrorOut(Schema):
    row: int | None = Field(None, description="Row number in the file; null for the whole file")
    column: str = ""
    code: str = Field("", description="The error's code (stable; the message is for people)")
    message: str


class ImportJobOut(Schema):
    id: int
    kind: str
    agency_id: int | None
    filename: str
    full_snapshot: bool
    state: str = Field(
        description="queued, checking, needs_mapping, checked, commit_queued, committing, "
        "done or failed"
    )
    phase: str
    progress_done: int
    progress_total: int
    summary: dict[str, Any] = Field(description="Counts of the preview, then of the write")
    error: str
    created_at: datetime
    committed_at: datetime | None


class ImportJobDetailOut(ImportJobOut):
    errors: list[ImportErrorOut] = Field(description="Every error of the check, row by row")


class CommitIn(Schema):
    leave_out: int | None = Field(
        None,
        ge=0,
        le=10_000_000,
        description="Write without the invalid rows: the number of invalid rows you read "
        "(another number writes nothing; refused for a complete list)",
    )


@router.get("/imports", response=responses({200: list[ImportJobOut]}, 422))
@paginate(Pagination)
def list_imports(request: AuthenticatedHttpRequest) -> QuerySet[ImportJob]:
    """Your own imports, newest first (the import page's list)."""
    return services.jobs_of(request.user).order_by("-created_at", "-id")


@router.post(
    "/imports",
    auth=checked_auth(require_importer),
    response=responses({202: ImportJobOut}, 400, 404, 413, 422),
)
def create_import(
    request: AuthenticatedHttpRequest,
    kind: Form[KindCode],
    file: File[UploadedFile],
    full_snapshot: Form[bool] = False,
    agency: Form[Id | None] = None,
) -> Status:
    """Upload a file (multipart/form-data: ``kind``, ``file``, optionally ``full_snapshot`` and,
    for a superuser, ``agency``): Excel (.xlsx, .xls), .ods or CSV, up to the import limit.
    Checked in the background: 202 with the job to poll. A role that may import nothing gets
    403 whatever the body (checked before the form is read)."""
    form = UploadForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    job = form.create_job(actor=request.user)
    return Status(202, job)


@router.get("/imports/{job_id}", response=responses({200: ImportJobDetailOut}, 404, 422))
def get_import(request: AuthenticatedHttpRequest, job_id: Id) -> ImportJob:
    """The job's state, progress, counts and errors (poll it while it runs)."""
    return services.job_or_404(request.user, job_id)


@router.post(
    "/imports/{job_id}/commit", response=responses({202: ImportJobOut}, 400, 404, 409, 422)
)
def commit_import(request: AuthenticatedHttpRequest, job_id: Id, body: CommitIn) -> Status:
    """Write a checked job (202; poll until ``done``). A job with errors is written only with
    ``leave_out``; a job not ``checked`` (still running, written, or checked again since)
    answers 409."""
    job = services.job_or_404(request.user, job_id)
    exclude = None if body.leave_out is None else services.rows_to_leave_out(job, body.leave_out)
    queued = services.queue_commit(job=job, actor=request.user, exclude=exclude)
    if queued.state != ImportJob.State.COMMIT_QUEUED:
        raise HttpError(409, status_message(409))
    return Status(202, queued)


class ImportColumnIn(Schema):
    header: str = Field(min_length=1, max_length=200, description="A column header of the file")
    field: str = Field(
        IGNORE, max_length=100, description="The field it holds (the kind's columns); '': ignore"
    )


class ImportMappingIn(Schema):
    columns: list[ImportColumnIn] = Field(
        max_length=1000, description="A choice per header; a header not sent is ignored"
    )
    remember: bool = Field(True, description="Remember the choices for the agency's next files")


@router.post(
    "/imports/{job_id}/mapping",
    response=responses({202: ImportJobOut}, 400, 404, 409, 422),
)
def map_import_columns(
    request: AuthenticatedHttpRequest, job_id: Id, body: ImportMappingIn
) -> Status:
    """Choose by hand which field each column of the file holds (the mapping page), then the
    job is checked again (202; poll it). Every required field needs a column and a field one
    column only (422); a job still running or already written answers 409."""
    job = services.job_or_404(request.user, job_id)
    chosen = {c.header: c.field for c in body.columns}
    form = mapping_form(job)
    if form is None:
        raise HttpError(409, status_message(409))
    unknown = sorted(set(chosen) - set(form.headers))
    if unknown:
        message = _("These columns are not in the file: {headers}.")
        raise ValidationError({"columns": [message.format(headers=", ".join(unknown))]})
    data = {f"col_{i}": chosen.get(header, IGNORE) for i, header in enumerate(form.headers)}
    form = mapping_form(job, data | ({"remember": "on"} if body.remember else {}))
    assert form is not None
    if not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    return Status(202, form.apply(job=job, actor=request.user))
