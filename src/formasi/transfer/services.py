"""The import pipeline: read, map columns, type cells, check against stored data, diff,
and (on commit) write everything in one transaction or nothing at all.

Also the import job's use cases, each written once for the page, the CLI and the worker:
``create_import_job`` (an upload), ``save_mapping`` (the mapping page), ``queue_commit``
(the "write" button) and ``run_import_job`` (one step of a job, in the worker or the CLI).
They queue the worker through the job kind ``transfer.tasks`` registers
(``formasi.core.jobs.start``), so this module never imports the tasks.

The pipeline is used the same way by the web pages (through background tasks), the CLI and
tests:

    result = check(kind, ctx, data)          # a preview: counts and every invalid row
    result = commit(kind, ctx, data)         # the same check inside one transaction, then
                                             # the writes; raises ImportRefused, writing
                                             # nothing, when any row is invalid
    commit(kind, ctx, data, basis=result.basis)  # also refused when a record the preview
                                             # compared against changed since then

Idempotent: a record whose values equal what is stored is "unchanged" and not written, so
the same file twice changes nothing (no history rows either). A full snapshot deactivates
the stored records in the user's scope that the file does not list; nothing is deleted.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Collection, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from formasi.accounts.models import User
from formasi.core import jobs
from formasi.core.audit import record_event
from formasi.core.cache import bump
from formasi.core.jobs import checkpoint, cutoff
from formasi.core.models import DataVersion
from formasi.core.permissions import Action, can
from formasi.core.upload_messages import row_error_message, table_error_message
from formasi.core.uploads import zip_limits
from formasi.domain.importing import (
    ParsedRow,
    RowError,
    changed_since,
    diff_records,
    find_duplicates,
    missing_required,
    parse_rows,
    record_digests,
)
from formasi.domain.tabular import Table, TableError, match_headers, normalise_header, read_table
from formasi.transfer import preview
from formasi.transfer.kinds import KINDS
from formasi.transfer.kinds.base import Context, ImportKind, Plan
from formasi.transfer.models import ColumnMapping, ImportJob, ImportRow

if TYPE_CHECKING:
    from formasi.core.permissions import ScopedUser

logger = logging.getLogger(__name__)

#: The steps of an import job the worker (or the CLI) runs.
CHECK = "check"
COMMIT = "commit"

Progress = Callable[[str, int, int], None]


def _no_progress(phase: str, done: int, total: int) -> None:
    return None


@dataclass
class Outcome:
    """What a check (or a commit) found: file-level problems, row errors and the plan."""

    kind: str
    file_errors: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)  # field -> header in the file
    unknown: list[str] = field(default_factory=list)
    rows: int = 0
    plan: Plan | None = None
    table: Table | None = None
    needs_mapping: bool = False  # the file was read but required columns are not mapped
    # str(key) -> digest of the stored record the plan compared the file's row with ("" for
    # none): kept with a preview so its commit can refuse records changed in between
    basis: dict[str, str] = field(default_factory=dict)
    row_numbers: dict[str, int] = field(default_factory=dict)  # str(key) -> file row
    # what a row has that the import cannot apply (never blocks a commit)
    warnings: list[RowError] = field(default_factory=list)
    parsed: list[ParsedRow] = field(default_factory=list)  # the rows that typed
    excluded: list[int] = field(default_factory=list)  # rows the user left out

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.errors

    @property
    def invalid_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors if e.row})

    def counts(self) -> dict[str, int]:
        plan = self.plan
        return {
            "rows": self.rows,
            "new": len(plan.diff.new) if plan else 0,
            "changed": len(plan.diff.changed) if plan else 0,
            "unchanged": len(plan.diff.unchanged) if plan else 0,
            "deactivated": len(plan.deactivate) if plan else 0,
            "invalid": len(self.invalid_rows),
        }

    def error_dicts(self) -> list[dict[str, object]]:
        """Every error with its message in the active language, file-level ones first."""
        items: list[dict[str, object]] = [
            {"row": 0, "column": "", "code": "file", "message": m} for m in self.file_errors
        ]
        items += [
            {
                "row": e.row,
                "column": e.column,
                "code": e.code,
                "message": row_error_message(e),
                "value": preview.shown_cell(self, e),
            }
            for e in sorted(self.errors, key=lambda e: (e.row, e.column))
        ]
        return items


class ImportRefused(Exception):
    """A commit found invalid rows (or an unreadable file); nothing was written."""

    def __init__(self, outcome: Outcome) -> None:
        self.outcome = outcome
        super().__init__(
            f"{len(outcome.file_errors)} file errors, {len(outcome.errors)} row errors"
        )


def resolve_mapping(
    kind: ImportKind,
    headers: tuple[str, ...],
    explicit: Mapping[str, str] | None = None,
    remembered: Mapping[str, str] | None = None,
) -> tuple[dict[str, int], list[str]]:
    """Field -> column index, and the headers left unrecognised.

    ``explicit`` (field -> header, from the mapping page, where the user saw every column)
    is the whole answer when given. Otherwise the kind's header spellings come first, then
    the agency's remembered mappings (normalised header -> field; field "" means "ignore
    this header") fill what the spellings left.
    """
    if explicit:
        index_of = {h: i for i, h in enumerate(headers) if h}
        fields = {c.field for c in kind.columns}
        chosen = {
            name: index_of[header]
            for name, header in explicit.items()
            if name in fields and header in index_of
        }
        return chosen, []
    synonyms = {c.field: c.spellings for c in kind.columns}
    found, unknown = match_headers(headers, synonyms)
    index_of = {normalise_header(h): i for i, h in enumerate(headers) if h}
    fields = {c.field for c in kind.columns}
    for header, name in (remembered or {}).items():
        index = index_of.get(normalise_header(header))
        if index is None or index in found.values():
            continue
        if name in fields and name not in found:
            found[name] = index
    used = set(found.values())
    ignored = {normalise_header(h) for h, n in (remembered or {}).items() if not n}
    unknown = [
        h for i, h in enumerate(headers)
        if h and i not in used and normalise_header(h) not in ignored
    ]  # fmt: skip
    return found, unknown


def read(
    kind: ImportKind,
    data: bytes,
    filename: str,
    *,
    explicit: Mapping[str, str] | None = None,
    remembered: Mapping[str, str] | None = None,
    progress: Progress = _no_progress,
    sheet: str | None = None,
) -> tuple[Outcome, list[ParsedRow]]:
    """Read the file and type its cells (the slow part, outside any transaction)."""
    outcome = Outcome(kind=kind.name)
    progress("reading", 0, 1)
    if not getattr(kind, "tabular", True):  # e.g. boundaries: the kind reads its own format
        rows, outcome.file_errors = kind.read_file(data, filename)  # type: ignore[attr-defined]
        outcome.rows = len(rows)
        return outcome, rows
    expected = {normalise_header(s) for c in kind.columns for s in c.spellings}
    expected |= {normalise_header(h) for h in (remembered or {})}
    try:
        table = read_table(
            data,
            filename,
            sheet=sheet,
            expected_headers=expected,
            max_bytes=settings.FORMASI_IMPORT_MAX_BYTES,
            zip_limits=zip_limits(),
        )
    except TableError as exc:
        outcome.file_errors.append(table_error_message(exc.code, exc.detail))
        return outcome, []
    outcome.table = table
    outcome.headers = list(table.headers)
    mapping, outcome.unknown = resolve_mapping(kind, table.headers, explicit, remembered)
    outcome.mapping = {name: table.headers[i] for name, i in mapping.items()}
    missing = missing_required(kind.columns, mapping)
    for group in kind.required_groups():
        if not any(name in mapping for name in group):
            headers = [kind.column(name).header for name in group]
            missing.append(RowError(0, headers[0], "column.missing_group", {"columns": headers}))
    if missing:
        outcome.needs_mapping = True
        outcome.file_errors += [row_error_message(e) for e in missing]
        return outcome, []
    rows, errors = parse_rows(
        table, kind.columns, mapping, progress=lambda d, t: progress("checking", d, t)
    )
    rows, duplicates = find_duplicates(
        rows, lambda r: kind.key(r.values), outcome.mapping.get(kind.key_field, kind.key_field)
    )
    outcome.errors = errors + duplicates
    outcome.rows = len(rows) + len({e.row for e in outcome.errors})
    return outcome, rows


def plan(kind: ImportKind, ctx: Context, outcome: Outcome, rows: list[ParsedRow]) -> Outcome:
    """Compare typed rows with the stored records: resolve, validate, diff."""
    if outcome.file_errors:
        return outcome
    stored = kind.load(ctx)
    records, errors = kind.prepare(ctx, rows, stored, outcome.mapping)
    outcome.errors += errors
    outcome.parsed = rows
    outcome.warnings = kind.warnings(ctx, rows, records, outcome.mapping)
    diff = diff_records(records, stored.values)
    deactivate: list[Hashable] = []
    if ctx.full_snapshot and kind.supports_snapshot:
        changeable = stored.changeable
        invalid_keys = {kind.key(r.values) for r in rows if r.number in set(outcome.invalid_rows)}
        deactivate = [
            key
            for key in diff.missing
            if stored.values[key].get("active")
            and (changeable is None or key in changeable)
            and key not in invalid_keys
        ]
    outcome.plan = Plan(records=records, diff=diff, stored=stored, deactivate=deactivate)
    outcome.basis = record_digests(stored.values, [*records, *deactivate])
    outcome.row_numbers = {str(kind.key(r.values)): r.number for r in rows}
    return outcome


def refuse_changed_since(kind: ImportKind, outcome: Outcome, basis: Mapping[str, str]) -> None:
    """Add an error for every record that changed since the preview taken on ``basis``
    (another import or an edit in between): committing would overwrite it unseen."""
    changed = changed_since(basis, outcome.basis)
    if not changed:
        return
    column = outcome.mapping.get(kind.key_field, kind.key_field)
    rows = sorted(outcome.row_numbers[k] for k in changed if k in outcome.row_numbers)
    others = [k for k in changed if k not in outcome.row_numbers]
    outcome.file_errors.append(
        _(
            "Someone changed the stored data after this file was checked, so saving it now "
            "would overwrite those changes unseen. Nothing was saved. Rows changed since the "
            "check: {rows}. Upload the file again to check it against the current data."
        ).format(rows=", ".join(map(str, rows)) or "-")
    )
    if others:
        outcome.file_errors.append(
            _("Records not in the file that changed since the check: {keys}.").format(
                keys=", ".join(others[:50]) + (" …" if len(others) > 50 else "")
            )
        )
    outcome.errors += [RowError(number, column, "row.changed_since_check") for number in rows]


def check(
    kind: ImportKind,
    ctx: Context,
    data: bytes,
    *,
    explicit: Mapping[str, str] | None = None,
    remembered: Mapping[str, str] | None = None,
    progress: Progress = _no_progress,
    sheet: str | None = None,
) -> Outcome:
    """A preview: everything a commit would do, nothing written."""
    outcome, rows = read(
        kind,
        data,
        ctx.filename,
        explicit=explicit,
        remembered=remembered,
        progress=progress,
        sheet=sheet,
    )
    progress("comparing", 0, 1)
    return plan(kind, ctx, outcome, rows)


def commit(
    kind: ImportKind,
    ctx: Context,
    data: bytes,
    *,
    explicit: Mapping[str, str] | None = None,
    remembered: Mapping[str, str] | None = None,
    progress: Progress = _no_progress,
    sheet: str | None = None,
    basis: Mapping[str, str] | None = None,
    exclude: Collection[int] = (),
) -> Outcome:
    """Check again and write, all in one transaction; raises :class:`ImportRefused` (and
    writes nothing) when the file or any row is invalid, or, given the ``basis`` of the
    preview the user confirmed, when a record it compared against has changed since.

    ``exclude``: file rows (with errors, seen in the preview) the user chose to leave out;
    the others are written as if those rows were not in the file. Never with a full
    snapshot, where a row left out would make its person inactive."""
    outcome, rows = read(
        kind,
        data,
        ctx.filename,
        explicit=explicit,
        remembered=remembered,
        progress=progress,
        sheet=sheet,
    )
    if exclude:
        if ctx.full_snapshot:
            outcome.file_errors.append(_(
                "Rows cannot be left out of a complete list: everyone missing from it would "
                "become inactive. Fix the rows and upload the file again."
            ))  # fmt: skip
            raise ImportRefused(outcome)
        rows, outcome.errors = leave_out(rows, outcome.errors, exclude)
        outcome.excluded = sorted(set(exclude))
    if not outcome.ok:
        # Still compare the rows that typed (read-only), so the refusal lists every error.
        raise ImportRefused(plan(kind, ctx, outcome, rows))
    progress("writing", 0, 1)
    agencies = kind.touched_agencies(ctx)
    with transaction.atomic():
        # Serialise imports into the same agency: the check below sees a settled state.
        for agency_id in agencies:
            DataVersion.objects.get_or_create(agency_id=agency_id)
        list(DataVersion.objects.select_for_update().filter(agency_id__in=agencies))
        ctx.writing = True
        try:
            outcome = plan(kind, ctx, outcome, rows)
        finally:
            ctx.writing = False
        if basis is not None:
            refuse_changed_since(kind, outcome, basis)
        if not outcome.ok or outcome.plan is None:
            raise ImportRefused(outcome)  # leaving the block rolls everything back
        counts = outcome.counts()
        if counts["new"] or counts["changed"] or counts["deactivated"]:
            kind.write(ctx, outcome.plan)
            bump(agencies)  # cached figures of these agencies are stale from now on
        checkpoint("import.commit")  # tests kill the worker here, rows written, not committed
        record_event(
            action="formasi.import.committed",
            actor=ctx.user,
            agency_id=ctx.agency.pk if ctx.agency is not None else None,
            comment=ctx.filename[:200],
            payload={"kind": kind.name, **counts, "full_snapshot": ctx.full_snapshot},
        )
    return outcome


def leave_out(
    rows: list[ParsedRow], errors: list[RowError], exclude: Collection[int]
) -> tuple[list[ParsedRow], list[RowError]]:
    """The rows and errors without the file rows ``exclude`` names."""
    left = set(exclude)
    return (
        [r for r in rows if r.number not in left],
        [e for e in errors if not (e.row and e.row in left)],
    )


def remembered_mapping(kind: ImportKind, agency: Any) -> dict[str, str]:
    return dict(
        ColumnMapping.objects.filter(kind=kind.name, agency=agency).values_list("header", "field")
    )


def remember_mapping(
    kind: ImportKind, agency: Any, user: ScopedUser, choices: Mapping[str, str]
) -> None:
    """Remember header -> field choices (field "" = ignore) for the agency's next files."""
    for header, name in choices.items():
        ColumnMapping.objects.update_or_create(
            agency=agency,
            kind=kind.name,
            header=normalise_header(header),
            defaults={"field": name, "updated_by": _user(user)},
        )


def record_outcome(job: Any, outcome: Outcome) -> None:
    """Store a check's result on an ImportJob (summary and error messages)."""
    job.summary = {
        **outcome.counts(),
        "warnings": len({w.row for w in outcome.warnings}),
        "excluded": len(outcome.excluded),
        "headers": outcome.headers,
        "mapping": outcome.mapping,
        "unknown": outcome.unknown,
        "basis": outcome.basis,
    }
    job.errors = outcome.error_dicts()


def purge_old_files(now: datetime | None = None) -> int:
    """Forget uploaded files older than FORMASI_IMPORT_KEEP_DAYS (they hold personal data);
    the jobs, their counts and messages stay. Only a job a live worker holds keeps its file:
    a job whose worker died is purged like any other. Runs on every upload and in the
    worker's periodic sweep."""
    now = now or timezone.now()
    old = now - timedelta(days=settings.FORMASI_IMPORT_KEEP_DAYS)
    live = Q(state__in=ImportJob.WORKING_STATES, heartbeat_at__gte=cutoff(now))
    # The preview rows hold the same personal data (names, old and new values).
    ImportRow.objects.filter(job__created_at__lt=old).exclude(
        job__in=ImportJob.objects.filter(live)
    ).delete()
    return (
        ImportJob.objects.filter(created_at__lt=old)
        .exclude(content=b"")
        .exclude(live)
        .update(content=b"")
    )


# --------------------------------------------------------------------------- import jobs


def _user(actor: ScopedUser) -> User | None:
    """The user a row records: none for the CLI's system actor (it has no pk)."""
    return actor if isinstance(actor, User) and actor.pk else None


def _require_import(actor: ScopedUser, kind: ImportKind) -> None:
    if not can(actor, Action.IMPORT, kind.resource):
        raise PermissionDenied(_("Your role may not do this."))


def create_import_job(
    *,
    agency: Any,
    actor: ScopedUser,
    kind: str,
    filename: str,
    content: bytes,
    full_snapshot: bool = False,
    language: str | None = None,
    queue: bool = True,
) -> ImportJob:
    """Keep an uploaded file as a new job and (``queue``) have the worker check it once the
    transaction commits. The CLI passes ``queue=False`` and runs the step itself
    (:func:`run_import_job`). Forgets old uploads first (they hold personal data)."""
    _require_import(actor, KINDS[kind])
    purge_old_files()
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind,
            agency=agency,
            created_by=_user(actor),
            filename=filename[:255],
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            full_snapshot=full_snapshot,
            language=language or get_language() or "id",
        )
        if queue:
            jobs.start(job)  # a check: the job is queued
    return job


def save_mapping(
    *,
    job: ImportJob,
    actor: ScopedUser,
    mapping: Mapping[str, str],
    choices: Mapping[str, str] | None = None,
) -> ImportJob:
    """The columns the user mapped (field -> header) on a job, checked again by the worker;
    ``choices`` (header -> field, "" = ignore) are also remembered for the agency's next
    files."""
    with transaction.atomic():
        if choices is not None:
            remember_mapping(KINDS[job.kind], job.agency, actor, choices)
        job.mapping = dict(mapping)
        job.state = ImportJob.State.QUEUED
        job.errors = []
        job.error = ""
        job.progress_done = job.progress_total = 0
        job.save()
        jobs.start(job)  # a check again, with the new mapping
    return job


def jobs_of(actor: ScopedUser) -> QuerySet[ImportJob]:
    """The import jobs a user sees: their own uploads (a superuser every one). Anyone else's
    job is out of scope (404), on the pages and in the API alike."""
    jobs = ImportJob.objects.select_related("agency")
    if getattr(actor, "is_superuser", False):
        return jobs
    return jobs.filter(created_by=_user(actor))


def job_or_404(actor: ScopedUser, pk: int) -> ImportJob:
    """One of the actor's jobs (:func:`jobs_of`; Http404 for anyone else's). A job whose
    worker died is retried or handed back now, never shown as running forever."""
    try:
        job = jobs_of(actor).get(pk=pk)
    except ImportJob.DoesNotExist as exc:
        raise Http404(_("Not found.")) from exc
    return jobs.expire_if_dead(job)  # type: ignore[no-any-return]


def rows_to_leave_out(job: ImportJob, seen: int) -> list[int]:
    """The invalid rows to leave out of a commit, when ``seen`` (how many the user saw listed)
    is still their number; else a row that cannot exist, so :func:`queue_commit` leaves the
    job as it is (the job was checked again since the user looked)."""
    invalid = sorted({int(e.get("row") or 0) for e in job.errors or []})
    return invalid if seen == len(invalid) else [-1]


def queue_commit(
    *, job: ImportJob, actor: ScopedUser, exclude: Collection[int] | None = None
) -> ImportJob:
    """Have the worker write a checked job without errors; any other job is returned as it
    is (a second press of the button, or a preview with errors).

    ``exclude``: the user chose to leave out the rows with errors; it must name exactly the
    rows the preview found invalid (else the job is returned as it is: the preview the user
    saw is not this one), and the file must have no file-level problem. Refused
    (PermissionDenied) for a full snapshot: a row left out would make its person inactive.
    """
    _require_import(actor, KINDS[job.kind])
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if exclude and job.full_snapshot:
            raise PermissionDenied(_("Rows cannot be left out of a complete list."))
        if job.state != ImportJob.State.CHECKED:
            return job
        invalid = {int(e.get("row") or 0) for e in job.errors or []}
        if exclude:
            if 0 in invalid or invalid != set(exclude):
                return job
        elif job.errors:
            return job
        job.excluded = sorted(invalid) if exclude else []
        job.state = ImportJob.State.COMMIT_QUEUED
        job.progress_done = job.progress_total = 0
        job.error = ""
        job.save()
        jobs.start(job)  # a commit: the job is commit-queued
    return job


def context_for(job: ImportJob, actor: ScopedUser | None = None) -> Context:
    """The context a job's step runs in; the actor is the uploader unless given (the CLI's
    system actor)."""
    return Context(
        user=actor if actor is not None else job.created_by,
        agency=job.agency,
        filename=job.filename,
        today=timezone.localdate(),
        full_snapshot=job.full_snapshot,
    )


class _Reporter:
    """Writes progress to the job row at most every half second (and at phase changes)."""

    def __init__(self, job: ImportJob) -> None:
        self.job_id = job.pk
        self.phase = ""
        self.last = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if phase == self.phase and now - self.last < 0.5 and done < total:
            return
        self.phase, self.last = phase, now
        stamp = timezone.now()
        ImportJob.objects.filter(pk=self.job_id).update(
            phase=phase,
            progress_done=done,
            progress_total=total,
            updated_at=stamp,
            heartbeat_at=stamp,
        )


def run_import_job(
    *, job_id: int, step: str, actor: ScopedUser | None = None, sheet: str | None = None
) -> Outcome:
    """Run one step of a job (CHECK or COMMIT) holding its lease, as the worker and the CLI
    do; ``actor`` defaults to the uploader. Every failure ends in a state the page can show
    (and is raised again for the caller: the worker logs nothing more, the CLI stops)."""
    with jobs.heartbeat(ImportJob.objects.all(), job_id):
        return _run_step(job_id, step, actor, sheet)


def _run_step(job_id: int, step: str, actor: ScopedUser | None, sheet: str | None) -> Outcome:
    job = ImportJob.objects.select_related("agency", "created_by").get(pk=job_id)
    kind = KINDS[job.kind]
    with translation.override(job.language):
        try:
            outcome = _step(job, kind, step, actor, sheet)
        except Exception:
            # Never the cells (personal data) in the log: the job id and kind only.
            logger.exception("import job %s (%s) failed at step %s", job.pk, job.kind, step)
            job.state = ImportJob.State.FAILED
            _finish(job)
            raise
        _finish(job)
    return outcome


def _step(
    job: ImportJob, kind: ImportKind, step: str, actor: ScopedUser | None, sheet: str | None
) -> Outcome:
    ctx = context_for(job, actor)
    remembered = remembered_mapping(kind, job.agency)
    report = _Reporter(job)
    data = bytes(job.content)
    if step == CHECK:
        _set_state(job, ImportJob.State.CHECKING)
        outcome = check(
            kind, ctx, data, explicit=job.mapping, remembered=remembered, progress=report,
            sheet=sheet,
        )  # fmt: skip
        record_outcome(job, outcome)
        preview.store(job, kind, ctx, outcome)
        job.excluded = []
        job.state = (
            ImportJob.State.NEEDS_MAPPING if outcome.needs_mapping else ImportJob.State.CHECKED
        )
        return outcome
    if step != COMMIT:
        raise ValueError(f"unknown step {step!r}")
    _set_state(job, ImportJob.State.COMMITTING)
    try:
        outcome = commit(
            kind, ctx, data, explicit=job.mapping, remembered=remembered, progress=report,
            sheet=sheet, basis=job.summary.get("basis"), exclude=job.excluded,
        )  # fmt: skip
    except ImportRefused as refused:
        # The data changed since the preview (or the file is invalid): show the findings.
        record_outcome(job, refused.outcome)
        job.state = ImportJob.State.CHECKED
        return refused.outcome
    record_outcome(job, outcome)
    job.state = ImportJob.State.DONE
    job.committed_at = timezone.now()
    # The file holds personal data (NIK, birth dates): once written, the copy is not needed
    # any more (its SHA-256 stays as the record).
    job.content = b""
    return outcome


def _finish(job: ImportJob) -> None:
    job.phase = ""
    job.error = ""
    fields = ["state", "phase", "summary", "errors", "committed_at", "error", "excluded"]
    if job.state == ImportJob.State.DONE:
        fields.append("content")  # emptied: the file is not kept once written
    job.save(update_fields=[*fields, "updated_at"])


def _set_state(job: ImportJob, state: str) -> None:
    job.state = state
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(state=state, updated_at=now, heartbeat_at=now)
